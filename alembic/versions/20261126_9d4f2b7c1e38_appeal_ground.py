"""A recurso de revisión says what it challenges: the answer, or that none came in the term

Revision ID: 9d4f2b7c1e38
Revises: f1d2c3b4a5e6
Create Date: 2026-11-26 21:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '9d4f2b7c1e38'
down_revision: Union[str, Sequence[str], None] = 'f1d2c3b4a5e6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GROUND = sa.Enum('ANSWER', 'NO_ANSWER', name='appealground')


def upgrade() -> None:
    # PostgreSQL keeps an enum as a type of its own, which ADD COLUMN does not create.
    GROUND.create(op.get_bind(), checkfirst=True)
    with op.batch_alter_table('appeal') as batch_op:
        # Every recurso recorded so far was filed against an answer (the only kind Pleno took).
        batch_op.add_column(sa.Column('ground', GROUND, nullable=False, server_default='ANSWER'))


def downgrade() -> None:
    with op.batch_alter_table('appeal') as batch_op:
        batch_op.drop_column('ground')
    GROUND.drop(op.get_bind(), checkfirst=True)
