"""An API registration's Idempotency-Key is kept as a sent form's key, with its body's digest and its answer

Revision ID: d4f6a8c0e2b5
Revises: c9e1a3b5d7f2
Create Date: 2026-11-28 05:20:00

An integration that retries POST /api/v1/correspondencia after a timeout registers once: the key it
sends is kept (per organization and token owner, «api:<user id>:<key>», hence the longer column) with
the digest of the body, to tell a retry from another request reusing the key, and the JSON answered,
which a retry gets again.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'd4f6a8c0e2b5'
down_revision: Union[str, Sequence[str], None] = 'c9e1a3b5d7f2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('sentform') as batch_op:
        batch_op.alter_column('key', existing_type=sqlmodel.sql.sqltypes.AutoString(length=40),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=128), existing_nullable=False)
        batch_op.add_column(sa.Column('request_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('response', sa.JSON(), nullable=True))


def downgrade() -> None:
    # The API's keys do not fit the forms' column: they are forgotten (a retry registers again).
    op.execute("DELETE FROM sentform WHERE key LIKE 'api:%'")
    with op.batch_alter_table('sentform') as batch_op:
        batch_op.drop_column('response')
        batch_op.drop_column('request_digest')
        batch_op.alter_column('key', existing_type=sqlmodel.sql.sqltypes.AutoString(length=128),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=40), existing_nullable=False)
