"""Legal calendar, rule sets, deadlines, alerts outbox and notifications

Revision ID: fdf8b63d57ff
Revises: e51769e55a1e
Create Date: 2026-11-26 00:11:07.381878

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = 'fdf8b63d57ff'
down_revision: Union[str, Sequence[str], None] = 'e51769e55a1e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('alertpolicy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('days_before', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('on_due_day', sa.Boolean(), nullable=False),
    sa.Column('daily_while_overdue', sa.Boolean(), nullable=False),
    sa.Column('escalate', sa.Boolean(), nullable=False),
    sa.Column('recipients', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organization_id', 'kind')
    )
    with op.batch_alter_table('alertpolicy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alertpolicy_organization_id'), ['organization_id'], unique=False)

    op.create_table('procedureruleset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('procedure', sa.Enum('ACCESO', 'ARCO', 'OBLIGACIONES', 'CORRESPONDENCIA', 'SESIONES', name='procedure'), nullable=False),
    sa.Column('rule_set_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organization_id', 'procedure')
    )
    with op.batch_alter_table('procedureruleset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedureruleset_organization_id'), ['organization_id'], unique=False)

    op.create_table('rulesetvariant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('base_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('overrides', sa.JSON(), nullable=False),
    sa.Column('holiday_list', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organization_id', 'code')
    )
    with op.batch_alter_table('rulesetvariant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rulesetvariant_organization_id'), ['organization_id'], unique=False)

    op.create_table('nonworkingday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('acuerdo', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('nonworkingday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nonworkingday_organization_id'), ['organization_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('link', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('read_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_notification_unread', ['user_id', 'read_at', 'id'], unique=False)

    op.create_table('outboxmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SENDING', 'SENT', 'FAILED', name='outboxstatus'), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('claimed_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_delivery', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_recipient_user_id'), ['recipient_user_id'], unique=False)

    op.create_table('deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kind', sa.Enum('RESPUESTA', 'PREVENCION', 'DESAHOGO', 'AMPLIACION', 'ENTREGA', 'EFECTIVIDAD', 'INCOMPETENCIA', 'RECURSO', 'TURNADO_INTERNO', 'CARGA_TRIMESTRAL', 'CONVOCATORIA', 'SEGUIMIENTO', name='deadlinekind'), nullable=False),
    sa.Column('procedure', sa.Enum('ACCESO', 'ARCO', 'OBLIGACIONES', 'CORRESPONDENCIA', 'SESIONES', name='procedure'), nullable=False),
    sa.Column('rule_set_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('rule_key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('unit', sa.Enum('BUSINESS_DAYS', 'CALENDAR_DAYS', 'MONTHS', name='unit'), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('anchored_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('starts_after', sa.Date(), nullable=False),
    sa.Column('counted_from', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'MET', 'MISSED', 'PAUSED', 'CANCELLED', name='deadlinestatus'), nullable=False),
    sa.Column('paused_on', sa.Date(), nullable=True),
    sa.Column('met_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('responsible_user_id', sa.Integer(), nullable=True),
    sa.Column('responsible_area_id', sa.Integer(), nullable=True),
    sa.Column('next_alert_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['processinstance.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['deadline.id'], ),
    sa.ForeignKeyConstraint(['responsible_area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['responsible_user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index('ix_deadline_org_live', ['organization_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_responsible_area_id'), ['responsible_area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_responsible_user_id'), ['responsible_user_id'], unique=False)
        batch_op.create_index('ix_deadline_subject', ['organization_id', 'subject_type', 'subject_id'], unique=False)
        batch_op.create_index('ix_deadline_sweep', ['next_alert_on', 'status'], unique=False)

    op.create_table('deadlineevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('deadline_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('due_before', sa.Date(), nullable=True),
    sa.Column('due_after', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadline.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deadlineevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlineevent_deadline_id'), ['deadline_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlineevent_organization_id'), ['organization_id'], unique=False)

    op.create_table('suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('scope', sa.Enum('ALL', 'ACCESO', 'ARCO', 'OBLIGACIONES', name='suspensionscope'), nullable=False),
    sa.Column('acuerdo', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['file_id'], ['storedfile.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspension_organization_id'), ['organization_id'], unique=False)

    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_turn_deadline_id_deadline', 'deadline', ['deadline_id'], ['id'])

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_area_head_user_id_user', 'user', ['head_user_id'], ['id'])

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_opens', sa.Time(), nullable=False, server_default='08:00:00'))
        batch_op.add_column(sa.Column('office_closes', sa.Time(), nullable=False, server_default='18:00:00'))
        batch_op.add_column(sa.Column('weekend', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='5,6'))
        batch_op.add_column(sa.Column('calendar_version', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('calendar_version')
        batch_op.drop_column('weekend')
        batch_op.drop_column('office_closes')
        batch_op.drop_column('office_opens')

    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_constraint('fk_turn_deadline_id_deadline', type_='foreignkey')
        batch_op.drop_column('deadline_id')

    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_constraint('fk_area_head_user_id_user', type_='foreignkey')
        batch_op.drop_column('head_user_id')

    with op.batch_alter_table('suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspension_organization_id'))

    op.drop_table('suspension')
    with op.batch_alter_table('deadlineevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlineevent_organization_id'))
        batch_op.drop_index(batch_op.f('ix_deadlineevent_deadline_id'))

    op.drop_table('deadlineevent')
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_sweep')
        batch_op.drop_index('ix_deadline_subject')
        batch_op.drop_index(batch_op.f('ix_deadline_responsible_user_id'))
        batch_op.drop_index(batch_op.f('ix_deadline_responsible_area_id'))
        batch_op.drop_index(batch_op.f('ix_deadline_parent_id'))
        batch_op.drop_index('ix_deadline_org_live')
        batch_op.drop_index(batch_op.f('ix_deadline_instance_id'))

    op.drop_table('deadline')
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxmessage_recipient_user_id'))
        batch_op.drop_index(batch_op.f('ix_outboxmessage_organization_id'))
        batch_op.drop_index('ix_outbox_delivery')

    op.drop_table('outboxmessage')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_unread')
        batch_op.drop_index(batch_op.f('ix_notification_organization_id'))

    op.drop_table('notification')
    with op.batch_alter_table('nonworkingday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nonworkingday_organization_id'))

    op.drop_table('nonworkingday')
    with op.batch_alter_table('rulesetvariant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rulesetvariant_organization_id'))

    op.drop_table('rulesetvariant')
    with op.batch_alter_table('procedureruleset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedureruleset_organization_id'))

    op.drop_table('procedureruleset')
    with op.batch_alter_table('alertpolicy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alertpolicy_organization_id'))

    op.drop_table('alertpolicy')
