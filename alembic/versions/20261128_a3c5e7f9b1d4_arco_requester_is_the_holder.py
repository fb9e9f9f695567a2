"""An ARCO request imported already answered was filed by its holder, not «Anónimo»

Revision ID: a3c5e7f9b1d4
Revises: d2f4a6c8e0b1
Create Date: 2026-11-28 09:30:00

The import took the requester of an answered row from its Nombre column only: an ARCO row without
one was stored as anonymous, and its page read «Solicitante: Anónimo». An ARCO request is never
anonymous; registration, and now the import, record its holder as who asked. The requests already
imported take their holder here. Nothing to undo: no ARCO request was anonymous on purpose.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'a3c5e7f9b1d4'
down_revision: Union[str, Sequence[str], None] = 'd2f4a6c8e0b1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.get_bind().execute(sa.text(
        "UPDATE transparencyrequest SET requester_kind = 'NOMBRE', requester_name = holder_name "
        "WHERE kind = 'ARCO' AND requester_kind = 'ANONIMO' AND holder_name <> ''"))


def downgrade() -> None:
    pass
