"""PostgreSQL compresses the instances' state with lz4 instead of pglz, where the server has it

Revision ID: 9d4f2b7c1e35
Revises: c3e1a9d2f6b4
Create Date: 2026-11-26 08:00:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '9d4f2b7c1e35'
down_revision: Union[str, Sequence[str], None] = 'c3e1a9d2f6b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _set_compression(method: str) -> None:
    # pg_settings lists lz4 only on servers built with it (PostgreSQL 14 and later); rows
    # already stored keep their compression until they are written again.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
    ALTER TABLE processinstance ALTER COLUMN state SET COMPRESSION {method};
  END IF;
END $$""")


def upgrade() -> None:
    _set_compression("lz4")


def downgrade() -> None:
    _set_compression("pglz")
