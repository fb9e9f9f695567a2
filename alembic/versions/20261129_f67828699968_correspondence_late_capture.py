"""A document registered days after it came in keeps why: its captura extemporánea

Revision ID: f67828699968
Revises: 93e701efbd57
Create Date: 2026-11-29 10:00:00

Any past reception date was accepted, so a folio registered later could certify an earlier reception than
the folio before it, with nothing saying why. A reception more than a few días hábiles before its
registration now needs the reason (correspondence.late_capture_reason), which the acuse and the history
show. The documents registered before keep "": nothing says why they were late, if they were.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'f67828699968'
down_revision: Union[str, Sequence[str], None] = '93e701efbd57'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('correspondence', sa.Column('late_capture_reason', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy correspondence into a new table, which
    # the turns that reference it forbid.
    op.drop_column('correspondence', 'late_capture_reason')
