"""Closing the orden del día is recorded when it happens, instead of moving the announced cut-off

Revision ID: b7d9f1a3c5e8
Revises: e3a5c7e9b1d4
Create Date: 2026-11-28 12:00:00

Sessions whose orden del día was closed before this migration had their cut-off moved to the day
before: that day stays, as nothing says which cut-off they announced.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'b7d9f1a3c5e8'
down_revision: Union[str, Sequence[str], None] = 'e3a5c7e9b1d4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('boardsession', sa.Column('agenda_closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('boardsession') as batch:
        batch.drop_column('agenda_closed_at')
