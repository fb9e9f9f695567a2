"""Each account counts its password resets, so a reset signs out the sessions opened before it

Revision ID: d2f4a6c8e0b1
Revises: d4b6f8a0c2e5
Create Date: 2026-11-28 06:30:00

Sessions opened before this migration carry no number and read as 0, the number every account
starts with: nobody is signed out by the upgrade.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'd2f4a6c8e0b1'
down_revision: Union[str, Sequence[str], None] = 'd4b6f8a0c2e5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('user', sa.Column('credential_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.drop_column('credential_generation')
