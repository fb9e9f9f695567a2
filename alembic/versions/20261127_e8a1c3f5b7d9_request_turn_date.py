"""A request's turn keeps the day it was turned, unknown for an imported one

Revision ID: e8a1c3f5b7d9
Revises: 2117a598b483
Create Date: 2026-11-27 23:00:00

The request page read the turn's date from created_at, which for a turn recorded by the CSV import
of answered requests is the day of the import, after the answer it came with. Turns made in Pleno
get created_at as their date; imported ones (their request has no process) keep NULL: the file
never said when they were turned.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e8a1c3f5b7d9'
down_revision: Union[str, Sequence[str], None] = '2117a598b483'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('requestturn') as batch_op:
        batch_op.add_column(sa.Column('turned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE requestturn SET turned_at = created_at WHERE request_id IN "
               "(SELECT id FROM transparencyrequest WHERE instance_id IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table('requestturn') as batch_op:
        batch_op.drop_column('turned_at')
