"""Demo data: one organization with its areas and a person for each role."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from sqlmodel import Session, select

from engine.accounts import Actor, Role, User, create_user
from engine.calendar_overlay import declare_non_working
from engine.legal_calendar import NonWorkingDay
from engine.tenancy import Area, Organization

DEMO_PASSWORD = "pleno-demo-2026"

AREAS = [
    ("DJ", "Dirección Jurídica", "Lic. Ana María Gómez Ruiz"),
    ("UT", "Unidad de Transparencia", "Mtro. Luis Alberto Pérez"),
    ("DA", "Dirección de Administración", "C.P. Rosa Elena Martínez"),
    ("DRI", "Dirección de Riesgos e Inteligencia", "Ing. Jorge Castillo"),
    ("OP", "Oficialía de Partes", "C. Patricia Hernández"),
]

# username, full name, [(role, area code or None)]
AREA_HEADS = {"DJ": "juridico", "UT": "transparencia"}

PEOPLE = [
    ("admin", "Administración de la plataforma", [(Role.ADMIN, None)]),
    ("oficialia", "Patricia Hernández López", [(Role.OFICIALIA, None)]),
    ("juridico", "Ana María Gómez Ruiz", [(Role.JURIDICO, None)]),
    # The Unidad's titular is also the enlace of its area: the oficialía turns to it what arrives on
    # paper for the Unidad, and from there it is registered as a request (correspondence's «Convertir»).
    ("transparencia", "Luis Alberto Pérez Soto", [(Role.TRANSPARENCIA, None), (Role.ENLACE, "UT")]),
    ("enlace_da", "Rosa Elena Martínez Cruz", [(Role.ENLACE, "DA")]),
    ("enlace_dri", "Jorge Castillo Vega", [(Role.ENLACE, "DRI")]),
    ("integrante", "Carmen Ortiz Ramírez", [(Role.INTEGRANTE, None)]),
    ("comite", "Sofía Méndez Aguilar", [(Role.COMITE, None)]),
]


@dataclass
class Demo:
    organization: Organization
    areas: dict[str, Area]
    users: dict[str, User]


def seed_demo(session: Session) -> Demo:
    """Create the demo organization once; calling it again returns what is there."""
    organization = session.exec(select(Organization).where(Organization.slug == "sesaech")).first()
    if organization is None:
        organization = Organization(
            slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
            short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas",
            transparency_head_name="Mtro. Luis Alberto Pérez Soto")
        session.add(organization)
        session.flush()
        for code, name, head in AREAS:
            session.add(Area(organization_id=organization.id, code=code, name=name, head_name=head))
        session.flush()
    areas = {a.code: a for a in session.exec(select(Area).where(Area.organization_id == organization.id)).all()}
    users = {}
    for username, full_name, roles in PEOPLE:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = create_user(session, organization.id, username, full_name, f"{username}@sesaech.example",
                               DEMO_PASSWORD, [(role, areas[code].id if code else None) for role, code in roles])
        users[username] = user
    # Missed deadlines of an area escalate to its head; the demo has accounts for two of them.
    for code, username in AREA_HEADS.items():
        if areas[code].head_user_id is None:
            areas[code].head_user_id = users[username].id
    return Demo(organization, areas, users)


def declared_days(year: int) -> list[tuple[date, date, str]]:
    """The días inhábiles a Chiapas body typically declares by acuerdo for a year."""
    holy_thursday = easter(year) - timedelta(days=3)
    return [
        (holy_thursday, holy_thursday + timedelta(days=1), "Jueves y Viernes Santo"),
        (date(year, 7, 20), date(year, 7, 31), "Primer periodo vacacional"),
        (date(year, 11, 2), date(year, 11, 2), "Día de Muertos"),
        (date(year, 12, 12), date(year, 12, 12), "Día de la Virgen de Guadalupe"),
        (date(year, 12, 21), date(year, 12, 31), "Segundo periodo vacacional"),
    ]


def seed_calendar(session: Session, admin: Actor, years: list[int]) -> int:
    """Declare the demo organization's días inhábiles (once per year), as its administrator would."""
    declared = 0
    for year in years:
        if session.exec(select(NonWorkingDay.id).where(
                NonWorkingDay.organization_id == admin.organization_id,
                NonWorkingDay.first_day >= date(year, 1, 1), NonWorkingDay.first_day <= date(year, 12, 31))).first():
            continue
        for first, last, reason in declared_days(year):
            declare_non_working(session, admin, first, last, reason, f"Acuerdo SESAECH/CT/{year}/01")
            declared += 1
    return declared
