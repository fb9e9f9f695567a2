"""Deadlines keep their legal basis without the note for staff that followed the citation

Revision ID: 86107f69dc3e
Revises: 7a40c4da133e
Create Date: 2026-11-28 16:30:00

Some bases of the built-in rule sets ended with an explanation for staff in parentheses, e.g.
«LGTAIP 2025, arts. 134 y 40 fr. II (aprobada por el Comité de Transparencia y notificada antes del
vencimiento)», and acuses and oficios printed it inside the citation. The explanation is now the rule's
note, shown on the pages that explain a term and on the rules page only; the deadlines already opened
under those bases drop it, as c4e8a2f6b0d3 dropped «(verificar)». Only those exact texts change: a basis
an organization wrote in its own variant is left as written. Nothing is put back on downgrade: the text
without the note is the citation itself.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '86107f69dc3e'
down_revision: Union[str, Sequence[str], None] = '7a40c4da133e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The bases as the rule sets had them → the citation alone.
_CITATIONS = {
    "LGTAIP 2025, arts. 134 y 40 fr. II (aprobada por el Comité de Transparencia y notificada antes del "
    "vencimiento)": "LGTAIP 2025, arts. 134 y 40 fr. II",
    "LGTAIP 2025, art. 148 (una sola vez)": "LGTAIP 2025, art. 148",
    "LGTAIP 2015, art. 132 (aprobada por el Comité de Transparencia y notificada antes del vencimiento)":
        "LGTAIP 2015, art. 132",
    "LGTAIP 2015, art. 146 (una sola vez)": "LGTAIP 2015, art. 146",
    "LGPDPPSO, art. 45 (una sola vez, notificada dentro del plazo)": "LGPDPPSO, art. 45",
    "Ley 1755 de 2015, art. 17 (prorrogable un mes a solicitud)": "Ley 1755 de 2015, art. 17",
}
_STRIP = sa.text("UPDATE deadline SET basis = :citation WHERE basis = :with_note")


def upgrade() -> None:
    connection = op.get_bind()
    for with_note, citation in _CITATIONS.items():
        connection.execute(_STRIP, {"with_note": with_note, "citation": citation})


def downgrade() -> None:
    pass
