"""A correspondence item's turns are their own kind of deadline (the oficialía's, not the UT's)

Turns of correspondence and of requests shared the kind TURNADO_INTERNO, so a correspondence turn
alerted the Unidad de Transparencia. Existing correspondence turns take the new kind. An
organization that had tuned the alerts of `turnado_interno` keeps its days for the new kind; the
recipients start from the new kind's default (the oficialía, not the UT), since the old row cannot
tell a deliberate choice of the UT from the default that was saved along with new days.

Revision ID: f1d2c3b4a5e6
Revises: e7b3c9a15d20
Create Date: 2026-11-26 15:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'f1d2c3b4a5e6'
down_revision: Union[str, Sequence[str], None] = 'e7b3c9a15d20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

KINDS = ('RESPUESTA', 'PREVENCION', 'DESAHOGO', 'AMPLIACION', 'ENTREGA', 'EFECTIVIDAD', 'INCOMPETENCIA', 'RECURSO',
         'TURNADO_INTERNO', 'CARGA_TRIMESTRAL', 'CONVOCATORIA', 'SEGUIMIENTO', 'REVISION_ACTA')
NEW_KIND_RECIPIENTS = "responsable,enlace,oficialia"


def upgrade() -> None:
    # PostgreSQL keeps deadline kinds in a native enum, and a value added in a transaction cannot be
    # written before it commits; SQLite stores the name as text as wide as the longest name.
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE deadlinekind ADD VALUE IF NOT EXISTS 'TURNO_CORRESPONDENCIA'")
    else:
        with op.batch_alter_table('deadline') as batch_op:
            batch_op.alter_column('kind', existing_type=sa.Enum(*KINDS, name='deadlinekind'),
                                  type_=sa.Enum(*KINDS, 'TURNO_CORRESPONDENCIA', name='deadlinekind'),
                                  existing_nullable=False)
    op.execute("UPDATE deadline SET kind = 'TURNO_CORRESPONDENCIA' "
               "WHERE kind = 'TURNADO_INTERNO' AND procedure = 'CORRESPONDENCIA'")
    op.get_bind().execute(sa.text(
        "INSERT INTO alertpolicy (organization_id, kind, days_before, on_due_day, daily_while_overdue, escalate,"
        " recipients) SELECT organization_id, 'turno_correspondencia', days_before, on_due_day,"
        " daily_while_overdue, escalate, :recipients FROM alertpolicy tuned WHERE tuned.kind = 'turnado_interno'"
        " AND NOT EXISTS (SELECT 1 FROM alertpolicy present WHERE present.organization_id = tuned.organization_id"
        " AND present.kind = 'turno_correspondencia')"), {"recipients": NEW_KIND_RECIPIENTS})


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays, unused.
    op.execute("DELETE FROM alertpolicy WHERE kind = 'turno_correspondencia'")
    op.execute("UPDATE deadline SET kind = 'TURNADO_INTERNO' WHERE kind = 'TURNO_CORRESPONDENCIA'")
    if op.get_bind().dialect.name != "postgresql":
        with op.batch_alter_table('deadline') as batch_op:
            batch_op.alter_column('kind', existing_type=sa.Enum(*KINDS, 'TURNO_CORRESPONDENCIA', name='deadlinekind'),
                                  type_=sa.Enum(*KINDS, name='deadlinekind'), existing_nullable=False)
