"""Demo data: one organization with its areas and a person for each role."""

from dataclasses import dataclass

from sqlmodel import Session, select

from engine.accounts import Role, User, create_user
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
PEOPLE = [
    ("admin", "Administración de la plataforma", [(Role.ADMIN, None)]),
    ("oficialia", "Patricia Hernández López", [(Role.OFICIALIA, None)]),
    ("juridico", "Ana María Gómez Ruiz", [(Role.JURIDICO, None)]),
    ("transparencia", "Luis Alberto Pérez Soto", [(Role.TRANSPARENCIA, None)]),
    ("enlace_da", "Rosa Elena Martínez Cruz", [(Role.ENLACE, "DA")]),
    ("enlace_dri", "Jorge Castillo Vega", [(Role.ENLACE, "DRI")]),
    ("integrante", "Carmen Ortiz Ramírez", [(Role.INTEGRANTE, None)]),
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
            short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas")
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
    return Demo(organization, areas, users)
