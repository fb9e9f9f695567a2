"""A deadline may run backwards from a day (the convocatoria, n days before its session)

Revision ID: e7b3c9a15d20
Revises: a8c2e4f61d07
Create Date: 2026-11-26 14:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e7b3c9a15d20'
down_revision: Union[str, Sequence[str], None] = 'a8c2e4f61d07'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('deadline') as batch_op:
        batch_op.add_column(sa.Column('ends_before', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('deadline') as batch_op:
        batch_op.drop_column('ends_before')
