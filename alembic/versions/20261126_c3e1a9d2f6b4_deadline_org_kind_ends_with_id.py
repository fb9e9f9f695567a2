"""The response-terms index ends with the id, so a list page reads only its rows on PostgreSQL

Revision ID: c3e1a9d2f6b4
Revises: b0a4d5e55105
Create Date: 2026-11-26 06:00:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c3e1a9d2f6b4'
down_revision: Union[str, Sequence[str], None] = 'b0a4d5e55105'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_org_kind')
        batch_op.create_index('ix_deadline_org_kind', ['organization_id', 'kind', 'status', 'due_on', 'id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_org_kind')
        batch_op.create_index('ix_deadline_org_kind', ['organization_id', 'kind', 'status', 'due_on'], unique=False)
