"""The oficio series keeps the date and number of its last oficio, so a later number never gets an earlier date

Revision ID: 9b361cb528b5
Revises: f5b7d9f1a3c6
Create Date: 2026-11-30 10:00:00

Counters numbered before this migration have no date: the check starts with the first oficio
numbered after it (the series' earlier oficios are not all kept with their dates to fill it from).
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '9b361cb528b5'
down_revision: Union[str, Sequence[str], None] = 'f5b7d9f1a3c6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('foliocounter') as batch_op:
        batch_op.add_column(sa.Column('last_dated', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('foliocounter') as batch_op:
        batch_op.drop_column('last_number')
        batch_op.drop_column('last_dated')
