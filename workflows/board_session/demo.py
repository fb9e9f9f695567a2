"""Demo collegiate bodies of the demo organization, with their seats and a few upcoming sessions."""

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from engine.accounts import actor_for
from workflows.board_session.boards import create_board
from workflows.board_session.lead_time import latest_sending_day, sessions_calendar
from workflows.board_session.members import Person, add_member, add_substitute
from workflows.board_session.models import Board, Gender, ItemKind, MemberRole, SessionKind
from workflows.board_session.planning import check_day, latest_cutoff, propose_item, schedule_session
from workflows.board_session.sessions import today_for

PLACE = "Sala de juntas de la Secretaría Ejecutiva, Tuxtla Gutiérrez, Chiapas"
CPC_PRESIDENT = ("Mtro. Hugo Alejandro Villatoro Coello", "Presidente del Comité de Participación Ciudadana")
TECHNICAL_SECRETARY = ("Lic. Eduardo Nájera Grajales", "Secretario Técnico de la Secretaría Ejecutiva")
# Where the Secretario Técnico's power to certify the acuerdos of the Comité Coordinador and the Órgano de Gobierno is.
LGSNA_35 = "el artículo 35 de la Ley General del Sistema Nacional Anticorrupción"

# name, short, template, extra rules; seats: (role, votes, name, cargo, demo username or None, suplente or None)
BODIES = [
    # Who convenes each body (LGSNA): the Comité Coordinador, its president through the Secretario Técnico;
    # the Órgano de Gobierno, its president; the Comisión Ejecutiva, the Secretario Técnico.
    ("Comité Coordinador", "CC", "{seq:03d}/CC/SAECH/{year}", {"convoca": "presidencia_por_st",
                                                               "fundamento_certificacion": LGSNA_35}, [
        (MemberRole.PRESIDENTE, True, *CPC_PRESIDENT, None, None),
        (MemberRole.SECRETARIO_TECNICO, False, *TECHNICAL_SECRETARY, None, None),
        (MemberRole.VOCAL, True, "C.P.C. Marisol Culebro Pinto", "Auditora Superior del Estado de Chiapas", None,
         ("Lic. Rubén Gordillo Toledo", "Auditor Especial de Cumplimiento Financiero")),
        (MemberRole.VOCAL, True, "Mtro. Arturo Coutiño Zenteno", "Fiscal Anticorrupción del Estado", None, None),
        (MemberRole.VOCAL, True, "Dra. Leticia Albores Farrera", "Secretaria de la Honestidad y Función Pública",
         None, ("Mtra. Gabriela Penagos Ruiz", "Subsecretaria de Auditoría Pública")),
        (MemberRole.VOCAL, True, "Lic. Fernando Camacho Moguel",
         "Representante del Consejo de la Judicatura del Poder Judicial del Estado", None, None),
        (MemberRole.VOCAL, True, "Carmen Ortiz Ramírez", "Comisionada Presidenta del Instituto de Transparencia, "
         "Acceso a la Información y Protección de Datos Personales del Estado de Chiapas", "integrante", None),
        (MemberRole.VOCAL, True, "Mtro. Omar Espinosa Solís",
         "Magistrado Presidente del Tribunal Administrativo del Poder Judicial del Estado", None, None),
        (MemberRole.INVITADO, False, "Ing. Ramiro Aguilar Nucamendi",
         "Titular de la Unidad de Servicios Tecnológicos y Plataforma Digital", None, None),
    ]),
    # LGSNA: the Órgano de Gobierno decides by majority of the members present (the others, of the votes cast).
    ("Órgano de Gobierno", "OG", "{seq:03d}/OG/SESAECH/{year}",
     {"mayoria": "presentes", "convoca": "presidencia", "fundamento_certificacion": LGSNA_35,
      "materias_calificadas": "Nombramiento del Secretario Técnico: 5 votos"}, [
        (MemberRole.PRESIDENTE, True, *CPC_PRESIDENT, None, None),
        (MemberRole.SECRETARIO_TECNICO, False, *TECHNICAL_SECRETARY, None, None),
        (MemberRole.VOCAL, True, "C.P.C. Marisol Culebro Pinto", "Auditora Superior del Estado de Chiapas", None,
         None),
        (MemberRole.VOCAL, True, "Mtro. Arturo Coutiño Zenteno", "Fiscal Anticorrupción del Estado", None, None),
        (MemberRole.VOCAL, True, "Dra. Leticia Albores Farrera", "Secretaria de la Honestidad y Función Pública",
         None, None),
        (MemberRole.VOCAL, True, "Lic. Fernando Camacho Moguel",
         "Representante del Consejo de la Judicatura del Poder Judicial del Estado", None, None),
        (MemberRole.VOCAL, True, "Carmen Ortiz Ramírez", "Comisionada Presidenta del Instituto de Transparencia",
         "integrante", None),
        (MemberRole.VOCAL, True, "Mtro. Omar Espinosa Solís", "Magistrado Presidente del Tribunal Administrativo",
         None, None),
    ]),
    ("Comisión Ejecutiva", "CE", "{seq:03d}/CE/SESAECH/{year}", {"sesiones_ordinarias": "6",
                                                                 "convoca": "secretaria_tecnica"}, [
        (MemberRole.PRESIDENTE, True, TECHNICAL_SECRETARY[0], TECHNICAL_SECRETARY[1] + " (preside la Comisión)",
         None, None),
        (MemberRole.VOCAL, True, "Dra. Patricia Zebadúa Montes", "Integrante del Comité de Participación Ciudadana",
         None, None),
        (MemberRole.VOCAL, True, "Lic. Jorge Luis Velasco Trujillo", "Integrante del Comité de Participación "
         "Ciudadana", None, None),
        (MemberRole.VOCAL, True, "Mtra. Adriana Castellanos Pola", "Integrante del Comité de Participación "
         "Ciudadana", None, None),
        (MemberRole.VOCAL, True, "Dr. Rodrigo Esponda Cal y Mayor", "Integrante del Comité de Participación "
         "Ciudadana", None, None),
    ]),
    ("Comité de Transparencia", "CT", "CT/SESAECH/{seq:03d}/{year}",
     {"comite_transparencia": "1", "sesiones_ordinarias": "4", "anticipacion_ordinaria": "3",
      "anticipacion_extraordinaria": "1", "unidad_anticipacion": "habiles"}, [
        (MemberRole.PRESIDENTE, True, "Ana María Gómez Ruiz", "Directora Jurídica (preside el Comité)", "juridico",
         None),
        (MemberRole.SECRETARIO_TECNICO, False, "Luis Alberto Pérez Soto", "Titular de la Unidad de Transparencia",
         "transparencia", None),
        (MemberRole.VOCAL, True, "Sofía Méndez Aguilar", "Titular del Órgano Interno de Control", "comite",
         ("Lic. Daniel Trujillo Cancino", "Jefe del Área de Quejas del Órgano Interno de Control")),
        (MemberRole.VOCAL, True, "Mtra. Claudia Ruiz Gutiérrez", "Responsable del Área Coordinadora de Archivos",
         None, None),
    ]),
]

# The women among the seats and suplentes above; the others are men. Recorded so that the demo's documents
# read as real ones do («La suscrita», «de la Lic.», «la C.P.C.»), not as they read while unspecified.
WOMEN = {"C.P.C. Marisol Culebro Pinto", "Dra. Leticia Albores Farrera", "Mtra. Gabriela Penagos Ruiz",
         "Carmen Ortiz Ramírez", "Dra. Patricia Zebadúa Montes", "Mtra. Adriana Castellanos Pola",
         "Ana María Gómez Ruiz", "Sofía Méndez Aguilar", "Mtra. Claudia Ruiz Gutiérrez"}


def _gender(name: str) -> Gender:
    return Gender.FEMININE if name in WOMEN else Gender.MASCULINE


# board, kind, days from today, hour, items: (title, kind, area code, proposed acuerdo, proposer username)
SESSIONS = [
    ("CT", SessionKind.ORDINARY, 4, 11, [
        ("Informe trimestral de solicitudes de acceso a la información", ItemKind.INFORMATIVE, "UT", "",
         "juridico")]),
    ("CE", SessionKind.ORDINARY, 9, 10, []),
    ("CC", SessionKind.EXTRAORDINARY, 12, 10, [
        ("Aprobación de los lineamientos para la Plataforma Digital Estatal", ItemKind.FOR_APPROVAL, "DRI",
         "Se aprueban los lineamientos para la operación de la Plataforma Digital Estatal.", "juridico")]),
    ("CC", SessionKind.ORDINARY, 20, 10, [
        ("Informe de avance del Programa Anual de Trabajo", ItemKind.INFORMATIVE, "DA", "", "juridico"),
        ("Propuesta de ajuste al presupuesto de la Secretaría Ejecutiva", ItemKind.FOR_APPROVAL, "DA",
         "Se aprueba el ajuste presupuestal presentado por la Dirección de Administración.", "enlace_da")]),
    ("OG", SessionKind.ORDINARY, 20, 12, []),
]


def _rules(template: str, name: str, short: str, extra: dict) -> dict:
    return {"nombre": name, "nombre_corto": short, "plantilla_acuerdo": template, "voto_calidad": "1",
            "lugar": PLACE, "sesiones_ordinarias": "4", "anticipacion_ordinaria": "5",
            "anticipacion_extraordinaria": "2", "dias_revision_acta": "5", **extra}


def seed_boards(session: Session, demo) -> int:
    """Create the demo bodies once (returns how many were created; 0 when they already exist)."""
    organization = demo.organization
    if session.exec(select(Board.id).where(Board.organization_id == organization.id)).first() is not None:
        return 0
    juridico = actor_for(session, demo.users["juridico"])
    start = date(date.today().year, 1, 1)
    boards = {}
    for name, short, template, extra, seats in BODIES:
        board = create_board(session, juridico, _rules(template, name, short, extra))
        for role, votes, person, cargo, username, suplente in seats:
            user = demo.users.get(username) if username else None
            member = add_member(session, juridico, board, Person(person, cargo, "" if user else _email(person),
                                                                 user.id if user else None, _gender(person)),
                                role, votes, start, None, board.version)
            if suplente:
                add_substitute(session, juridico, board, member,
                               Person(suplente[0], suplente[1], _email(suplente[0]), gender=_gender(suplente[0])),
                               start, None, board.version)
        boards[short] = board
    today = today_for(session, organization.id)
    for short, kind, days, hour, items in SESSIONS:
        sessions = sessions_calendar(session, boards[short])
        # On a día hábil whose convocatoria can still go out in time (the body's lead time), its
        # items received until two días hábiles before or the convocatoria's last day (never before today).
        day = sessions.next_business_day(today + timedelta(days=days), include_same_day=True)
        while check_day(session, boards[short], kind, day, today).refusal or \
                latest_sending_day(session, boards[short], kind, day) < today:
            day = sessions.next_business_day(day)
        cutoff = max(min(sessions.subtract_business_days(day, 2), latest_cutoff(session, boards[short], kind, day)),
                     sessions.next_business_day(today, include_same_day=True))
        board_session = schedule_session(session, juridico, boards[short], kind, datetime.combine(day, time(hour)),
                                         PLACE, agenda_cutoff=cutoff)
        for title, item_kind, area, resolution, username in items:
            actor = actor_for(session, demo.users[username])
            propose_item(session, actor, board_session, title=title, kind=item_kind,
                         area_id=demo.areas[area].id, proposed_resolution=resolution)
    return len(boards)


def _email(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isupper() and len(w) > 3]
    local = ".".join(w.lower() for w in words[:2]).translate(str.maketrans("áéíóúñü", "aeiounu"))
    return f"{local}@sesaech.example"
