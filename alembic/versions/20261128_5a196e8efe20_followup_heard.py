"""A session keeps the seguimiento de acuerdos it heard: its acta and orden del día no longer follow the acuerdos

Revision ID: 5a196e8efe20
Revises: c123402926c1
Create Date: 2026-11-28 17:00:00

The acta and the orden del día of a session held read the open acuerdos of earlier sessions as they stand
today: an acuerdo returned or met after the session changed the acta the members had reviewed, and the
one signed. The room now keeps, when it closes the session, each acuerdo as the session heard it
(boardsession.followup_heard).

The sessions held before keep NULL and their documents the live reading: where each acuerdo stood on the
day is not stored anywhere to rebuild it from (a return overwrites the fecha compromiso and starts the
progress over; the reports do not say the status), and a guess written into an acta would be worse than a
reading anyone can check. Their signed actas are served as they were stored.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '5a196e8efe20'
down_revision: Union[str, Sequence[str], None] = 'c123402926c1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('boardsession', sa.Column('followup_heard', sa.JSON(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy boardsession into a new table, which the
    # rows that reference the sessions forbid.
    op.drop_column('boardsession', 'followup_heard')
