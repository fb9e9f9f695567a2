"""An extraordinary session keeps why it was convened in a hurry: its convocatoria says it

Revision ID: 7a42a96e3a34
Revises: a6964f8317bb
Create Date: 2026-11-30 13:00:00

The justification of an extraordinary convocatoria sent late went to the audit only, and the convocatoria
itself did not say the session was convened with less anticipación than an ordinary one, nor why. The
extraordinary sessions already convened take the justification their audit kept, if one was written; the
convocatorias already sent stay as they were stored.
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '7a42a96e3a34'
down_revision: Union[str, Sequence[str], None] = 'a6964f8317bb'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('boardsession', sa.Column('urgency', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    sent = connection.execute(sa.text("SELECT object_id, after FROM auditevent WHERE action = 'sesion.convocada' "
                                      "AND object_type = 'sesion' ORDER BY organization_id, seq")).all()
    for session_id, after in sent:
        # SQLite gives the JSON as text, PostgreSQL already decoded.
        written = ((json.loads(after) if isinstance(after, str) else after) or {}).get("justificacion")
        if written and session_id.isdigit():
            connection.execute(sa.text("UPDATE boardsession SET urgency = :urgency WHERE id = :id "
                                       "AND kind = 'EXTRAORDINARY'"), {"urgency": written, "id": int(session_id)})


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy boardsession into a new table, which the
    # rows that reference the sessions forbid.
    op.drop_column('boardsession', 'urgency')
