"""Each body records what its acuerdos are certified «con fundamento en»

Revision ID: 93e701efbd57
Revises: 7a42a96e3a34
Create Date: 2026-11-30 14:00:00

Every certificación said the Secretario Técnico certified «con fundamento en las atribuciones que le
confieren las disposiciones aplicables»: no law a reader could check. Article 35 of the Ley General del
Sistema Nacional Anticorrupción gives the Secretario Técnico the power to certify the acuerdos of the Comité
Coordinador and of the Órgano de Gobierno: the bodies recorded with those names («Junta de Gobierno» too)
take it; the others keep the general words until someone records their basis.
"""
import unicodedata
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '93e701efbd57'
down_revision: Union[str, Sequence[str], None] = '7a42a96e3a34'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LGSNA_35 = "el artículo 35 de la Ley General del Sistema Nacional Anticorrupción"
CERTIFIED_BY_THE_ST = {"comite coordinador", "organo de gobierno", "junta de gobierno"}


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", name.lower()) if unicodedata.category(c) != "Mn").strip()


def upgrade() -> None:
    op.add_column('board', sa.Column('certification_basis', sa.String(length=300), nullable=False, server_default=''))
    connection = op.get_bind()
    for board_id, name in connection.execute(sa.text("SELECT id, name FROM board")).all():
        if _plain(name) in CERTIFIED_BY_THE_ST:
            connection.execute(sa.text("UPDATE board SET certification_basis = :basis WHERE id = :id"),
                               {"basis": LGSNA_35, "id": board_id})


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy board into a new table, which the rows
    # that reference the bodies forbid.
    op.drop_column('board', 'certification_basis')
