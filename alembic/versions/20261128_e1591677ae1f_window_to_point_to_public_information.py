"""The last day to answer by pointing to information already public is a deadline kind of its own

The Unidad's windows while it analyses a request (to give notice of incompetence, to prevent, to point
to information already public) are opened with the request as deadlines. The first two had their
kinds; the third (LGTAIP 2025 art. 132) gets INFORMACION_PUBLICA. No row changes: requests registered
before keep no windows, and an act that uses one opens and closes it then, as before.

Revision ID: e1591677ae1f
Revises: 86107f69dc3e
Create Date: 2026-11-28 12:00:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e1591677ae1f'
down_revision: Union[str, Sequence[str], None] = '86107f69dc3e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # PostgreSQL keeps deadline kinds in a native enum. A value added in a transaction cannot be written
    # before it commits, and nothing here writes it: added within the migration's transaction (no
    # autocommit block, which a connection already in a transaction refuses). SQLite stores the name as
    # text, without a check, as wide as the longest name (TURNO_CORRESPONDENCIA), which
    # INFORMACION_PUBLICA does not exceed.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE deadlinekind ADD VALUE IF NOT EXISTS 'INFORMACION_PUBLICA'")


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays. Windows of that kind go with it.
    op.execute("DELETE FROM deadlineevent WHERE deadline_id IN "
               "(SELECT id FROM deadline WHERE kind = 'INFORMACION_PUBLICA')")
    op.execute("DELETE FROM deadline WHERE kind = 'INFORMACION_PUBLICA'")
