"""A request answered by a notice of incompetencia is answered: the day notified, the sense «Incompetencia»

Revision ID: b7d1f3a5c9e2
Revises: 6c1efdd27245
Create Date: 2026-11-28 12:30:00

The notice left answered_on and answer_sense empty, so the statistics, the quarterly report, the
open data and the request list took those requests for concluded without an answer. The service
task now fills both; the requests already answered so get them here: the local day their notice's
term was met (the day notified, which also dates its oficio) and the sense «Incompetencia».
"""
from typing import Sequence, Union
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'b7d1f3a5c9e2'
down_revision: Union[str, Sequence[str], None] = '6c1efdd27245'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NOTIFIED = sa.text(
    "SELECT r.id, d.met_at, o.timezone FROM transparencyrequest r "
    "JOIN organization o ON o.id = r.organization_id "
    "JOIN deadline d ON d.organization_id = r.organization_id AND d.subject_type = 'solicitud' "
    "AND d.subject_id = r.folio AND d.kind = 'INCOMPETENCIA' AND d.status = 'MET' "
    "WHERE r.answered_on IS NULL AND d.met_at IS NOT NULL"
).columns(id=sa.Integer, met_at=sqlmodel.sql.sqltypes.UTCDateTime(), timezone=sa.String)
# The sense as a literal: PostgreSQL keeps it in a native enum, which a text parameter would not fit.
ANSWERED = sa.text("UPDATE transparencyrequest SET answered_on = :day, "
                   "answer_sense = COALESCE(answer_sense, 'INCOMPETENCIA') WHERE id = :id")


def upgrade() -> None:
    connection = op.get_bind()
    # The day is the organization's (met_at is UTC): few rows, one per notice ever given.
    for request_id, met_at, timezone in connection.execute(NOTIFIED).all():
        connection.execute(ANSWERED, {"id": request_id, "day": met_at.astimezone(ZoneInfo(timezone)).date()})


def downgrade() -> None:
    # Which answered_on were filled here is not kept; the notices' requests were answered on those days anyway.
    pass
