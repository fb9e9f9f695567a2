"""The steps of a request that wait for a recurso or for its resolution name the term they show

Revision ID: 7a40c4da133e
Revises: 78bd1a9bb83c
Create Date: 2026-11-28 16:30:00

«Registrar un recurso de revisión» and «Registrar la resolución del recurso» were projected without a
deadline, so a recomputed term of nobody's area moved them to its own due day: after a día inhábil, the
requester's step showed the 60 días hábiles the paid-for information is kept, not the window to appeal.
They now name the requester's window to appeal and the garante's term to resolve; the open ones already
projected get them here, with that term's due moment.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '7a40c4da133e'
down_revision: Union[str, Sequence[str], None] = '78bd1a9bb83c'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The live window to appeal of the step's process (its deadline rows are opened with the instance).
WINDOW = ("SELECT d.{column} FROM deadline d WHERE d.instance_id = opentask.instance_id AND d.kind = 'RECURSO' "
          "AND d.rule_key = 'recurso' AND d.status IN ('OPEN', 'MISSED') ORDER BY d.id DESC LIMIT 1")
# The garante's term to resolve the recurso in course of the step's request.
RESOLUTION = ("SELECT d.{column} FROM deadline d JOIN appeal a ON a.resolution_deadline_id = d.id "
              "JOIN transparencyrequest r ON r.id = a.request_id WHERE r.instance_id = opentask.instance_id "
              "AND a.resolved_on IS NULL ORDER BY a.id DESC LIMIT 1")


def upgrade() -> None:
    for task, term in (("appeal", WINDOW), ("appeal_outcome", RESOLUTION)):
        op.execute(f"UPDATE opentask SET deadline_id = ({term.format(column='id')}), "
                   f"due_at = ({term.format(column='due_at')}) "
                   f"WHERE task_name = '{task}' AND process_id IN ('access_request', 'arco_request') "
                   f"AND deadline_id IS NULL AND EXISTS ({term.format(column='id')})")


def downgrade() -> None:
    # Nothing to undo: the rows keep the term they name, which the code before this revision also reads.
    pass
