"""Deactivated accounts lose the API tokens they still had, so reactivating one does not bring them back

Revision ID: 96db296e9a6e
Revises: 71efc81b623a
Create Date: 2026-11-29 09:00:00

Until now a deactivated account's tokens were only refused while it stayed deactivated: reactivated,
every token issued before came back to life. Deactivating now revokes them; this does the same for
the accounts deactivated before.
"""
from datetime import UTC, datetime
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime


# revision identifiers, used by Alembic.
revision: str = '96db296e9a6e'
down_revision: Union[str, Sequence[str], None] = '71efc81b623a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

user = sa.table('user', sa.column('id', sa.Integer()), sa.column('active', sa.Boolean()))
apitoken = sa.table('apitoken', sa.column('user_id', sa.Integer()), sa.column('revoked_at', UTCDateTime()))


def upgrade() -> None:
    deactivated = sa.select(user.c.id).where(user.c.active == sa.false())
    op.execute(sa.update(apitoken).where(apitoken.c.revoked_at.is_(None), apitoken.c.user_id.in_(deactivated))
               .values(revoked_at=datetime.now(UTC)))


def downgrade() -> None:
    # Which tokens this revoked is not recorded, and a revoked token is not brought back.
    pass
