"""The oficios de respuesta are signed by the titular of the Unidad de Transparencia, with the cargo

Revision ID: 7c2a9e4d5b18
Revises: 4b8e1f0a9c63
Create Date: 2026-11-26 23:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '7c2a9e4d5b18'
down_revision: Union[str, Sequence[str], None] = '4b8e1f0a9c63'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # An organization without a titular on record keeps signing as before: by whoever answers.
    with op.batch_alter_table('organization') as batch_op:
        batch_op.add_column(sa.Column('transparency_head_name', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('transparency_head_title', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default='Titular de la Unidad de Transparencia'))


def downgrade() -> None:
    with op.batch_alter_table('organization') as batch_op:
        batch_op.drop_column('transparency_head_title')
        batch_op.drop_column('transparency_head_name')
