"""A Comité resolution number is unique in its organization by a unique index, not only by a look-up

Revision ID: 618a61a0d3aa
Revises: fca711628426
Create Date: 2026-11-28 21:00:00

The form refused a number another case of the organization was resolved under (compared without
surrounding spaces or capitals), but two cases resolved at the same moment both passed that look-up.
committeecase.resolution_key now holds the number as it is compared, under a unique index on
(organization_id, resolution_key); a case without a resolution has none. The numbers carry their year
(«CT/RES/004/2026»), so the organization is their whole scope.

Cases resolved before under one number already (two oficios cite it): the first resolved keeps the key,
the later ones keep their number as written and cited but get no key, and each is reported in the
migration's log (a warning naming both cases and requests) for the Unidad to review. Nothing is renumbered: an oficio already notified
cites the number it has.
"""
import logging
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '618a61a0d3aa'
down_revision: Union[str, Sequence[str], None] = 'fca711628426'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

log = logging.getLogger("alembic.runtime.migration")

CASES = sa.text("SELECT c.id, c.organization_id, c.resolution_number, c.resolved_on, r.folio FROM committeecase c "
                "JOIN transparencyrequest r ON r.id = c.request_id WHERE c.resolution_number <> ''")


def upgrade() -> None:
    op.add_column('committeecase', sa.Column('resolution_key', sqlmodel.sql.sqltypes.AutoString(length=80),
                                             nullable=True))
    connection = op.get_bind()
    holders: dict[tuple[int, str], tuple[int, str, str]] = {}
    # The first resolved (then the first raised) keeps the number; SQLite hands the day back as text.
    for case_id, organization_id, number, resolved_on, folio in sorted(
            connection.execute(CASES).all(), key=lambda row: (str(row.resolved_on or "9999-12-31"), row.id)):
        key = number.strip().lower()  # as workflows.access_request.models.resolution_key compares them
        if not key:
            continue
        holder = holders.setdefault((organization_id, key), (case_id, folio, number))
        if holder[0] != case_id:
            log.warning("Número de resolución del Comité repetido en el ente %s: «%s» (caso %s, solicitud %s) ya se "
                        "dio al caso %s (solicitud %s). Conserva el número que citan sus oficios, sin la clave que "
                        "compara el índice único.",
                        organization_id, number, case_id, folio, holder[0], holder[1])
            continue
        connection.execute(sa.text("UPDATE committeecase SET resolution_key = :key WHERE id = :id"),
                           {"key": key, "id": case_id})
    op.create_index('ux_committeecase_resolution_key', 'committeecase', ['organization_id', 'resolution_key'],
                    unique=True)


def downgrade() -> None:
    op.drop_index('ux_committeecase_resolution_key', table_name='committeecase')
    # A plain DROP COLUMN (SQLite has it since 3.35): a batch would copy committeecase into a new table, which the
    # rows that reference the cases forbid.
    op.drop_column('committeecase', 'resolution_key')
