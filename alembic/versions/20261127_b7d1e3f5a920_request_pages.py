"""How many hojas an answer delivers in copies: a few simple ones are free by law

Revision ID: b7d1e3f5a920
Revises: 6a8c0e2f4b13
Create Date: 2026-11-27 11:15:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'b7d1e3f5a920'
down_revision: Union[str, Sequence[str], None] = '6a8c0e2f4b13'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('transparencyrequest', sa.Column('pages', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('transparencyrequest') as batch:
        batch.drop_column('pages')
