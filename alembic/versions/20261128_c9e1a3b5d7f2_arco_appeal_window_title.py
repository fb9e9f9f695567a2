"""An ARCO request's window to appeal is the titular's: «Plazo del titular para recurrir»

Revision ID: c9e1a3b5d7f2
Revises: b7d1f3a5c9e2
Create Date: 2026-11-28 03:15:00

Answers and notices opened every request's window as «Plazo del solicitante para recurrir»; an ARCO
request has a titular, and its page, Mis plazos and the alerts now name the window so. The windows
already opened take the new title here (the folio after it is kept).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c9e1a3b5d7f2'
down_revision: Union[str, Sequence[str], None] = 'b7d1f3a5c9e2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD, NEW = "Plazo del solicitante para recurrir", "Plazo del titular para recurrir"
RETITLE = sa.text("UPDATE deadline SET title = :new || substr(title, :rest) "
                  "WHERE procedure = 'ARCO' AND rule_key = 'recurso' AND title LIKE :old || '%'")


def upgrade() -> None:
    op.get_bind().execute(RETITLE, {"old": OLD, "new": NEW, "rest": len(OLD) + 1})


def downgrade() -> None:
    op.get_bind().execute(RETITLE, {"old": NEW, "new": OLD, "rest": len(NEW) + 1})
