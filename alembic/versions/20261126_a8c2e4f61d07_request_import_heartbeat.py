"""Request imports report when they last made progress, so one interrupted by a restart can be ended

Revision ID: a8c2e4f61d07
Revises: 9d4f2b7c1e35
Create Date: 2026-11-26 11:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'a8c2e4f61d07'
down_revision: Union[str, Sequence[str], None] = '9d4f2b7c1e35'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('requestimport') as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('requestimport') as batch_op:
        batch_op.drop_column('heartbeat_at')
