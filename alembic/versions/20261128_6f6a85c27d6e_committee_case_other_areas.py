"""A Comité case several areas proposed together keeps all of them, not only the first

Revision ID: 6f6a85c27d6e
Revises: c4e8a2f6b0d3
Create Date: 2026-11-30 09:00:00

Two areas that ask for an ampliación in the same round make one case, kept under the first area: the
request's page named only that one, only its enlace saw the case, and the Comité's orden del día said it
was proposed by that area alone. The case now keeps the other areas too (other_area_ids). A joint case
raised before is recognised by its reasoning, which is exactly each area's answer of one round of
ampliaciones under the area's name, in the order they were turned.
"""
from itertools import groupby
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '6f6a85c27d6e'
down_revision: Union[str, Sequence[str], None] = 'c4e8a2f6b0d3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_CASES = sa.text("SELECT id, request_id, area_id, reasoning FROM committeecase "
                 "WHERE kind = 'AMPLIACION' AND area_id IS NOT NULL ORDER BY id")
_ASKED = sa.text("SELECT t.round, t.area_id, a.name, t.answer FROM requestturn t JOIN area a ON a.id = t.area_id "
                 "WHERE t.request_id = :request_id AND t.status = 'ANSWERED' AND t.sense = 'AMPLIACION' "
                 "ORDER BY t.round, t.id")
_JOIN = sa.text("UPDATE committeecase SET other_area_ids = :others WHERE id = :id").bindparams(
    sa.bindparam("others", type_=sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table('committeecase') as batch_op:
        batch_op.add_column(sa.Column('other_area_ids', sa.JSON(), nullable=False, server_default='[]'))
    connection = op.get_bind()
    for case_id, request_id, area_id, reasoning in connection.execute(_CASES).all():
        asked = connection.execute(_ASKED, {"request_id": request_id}).all()
        for _, in_round in groupby(asked, key=lambda row: row.round):
            turns = list(in_round)
            # What open_cases wrote for a round two or more areas asked in (committee.joint_reasoning).
            joint = "\n\n".join(f"{turn.name}:\n{turn.answer}" for turn in turns)
            if len(turns) > 1 and turns[0].area_id == area_id and reasoning == joint:
                others = list(dict.fromkeys(turn.area_id for turn in turns[1:] if turn.area_id != area_id))
                connection.execute(_JOIN, {"others": others, "id": case_id})
                break


def downgrade() -> None:
    with op.batch_alter_table('committeecase') as batch_op:
        batch_op.drop_column('other_area_ids')
