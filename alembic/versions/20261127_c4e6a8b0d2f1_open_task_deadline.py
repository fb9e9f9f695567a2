"""Each open task names the deadline whose due moment it shows

Revision ID: c4e6a8b0d2f1
Revises: b7d1e3f5a920
Create Date: 2026-11-27 19:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c4e6a8b0d2f1'
down_revision: Union[str, Sequence[str], None] = 'b7d1e3f5a920'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Rows already projected keep NULL: a recomputed term moves them by their area, as before.
    op.add_column('opentask', sa.Column('deadline_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('opentask', 'deadline_id')
