"""The room keeps every attendance it records, so the acta tells who withdrew or arrived after the roll call

Revision ID: c123402926c1
Revises: e1591677ae1f
Create Date: 2026-11-28 16:10:00

Attendance kept only the last word on each seat: two members marked «Ausente» after voting were listed
under «No asistieron» while the votes named them. Each attendance recorded is now also kept in order
(attendancechange), marked as part of the roll call when recorded before the quorum was declared. The
sessions recorded before have only their last word on each seat: it becomes their roll call, as the
acta has read it so far.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c123402926c1'
down_revision: Union[str, Sequence[str], None] = 'e1591677ae1f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('attendancechange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    # The type PostgreSQL already has for attendance.status.
    sa.Column('status', sa.Enum('PRESENT', 'ABSENT', 'SUBSTITUTE', name='attendancestatus', create_type=False),
              nullable=False),
    sa.Column('substitute_id', sa.Integer(), nullable=True),
    sa.Column('roll_call', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['boardmember.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['boardsession.id'], ),
    sa.ForeignKeyConstraint(['substitute_id'], ['boardmember.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attendancechange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendancechange_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendancechange_session_id'), ['session_id'], unique=False)
    op.execute(sa.text(
        "INSERT INTO attendancechange (organization_id, session_id, member_id, status, substitute_id, roll_call, "
        "recorded_by, recorded_at) SELECT organization_id, session_id, member_id, status, substitute_id, :yes, "
        "recorded_by, recorded_at FROM attendance ORDER BY id").bindparams(yes=True))


def downgrade() -> None:
    with op.batch_alter_table('attendancechange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendancechange_session_id'))
        batch_op.drop_index(batch_op.f('ix_attendancechange_organization_id'))
    op.drop_table('attendancechange')
