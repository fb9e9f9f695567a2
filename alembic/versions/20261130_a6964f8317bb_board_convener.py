"""Each body records who convenes its sessions: the convocatoria opens with them and they sign it

Revision ID: a6964f8317bb
Revises: 1efc2af61b9d
Create Date: 2026-11-30 12:00:00

Every convocatoria read «Por instrucciones de» the president and was signed by the president and the
Secretario Técnico, whatever the body. The LGSNA says otherwise: the Comité Coordinador is convened by its
president through the Secretario Técnico, the Órgano de Gobierno by its president, the Comisión Ejecutiva by
the Secretario Técnico. The bodies already recorded take the convener their name says («Órgano» or «Junta
de Gobierno»: the president; «Comisión Ejecutiva»: the Secretaría Técnica); every other one, the president
through the Secretaría Técnica, the closest to what its convocatoria said until now.
"""
import unicodedata
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'a6964f8317bb'
down_revision: Union[str, Sequence[str], None] = '1efc2af61b9d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CONVENER = sa.Enum('PRESIDENT', 'THROUGH_SECRETARY', 'SECRETARY', name='convener')
BY_NAME = {"organo de gobierno": "PRESIDENT", "junta de gobierno": "PRESIDENT", "comision ejecutiva": "SECRETARY"}


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", name.lower()) if unicodedata.category(c) != "Mn").strip()


def upgrade() -> None:
    # PostgreSQL keeps an enum as a type of its own, which ADD COLUMN does not create.
    CONVENER.create(op.get_bind(), checkfirst=True)
    op.add_column('board', sa.Column('convener', CONVENER, nullable=False, server_default='THROUGH_SECRETARY'))
    connection = op.get_bind()
    for board_id, name in connection.execute(sa.text("SELECT id, name FROM board")).all():
        convener = BY_NAME.get(_plain(name))
        if convener:
            connection.execute(sa.text("UPDATE board SET convener = :convener WHERE id = :id"),
                               {"convener": convener, "id": board_id})


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy board into a new table, which the rows
    # that reference the bodies forbid.
    op.drop_column('board', 'convener')
    CONVENER.drop(op.get_bind(), checkfirst=True)
