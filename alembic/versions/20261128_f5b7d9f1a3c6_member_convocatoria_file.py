"""Each member's convocatoria is stored as sent to them, with their own links to the items' documents

Revision ID: f5b7d9f1a3c6
Revises: b7d9f1a3c5e8
Create Date: 2026-11-28 12:30:00

Convocatorias sent before this migration have no copy of their own: the member's link keeps serving
the one addressed to all the members.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'f5b7d9f1a3c6'
down_revision: Union[str, Sequence[str], None] = 'b7d9f1a3c5e8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('sessionnotice') as batch_op:
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_sessionnotice_file_id_storedfile', 'storedfile', ['file_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('sessionnotice') as batch_op:
        batch_op.drop_constraint('fk_sessionnotice_file_id_storedfile', type_='foreignkey')
        batch_op.drop_column('file_id')
