"""The correspondence list searches a folded copy of folio, subject and sender: «perez» finds «Pérez»

Revision ID: d4b6f8a0c2e5
Revises: d4f6a8c0e2b5
Create Date: 2026-11-28 06:00:00

LIKE folds no accents on SQLite or PostgreSQL (and on PostgreSQL not even case, for accented letters),
and the unaccent extension cannot be counted on: the text is folded once, as it is written, and the
rows already registered are folded here, as workflows.correspondence.models.searchable_text does.
"""
import unicodedata
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'd4b6f8a0c2e5'
down_revision: Union[str, Sequence[str], None] = 'd4f6a8c0e2b5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _unaccented(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def upgrade() -> None:
    with op.batch_alter_table('correspondence') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, folio, subject, sender_name, sender_organization "
                                      "FROM correspondence")).all()
    if rows:
        connection.execute(sa.text("UPDATE correspondence SET search_text = :text WHERE id = :id"), [
            {"id": id_, "text": "\n".join(_unaccented(t) for t in texts)} for id_, *texts in rows])


def downgrade() -> None:
    with op.batch_alter_table('correspondence') as batch_op:
        batch_op.drop_column('search_text')
