"""The key of each registration form sent, unique per organization: the same form registers once,
even when its sends overlap

Revision ID: 6c1efdd27245
Revises: a3c5e7f9b2d4
Create Date: 2026-11-28 11:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '6c1efdd27245'
down_revision: Union[str, Sequence[str], None] = 'a3c5e7f9b2d4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The keys remembered until now lived in each login session and are not carried over: a form
    # registered before the upgrade and sent again after it registers a second time.
    op.create_table('sentform',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('organization_id', sa.Integer(), nullable=False),
                    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
                    sa.Column('registered_id', sa.Integer(), nullable=True),
                    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('organization_id', 'key'))


def downgrade() -> None:
    op.drop_table('sentform')
