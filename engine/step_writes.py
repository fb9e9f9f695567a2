"""The writes of one workflow step: the instance's new state and its open-task rows.

Built once: building a statement costs several times more than running it on SQLite (measured
in ops/bench/engine.py). On PostgreSQL every statement is a round trip to the server, so there
the three writes of a step travel as one statement with data-modifying CTEs.
"""

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from engine.processes import OpenTask, ProcessInstance

_instances, _open_tasks = ProcessInstance.__table__, OpenTask.__table__
# What a save writes: `save` in write_step has exactly these keys.
SAVED_COLUMNS = ("state", "serializer_version", "updated_at", "status", "next_timer_at", "error_message",
                 "title", "completed_at", "version")
_PROJECTED_COLUMNS = tuple(column.name for column in _open_tasks.columns)

PROJECTED_IDS = select(_open_tasks.c.id).where(_open_tasks.c.instance_id == bindparam("instance_id"))
_SAVE_STATE = (update(_instances)
               .where(_instances.c.id == bindparam("_id"), _instances.c.version == bindparam("_version"))
               .values({name: bindparam(name) for name in SAVED_COLUMNS}))
_UNPROJECT = delete(_open_tasks).where(_open_tasks.c.instance_id == bindparam("instance_id"),
                                       _open_tasks.c.id.in_(bindparam("ids", expanding=True)))
_PROJECT = insert(_open_tasks)
# The completed task's row, deleted only as it was read: a claim or a reassignment since changed its version.
_AS_READ = or_(_open_tasks.c.id != bindparam("completed_id"), _open_tasks.c.version == bindparam("completed_version"))
_UNPROJECT_COMPLETED = delete(_open_tasks).where(_open_tasks.c.id == bindparam("completed_id"), _AS_READ)


def write_step(connection: Connection, instance_id: int, version: int, save: dict[str, Any],
               gone: list[str], added: list[dict[str, Any]], completed: tuple[str, int] | None = None) -> bool:
    """Save the instance if it is still at `version`, delete the open tasks `gone` and insert the
    rows `added`. `completed`: the task the step completes (one of `gone`) and the version its row
    was read at. False when someone saved the instance first, or claimed or reassigned that task
    since: the caller must then roll back, since on PostgreSQL the task rows were written in the
    same statement."""
    if completed is not None and completed[0] not in gone:
        completed = None  # READY again after the step (a diagram looping back to it): its row stays
    keys = {"_id": instance_id, "_version": version, "instance_id": instance_id, "ids": gone}
    if completed is not None:
        keys["completed_id"], keys["completed_version"] = completed
    if connection.dialect.name == "postgresql":
        params = {**save, **keys, **{f"new_{name}": [row[name] for row in added] for name in _PROJECTED_COLUMNS}}
        statement = _step_at_once(bool(gone), bool(added), completed is not None)
        return connection.execute(statement, params).scalar_one() == 1
    if connection.execute(_SAVE_STATE, {**save, **keys}).rowcount != 1:
        return False
    if completed is not None and connection.execute(_UNPROJECT_COMPLETED, keys).rowcount != 1:
        return False
    if gone:
        connection.execute(_UNPROJECT, keys)
    if added:
        connection.execute(_PROJECT, added)
    return True


@lru_cache(maxsize=8)
def _step_at_once(unproject: bool, project: bool, completes: bool):
    """SELECT count(*) of the saved instance (1, or 0 when stale), with the task writes as CTEs.

    The task writes read the saved instance, so that they run after its UPDATE and only if it matched:
    two steps from the same version predict the same ids for their next tasks, and the stale one
    must come back stale instead of failing on the rows the first one inserted. The completed task's
    row is deleted only at the version it was read at, else the step is stale: the DELETE waits for
    whoever is changing the row (a claim) and checks the version on the row they committed.

    The new rows come as one array per column, unnested in step: a multi-row VALUES would be a
    different statement for each number of rows, and SQLAlchemy does not cache its compilation."""
    saved = _SAVE_STATE.returning(_instances.c.id).cte("saved")
    saved_it = exists(select(saved.c.id))
    statement = select(func.count()).select_from(saved)
    if unproject:
        unprojected = _UNPROJECT.where(saved_it, _AS_READ) if completes else _UNPROJECT.where(saved_it)
        gone = unprojected.returning(_open_tasks.c.id).cte("gone")
        statement = statement.add_cte(gone)
        if completes:
            statement = statement.where(exists().where(gone.c.id == bindparam("completed_id")))
    if project:
        columns = [_open_tasks.c[name] for name in _PROJECTED_COLUMNS]
        rows = (select(*[func.unnest(bindparam(f"new_{column.name}", type_=ARRAY(column.type)))
                         for column in columns]).where(saved_it))
        statement = statement.add_cte(insert(_open_tasks).from_select(columns, rows).cte("added"))
    return statement
