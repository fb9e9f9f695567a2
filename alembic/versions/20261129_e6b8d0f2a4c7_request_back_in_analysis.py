"""A request back at the Unidad's analysis after it was turned reads «De nuevo en análisis», not «Registrada»

Revision ID: e6b8d0f2a4c7
Revises: a3c5e7f9b1d4
Create Date: 2026-11-29 10:00:00

After an area returned it, the Comité extended its term or revoked, or the Unidad went back from the
answer, a request went back to «Registrada», as if nobody had worked it. It now reads «De nuevo en
análisis» (REANALYSIS). The requests already back at the analysis so — registered, with a turn — get
it here; one never turned stays «Registrada».
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e6b8d0f2a4c7'
down_revision: Union[str, Sequence[str], None] = 'a3c5e7f9b1d4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # PostgreSQL keeps request statuses in a native enum, and a value added in a transaction cannot be
    # written before it commits. SQLite stores the name as text, without a check, as wide as the longest
    # name (NOT_PRESENTED), which REANALYSIS does not exceed.
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE requeststatus ADD VALUE IF NOT EXISTS 'REANALYSIS'")
    op.execute("UPDATE transparencyrequest SET status = 'REANALYSIS' WHERE status = 'REGISTERED' AND EXISTS "
               "(SELECT 1 FROM requestturn t WHERE t.request_id = transparencyrequest.id)")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays, unused.
    op.execute("UPDATE transparencyrequest SET status = 'REGISTERED' WHERE status = 'REANALYSIS'")
