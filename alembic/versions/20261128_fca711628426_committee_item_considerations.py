"""A case's item of the Comité's orden del día keeps the considerations of a modifica or revoca

Revision ID: fca711628426
Revises: 959fc95e4b45
Create Date: 2026-11-28 20:00:00

Jurídica proposed that the Comité modify or revoke an area's proposal with the sense alone: the acuerdo said
«modifica la clasificación …» without how, and the request's oficio cited the whole acuerdo «en los términos
siguientes». The sense now comes with its considerations (agendaitem.committee_notes), which the acuerdo
and the oficio cite. Items already proposed keep none: an item still to be voted as modifica or revoca is
refused by its request when voted, and Jurídica is told to resolve the case in the request's file.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'fca711628426'
down_revision: Union[str, Sequence[str], None] = '959fc95e4b45'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('agendaitem', sa.Column('committee_notes', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy agendaitem into a new table, which the
    # rows that reference the items forbid.
    op.drop_column('agendaitem', 'committee_notes')
