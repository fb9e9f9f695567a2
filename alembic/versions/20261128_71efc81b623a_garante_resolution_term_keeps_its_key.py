"""The garante's term to resolve a recurso keeps its own key where the rule set does not set it

Revision ID: 71efc81b623a
Revises: e65082687243
Create Date: 2026-11-29 12:00:00

Under a rule set without «resolucion_recurso» (MX-LGPDPPSO), the garante's 40 días hábiles to resolve a
recurso were opened under the key of the requester's window to appeal («recurso»): once past, the term
read «Transcurrido» and sent no overdue alert, as a window that simply ran out. They now keep the key
«resolucion_recurso», as under the LGTAIP, and are followed like the recurso's other terms. One already
past its day had nothing more to say: the next sweep looks at it again.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '71efc81b623a'
down_revision: Union[str, Sequence[str], None] = 'e65082687243'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

RESOLUTION_TERMS = "SELECT resolution_deadline_id FROM appeal WHERE resolution_deadline_id IS NOT NULL"
FALLBACK_BASIS = "Plazo de resolución del órgano garante (40 días hábiles; verificar en la ley aplicable)"


def upgrade() -> None:
    op.execute(f"UPDATE deadline SET rule_key = 'resolucion_recurso' WHERE rule_key = 'recurso' "
               f"AND id IN ({RESOLUTION_TERMS})")
    op.execute(f"UPDATE deadline SET next_alert_on = due_on WHERE next_alert_on IS NULL "
               f"AND status IN ('OPEN', 'MISSED') AND rule_key = 'resolucion_recurso' AND id IN ({RESOLUTION_TERMS})")


def downgrade() -> None:
    op.execute(f"UPDATE deadline SET rule_key = 'recurso' WHERE rule_key = 'resolucion_recurso' "
               f"AND basis = '{FALLBACK_BASIS}'")
