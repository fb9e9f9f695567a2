"""An alert about a deadline no longer live is withdrawn at delivery, not sent

Revision ID: 68f67a0dbfe7
Revises: f67828699968
Create Date: 2026-11-29 12:00:00

An alert that waited in the outbox (an SMTP outage) went out whatever had happened since: the enlace
who had answered the turn received «Plazo vencido hace 3 días hábiles». Delivery now withdraws such a
message (WITHDRAWN, «Retirado») with its reason (outboxmessage.withdrawn_reason). The messages
already waiting are judged when their turn comes, as every other one: nothing to rewrite here.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '68f67a0dbfe7'
down_revision: Union[str, Sequence[str], None] = 'f67828699968'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

STATUSES = ('PENDING', 'SENDING', 'SENT', 'FAILED')


def upgrade() -> None:
    # PostgreSQL keeps the statuses in a native enum: the value is added in the migration's own
    # transaction (PostgreSQL 12 and later allow it; nothing here writes it before the commit).
    # SQLite stores the name as text as wide as the longest name.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE outboxstatus ADD VALUE IF NOT EXISTS 'WITHDRAWN'")
    with op.batch_alter_table('outboxmessage') as batch_op:
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column('status', existing_type=sa.Enum(*STATUSES, name='outboxstatus'),
                                  type_=sa.Enum(*STATUSES, 'WITHDRAWN', name='outboxstatus'), existing_nullable=False)
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays, unused. A withdrawn message is left as
    # failed: not sent, and not retried unless someone asks.
    op.execute("UPDATE outboxmessage SET status = 'FAILED', last_error = withdrawn_reason "
               "WHERE status = 'WITHDRAWN'")
    with op.batch_alter_table('outboxmessage') as batch_op:
        batch_op.drop_column('withdrawn_reason')
        if op.get_bind().dialect.name != "postgresql":
            batch_op.alter_column('status', existing_type=sa.Enum(*STATUSES, 'WITHDRAWN', name='outboxstatus'),
                                  type_=sa.Enum(*STATUSES, name='outboxstatus'), existing_nullable=False)
