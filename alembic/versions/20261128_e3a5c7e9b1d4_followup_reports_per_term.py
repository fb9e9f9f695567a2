"""An acuerdo's progress reports keep the term they answer (and why a report is lower than the one before);
an acuerdo keeps the day Jurídica returned its areas' compliance

Revision ID: e3a5c7e9b1d4
Revises: e6b8d0f2a4c7
Create Date: 2026-11-28 09:00:00

A return opens a new term for every area, and the acuerdo's progress then counts only the reports on
it. The reports already given are put on the area's term that was open when they were given; an acuerdo
already returned (an area with more than one term) gets the day its latest terms started as the day it
was returned, their last day as its fecha compromiso, and its progress counted on them.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'e3a5c7e9b1d4'
down_revision: Union[str, Sequence[str], None] = 'e6b8d0f2a4c7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TERMS = sa.text("SELECT d.id, d.responsible_area_id, d.starts_after, d.due_on, d.created_at FROM deadline d "
                 "WHERE d.organization_id = :organization_id AND d.subject_type = 'acuerdo' "
                 "AND d.subject_id = :number AND d.kind = 'SEGUIMIENTO' ORDER BY d.id")


def upgrade() -> None:
    with op.batch_alter_table('resolution') as batch_op:
        batch_op.add_column(sa.Column('returned_on', sa.Date(), nullable=True))
    with op.batch_alter_table('progressreport') as batch_op:
        batch_op.add_column(sa.Column('deadline_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('drop_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key('fk_progressreport_deadline_id_deadline', 'deadline', ['deadline_id'], ['id'])
    connection = op.get_bind()
    resolutions = connection.execute(sa.text(
        "SELECT r.id, r.organization_id, r.number, r.status FROM resolution r "
        "WHERE EXISTS (SELECT 1 FROM progressreport p WHERE p.resolution_id = r.id) "
        "OR r.followup_instance_id IS NOT NULL")).all()
    for resolution_id, organization_id, number, status in resolutions:
        terms = connection.execute(_TERMS, {"organization_id": organization_id, "number": number}).all()
        reports = connection.execute(sa.text("SELECT id, area_id, progress, reported_at FROM progressreport "
                                             "WHERE resolution_id = :id ORDER BY id"), {"id": resolution_id}).all()
        latest_term: dict[int, int] = {}
        for report_id, area_id, _, reported_at in reports:
            opened = [t.id for t in terms if t.responsible_area_id == area_id and t.created_at <= reported_at]
            if opened:
                connection.execute(sa.text("UPDATE progressreport SET deadline_id = :term WHERE id = :id"),
                                   {"term": opened[-1], "id": report_id})
        for term in terms:
            latest_term[term.responsible_area_id] = term.id
        returned = [t for t in terms if t.id in latest_term.values()
                    and any(o.responsible_area_id == t.responsible_area_id and o.id < t.id for o in terms)]
        if not returned or status == 'DONE':
            continue
        progress: dict[int, int] = {}
        for _, area_id, value, reported_at in reports:
            term = latest_term.get(area_id)
            if term is not None and reported_at >= next(t.created_at for t in terms if t.id == term):
                progress[area_id] = value
        connection.execute(sa.text("UPDATE resolution SET returned_on = :returned, due_on = :due, progress = :progress "
                                   "WHERE id = :id"),
                           {"id": resolution_id, "returned": max(t.starts_after for t in returned),
                            "due": max(t.due_on for t in returned),
                            "progress": min((progress.get(area_id, 0) for area_id in latest_term), default=0)})


def downgrade() -> None:
    with op.batch_alter_table('progressreport') as batch_op:
        batch_op.drop_constraint('fk_progressreport_deadline_id_deadline', type_='foreignkey')
        batch_op.drop_column('drop_reason')
        batch_op.drop_column('deadline_id')
    with op.batch_alter_table('resolution') as batch_op:
        batch_op.drop_column('returned_on')
