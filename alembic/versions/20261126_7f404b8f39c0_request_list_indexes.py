"""Indexes for the request lists: response terms by kind, turns by area and status

Revision ID: 7f404b8f39c0
Revises: 5361e4a34cd1
Create Date: 2026-11-26 01:26:44.329251

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '7f404b8f39c0'
down_revision: Union[str, Sequence[str], None] = '5361e4a34cd1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_org_kind', ['organization_id', 'kind', 'status', 'due_on'], unique=False)

    with op.batch_alter_table('requestturn', schema=None) as batch_op:
        batch_op.create_index('ix_requestturn_area_status', ['area_id', 'status', 'request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requestturn_deadline_id'), ['deadline_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('requestturn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requestturn_deadline_id'))
        batch_op.drop_index('ix_requestturn_area_status')

    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_org_kind')

