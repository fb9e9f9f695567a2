"""The room defers an item to a later session, and an item left pending goes on to a later session once

Revision ID: 1efc2af61b9d
Revises: 5a196e8efe20
Create Date: 2026-11-30 10:00:00

The room could only vote an item: «se acordó diferir el punto» had no place, and an item deferred, left
unvoted when the quorum was lost, or on a session without quorum or cancelled, kept reading «Aceptado»
with nothing to take it further. An item's result may now be DEFERRED (with the reason the room gave,
agendaitem.deferred_reason), and the item that continues one in a later session names it
(agendaitem.carried_from_id, unique: once).

The requests' cases a cancelled session already sent on to another session of the Comité get that link
here: the item that took each case next, in another session, continues the cancelled one's.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '1efc2af61b9d'
down_revision: Union[str, Sequence[str], None] = '5a196e8efe20'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# As committee_link.moved_on read them when this revision was written: the case's next item, in another session.
MOVED_CASES = sa.text(
    "SELECT a.id, (SELECT min(n.id) FROM agendaitem n WHERE n.committee_case_id = a.committee_case_id "
    "AND n.id > a.id AND n.session_id != a.session_id) FROM agendaitem a "
    "JOIN boardsession s ON s.id = a.session_id "
    "WHERE s.status = 'CANCELLED' AND a.committee_case_id IS NOT NULL ORDER BY a.id")


def upgrade() -> None:
    # PostgreSQL keeps item results in a native enum; the value is added in the migration's transaction (this
    # revision writes no item with it, which only a later transaction may). SQLite stores the name as text,
    # without a check, as wide as the longest name (NOT_APPROVED), which DEFERRED does not exceed.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE itemresult ADD VALUE IF NOT EXISTS 'DEFERRED'")
    # Plain ADD COLUMNs (SQLite takes a REFERENCES with a NULL default): a batch would copy agendaitem into a
    # new table, which the votes, documents and acuerdos that reference the items forbid.
    op.add_column('agendaitem', sa.Column('deferred_reason', sa.Text(), nullable=False, server_default=''))
    if op.get_bind().dialect.name == "postgresql":
        op.add_column('agendaitem', sa.Column('carried_from_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_agendaitem_carried_from_id', 'agendaitem', 'agendaitem', ['carried_from_id'], ['id'])
    else:
        # Alembic adds a foreign key to an SQLite table only by copying it; SQLite itself takes it in the column.
        op.execute("ALTER TABLE agendaitem ADD COLUMN carried_from_id INTEGER REFERENCES agendaitem (id)")
    op.create_index(op.f('ix_agendaitem_carried_from_id'), 'agendaitem', ['carried_from_id'], unique=True)
    bind = op.get_bind()
    for item_id, later_id in bind.execute(MOVED_CASES).all():
        if later_id is not None:
            bind.execute(sa.text("UPDATE agendaitem SET carried_from_id = :item WHERE id = :later "
                                 "AND carried_from_id IS NULL"), {"item": item_id, "later": later_id})


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum; it stays, unused. A deferred item reads as not voted, as
    # the items the room could not vote did before this revision.
    op.execute("UPDATE agendaitem SET result = NULL WHERE result = 'DEFERRED'")
    op.drop_index(op.f('ix_agendaitem_carried_from_id'), table_name='agendaitem')
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint('fk_agendaitem_carried_from_id', 'agendaitem', type_='foreignkey')
    op.drop_column('agendaitem', 'carried_from_id')
    op.drop_column('agendaitem', 'deferred_reason')
