"""A request's case the Comité resolved in the request's own file leaves the orden del día

Revision ID: 2117a598b483
Revises: d5f7b9c1e3a2
Create Date: 2026-11-27 22:40:00

Until now its item stayed in the Comité's session, still proposing «confirma…», and voting it
numbered a second acuerdo that could say the opposite. An item may now be withdrawn (WITHDRAWN,
«Retirado del orden del día») with its reason. Such items already waiting in a session not yet
held are withdrawn here, with the resolution that settled their case; the items of sessions
already held stay as they were.
"""
from datetime import date
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '2117a598b483'
down_revision: Union[str, Sequence[str], None] = 'd5f7b9c1e3a2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STATUSES = ('PROPOSED', 'ACCEPTED', 'REJECTED', 'MERGED')
# As workflows.board_session.committee_link words them when this revision was written.
VERB = {'CONFIRMA': 'confirma', 'MODIFICA': 'modifica', 'REVOCA': 'revoca'}
MATTER = {'CLASIFICACION': 'la clasificación de la información', 'AMPLIACION': 'la ampliación del plazo de respuesta',
          'INEXISTENCIA': 'la inexistencia de la información', 'INCOMPETENCIA': 'la incompetencia'}
MONTHS = ('enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre',
          'noviembre', 'diciembre')
PENDING_OF_RESOLVED_CASES = sa.text(
    "SELECT a.id, r.folio, c.resolution_number, c.resolved_on, c.resolution, c.kind FROM agendaitem a "
    "JOIN boardsession s ON s.id = a.session_id JOIN committeecase c ON c.id = a.committee_case_id "
    "JOIN transparencyrequest r ON r.id = c.request_id "
    "WHERE a.result IS NULL AND a.status = 'ACCEPTED' AND c.resolution IS NOT NULL "
    "AND s.status IN ('PLANNED', 'CALLED', 'IN_PROGRESS')")


def _long_date(value) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def upgrade() -> None:
    # PostgreSQL keeps item statuses in a native enum, and a value added in a transaction cannot be
    # written before it commits; SQLite stores the name as text as wide as the longest name.
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE itemstatus ADD VALUE IF NOT EXISTS 'WITHDRAWN'")
    with op.batch_alter_table('agendaitem') as batch_op:
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column('status', existing_type=sa.Enum(*STATUSES, name='itemstatus'),
                                  type_=sa.Enum(*STATUSES, 'WITHDRAWN', name='itemstatus'), existing_nullable=False)
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=False, server_default=''))
    bind = op.get_bind()
    for item_id, folio, number, resolved_on, sense, kind in bind.execute(PENDING_OF_RESOLVED_CASES).all():
        reason = (f"El Comité de Transparencia ya resolvió el caso en el expediente de la solicitud {folio}: "
                  f"resolución {number} del {_long_date(resolved_on)}, que {VERB[sense]} {MATTER[kind]}.")
        bind.execute(sa.text("UPDATE agendaitem SET status = 'WITHDRAWN', withdrawn_reason = :reason, "
                             "version = version + 1 WHERE id = :id"), {"reason": reason, "id": item_id})


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays, unused. The withdrawn items go back to
    # the orden del día, as they were before this revision.
    op.execute("UPDATE agendaitem SET status = 'ACCEPTED' WHERE status = 'WITHDRAWN'")
    with op.batch_alter_table('agendaitem') as batch_op:
        batch_op.drop_column('withdrawn_reason')
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column('status', existing_type=sa.Enum(*STATUSES, 'WITHDRAWN', name='itemstatus'),
                                  type_=sa.Enum(*STATUSES, name='itemstatus'), existing_nullable=False)
