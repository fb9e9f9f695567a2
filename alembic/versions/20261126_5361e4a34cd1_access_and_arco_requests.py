"""Access and ARCO requests

Revision ID: 5361e4a34cd1
Revises: fdf8b63d57ff
Create Date: 2026-11-26 00:46:54.450237

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '5361e4a34cd1'
down_revision: Union[str, Sequence[str], None] = 'fdf8b63d57ff'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # The Comité de Transparencia's members record its resolutions: a new role. PostgreSQL keeps
    # roles in a native enum; SQLite stores the name as text.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE role ADD VALUE IF NOT EXISTS 'COMITE'")
    op.create_table('requestimport',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('status', sa.Enum('RUNNING', 'DONE', 'FAILED', name='importstatus'), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('created_rows', sa.Integer(), nullable=False),
    sa.Column('skipped_rows', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('requestimport', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requestimport_organization_id'), ['organization_id'], unique=False)

    op.create_table('savedfilter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'name')
    )
    with op.batch_alter_table('savedfilter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_savedfilter_user_id'), ['user_id'], unique=False)

    op.create_table('transparencyrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ACCESO', 'ARCO', name='requestkind'), nullable=False),
    sa.Column('folio', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('pnt_folio', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('channel', sa.Enum('PNT', 'CORREO', 'PRESENCIAL', 'OFICIALIA', 'POSTAL', name='requestchannel'), nullable=False),
    sa.Column('correspondence_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('requester_kind', sa.Enum('NOMBRE', 'SEUDONIMO', 'ANONIMO', name='requesterkind'), nullable=False),
    sa.Column('requester_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('sex', sa.Enum('MUJER', 'HOMBRE', 'OTRO', 'NO_DICE', name='sex'), nullable=False),
    sa.Column('age_range', sa.Enum('MENOR_18', 'DE_18_29', 'DE_30_44', 'DE_45_59', 'DE_60', 'NO_DICE', name='agerange'), nullable=False),
    sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('arco_right', sa.Enum('ACCESO', 'RECTIFICACION', 'CANCELACION', 'OPOSICION', 'PORTABILIDAD', name='arcoright'), nullable=True),
    sa.Column('holder_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('representative_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('identity_document', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('identity_verified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('rule_set_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('status', sa.Enum('REGISTERED', 'PREVENTED', 'TURNED', 'IN_COMMITTEE', 'ANSWERING', 'ANSWERED', 'EFFECTIVE', 'NOT_PRESENTED', 'INCOMPETENT', 'APPEALED', 'CONCLUDED', name='requeststatus'), nullable=False),
    sa.Column('response_deadline_id', sa.Integer(), nullable=True),
    sa.Column('answer_sense', sa.Enum('ENTREGA_TOTAL', 'ENTREGA_PARCIAL', 'INEXISTENCIA', 'RESERVADA', 'CONFIDENCIAL', 'INCOMPETENCIA', 'PUBLICA', 'AMPLIACION', 'IMPROCEDENTE', name='answersense'), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('delivery_mode', sa.Enum('ELECTRONICA', 'CONSULTA', 'COPIA_SIMPLE', 'COPIA_CERTIFICADA', 'OTRO', name='deliverymode'), nullable=True),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('oficio_file_id', sa.Integer(), nullable=True),
    sa.Column('public_version_file_id', sa.Integer(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('competent_body', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=True),
    sa.Column('registered_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['correspondence_id'], ['correspondence.id'], ),
    sa.ForeignKeyConstraint(['instance_id'], ['processinstance.id'], ),
    sa.ForeignKeyConstraint(['oficio_file_id'], ['storedfile.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['public_version_file_id'], ['storedfile.id'], ),
    sa.ForeignKeyConstraint(['registered_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['response_deadline_id'], ['deadline.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organization_id', 'folio'),
    sa.UniqueConstraint('organization_id', 'pnt_folio')
    )
    with op.batch_alter_table('transparencyrequest', schema=None) as batch_op:
        batch_op.create_index('ix_request_list', ['organization_id', 'kind', 'status', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_transparencyrequest_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transparencyrequest_topic'), ['topic'], unique=False)
        batch_op.create_index('ix_request_received', ['organization_id', 'received_at'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('resolution_deadline_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('compliance_deadline_id', sa.Integer(), nullable=True),
    sa.Column('complied_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['compliance_deadline_id'], ['deadline.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['transparencyrequest.id'], ),
    sa.ForeignKeyConstraint(['resolution_deadline_id'], ['deadline.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_request_id'), ['request_id'], unique=False)

    op.create_table('committeecase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('AMPLIACION', 'CLASIFICACION', 'INEXISTENCIA', 'INCOMPETENCIA', name='committeecasekind'), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Enum('CONFIRMA', 'MODIFICA', 'REVOCA', name='committeeresolution'), nullable=True),
    sa.Column('resolution_number', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['transparencyrequest.id'], ),
    sa.ForeignKeyConstraint(['resolved_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('committeecase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committeecase_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committeecase_request_id'), ['request_id'], unique=False)

    op.create_table('requestturn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('instruction', sa.Text(), nullable=False),
    sa.Column('deadline_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'ANSWERED', 'RETURNED', name='requestturnstatus'), nullable=False),
    sa.Column('sense', sa.Enum('ENTREGA_TOTAL', 'ENTREGA_PARCIAL', 'INEXISTENCIA', 'RESERVADA', 'CONFIDENCIAL', 'INCOMPETENCIA', 'PUBLICA', 'AMPLIACION', 'IMPROCEDENTE', name='answersense'), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('file_ids', sa.JSON(), nullable=False),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], ),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadline.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['transparencyrequest.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('requestturn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requestturn_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requestturn_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requestturn_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('requestturn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requestturn_request_id'))
        batch_op.drop_index(batch_op.f('ix_requestturn_organization_id'))
        batch_op.drop_index(batch_op.f('ix_requestturn_area_id'))

    op.drop_table('requestturn')
    with op.batch_alter_table('committeecase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committeecase_request_id'))
        batch_op.drop_index(batch_op.f('ix_committeecase_organization_id'))

    op.drop_table('committeecase')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_request_id'))
        batch_op.drop_index(batch_op.f('ix_appeal_organization_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('transparencyrequest', schema=None) as batch_op:
        batch_op.drop_index('ix_request_received')
        batch_op.drop_index(batch_op.f('ix_transparencyrequest_topic'))
        batch_op.drop_index(batch_op.f('ix_transparencyrequest_instance_id'))
        batch_op.drop_index('ix_request_list')

    op.drop_table('transparencyrequest')
    with op.batch_alter_table('savedfilter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_savedfilter_user_id'))

    op.drop_table('savedfilter')
    with op.batch_alter_table('requestimport', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requestimport_organization_id'))

    op.drop_table('requestimport')
