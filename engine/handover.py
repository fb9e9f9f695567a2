"""Open work when people or areas leave: a deactivated account, a revoked role or a deactivated area
must not leave a task in nobody's inbox, and the tasks the person had taken go back to their group."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from engine import audit
from engine.accounts import Actor, Membership, Role, User, actor_for, end_credentials, grants_of, memberships_of
from engine.deadlines import LIVE_STATUSES, Deadline, DeadlineStatus
from engine.inbox import release
from engine.labels import counted, in_a_series
from engine.processes import OpenTask
from engine.tenancy import Area, Organization

EXAMPLES = 2
_SUBJECT_LENGTH = 80


@dataclass
class StrandedWork:
    """The open tasks of one lane (and area) that no other active person would see."""

    role: str | None
    area_name: str | None
    count: int
    subjects: list[str]

    def described(self) -> str:
        return f"{self._lane()} ({_with_examples(self.count, 'tarea abierta', 'tareas abiertas', self.subjects)})"

    def remedy(self) -> str:
        if self.area_name is not None:
            return f"asigne otro enlace a {self.area_name}"
        return f"dé el rol «{self._role_label()}» a otra persona"

    def _lane(self) -> str:
        if self.area_name is not None:
            return f"las tareas del enlace de {self.area_name}"
        return f"las tareas de {self._role_label()}"

    def _role_label(self) -> str:
        return Role.ADMIN.label if self.role is None else Role(self.role).label


def _short(subject: str) -> str:
    return subject if len(subject) <= _SUBJECT_LENGTH else subject[:_SUBJECT_LENGTH - 1].rstrip() + "…"


def _with_examples(count: int, one: str, many: str, subjects: list[str]) -> str:
    """«3 tareas abiertas, p. ej. «…», «…»», or «1 tarea abierta: «…»» when the examples are all of them."""
    examples = ", ".join(f"«{_short(subject)}»" for subject in subjects)
    return f"{counted(count, one, many)}{':' if count <= len(subjects) else ', p. ej.'} {examples}"


def stranded_work(session: Session, organization_id: int, leaving: list[Membership]) -> list[StrandedWork]:
    """The open tasks only these memberships reach: without them, no active person would see them.

    Who reaches a task is read as the inboxes read it (Actor.can_act over the task's role and area),
    so an area's enlace, the only «transparencia» or the only «oficialía» person count alike.
    """
    # Changes of who works where in one organization wait for each other: two administrators
    # removing an area's last two enlaces at once would each still see the other one.
    session.get(Organization, organization_id, with_for_update=True)
    if not leaving:
        return []
    remaining = session.exec(select(Membership).join(User, User.id == Membership.user_id).where(
        Membership.organization_id == organization_id, User.active,
        Membership.id.not_in([m.id for m in leaving]))).all()
    lost = Actor(None, organization_id, "", grants_of(leaving))
    kept = Actor(None, organization_id, "", grants_of(remaining))
    lanes = session.exec(select(OpenTask.role, OpenTask.area_id, func.count()).where(
        OpenTask.organization_id == organization_id).group_by(OpenTask.role, OpenTask.area_id)).all()
    stranded = [(role, area_id, count) for role, area_id, count in lanes
                if lost.can_act(role, area_id) and not kept.can_act(role, area_id)]
    return [StrandedWork(role, _area_name(session, role, area_id), count, _subjects(session, organization_id,
                                                                                    role, area_id))
            for role, area_id, count in sorted(stranded, key=lambda lane: (lane[0] or "", lane[1] or 0))]


def _open_work_of(session: Session, area: Area) -> list[str]:
    """What is still open in an area, described: its tasks lane by lane (a turn waiting for the area's
    answer is one), and the deadlines it answers for that still run."""
    lanes = session.exec(select(OpenTask.role, func.count()).where(
        OpenTask.organization_id == area.organization_id, OpenTask.area_id == area.id)
        .group_by(OpenTask.role)).all()
    described = [StrandedWork(role, _area_name(session, role, area.id), count,
                              _subjects(session, area.organization_id, role, area.id)).described()
                 for role, count in sorted(lanes, key=lambda lane: lane[0] or "")]
    running = Deadline.status.in_([*LIVE_STATUSES, DeadlineStatus.PAUSED])  # a paused one resumes
    of_area = (Deadline.organization_id == area.organization_id, Deadline.responsible_area_id == area.id, running)
    total = session.exec(select(func.count()).select_from(Deadline).where(*of_area)).one()
    if total:
        titles = list(session.exec(select(Deadline.title).where(*of_area)
                                   .order_by(Deadline.due_on, Deadline.id).limit(EXAMPLES)).all())
        running_terms = _with_examples(total, "plazo en curso", "plazos en curso", titles)
        described.append(f"los plazos a su cargo ({running_terms})")
    return described


def area_deactivation_problem(session: Session, area: Area) -> str | None:
    """Why this area cannot be deactivated now, in Spanish; None when it can. An inactive area takes
    no new enlace, so work left in it would be out of reach of anyone who could answer it."""
    # Waits for the changes of who works where in the organization, as letting a person go does.
    session.get(Organization, area.organization_id, with_for_update=True)
    open_work = _open_work_of(session, area)
    if not open_work:
        return None
    return (f"No se puede desactivar el área {area.name} mientras tenga trabajo abierto: {in_a_series(open_work)}. "
            "Un área inactiva no admite enlaces nuevos, y nadie podría atender ese trabajo. Primero concluya cada "
            "asunto o muévalo a otra área (el enlace devuelve el turno que no le corresponde, y quien lo turnó, la "
            "Unidad de Transparencia o la oficialía de partes, lo turna a otra); después desactive el área.")


def _area_name(session: Session, role: str | None, area_id: int | None) -> str | None:
    if area_id is None or role != Role.ENLACE:
        return None
    area = session.get(Area, area_id)
    return area.name if area else None


def _subjects(session: Session, organization_id: int, role: str | None, area_id: int | None) -> list[str]:
    """The lane's first tasks by due date, as the inbox lists them."""
    return list(session.exec(select(OpenTask.subject).where(
        OpenTask.organization_id == organization_id,
        OpenTask.role == role if role is not None else OpenTask.role.is_(None),
        OpenTask.area_id == area_id if area_id is not None else OpenTask.area_id.is_(None))
        .order_by(OpenTask.due_at.is_(None), OpenTask.due_at, OpenTask.created_at).limit(EXAMPLES)).all())


def _refusal(session: Session, user: User, leaving: list[Membership], refused: str, then: str) -> str | None:
    stranded = stranded_work(session, user.organization_id, leaving if user.active else [])
    if not stranded:
        return None
    lanes = "; ".join(work.described() for work in stranded)
    remedies = " y ".join(dict.fromkeys(work.remedy() for work in stranded))
    return (f"{refused}: es la única persona activa que atiende {lanes}. Nadie más vería esas tareas en su "
            f"bandeja. Primero {remedies} en Administración → Usuarios; después {then}.")


def deactivation_problem(session: Session, user: User) -> str | None:
    """Why this account cannot be deactivated now, in Spanish; None when it can."""
    return _refusal(session, user, memberships_of(session, user.id),
                    f"No se puede desactivar a {user.full_name}", "desactive la cuenta")


def revocation_problem(session: Session, user: User, membership: Membership) -> str | None:
    """Why this role cannot be taken from the person now, in Spanish; None when it can."""
    return _refusal(session, user, [membership],
                    f"No se puede quitar el rol «{Role(membership.role).label}» a {user.full_name}",
                    "revoque el rol")


def set_active(session: Session, by: Actor, user: User, active: bool) -> str | None:
    """Deactivate or reactivate an account, as every path does it (the administration's pages, the
    console): the refusal in Spanish when letting the person go would strand open tasks, else None.

    Deactivated, nothing issued to the person still lets them in (web sessions, API tokens), so a
    later reactivation does not bring an old token back; the tasks they took go back to their group.
    """
    if not active and (problem := deactivation_problem(session, user)):
        return problem
    if user.active == active:
        return None
    user.active = active
    revoked = "" if active else end_credentials(session, user).in_the_log()
    summary = f"{'Reactivó' if active else 'Desactivó'} al usuario {user.username}"
    audit.record(session, user.organization_id, by.user_id, by.name,
                 "admin.usuario." + ("activado" if active else "desactivado"), "usuario", user.id,
                 summary=summary + revoked,
                 before={"activo": not active}, after={"activo": active})
    release_claims_of(session, by, user)
    return None


def release_claims_of(session: Session, admin: Actor, user: User) -> int:
    """Give back to their group the tasks this person took and may no longer work (deactivated, or
    without the role): colleagues then see them unclaimed. How many."""
    session.flush()
    person = actor_for(session, user)
    claimed = session.exec(select(OpenTask).where(OpenTask.organization_id == user.organization_id,
                                                  OpenTask.assignee_id == user.id)).all()
    released = [task for task in claimed if not user.active or not person.can_act(task.role, task.area_id)]
    for task in released:
        release(session, admin, task.id)
    return len(released)
