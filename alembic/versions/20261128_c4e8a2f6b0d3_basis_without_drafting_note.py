"""Deadlines keep their legal basis without the drafting note «(verificar)»

Revision ID: c4e8a2f6b0d3
Revises: 96db296e9a6e
Create Date: 2026-11-28 13:50:00

Some bases of the built-in rule sets carried « (verificar)», a note that the article had not been checked
against the text of the law, and every deadline opened under them copied it: oficios and reports printed
it as part of the citation. The note is now a flag of the rule set's data (to_verify), shown on the rules
page only; the deadlines already opened drop it from their basis. Nothing is put back on downgrade: the
text without the note is the citation itself.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c4e8a2f6b0d3'
down_revision: Union[str, Sequence[str], None] = '96db296e9a6e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("UPDATE deadline SET basis = REPLACE(basis, ' (verificar)', '') WHERE basis LIKE '% (verificar)%'")


def downgrade() -> None:
    pass
