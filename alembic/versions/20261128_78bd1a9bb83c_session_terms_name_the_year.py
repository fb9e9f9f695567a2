"""A session's terms opened before their titles named the year get it, as the terms opened since

Revision ID: 78bd1a9bb83c
Revises: 6f6a85c27d6e
Create Date: 2026-11-28 16:30:00

A session's convocatoria term and its acta's review term name the session with its year
(naming.title_with_year: «Convocatoria a la Primera Sesión Ordinaria 2026 del Comité Coordinador»), so that
Mis plazos does not list each year's «Primera Sesión Ordinaria» alike. Those opened before read
«Convocatoria a la Primera Sesión Ordinaria del Comité Coordinador»: the year goes after the session's
name, where title_with_year writes it, and the rest stays as the title had it (a session cancelled since
reads «sin número» but its term kept the number it had; a body renamed since keeps its name of then). A
title that does not read that way is left as it is. Nothing is taken out on downgrade: the code of the
revision before this one writes the year too.
"""
import re
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '78bd1a9bb83c'
down_revision: Union[str, Sequence[str], None] = '6f6a85c27d6e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# What each term's title says before the session's name (notice.open_convocatoria_term, minutes_review).
_PREFIX = {"CONVOCATORIA": "Convocatoria a la ", "REVISION_ACTA": "Revisión del acta de la "}
_KIND = {"ORDINARY": "Ordinaria", "EXTRAORDINARY": "Extraordinaria"}
# The ordinal of naming.session_name: «Primera », «Décima Primera ».
_ORDINAL = re.compile(r"(?:[^\W\d_]+ )+")
_TERMS = sa.text("SELECT d.id, d.kind, d.title, s.kind AS session_kind, s.year FROM deadline d "
                 "JOIN boardsession s ON CAST(s.id AS VARCHAR(40)) = d.subject_id "
                 "AND s.organization_id = d.organization_id "
                 "WHERE d.subject_type = 'sesion' AND d.kind IN ('CONVOCATORIA', 'REVISION_ACTA') ORDER BY d.id")
_RETITLE = sa.text("UPDATE deadline SET title = :title WHERE id = :id")


def with_year(title: str, prefix: str, kind_label: str, year: int) -> str | None:
    """The title with the year after the session's name, or None when it does not read as one without it."""
    if not title.startswith(prefix):
        return None
    ordinal, found, body = title[len(prefix):].partition(f"Sesión {kind_label} ")
    if not found or not _ORDINAL.fullmatch(ordinal) or not body or re.match(r"\d{4}\b", body):
        return None
    return f"{prefix}{ordinal}Sesión {kind_label} {year} {body}"[:300]


def upgrade() -> None:
    connection = op.get_bind()
    for term_id, kind, title, session_kind, year in connection.execute(_TERMS).all():
        retitled = with_year(title, _PREFIX[kind], _KIND[session_kind], year)
        if retitled is not None:
            connection.execute(_RETITLE, {"title": retitled, "id": term_id})


def downgrade() -> None:
    pass
