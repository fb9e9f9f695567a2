"""Inboxes over the projection of open tasks: who may act on what, and claiming group tasks."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from math import ceil
from types import SimpleNamespace

from sqlalchemy import Integer, and_, bindparam, exists, false, func, or_, union_all, update
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Membership, Role, User, actor_for
from engine.audit import AuditEvent
from engine.business_calendar import BusinessCalendar
from engine.clock import to_local, utcnow
from engine.files import StoredFile
from engine.legal_calendar import office_calendar
from engine.processes import OpenTask, ProcessInstance, descriptor
from engine.runtime import NotAllowed, TaskGone, TaskTaken, real_task_id, runtime, taken_by
from engine.tenancy import Area
from engine.labels import LabeledEnum

SOON_BUSINESS_DAYS = 3


class DueState(LabeledEnum):
    OVERDUE = "vencida", "Vencida"
    SOON = "proxima", "Por vencer"
    ON_TIME = "a_tiempo", "A tiempo"
    NO_DUE = "sin_plazo", "Sin plazo"
    WAITING = "en_espera", "En espera"


# The highest page a caller may ask for, far past any inbox: the page's OFFSET + LIMIT must fit the
# database's 64-bit integers (a page of 368934881474191033 overflowed them, a 500).
LAST_PAGE = 1_000_000

# The filter values people pick in the inbox (plural, as the page shows them).
DUE_FILTERS = {"vencidas": "Vencidas", "proximas": "Por vencer (3 días hábiles)", "a_tiempo": "A tiempo"}


def due_soon_limit(calendar: BusinessCalendar, now: datetime, days: int = SOON_BUSINESS_DAYS) -> datetime:
    """The moment until which a due date counts as 'por vencer': the end of the `days`-th día
    hábil after today, in the organization's zone and on its own calendar (holidays, declared
    días inhábiles).

    Whole days, as the alerts and «días hábiles restantes» count them: a task due at closing time
    on the third día hábil is por vencer all day long, not only after that hour.
    """
    local = to_local(now, calendar.timezone)
    last = calendar.add_business_days(local.date(), days)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=local.tzinfo)


def due_state(due_at: datetime | None, now: datetime, soon_limit: datetime, waiting: bool = False) -> DueState:
    if waiting:
        return DueState.WAITING
    if due_at is None:
        return DueState.NO_DUE
    if due_at < now:
        return DueState.OVERDUE
    if due_at < soon_limit:
        return DueState.SOON
    return DueState.ON_TIME


def task_due_state(session: Session, task: OpenTask, now: datetime | None = None) -> DueState:
    now = now or utcnow()
    return due_state(_aware(task.due_at), now, due_soon_limit(office_calendar(session, task.organization_id), now),
                     _waits(task.process_id, task.task_name))


def _actable_branches(roles: tuple[tuple[str, bool], ...], is_admin: bool, *filters) -> list:
    """Selects (id, due_at) of the open tasks in a lane and area where the actor holds the role.

    `roles`: each role the actor holds and whether for the whole organization (else for the areas
    in the parameter areas_<role>). One branch per role and area kind, to be joined with UNION ALL:
    each branch is a seek on the covering index ix_opentask_inbox, where an OR of the same
    conditions makes SQLite scan every task of the role. The branches never share a task.
    """
    base = select(OpenTask.id, OpenTask.due_at).where(OpenTask.organization_id == bindparam("organization_id"),
                                                      *filters)
    branches = []
    for role, whole_organization in roles:
        if whole_organization:
            branches.append(base.where(OpenTask.role == role))
        else:
            branches.append(base.where(OpenTask.role == role,
                                       OpenTask.area_id.in_(bindparam(f"areas_{role}", expanding=True))))
            branches.append(base.where(OpenTask.role == role, OpenTask.area_id.is_(None)))
    if is_admin:
        # Tasks outside any lane belong to administration (see Actor.can_act).
        branches.append(base.where(OpenTask.role.is_(None)))
    if not branches:
        branches.append(base.where(false()))
    return branches


def _first_of(branch, reach):
    """The branch's first `reach` tasks in the inbox's order, as (id, due_at, since): dated ones by
    due date, read in the index's order (a page needs no more of any branch, so nothing else is
    sorted); then undated ones oldest first (ids are random: by id, a queue of documents to turn
    read in no order at all)."""
    dated = (branch.where(OpenTask.due_at.is_not(None)).order_by(OpenTask.due_at, OpenTask.id)
             .limit(reach).subquery())
    undated = (branch.add_columns(OpenTask.created_at).where(OpenTask.due_at.is_(None))
               .order_by(OpenTask.created_at, OpenTask.id).limit(reach).subquery())
    return [select(dated.c.id, dated.c.due_at, dated.c.due_at.label("since")),
            select(undated.c.id, undated.c.due_at, undated.c.created_at.label("since"))]


_DUE_CONDITIONS = {
    None: (),
    "vencidas": (OpenTask.due_at < bindparam("now"),),
    "proximas": (OpenTask.due_at >= bindparam("now"), OpenTask.due_at < bindparam("soon")),
    "a_tiempo": (OpenTask.due_at >= bindparam("soon"),),
}
_opentask, _area, _user = OpenTask.__table__, Area.__table__, User.__table__


@lru_cache(maxsize=256)
def _inbox_statements(roles: tuple[tuple[str, bool], ...], is_admin: bool, by_process: bool, by_area: bool,
                      due: str | None):
    """The count and the page of an inbox, for one shape of roles and filters.

    Built once per shape and run with the values as parameters: building these statements costs
    more than running them.
    """
    conditions = list(_DUE_CONDITIONS[due])
    if by_process:
        conditions.append(OpenTask.process_id == bindparam("process"))
    if by_area:
        conditions.append(OpenTask.area_id == bindparam("area_id"))
    branches = _actable_branches(roles, is_admin, *conditions)
    count = select(func.count()).select_from(union_all(*branches).subquery("actable"))
    # Order and cut the page on the index alone, then read only that page's rows. Each branch
    # gives only its first offset + limit tasks, so the sort sees a few dozen, not every task.
    offset, limit = bindparam("offset", type_=Integer), bindparam("limit", type_=Integer)
    candidates = union_all(*[part for branch in branches for part in _first_of(branch, offset + limit)]
                           ).subquery("actable")
    order = (candidates.c.due_at.is_(None), candidates.c.due_at, candidates.c.since, candidates.c.id)
    page_ids = (select(candidates.c.id, candidates.c.due_at, candidates.c.since).order_by(*order)
                .offset(offset).limit(limit).subquery())
    # Rows instead of ORM objects: cheaper to build.
    page = (select(*_opentask.columns, _area.c.name, _user.c.full_name)
            .join(page_ids, page_ids.c.id == _opentask.c.id)
            .outerjoin(_area, _area.c.id == _opentask.c.area_id)
            .outerjoin(_user, _user.c.id == _opentask.c.assignee_id)
            .order_by(page_ids.c.due_at.is_(None), page_ids.c.due_at, page_ids.c.since, page_ids.c.id))
    return count, page


@dataclass
class InboxRow:
    task: OpenTask
    process_title: str
    area_name: str | None
    assignee_name: str | None
    due: DueState


@dataclass
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def my_tasks(session: Session, actor: Actor, process: str | None = None, area_id: int | None = None,
             due: str | None = None, page: int = 1, per_page: int = 25,
             now: datetime | None = None, past_the_end_is_last: bool = True) -> InboxPage:
    """The open tasks the actor may act on, soonest due first: one query for the page, one count.

    A page past the end is the last one (a person's stale link still shows tasks); with
    past_the_end_is_last=False it is empty, numbered as asked (a program paging on stops there)."""
    now = now or utcnow()
    soon = due_soon_limit(office_calendar(session, actor.organization_id), now)
    due = due if due in _DUE_CONDITIONS else None
    roles = tuple(sorted((role.value, None in areas) for role, areas in actor.grants.items()))
    count, statement = _inbox_statements(roles, actor.is_admin, bool(process), area_id is not None, due)
    parameters = {"organization_id": actor.organization_id, "process": process, "area_id": area_id,
                  "now": now, "soon": soon, "limit": per_page,
                  **{f"areas_{role.value}": sorted(areas) for role, areas in actor.grants.items()
                     if None not in areas}}
    connection = session.connection()
    total = connection.execute(count, parameters).scalar_one()
    if past_the_end_is_last:
        page = max(1, min(page, max(1, ceil(total / per_page))))
    parameters["offset"] = (page - 1) * per_page
    # Each row as a plain object (attribute access like an OpenTask): the page template reads
    # every attribute several times, and a SimpleNamespace's are much cheaper to read than a Row's.
    found = connection.execute(statement, parameters)
    columns = tuple(found.keys())
    tasks = [SimpleNamespace(**dict(zip(columns, row))) for row in found]
    rows = [InboxRow(task, _process_title(task.process_id), task.name, task.full_name,
                     due_state(_aware(task.due_at), now, soon, _waits(task.process_id, task.task_name)))
            for task in tasks]
    return InboxPage(rows, total, page, per_page)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without a zone; Pleno stores UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _waits(process_id: str, task_name: str) -> bool:
    try:
        return task_name in descriptor(process_id).waiting_tasks
    except LookupError:
        return False


def _process_title(process_id: str) -> str:
    try:
        return descriptor(process_id).title
    except LookupError:
        return process_id


def manages(actor: Actor, task: OpenTask) -> bool:
    """Administrators and holders of the task's role for the whole organization hand tasks out."""
    if actor.is_admin:
        return True
    if task.role is None or task.role not in Role._value2member_map_:
        return False
    return None in actor.grants.get(Role(task.role), set())


def _bump(task_id: str, *conditions):
    return (update(OpenTask).where(OpenTask.id == task_id, *conditions)
            .values(version=OpenTask.version + 1).execution_options(synchronize_session=False))


def _log(session: Session, actor: Actor, task: OpenTask, action: str, summary: str, after=None) -> None:
    audit.record(session, actor.organization_id, actor.user_id, actor.name, action, "proceso",
                 task.instance_id, summary=summary, after=after)


def task_for_manager(session: Session, actor: Actor, task_id: str) -> OpenTask:
    """An open task of the actor's organization that they may act on or hand out."""
    task = session.get(OpenTask, real_task_id(task_id))
    if task is None or task.organization_id != actor.organization_id:
        raise TaskGone()
    if not (actor.can_act(task.role, task.area_id) or manages(actor, task)):
        raise NotAllowed("Esta tarea corresponde a otra área o a otro rol.")
    return task


def _reload(session: Session, task_id: str) -> OpenTask | None:
    """The row as the conditional UPDATE left it (the session's copy predates it); None once
    completed (the UPDATE found it deleted by a completion that was committing)."""
    session.flush()
    return session.get(OpenTask, task_id, populate_existing=True)


def claim(session: Session, actor: Actor, task_id: str) -> OpenTask:
    """Take a group task; of two people claiming at once, the second is told who won."""
    task = runtime.open_task(session, actor, task_id)
    if task.assignee_id == actor.user_id:
        return task
    result = session.execute(_bump(task_id, OpenTask.assignee_id.is_(None)).values(assignee_id=actor.user_id))
    if result.rowcount != 1:
        current = _reload(session, task_id)
        if current is None:
            raise TaskGone()
        raise taken_by(session, current.assignee_id, "Si necesita atenderla, pídale que la libere.")
    _log(session, actor, task, "tarea.tomada", f"Tomó «{task.title}»", after={"tarea": task_id})
    return _reload(session, task_id)


def release(session: Session, actor: Actor, task_id: str) -> OpenTask:
    """Give a claimed task back to the group (its holder, or whoever manages the task)."""
    task = task_for_manager(session, actor, task_id)
    if task.assignee_id is None:
        return task
    if task.assignee_id != actor.user_id and not manages(actor, task):
        raise NotAllowed("Solo quien tomó la tarea o la administración pueden liberarla.")
    result = session.execute(_bump(task_id, OpenTask.assignee_id == task.assignee_id).values(assignee_id=None))
    if result.rowcount != 1:
        raise TaskTaken("La tarea cambió de responsable mientras tanto; recargue la página.")
    _log(session, actor, task, "tarea.liberada", f"Liberó «{task.title}»",
         after={"tarea": task_id, "antes": task.assignee_id})
    return _reload(session, task_id)


def candidates(session: Session, organization_id: int, task: OpenTask) -> list[User]:
    """Active people of the organization who may act on the task (for 'Reasignar')."""
    if task.role is None:
        role_condition = Membership.role == Role.ADMIN.value
    elif task.area_id is None:
        role_condition = Membership.role == task.role
    else:
        role_condition = and_(Membership.role == task.role,
                              or_(Membership.area_id.is_(None), Membership.area_id == task.area_id))
    statement = (select(User).where(User.organization_id == organization_id, User.active.is_(True),
                                    exists().where(Membership.user_id == User.id,
                                                   Membership.organization_id == organization_id,
                                                   role_condition))
                 .order_by(User.full_name))
    return list(session.exec(statement).all())


def reassign(session: Session, actor: Actor, task_id: str, user_id: int) -> OpenTask:
    task = task_for_manager(session, actor, task_id)
    if not manages(actor, task):
        raise NotAllowed("Solo la administración o quien tiene el rol en toda la institución puede reasignar.")
    target = session.get(User, user_id)
    if target is None or target.organization_id != actor.organization_id or not target.active:
        raise NotAllowed("Esa persona no existe o no está activa.")
    if not actor_for(session, target).can_act(task.role, task.area_id):
        raise NotAllowed(f"{target.full_name} no puede atender esta tarea (otro rol u otra área).")
    result = session.execute(_bump(task_id, OpenTask.version == task.version).values(assignee_id=target.id))
    if result.rowcount != 1:
        raise TaskTaken("La tarea cambió mientras tanto; recargue la página e intente de nuevo.")
    _log(session, actor, task, "tarea.reasignada", f"Reasignó «{task.title}» a {target.full_name}",
         after={"tarea": task_id, "antes": task.assignee_id, "despues": target.id})
    return _reload(session, task_id)


def restricted_to_areas(actor: Actor) -> bool:
    """People whose every role is limited to some areas (enlaces) see only their areas' work."""
    return not any(None in areas for areas in actor.grants.values())


def _private_to(process_id: str) -> frozenset[str] | None:
    try:
        return descriptor(process_id).private_to_roles
    except LookupError:
        return None


def _may_read(process_id: str):
    try:
        return descriptor(process_id).may_read
    except LookupError:
        return None


def refusal(process_id: str, fallback: str) -> str:
    """What a person refused an instance of the process (or one of its files) is told."""
    try:
        return descriptor(process_id).refusal or fallback
    except LookupError:
        return fallback


def _holds_organization_wide(actor: Actor, roles: frozenset[str]) -> bool:
    return any(None in actor.grants.get(Role(role), ()) for role in roles)


def own_areas_only(actor: Actor, process_id: str) -> bool:
    """Whether the actor sees only their areas' part of an instance of the process (their turns,
    answers and files), not the whole of it.

    A process private to some roles (`private_to_roles`) is whole only to those roles held for the
    whole organization: another organization-wide role (the Unidad de Transparencia, whose titular
    is also its area's enlace) reads a correspondence item as the enlace it is there. Elsewhere any
    organization-wide role reads the whole.
    """
    private_to = _private_to(process_id)
    if private_to is None:
        return restricted_to_areas(actor)
    return not _holds_organization_wide(actor, private_to)


def another_areas_file(actor: Actor, stored: StoredFile, process_id: str) -> bool:
    """A file an area attached to its own work (its answer), seen by someone who reads only their
    areas' part of the process: each area's answer is its own. Files of no area (the received
    document, the acuse) are shared."""
    return (stored.area_id is not None and stored.area_id not in actor.area_ids()
            and own_areas_only(actor, process_id))


def may_read_file(session: Session, actor: Actor, instance: ProcessInstance, stored: StoredFile) -> bool:
    """Of an instance the person may open, whether this file is theirs to read too: not another area's
    answer, and where the process names its readers (`may_read`), a file it gives them."""
    if another_areas_file(actor, stored, instance.process_id):
        return False
    may_read = _may_read(instance.process_id)
    return may_read is None or may_read(session, actor, instance, stored.kind)


def can_view_instance(session: Session, actor: Actor, instance: ProcessInstance) -> bool:
    """Same organization; and for area-limited people, an instance their areas work or worked on.

    A process that names its readers (`may_read`: a session's) is open to them alone. A process not
    open to the whole organization (`private_to_roles`) is open organization-wide only to those
    roles; anyone else needs the same evidence an enlace does.

    Evidence of that work: an open task for one of their areas, a file stored for one of their
    areas, or an audit event they wrote themselves on the instance.
    """
    if instance.organization_id != actor.organization_id:
        return False
    may_read = _may_read(instance.process_id)
    if may_read is not None:
        return may_read(session, actor, instance, None)
    private_to = _private_to(instance.process_id)
    if private_to is not None:
        if _holds_organization_wide(actor, private_to):
            return True
        if not actor.area_ids():
            return False  # e.g. the Comité: it resolves its case on the task, not on the whole file
    elif not restricted_to_areas(actor):
        return True
    areas = sorted(actor.area_ids())
    evidence = [exists().where(AuditEvent.organization_id == actor.organization_id,
                               AuditEvent.object_type == "proceso",
                               AuditEvent.object_id == str(instance.id),
                               AuditEvent.actor_id == actor.user_id)] if actor.user_id else []
    if areas:
        evidence += [exists().where(OpenTask.instance_id == instance.id, OpenTask.area_id.in_(areas)),
                     exists().where(StoredFile.instance_id == instance.id, StoredFile.area_id.in_(areas))]
    if not evidence:
        return False
    return bool(session.exec(select(or_(*evidence))).one())


def open_tasks_of(session: Session, instance: ProcessInstance) -> list[tuple[OpenTask, str | None, str | None]]:
    """The instance's open tasks with area and assignee names, for its page."""
    statement = (select(OpenTask, Area.name, User.full_name)
                 .outerjoin(Area, Area.id == OpenTask.area_id)
                 .outerjoin(User, User.id == OpenTask.assignee_id)
                 .where(OpenTask.instance_id == instance.id)
                 .order_by(OpenTask.created_at, OpenTask.id))
    return list(session.exec(statement).all())
