"""Alert keys name the due day they were sent for

Revision ID: d5f7b9c1e3a2
Revises: c4e6a8b0d2f1
Create Date: 2026-11-27 20:40:00

An alert's key was alerta:{deadline}:{step}:{user}; it is now alerta:{deadline}:{due day}:{step}:{user},
so a term moved later gets its reminders again for its new day. The alerts already sent are
rewritten with their deadline's current due day: without that, the first sweep after upgrading
would send each term's latest step a second time.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'd5f7b9c1e3a2'
down_revision: Union[str, Sequence[str], None] = 'c4e6a8b0d2f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("notification", "outboxmessage")
CHUNK = 500


def _due_days(bind, deadline_ids: list[int]) -> dict[int, str]:
    found = {}
    query = sa.text("SELECT id, due_on FROM deadline WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
    for start in range(0, len(deadline_ids), CHUNK):
        for deadline_id, due_on in bind.execute(query, {"ids": deadline_ids[start:start + CHUNK]}):
            found[deadline_id] = str(due_on)[:10]  # a date on PostgreSQL, its ISO text on SQLite
    return found


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        rows = bind.execute(sa.text(f"SELECT id, key FROM {table} WHERE key LIKE 'alerta:%'")).all()
        old = [(row_id, key.split(":")) for row_id, key in rows if key.count(":") == 3]
        due = _due_days(bind, sorted({int(parts[1]) for _, parts in old}))
        renamed = [{"id": row_id, "key": f"alerta:{deadline}:{due[int(deadline)]}:{step}:{user}"}
                   for row_id, (_, deadline, step, user) in old if int(deadline) in due]
        if renamed:
            bind.execute(sa.text(f"UPDATE {table} SET key = :key WHERE id = :id"), renamed)


def downgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        rows = bind.execute(sa.text(f"SELECT id, key FROM {table} WHERE key LIKE 'alerta:%'")).all()
        renamed = [{"id": row_id, "key": f"alerta:{deadline}:{step}:{user}"}
                   for row_id, key in rows if key.count(":") == 4
                   for _, deadline, _, step, user in [key.split(":")]]
        if renamed:
            bind.execute(sa.text(f"UPDATE {table} SET key = :key WHERE id = :id"), renamed)
