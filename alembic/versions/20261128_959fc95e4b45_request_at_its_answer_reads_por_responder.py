"""A request the Unidad's analysis sends straight to its answer reads «Por responder»

Revision ID: 959fc95e4b45
Revises: 68f67a0dbfe7
Create Date: 2026-11-28 19:30:00

Choosing «Responder» in the analysis leads to the answer with no service step between them, and nothing
changed the request's status: it kept «De nuevo en análisis» (or «Registrada», answered without turning)
while its task was «Responder». The analysis now sets «Por responder» (ANSWERING). The requests already
waiting at their answer with either of those statuses get it here.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '959fc95e4b45'
down_revision: Union[str, Sequence[str], None] = '68f67a0dbfe7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("UPDATE transparencyrequest SET status = 'ANSWERING' WHERE status IN ('REGISTERED', 'REANALYSIS') "
               "AND EXISTS (SELECT 1 FROM opentask t WHERE t.instance_id = transparencyrequest.instance_id "
               "AND t.task_name = 'respond')")


def downgrade() -> None:
    # Which of them read «Registrada» and which «De nuevo en análisis» is not kept: they stay «Por responder»,
    # which the code before this revision also gives a request at its answer (after the areas answered).
    pass
