"""Only an enlace holds its role for an area: every other role is for the whole organization

Revision ID: a3c5e7f9b2d4
Revises: e8a1c3f5b7d9
Create Date: 2026-11-28 10:00:00

The administration pages used to accept an area with any role (e.g. «Oficialía de partes» for the
DRI), which some pages honoured and others ignored. Such a membership already worked as the
organization-wide role almost everywhere (its tasks belong to no area, its lists showed the whole
organization): it becomes that role for the whole organization, once per person and role.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'a3c5e7f9b2d4'
down_revision: Union[str, Sequence[str], None] = 'e8a1c3f5b7d9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHECK = "ck_membership_area_only_for_enlace"


def upgrade() -> None:
    # Whoever already holds the role organization-wide keeps that one; of several areas, the first row stays.
    op.execute(sa.text("""
        DELETE FROM membership WHERE role <> 'ENLACE' AND area_id IS NOT NULL AND id NOT IN (
            SELECT MIN(id) FROM membership AS m WHERE m.role <> 'ENLACE' AND m.area_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM membership AS w WHERE w.user_id = m.user_id AND w.role = m.role
                            AND w.area_id IS NULL)
            GROUP BY m.user_id, m.role)"""))
    op.execute(sa.text("UPDATE membership SET area_id = NULL WHERE role <> 'ENLACE' AND area_id IS NOT NULL"))
    with op.batch_alter_table('membership') as batch_op:
        batch_op.create_check_constraint(CHECK, "role = 'ENLACE' OR area_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('membership') as batch_op:
        batch_op.drop_constraint(CHECK, type_='check')
