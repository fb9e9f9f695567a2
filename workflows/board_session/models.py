"""Collegiate bodies, their members and rules, sessions, orden del día, attendance, votes, acuerdos."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from engine.clock import utcnow
from engine.labels import LabeledEnum


class MemberRole(LabeledEnum):
    PRESIDENTE = "presidente", "Presidente"
    SECRETARIO_TECNICO = "secretario_tecnico", "Secretario Técnico"
    VOCAL = "vocal", "Vocal"
    INVITADO = "invitado", "Invitado con voz sin voto"


class Gender(LabeledEnum):
    """How documents treat a person: «La suscrita, … Secretaria Técnica», «del Lic.»; unspecified, as before."""

    UNSPECIFIED = "sin_especificar", "Sin especificar"
    FEMININE = "femenino", "Femenino"
    MASCULINE = "masculino", "Masculino"


# The roles as a woman holds them; MemberRole's labels are the masculine names (and the unspecified's).
FEMININE_ROLE_NAMES = {MemberRole.PRESIDENTE: "Presidenta", MemberRole.SECRETARIO_TECNICO: "Secretaria Técnica",
                       MemberRole.VOCAL: "Vocal", MemberRole.INVITADO: "Invitada con voz sin voto"}


def role_name(role: MemberRole, gender: Gender) -> str:
    """«Secretaria Técnica» for a woman, «Secretario Técnico» otherwise."""
    return FEMININE_ROLE_NAMES[role] if gender == Gender.FEMININE else role.label


class LeadUnit(LabeledEnum):
    BUSINESS_DAYS = "habiles", "días hábiles"
    CALENDAR_DAYS = "naturales", "días naturales"


class QuorumRule(LabeledEnum):
    MAJORITY = "mayoria", "Mayoría de los integrantes con voto"
    TWO_THIRDS = "dos_tercios", "Dos terceras partes de los integrantes con voto"
    ALL = "todos", "Todos los integrantes con voto"


class SecondCallRule(LabeledEnum):
    SAME = "igual", "El mismo quórum que en primera convocatoria"
    PRESENT = "presentes", "Con los integrantes presentes (al menos el mínimo del órgano)"
    NONE = "ninguna", "Sin segunda convocatoria: la sesión se reprograma"


class MajorityRule(LabeledEnum):
    SIMPLE = "simple", "Mayoría simple (más votos a favor que en contra)"
    PRESENT = "presentes", "Mayoría de los integrantes presentes con voto"
    MEMBERS = "integrantes", "Mayoría de los integrantes con voto"
    QUALIFIED = "calificada", "Mayoría calificada (número de votos fijo)"
    UNANIMITY = "unanimidad", "Unanimidad de los presentes"


class Convener(LabeledEnum):
    """Who convenes a body's sessions: the convocatoria opens with them and they sign it (LGSNA: the Comité
    Coordinador's president through the Secretario Técnico, the Órgano de Gobierno's president, the Comisión
    Ejecutiva's Secretario Técnico)."""

    PRESIDENT = "presidencia", "Quien preside el órgano"
    THROUGH_SECRETARY = "presidencia_por_st", "Quien preside, por conducto de la Secretaría Técnica"
    SECRETARY = "secretaria_tecnica", "La Secretaría Técnica"


# Optimistic locking: SQLAlchemy adds "AND version = <read>" to every UPDATE of these rows, so two
# people editing the same board, session or item at once get one success and one conflict.
def _version_column() -> Column:
    return Column("version", Integer, nullable=False, default=1)


_board_version = _version_column()


class Board(SQLModel, table=True):
    """An órgano colegiado of the organization and its session rules, all of them data."""

    __table_args__ = (UniqueConstraint("organization_id", "short_name"),)
    __mapper_args__ = {"version_id_col": _board_version}

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=12)  # CC, OG, CE, CT
    # Ordinary sessions a year: the annual calendar proposes this many.
    ordinary_per_year: int = 4
    lead_ordinary: int = 5
    lead_extraordinary: int = 2
    lead_unit: LeadUnit = Field(default=LeadUnit.CALENDAR_DAYS, max_length=10)
    quorum_rule: QuorumRule = Field(default=QuorumRule.MAJORITY, max_length=15)
    second_call: SecondCallRule = Field(default=SecondCallRule.PRESENT, max_length=15)
    second_call_minimum: int = 3
    default_majority: MajorityRule = Field(default=MajorityRule.SIMPLE, max_length=15)
    casting_vote: bool = True
    convener: Convener = Field(default=Convener.THROUGH_SECRETARY, max_length=20)
    # What the Secretario Técnico certifies its acuerdos «con fundamento en»: «el artículo 35 de la Ley General del
    # Sistema Nacional Anticorrupción» for the Comité Coordinador and the Órgano de Gobierno; "" for the general words.
    certification_basis: str = Field(default="", max_length=300)
    # Named matters that need a fixed number of votes: [{"materia": "...", "votos": 5}].
    qualified_matters: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # "{seq:03d}/CC/SAECH/{year}" → 003/CC/SAECH/2021; the sequence restarts each year.
    resolution_template: str = Field(default="{seq:03d}/{board}/{year}", max_length=80)
    # Días hábiles the members have to review the draft acta.
    minutes_review_days: int = 5
    default_place: str = Field(default="", max_length=300)
    # The Comité de Transparencia: the requests' cases become items of its sessions.
    transparency_committee: bool = False
    active: bool = True
    version: int | None = Field(default=None, sa_column=_board_version)
    created_at: datetime = Field(default_factory=utcnow)


class BoardMember(SQLModel, table=True):
    """A seat of a body in a term; a suplente is a row that points to the seat it substitutes."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    name: str = Field(max_length=200)
    position: str = Field(default="", max_length=300)  # cargo: "Presidente del Comité de Participación Ciudadana"
    email: str = Field(default="", max_length=200)
    role: MemberRole = Field(max_length=20)
    # For the documents' wording (a title like «Lic.» does not say it); most rows leave it unspecified.
    gender: Gender = Field(default=Gender.UNSPECIFIED, max_length=15)
    # Whether the seat votes: an invitado never does, and in some bodies neither does the Secretario
    # Técnico (in a Comité Coordinador he is the secretary of the session, with voice only).
    votes: bool = True
    substitute_for_id: int | None = Field(default=None, foreign_key="boardmember.id")
    term_start: date
    term_end: date | None = None
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def has_vote(self) -> bool:
        return self.votes and self.role != MemberRole.INVITADO

    @property
    def is_substitute(self) -> bool:
        return self.substitute_for_id is not None

    def serves_on(self, day: date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class SessionKind(LabeledEnum):
    ORDINARY = "ordinaria", "Ordinaria"
    EXTRAORDINARY = "extraordinaria", "Extraordinaria"


class SessionStatus(LabeledEnum):
    PLANNED = "programada", "Programada"
    CALLED = "convocada", "Convocada"
    IN_PROGRESS = "en_curso", "En curso"
    HELD = "celebrada", "Celebrada"
    NO_QUORUM = "sin_quorum", "Sin quórum"
    CANCELLED = "cancelada", "Cancelada"


class MinutesStatus(LabeledEnum):
    NONE = "sin_acta", "Sin acta"
    DRAFT = "borrador", "Proyecto de acta"
    IN_REVIEW = "en_revision", "En revisión de los integrantes"
    APPROVED = "aprobada", "Aprobada"
    SIGNED = "firmada", "Firmada y publicada"


_session_version = _version_column()


class BoardSession(SQLModel, table=True):
    __tablename__ = "boardsession"
    # Sessions are numbered per body, type and year: "Segunda Sesión Ordinaria" of 2021.
    __table_args__ = (UniqueConstraint("board_id", "kind", "year", "number"),)
    __mapper_args__ = {"version_id_col": _session_version}

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    kind: SessionKind = Field(max_length=15)
    year: int
    number: int
    scheduled_at: datetime = Field(index=True)  # UTC
    place: str = Field(default="", max_length=300)
    status: SessionStatus = Field(default=SessionStatus.PLANNED, max_length=15, index=True)
    # Areas send items until this day (inclusive), as announced; closing the orden del día earlier
    # («Integrar el orden del día» completed) closes the intake then, and leaves this day as it was.
    agenda_cutoff: date | None = None
    agenda_closed_at: datetime | None = None
    # 1: primera convocatoria; 2: the same session held in segunda convocatoria.
    call_number: int = 1
    called_at: datetime | None = None
    # Why an extraordinary session is convened with less anticipación than an ordinary one: its convocatoria says it.
    urgency: str = Field(default="", sa_type=Text)
    opened_at: datetime | None = None
    quorum_declared_at: datetime | None = None
    closed_at: datetime | None = None
    minutes_status: MinutesStatus = Field(default=MinutesStatus.NONE, max_length=15)
    minutes_review_deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    # The later session whose "aprobación del acta anterior" approved this session's acta.
    minutes_approved_in_id: int | None = Field(default=None, foreign_key="boardsession.id")
    minutes_approved_on: date | None = None
    signed_at: datetime | None = None
    published_at: datetime | None = None
    # The seguimiento de acuerdos the session heard (followup_heard.py), kept when the room closed it; None
    # before, or for a session held before it was kept.
    followup_heard: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON)
    instance_id: int | None = Field(default=None, foreign_key="processinstance.id", index=True)
    notes: str = Field(default="", sa_type=Text)  # why it was cancelled, rescheduled, proposed
    created_by: int | None = Field(default=None, foreign_key="user.id")
    version: int | None = Field(default=None, sa_column=_session_version)
    created_at: datetime = Field(default_factory=utcnow)


class AnnualCalendar(SQLModel, table=True):
    """A body's calendar of ordinary sessions for a year, approved at one of its sessions."""

    __table_args__ = (UniqueConstraint("board_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    board_id: int = Field(foreign_key="board.id")
    year: int
    approved_in_session_id: int | None = Field(default=None, foreign_key="boardsession.id")
    approved_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ItemKind(LabeledEnum):
    FIXED = "fijo", "Punto fijo"
    INFORMATIVE = "informativo", "Informativo"
    FOR_APPROVAL = "aprobacion", "Para aprobación"


class FixedItem(LabeledEnum):
    """Items every session carries, in this order around the areas' items."""

    ATTENDANCE = "asistencia", "Lista de asistencia y declaración del quórum legal"
    AGENDA = "orden_del_dia", "Lectura y, en su caso, aprobación del orden del día"
    PREVIOUS_MINUTES = "acta_anterior", "Lectura y, en su caso, aprobación del acta de la sesión anterior"
    FOLLOWUP = "seguimiento", "Seguimiento de acuerdos"
    GENERAL = "asuntos_generales", "Asuntos generales"


class ItemStatus(LabeledEnum):
    PROPOSED = "propuesto", "Propuesto"
    ACCEPTED = "aceptado", "Aceptado"
    REJECTED = "rechazado", "No incluido"
    MERGED = "fusionado", "Fusionado con otro punto"
    # A request's case the Comité resolved in the request's own file before the session voted it.
    WITHDRAWN = "retirado", "Retirado del orden del día"


class ItemResult(LabeledEnum):
    APPROVED = "aprobado", "Aprobado"
    NOT_APPROVED = "no_aprobado", "No aprobado"
    PRESENTED = "presentado", "Presentado (informativo)"
    # The body agreed to leave the item for a later session: no vote, no acuerdo number.
    DEFERRED = "diferido", "Diferido a una sesión posterior"


_item_version = _version_column()


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agendaitem"
    __mapper_args__ = {"version_id_col": _item_version}

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    position: int = 0
    kind: ItemKind = Field(max_length=15)
    fixed: FixedItem | None = Field(default=None, max_length=20)
    title: str = Field(max_length=500)
    description: str = Field(default="", sa_type=Text)
    proposed_resolution: str = Field(default="", sa_type=Text)
    # A named qualified matter of the board ("Nombramiento del Secretario Técnico"), or "".
    matter: str = Field(default="", max_length=200)
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    submitted_by: int | None = Field(default=None, foreign_key="user.id")
    status: ItemStatus = Field(default=ItemStatus.PROPOSED, max_length=15)
    merged_into_id: int | None = Field(default=None, foreign_key="agendaitem.id")
    # Why it left the orden del día (a withdrawn case: which resolution, of what day, in what sense).
    withdrawn_reason: str = Field(default="", sa_type=Text)
    # Discussion notes for the acta, written by legal staff during or after the session.
    notes: str = Field(default="", sa_type=Text)
    result: ItemResult | None = Field(default=None, max_length=15)
    deferred_reason: str = Field(default="", sa_type=Text)  # why the room deferred it, when it said so
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    # The rule the result was computed by, in words, for the acta ("mayoría simple; voto de calidad").
    result_rule: str = Field(default="", max_length=300)
    voted_at: datetime | None = None
    # Follow-up the acuerdo orders: responsible areas and due date (or días hábiles from the vote).
    followup_area_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    followup_due: date | None = None
    # A case of the Comité de Transparencia raised by a request.
    committee_case_id: int | None = Field(default=None, foreign_key="committeecase.id", index=True)
    # The sense the Comité is asked to vote for that case: a CommitteeResolution value (confirma / modifica /
    # revoca). A plain string: PostgreSQL already has that enum's type, made by the requests' migration.
    committee_sense: str = Field(default="", max_length=10)
    # The item of an earlier session this one continues (deferred, or not desahogado there); unique: an item
    # goes on to one later session only.
    carried_from_id: int | None = Field(default=None, foreign_key="agendaitem.id", unique=True, index=True)
    # What the Comité modifies, or why it revokes, as Jurídica proposes it with that sense: the acuerdo says it,
    # and the request's oficio cites it (the considerations of committee_resolution).
    committee_notes: str = Field(default="", sa_type=Text)
    version: int | None = Field(default=None, sa_column=_item_version)
    created_at: datetime = Field(default_factory=utcnow)


class AgendaDocument(SQLModel, table=True):
    """A document attached to an item (the areas' support), shown and linked in the convocatoria."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    item_id: int = Field(foreign_key="agendaitem.id", index=True)
    file_id: int = Field(foreign_key="storedfile.id")


class AttendanceStatus(LabeledEnum):
    PRESENT = "presente", "Presente"
    ABSENT = "ausente", "Ausente"
    SUBSTITUTE = "suplente", "Asiste su suplente"


class Attendance(SQLModel, table=True):
    """Who sits in each seat of a session; one row per titular seat."""

    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    member_id: int = Field(foreign_key="boardmember.id")
    status: AttendanceStatus = Field(max_length=10)
    substitute_id: int | None = Field(default=None, foreign_key="boardmember.id")
    recorded_by: int | None = Field(default=None, foreign_key="user.id")
    recorded_at: datetime = Field(default_factory=utcnow)


class AttendanceChange(SQLModel, table=True):
    """Each attendance the room records, in order: Attendance keeps only the last one, and the acta tells
    who withdrew, arrived or handed the seat to a suplente after the roll call, and when."""

    __tablename__ = "attendancechange"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    member_id: int = Field(foreign_key="boardmember.id")  # the titular seat
    status: AttendanceStatus = Field(max_length=10)
    substitute_id: int | None = Field(default=None, foreign_key="boardmember.id")
    # Recorded before the quorum was declared: part of the lista de asistencia, not a movement after it.
    roll_call: bool = True
    recorded_by: int | None = Field(default=None, foreign_key="user.id")
    recorded_at: datetime = Field(default_factory=utcnow)


class VoteSense(LabeledEnum):
    FOR = "a_favor", "A favor"
    AGAINST = "en_contra", "En contra"
    ABSTAIN = "abstencion", "Abstención"


class Vote(SQLModel, table=True):
    """One seat's vote on one item; the unique key refuses a vote recorded twice."""

    __table_args__ = (UniqueConstraint("item_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    item_id: int = Field(foreign_key="agendaitem.id", index=True)
    member_id: int = Field(foreign_key="boardmember.id")  # the titular seat
    cast_by_id: int = Field(foreign_key="boardmember.id")  # the titular or the suplente present
    sense: VoteSense = Field(max_length=12)
    dissent: str = Field(default="", sa_type=Text)  # voto particular
    recorded_by: int | None = Field(default=None, foreign_key="user.id")
    recorded_at: datetime = Field(default_factory=utcnow)


class ResolutionStatus(LabeledEnum):
    PENDING = "pendiente", "Pendiente"
    IN_PROGRESS = "en_proceso", "En proceso"
    DONE = "cumplido", "Cumplido"
    OVERDUE = "vencido", "Vencido"  # derived on the day (standing.py), never stored
    NO_FOLLOWUP = "sin_seguimiento", "Sin seguimiento (no ordena trabajo)"


OPEN_RESOLUTION_STATUSES = (ResolutionStatus.PENDING, ResolutionStatus.IN_PROGRESS, ResolutionStatus.OVERDUE)


class Resolution(SQLModel, table=True):
    """An acuerdo, numbered with the body's template and yearly sequence: no duplicates, no gaps."""

    __table_args__ = (UniqueConstraint("board_id", "year", "seq"), UniqueConstraint("organization_id", "number"))

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    item_id: int = Field(foreign_key="agendaitem.id", unique=True)
    year: int
    seq: int
    number: str = Field(max_length=80)
    text: str = Field(sa_type=Text)
    approved_on: date
    status: ResolutionStatus = Field(default=ResolutionStatus.NO_FOLLOWUP, max_length=15, index=True)
    area_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    # The fecha compromiso: as approved, then the new one when Jurídica returns the areas' compliance.
    due_on: date | None = None
    # Percent, the least advanced area's latest report on its current term: after a return, only what the
    # areas reported since counts (the 100 % returned was not accepted).
    progress: int = 0
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    followup_instance_id: int | None = Field(default=None, foreign_key="processinstance.id")
    completed_on: date | None = None
    returned_on: date | None = None  # the last day Jurídica returned the areas' reported compliance
    created_at: datetime = Field(default_factory=utcnow)


class ProgressReport(SQLModel, table=True):
    """An area's report on an acuerdo: what was done, how far, with its evidence."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    resolution_id: int = Field(foreign_key="resolution.id", index=True)
    area_id: int | None = Field(default=None, foreign_key="area.id")
    text: str = Field(sa_type=Text)
    progress: int
    file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    reported_by: int | None = Field(default=None, foreign_key="user.id")
    reported_at: datetime = Field(default_factory=utcnow)
    # The area's term it reports on: a return opens a new one, and the progress starts over on it.
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    drop_reason: str = Field(default="", sa_type=Text)  # why it reports less than its previous report on the term


class Reply(LabeledEnum):
    ATTENDS = "asistira", "Asistirá"
    DOES_NOT_ATTEND = "no_asistira", "No asistirá"


class SessionNotice(SQLModel, table=True):
    """The convocatoria as delivered to one member: when, to which address, and their answer."""

    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    member_id: int = Field(foreign_key="boardmember.id")
    email: str = Field(max_length=200)
    outbox_key: str = Field(max_length=120)
    sent_at: datetime = Field(default_factory=utcnow)
    reply: Reply | None = Field(default=None, max_length=12)
    replied_at: datetime | None = None
    # The link in the e-mail: a member confirms attendance and downloads the documents without signing in.
    token: str = Field(max_length=64, unique=True)
    # The convocatoria addressed to this member, whose links to the items' documents are the member's
    # own (None: sent before members got their own copy; the link serves the one to all the members).
    file_id: int | None = Field(default=None, foreign_key="storedfile.id")


class MinutesComment(SQLModel, table=True):
    """A member's observation on the draft acta during its review term."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="boardsession.id", index=True)
    member_id: int | None = Field(default=None, foreign_key="boardmember.id")
    user_id: int | None = Field(default=None, foreign_key="user.id")
    text: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
