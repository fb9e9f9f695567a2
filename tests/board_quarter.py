"""A real quarter of a Secretaría Ejecutiva's collegiate bodies, built through the workflow functions.

Other tests import it; nothing here is a pytest fixture by itself (see `quarter_of` for the usual
`@pytest.fixture def quarter(engine, demo, juridico): return quarter_of(engine, demo, juridico)`).

API (`db` is an open sqlmodel Session; every function flushes, the caller commits):

- `make_boards(db, demo) -> dict[str, Board]`: CC, OG, CE and CT of the demo organization with their
  seats (term from 1 January 2021). CC: presidente + 6 vocales with vote, the Secretario Técnico with
  voice only (votes=False), an invitado, and suplentes of two vocales (SUPLENTES); convened by its
  presidente through the Secretario Técnico. OG: presidente + 6 vocales, "Nombramiento del Secretario
  Técnico" needs 5 votos, a suplente; convened by its presidente. CE: 5 seats, presided and convened by
  the Secretario Técnico. CT: 3 seats
  (transparency_committee=True; its vocal Sofía Méndez is the demo user "comite"). The CC vocal
  Carmen Ortiz is the demo user "integrante". Calling it twice returns the same boards.
- `member(db, board, name) -> BoardMember`: a seat or suplente by (part of) its name.
- `Item(title, resolution="", matter="", votes=None, area_ids=(), due=None)`: an item to treat; without
  `resolution` it is informativo; `votes` maps member names (of the titular seat) to a VoteSense —
  every other present voting seat votes a favor.
- `plan_called(db, actor, board, kind, when, items) -> BoardSession`: planned (plan_session, `when` is
  a naive local datetime) with the items accepted, and status CALLED set directly (no convocatoria).
- `open_with_quorum(db, actor, session, attendance=None)`: opens it, records every seat's attendance
  (`attendance` maps names to "ausente" or "suplente"; the rest "presente"; a "suplente" seat is
  sat by its first suplente) and declares quorum (second call when the first fails and the rules allow).
- `vote_item(db, actor, item, votes=None) -> Resolution | None`: casts every present seat's vote and
  closes the vote.
- `hold_session(db, actor, board, kind, when, items=(), attendance=None, close=True) -> BoardSession`:
  all of the above, votes the fixed items (orden del día, acta anterior) a favor, closes the session
  and stamps opened/closed/voted times on the session's own day (so actas and acuerdos carry 2021
  dates, not today's).
- `make_quarter(db, demo, actor) -> Quarter` and `quarter_of(engine, demo, actor) -> Quarter` (its own
  transaction): the boards and four sessions held —
  OG Primera Sesión Ordinaria (26 February 2021, acuerdos 001–004/OG/SESAECH/2021),
  CC Primera Sesión Extraordinaria (9 April 2021 10:00, 001 and 002/CC/SAECH/2021),
  CC Primera Sesión Ordinaria (30 April 2021 10:00, 003/CC/SAECH/2021),
  OG Segunda Sesión Ordinaria (30 April 2021 13:00, 005 and 006/OG/SESAECH/2021).
  `Quarter.sessions` keys: "og_ordinaria_1", "cc_extraordinaria_1", "cc_ordinaria_1", "og_ordinaria_2";
  `Quarter.numbers[key]` the acuerdo numbers of that session in order.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from engine.accounts import Actor
from engine.db import transaction
from workflows.board_session import room
from workflows.board_session.models import (AgendaItem, AttendanceStatus, Board, BoardMember, BoardSession,
                                            Convener, ItemKind, LeadUnit, MajorityRule, MemberRole, QuorumRule,
                                            Resolution, SecondCallRule, SessionKind, SessionStatus, VoteSense)
from workflows.board_session.demo import LGSNA_35
from workflows.board_session.sessions import VOTED_FIXED, items_of, plan_session, submit_item

TERM_START = date(2021, 1, 1)
QUALIFIED_ST = "Nombramiento del Secretario Técnico"

# (short name, name, template, rules)
BOARDS = {
    "CC": ("Comité Coordinador", "{seq:03d}/CC/SAECH/{year}",
           {"ordinary_per_year": 4, "lead_ordinary": 5, "lead_extraordinary": 1, "certification_basis": LGSNA_35}),
    "OG": ("Órgano de Gobierno", "{seq:03d}/OG/SESAECH/{year}",
           {"ordinary_per_year": 4, "lead_ordinary": 5, "lead_extraordinary": 1, "convener": Convener.PRESIDENT,
            "certification_basis": LGSNA_35,
            "qualified_matters": [{"materia": QUALIFIED_ST, "votos": 5}]}),
    "CE": ("Comisión Ejecutiva", "{seq:03d}/CE/SESAECH/{year}",
           {"ordinary_per_year": 12, "lead_ordinary": 3, "lead_extraordinary": 1, "lead_unit": LeadUnit.BUSINESS_DAYS,
            "convener": Convener.SECRETARY}),
    "CT": ("Comité de Transparencia", "CT/{seq:03d}/{year}",
           {"ordinary_per_year": 4, "lead_ordinary": 2, "lead_extraordinary": 1, "lead_unit": LeadUnit.BUSINESS_DAYS,
            "transparency_committee": True, "second_call": SecondCallRule.SAME}),
}

# (name, position, role, votes)
CC_SEATS = [
    ("Mtra. Lucía Hernández Vázquez", "Presidenta del Comité de Participación Ciudadana", MemberRole.PRESIDENTE, True),
    ("C.P. Alberto Ruiz Zenteno", "Auditor Superior del Estado", MemberRole.VOCAL, True),
    ("Lic. Mario Gutiérrez Coello", "Fiscal contra la Corrupción", MemberRole.VOCAL, True),
    ("Mtra. Carmen Ortiz Ramírez", "Secretaria Anticorrupción y Buen Gobierno", MemberRole.VOCAL, True),
    ("Mgdo. Jorge Alfaro Pineda", "Representante del Consejo de la Judicatura", MemberRole.VOCAL, True),
    ("Lic. Ana Laura Moreno Díaz", "Comisionada Presidenta del Instituto de Transparencia", MemberRole.VOCAL, True),
    ("Mgdo. Óscar Villatoro Nájera", "Presidente del Tribunal de Justicia Administrativa", MemberRole.VOCAL, True),
    ("Mtro. Rafael Domínguez Solís", "Secretario Técnico de la Secretaría Ejecutiva",
     MemberRole.SECRETARIO_TECNICO, False),
    ("Lic. Elena Cruz Trujillo", "Titular del Órgano Interno de Control", MemberRole.INVITADO, False),
]
OG_SEATS = [
    ("Mtra. Lucía Hernández Vázquez", "Presidenta del Comité de Participación Ciudadana", MemberRole.PRESIDENTE, True),
    ("C.P. Alberto Ruiz Zenteno", "Auditor Superior del Estado", MemberRole.VOCAL, True),
    ("Lic. Mario Gutiérrez Coello", "Fiscal contra la Corrupción", MemberRole.VOCAL, True),
    ("Mtra. Carmen Ortiz Ramírez", "Secretaria Anticorrupción y Buen Gobierno", MemberRole.VOCAL, True),
    ("Mgdo. Jorge Alfaro Pineda", "Representante del Consejo de la Judicatura", MemberRole.VOCAL, True),
    ("Lic. Ana Laura Moreno Díaz", "Comisionada Presidenta del Instituto de Transparencia", MemberRole.VOCAL, True),
    ("Mgdo. Óscar Villatoro Nájera", "Presidente del Tribunal de Justicia Administrativa", MemberRole.VOCAL, True),
    ("Mtro. Rafael Domínguez Solís", "Secretario Técnico de la Secretaría Ejecutiva",
     MemberRole.SECRETARIO_TECNICO, False),
]
CE_SEATS = [
    ("Mtro. Rafael Domínguez Solís", "Secretario Técnico", MemberRole.PRESIDENTE, True),
    ("Dr. Héctor Morales Gordillo", "Integrante del Comité de Participación Ciudadana", MemberRole.VOCAL, True),
    ("Mtra. Silvia Aguilar Toledo", "Integrante del Comité de Participación Ciudadana", MemberRole.VOCAL, True),
    ("Lic. Ricardo Pérez Coutiño", "Integrante del Comité de Participación Ciudadana", MemberRole.VOCAL, True),
    ("Dra. Patricia León Figueroa", "Integrante del Comité de Participación Ciudadana", MemberRole.VOCAL, True),
]
CT_SEATS = [
    ("Lic. Ana María Gómez Ruiz", "Directora Jurídica", MemberRole.PRESIDENTE, True),
    ("Sofía Méndez Aguilar", "Titular del Órgano Interno de Control", MemberRole.VOCAL, True),
    ("Luis Alberto Pérez Soto", "Titular de la Unidad de Transparencia", MemberRole.VOCAL, True),
]
SEATS = {"CC": CC_SEATS, "OG": OG_SEATS, "CE": CE_SEATS, "CT": CT_SEATS}
# suplente's name → (board, titular's name)
SUPLENTES = {
    "Lic. Fernanda Coutiño Ramos": ("CC", "C.P. Alberto Ruiz Zenteno"),
    "Lic. Daniel Estrada Molina": ("CC", "Lic. Mario Gutiérrez Coello"),
    "Lic. Irma Castañeda Velasco": ("OG", "C.P. Alberto Ruiz Zenteno"),
}
# Seats a demo user holds: (board, name) → demo username.
USERS = {("CC", "Mtra. Carmen Ortiz Ramírez"): "integrante", ("CT", "Sofía Méndez Aguilar"): "comite",
         ("CT", "Lic. Ana María Gómez Ruiz"): "juridico", ("CT", "Luis Alberto Pérez Soto"): "transparencia"}


def _email(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if len(w) > 3]
    return (words[0] + "." + words[1]).lower().translate(str.maketrans("áéíóúñ", "aeioun")) + "@sesaech.example"


def make_boards(db: Session, demo) -> dict[str, Board]:
    """The four bodies of the demo organization with their seats; idempotent."""
    organization_id = demo.organization.id
    boards = {}
    for short, (name, template, rules) in BOARDS.items():
        board = db.exec(select(Board).where(Board.organization_id == organization_id,
                                            Board.short_name == short)).first()
        if board is None:
            board = Board(organization_id=organization_id, name=name, short_name=short, resolution_template=template,
                          default_place="Sala de juntas de la Secretaría Ejecutiva, Tuxtla Gutiérrez, Chiapas",
                          quorum_rule=QuorumRule.MAJORITY, default_majority=MajorityRule.SIMPLE, **rules)
            db.add(board)
            db.flush()
            for name_, position, role, votes in SEATS[short]:
                username = USERS.get((short, name_))
                db.add(BoardMember(organization_id=organization_id, board_id=board.id, name=name_, position=position,
                                   role=role, votes=votes, email=_email(name_), term_start=TERM_START,
                                   user_id=demo.users[username].id if username else None))
            db.flush()
            for name_, (board_short, titular) in SUPLENTES.items():
                if board_short == short:
                    seat = member(db, board, titular)
                    db.add(BoardMember(organization_id=organization_id, board_id=board.id, name=name_,
                                       position=f"Suplente de {seat.position}", role=seat.role, votes=seat.votes,
                                       email=_email(name_), term_start=TERM_START, substitute_for_id=seat.id))
            db.flush()
        boards[short] = board
    return boards


def member(db: Session, board: Board, name: str) -> BoardMember:
    """A seat or suplente of the board by its name or a unique part of it."""
    rows = db.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
    exact = [m for m in rows if m.name == name]
    found = exact or [m for m in rows if name.lower() in m.name.lower()]
    if len(found) != 1:
        raise LookupError(f"{len(found)} integrantes de {board.short_name} se llaman «{name}»")
    return found[0]


@dataclass
class Item:
    title: str
    resolution: str = ""  # the proposed acuerdo; empty → informativo
    matter: str = ""
    votes: dict[str, VoteSense] | None = None  # titular's name → sense; the rest a favor
    area_ids: tuple[int, ...] = ()
    due: date | None = None


def plan_called(db: Session, actor: Actor, board: Board, kind: SessionKind, when: datetime,
                items: list[Item] | tuple = ()) -> BoardSession:
    """Planned with its items accepted and marked convocada (the convocatoria itself is not sent)."""
    board_session = plan_session(db, actor, board, kind, when, agenda_cutoff=(when - timedelta(days=7)).date())
    for spec in items:
        item = submit_item(db, actor, board_session, title=spec.title,
                           kind=ItemKind.FOR_APPROVAL if spec.resolution else ItemKind.INFORMATIVE, area_id=None,
                           proposed_resolution=spec.resolution, matter=spec.matter, today=when.date())
        item.followup_area_ids, item.followup_due = list(spec.area_ids), spec.due
    board_session.status, board_session.called_at = SessionStatus.CALLED, board_session.scheduled_at - timedelta(days=5)
    db.flush()
    return board_session


def open_with_quorum(db: Session, actor: Actor, board_session: BoardSession,
                     attendance: dict[str, str] | None = None) -> None:
    """Open, take the roll (everyone present unless `attendance` says "ausente" or "suplente"), declare quorum."""
    board = db.get(Board, board_session.board_id)
    room.open_session(db, actor, board_session, None)
    # Held on the day it was convened for (the tests' sessions are in the past): the acuerdos take that day.
    board_session.opened_at = board_session.scheduled_at
    attendance = attendance or {}
    marks = {member(db, board, name).id: status for name, status in attendance.items()}
    subs = room.substitutes(db, board, room.local_day(db, board_session))
    for seat in room.room_seats(db, board_session):
        status = AttendanceStatus(marks.get(seat.member.id, AttendanceStatus.PRESENT.value))
        substitute_id = subs[seat.member.id][0].id if status == AttendanceStatus.SUBSTITUTE else None
        room.record_attendance(db, actor, board_session, seat.member.id, status, substitute_id)
    if not room.quorum(db, board_session).met and board.second_call != SecondCallRule.NONE:
        room.second_call(db, actor, board_session, None)
    room.declare_quorum(db, actor, board_session, None)
    db.flush()


def vote_item(db: Session, actor: Actor, item: AgendaItem, votes: dict[str, VoteSense] | None = None):
    """Every present voting seat votes (a favor unless `votes` says otherwise); the vote is closed."""
    board_session = db.get(BoardSession, item.session_id)
    board = db.get(Board, board_session.board_id)
    senses = {member(db, board, name).id: sense for name, sense in (votes or {}).items()}
    for seat in room.room_seats(db, board_session):
        if seat.member.has_vote and seat.present:
            room.cast_vote(db, actor, item, seat.member.id, senses.get(seat.member.id, VoteSense.FOR))
    return room.close_vote(db, actor, item, None)


def hold_session(db: Session, actor: Actor, board: Board, kind: SessionKind, when: datetime,
                 items: list[Item] | tuple = (), attendance: dict[str, str] | None = None,
                 close: bool = True) -> BoardSession:
    """A whole session: planned, convocada, opened with quorum, every item voted, closed (unless close=False)."""
    board_session = plan_called(db, actor, board, kind, when, items)
    open_with_quorum(db, actor, board_session, attendance)
    specs = {spec.title: spec for spec in items}
    minute = 10
    for item in items_of(db, board_session):
        spec = specs.get(item.title)
        if item.fixed in VOTED_FIXED or (spec is not None and spec.resolution):
            vote_item(db, actor, item, spec.votes if spec else None)
            item.voted_at = board_session.scheduled_at + timedelta(minutes=minute)
            minute += 10
    # The session's own clock: the acta writes these hours, the acuerdos this day.
    board_session.opened_at = board_session.scheduled_at
    board_session.quorum_declared_at = board_session.scheduled_at + timedelta(minutes=5)
    if close:
        room.close_session(db, actor, board_session, None)
        board_session.closed_at = board_session.scheduled_at + timedelta(minutes=minute + 20)
    db.flush()
    return board_session


@dataclass
class Quarter:
    boards: dict[str, Board]
    sessions: dict[str, BoardSession]
    numbers: dict[str, list[str]] = field(default_factory=dict)


QUARTER_SESSIONS = [
    ("og_ordinaria_1", "OG", SessionKind.ORDINARY, datetime(2021, 2, 26, 11, 0), [
        Item("Aprobación del calendario anual de sesiones ordinarias 2021",
             "Se aprueba el calendario anual de sesiones ordinarias del Órgano de Gobierno para 2021."),
        Item("Presupuesto de egresos de la Secretaría Ejecutiva para el ejercicio 2021",
             "Se aprueba el presupuesto de egresos de la Secretaría Ejecutiva para el ejercicio fiscal 2021."),
        Item("Programa Anual de Trabajo 2021 de la Secretaría Ejecutiva",
             "Se aprueba el Programa Anual de Trabajo 2021 de la Secretaría Ejecutiva."),
        Item("Informe de la Secretaría Técnica sobre el cierre del ejercicio 2020"),
        Item(QUALIFIED_ST, "Se nombra Secretario Técnico de la Secretaría Ejecutiva al Mtro. Rafael Domínguez Solís.",
             matter=QUALIFIED_ST),
    ]),
    ("cc_extraordinaria_1", "CC", SessionKind.EXTRAORDINARY, datetime(2021, 4, 9, 10, 0), [
        Item("Propuesta de Política Estatal Anticorrupción",
             "Se aprueba la Política Estatal Anticorrupción del Estado de Chiapas y se instruye su publicación."),
        Item("Lineamientos para la emisión de recomendaciones no vinculantes",
             "Se aprueban los Lineamientos para la emisión de recomendaciones no vinculantes del Comité Coordinador."),
    ]),
    ("cc_ordinaria_1", "CC", SessionKind.ORDINARY, datetime(2021, 4, 30, 10, 0), [
        Item("Informe de avance de la Plataforma Digital Estatal"),
        Item("Programa de implementación de la Política Estatal Anticorrupción",
             "Se aprueba el Programa de Implementación de la Política Estatal Anticorrupción."),
    ]),
    ("og_ordinaria_2", "OG", SessionKind.ORDINARY, datetime(2021, 4, 30, 13, 0), [
        Item("Estados financieros del primer trimestre de 2021",
             "Se aprueban los estados financieros de la Secretaría Ejecutiva del primer trimestre de 2021."),
        Item("Modificación a la estructura orgánica de la Secretaría Ejecutiva",
             "Se aprueba la modificación a la estructura orgánica de la Secretaría Ejecutiva."),
    ]),
]


def make_quarter(db: Session, demo, actor: Actor) -> Quarter:
    boards = make_boards(db, demo)
    quarter = Quarter(boards, {})
    for key, short, kind, when, items in QUARTER_SESSIONS:
        board_session = hold_session(db, actor, boards[short], kind, when, items)
        quarter.sessions[key] = board_session
        quarter.numbers[key] = list(db.exec(select(Resolution.number).where(
            Resolution.session_id == board_session.id).order_by(Resolution.seq)).all())
    return quarter


def quarter_of(engine, demo, actor: Actor) -> Quarter:
    """The quarter built and committed in its own transaction (rows come back detached, loaded)."""
    with transaction(engine) as db:
        return make_quarter(db, demo, actor)
