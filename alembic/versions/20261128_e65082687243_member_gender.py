"""Members of a body record their grammatical gender, so documents write «La suscrita», «Secretaria Técnica», «de la Lic.»

Revision ID: e65082687243
Revises: f5b7d9f1a3c6
Create Date: 2026-11-30 10:00:00

Every member recorded so far is «sin especificar»: documents keep the wording they had (the article a
title like «Mtra.» shows, none for «Lic.») until someone records the member's gender.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e65082687243'
down_revision: Union[str, Sequence[str], None] = 'f5b7d9f1a3c6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GENDER = sa.Enum('UNSPECIFIED', 'FEMININE', 'MASCULINE', name='gender')


def upgrade() -> None:
    # PostgreSQL keeps an enum as a type of its own, which ADD COLUMN does not create.
    GENDER.create(op.get_bind(), checkfirst=True)
    with op.batch_alter_table('boardmember') as batch_op:
        batch_op.add_column(sa.Column('gender', GENDER, nullable=False, server_default='UNSPECIFIED'))


def downgrade() -> None:
    with op.batch_alter_table('boardmember') as batch_op:
        batch_op.drop_column('gender')
    GENDER.drop(op.get_bind(), checkfirst=True)
