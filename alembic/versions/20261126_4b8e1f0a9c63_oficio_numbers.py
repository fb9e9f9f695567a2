"""The Unidad de Transparencia numbers its oficios de respuesta (UT/0001/2026)

Revision ID: 4b8e1f0a9c63
Revises: 9d4f2b7c1e38
Create Date: 2026-11-26 21:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '4b8e1f0a9c63'
down_revision: Union[str, Sequence[str], None] = '9d4f2b7c1e38'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('organization') as batch_op:
        batch_op.add_column(sa.Column('oficio_number_pattern', sqlmodel.sql.sqltypes.AutoString(length=80),
                                      nullable=False, server_default='UT/{seq:04d}/{year}'))
    # Oficios issued before numbering existed keep no number rather than an invented one.
    with op.batch_alter_table('transparencyrequest') as batch_op:
        batch_op.add_column(sa.Column('oficio_number', sqlmodel.sql.sqltypes.AutoString(length=80),
                                      nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('transparencyrequest') as batch_op:
        batch_op.drop_column('oficio_number')
    with op.batch_alter_table('organization') as batch_op:
        batch_op.drop_column('oficio_number_pattern')
