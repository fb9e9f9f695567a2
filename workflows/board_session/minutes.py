"""The acta, the lista de acuerdos and the certificación de acuerdo of a session (.docx).

Everything they state comes from what the room recorded (record.py); only the discussion notes are
written by legal staff (AgendaItem.notes, edited on the acta page).
"""

from datetime import date

from sqlmodel import Session

from engine.documents import long_date
from workflows.board_session.acta_attendance import attendance, attended, present_of, required_of, roll, signatures
from workflows.board_session.page import (CENTER, JUSTIFY, Page, base_url_or_default, followup_lines, item_title,
                                          status_text)
from workflows.board_session.models import (FixedItem, ItemKind, ItemResult, MemberRole, MinutesStatus, SessionStatus,
                                            VoteSense)
from workflows.board_session.naming import (city_phrase, hour_and_day, of_body, people_after, person_after,
                                           place_phrase, spoken_date, spoken_time, undersigned, vote_result)
from workflows.board_session.record import CertifiedResolution, ItemLine, SessionRecord, load_resolution, load_session
from workflows.board_session.sessions import BoardError

DRAFT_STATUSES = (MinutesStatus.NONE, MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW)
# Where an acta not yet approved stands, as a refusal says it (a status label is a noun phrase,
# «Proyecto de acta», that does not follow «El acta está»).
NOT_YET_APPROVED = {
    MinutesStatus.NONE: "Aún no se redacta el acta",
    MinutesStatus.DRAFT: "El acta es todavía un proyecto",
    MinutesStatus.IN_REVIEW: "El acta está en revisión de las y los integrantes",
    MinutesStatus.APPROVED: "No consta en qué sesión se aprobó el acta",
}
SENSES = ((VoteSense.FOR, "A favor", "ninguno"), (VoteSense.AGAINST, "En contra", "ninguno"),
          (VoteSense.ABSTAIN, "Abstención", "ninguna"))


# -- acta --------------------------------------------------------------------------------------

def build_acta(db: Session, session_id: int, base_url: str | None = None) -> bytes:
    """The acta as the engine drafts it from the session's record and the notes of legal staff."""
    return acta_of(load_session(db, session_id, base_url_or_default(base_url)))


def acta_of(record: SessionRecord) -> bytes:
    page = Page(record, f"Acta de la {record.title}")
    page.title(f"ACTA DE LA {record.title.upper()}")
    # A session without quorum has no review: its acta is the record of who came, signed as it is.
    if record.minutes_status in DRAFT_STATUSES and record.status != SessionStatus.NO_QUORUM:
        page.line("Proyecto de acta, sujeto a la revisión de las y los integrantes", align=CENTER)
    page.line()
    if record.status == SessionStatus.NO_QUORUM:
        _without_quorum(page, record)
        return page.bytes()
    opening, place = _where(record)
    call = ", en segunda convocatoria" if record.call_number == 2 else ""
    page.text(f"{opening} {hour_and_day(record.opened)}{place}, se reunieron las y los integrantes "
              f"{of_body(record.board)} que se enlistan en la presente acta, con el objeto de celebrar la {record.title}"
              f"{call}, conforme al siguiente:")
    page.title("ORDEN DEL DÍA")
    for number, item in enumerate(record.items, start=1):
        page.line(f"{number}. {item_title(record, item)}", align=JUSTIFY)
    page.title("DESARROLLO DE LA SESIÓN")
    for number, item in enumerate(record.items, start=1):
        page.line()
        page.line(f"{number}. {item_title(record, item)}", bold=True, align=JUSTIFY)
        _item_body(page, record, item)
    page.line()
    pending = [number for number, item in enumerate(record.items, start=1) if _left_pending(record, item)]
    if pending:
        which = (f"el punto {pending[0]}" if len(pending) == 1
                 else "los puntos " + ", ".join(map(str, pending[:-1])) + f" y {pending[-1]}")
        page.text(f"Al no existir quórum legal para continuar, se dio por concluida la sesión siendo "
                  f"{_closing(record)}, quedando pendiente{'' if len(pending) == 1 else 's'} {which} del orden del "
                  "día, y firmando al calce las y los integrantes que en ella intervinieron.")
    else:
        page.text(f"No habiendo otro asunto que tratar, se dio por concluida la sesión siendo {_closing(record)}, "
                  "firmando al calce las y los integrantes que en ella intervinieron.")
    signatures(page, record)
    return page.bytes()


def _left_pending(record: SessionRecord, item: ItemLine) -> bool:
    """An item to be voted that the session, closed after losing its quorum, could not vote."""
    return item.voted and item.result is None and record.status == SessionStatus.HELD


def _where(record: SessionRecord) -> tuple[str, str]:
    """How the acta opens and where it says the members met, naming the city once: «En la ciudad de
    Tuxtla Gutiérrez, Chiapas, siendo» (or «Siendo», without an address) and «, en la Sala de juntas»
    for a place given with the city."""
    city = city_phrase(record.city)
    place = place_phrase(record.place, record.city)
    return (f"{city[0].upper()}{city[1:]}, siendo" if city else "Siendo"), (f", {place}" if place else "")


def _without_quorum(page: Page, record: SessionRecord) -> None:
    """Not held: who came, what the body's rules required in each call, and no agenda, votes or closing."""
    opening, place = _where(record)
    roll(page, record, f"{opening} {hour_and_day(record.opened)}{place}, {_as_convened(record, bool(place))}, la "
                       f"Secretaría Técnica pasó lista de asistencia de las y los integrantes {of_body(record.board)}.")
    quorum, first = record.quorum, record.first_call_quorum
    came = attended(quorum.present, quorum.seats)
    if first is not None:
        page.text(f"En primera convocatoria no se reunió el quórum legal: las reglas del órgano requieren la "
                  f"asistencia de {required_of(first.required, first.seats)}.")
        if quorum.required is None:
            page.text(f"Las reglas del órgano no prevén la celebración de la sesión en segunda convocatoria; "
                      f"{came}.")
        else:
            page.text(f"En segunda convocatoria {came}, y las reglas del órgano requieren la "
                      f"asistencia de {required_of(quorum.required, quorum.seats)}.")
    else:
        page.text(f"{came[0].upper()}{came[1:]}, y las reglas del órgano requieren la asistencia de "
                  f"{required_of(quorum.required, quorum.seats)} para sesionar en primera convocatoria.")
    page.text(f"Por falta de quórum legal, la {record.title} no pudo celebrarse: no se desahogó el orden del día ni "
              "se adoptaron acuerdos. Se levanta la presente para constancia, firmando al calce las y los "
              "integrantes que asistieron.")
    signatures(page, record)


def _as_convened(record: SessionRecord, place_said: bool) -> str:
    """What the convocatoria set, after the moment the roll was called: that very moment, or the hour it
    announced («convocada para las nueve horas de ese mismo día») when the roll was called later."""
    if record.opened.replace(second=0, microsecond=0) == record.scheduled.replace(second=0, microsecond=0):
        return f"fecha, hora y lugar señalados en la convocatoria para celebrar la {record.title}"
    the = "la" if record.scheduled.hour == 1 else "las"
    when = (f"{the} {spoken_time(record.scheduled)} de ese mismo día" if record.scheduled.date() == record.opened.date()
            else hour_and_day(record.scheduled))
    where = "lugar señalado en la convocatoria " if place_said else ""
    return f"{where}para celebrar la {record.title}, convocada para {when}"


def _closing(record: SessionRecord) -> str:
    if record.closed is None:
        return "las ______ horas del día ______________"
    at = hour_and_day(record.closed)
    if record.closed.date() == record.opened.date():
        # Same day: the acta gives the day once, at the opening.
        return f"{at.split(' del día ')[0]} del mismo día"
    return at


def _item_body(page: Page, record: SessionRecord, item: ItemLine) -> None:
    if item.fixed == FixedItem.ATTENDANCE:
        attendance(page, record)
    if item.fixed == FixedItem.FOLLOWUP:
        page.text("La Secretaría Técnica informó el estado de los acuerdos pendientes de cumplimiento:")
        followup_lines(page, record)
    page.text(item.notes)
    if item.result == ItemResult.DEFERRED:
        # Neither voted nor numbered: the body only agreed to leave it for a later session.
        page.text("Se acordó diferir su desahogo para una sesión posterior.")
        if item.deferred_reason.strip():
            page.labelled("Motivo: ", " ".join(item.deferred_reason.split()))
    elif _left_pending(record, item):
        page.text("Por haberse perdido el quórum legal, este punto no pudo votarse y queda pendiente para una sesión "
                  "posterior.")
    elif item.voted:
        _votes(page, item)
    elif item.kind == ItemKind.INFORMATIVE:
        page.text(f"Las y los integrantes {of_body(record.board)} se dieron por enterados.")
    elif item.fixed == FixedItem.GENERAL and not item.notes.strip():
        page.text("No se registraron asuntos generales.")


def _votes(page: Page, item: ItemLine) -> None:
    if item.result is None:
        page.text("Votación pendiente de cierre.")
        return
    for sense, label, none in SENSES:
        names = [v.voter for v in item.votes if v.sense == sense]
        page.labelled(f"{label} ({len(names)}): ", ", ".join(names) + "." if names else f"{none}.")
    approved = item.result == ItemResult.APPROVED
    counts = vote_result(item.votes_for, item.votes_against, item.abstentions, approved)
    page.labelled("Resultado: ", f"{'Aprobado' if approved else item.result.label} {counts}; "
                  f"regla aplicada: {item.result_rule}.")
    for vote in item.votes:
        if vote.dissent.strip():
            page.labelled(f"Voto particular {person_after('de', vote.voter, vote.cast_by.gender)}: ",
                          vote.dissent.strip())
    if item.resolution is not None:
        page.labelled(f"ACUERDO {item.resolution.number}. ", item.resolution.text.strip())


# -- lista de acuerdos -------------------------------------------------------------------------

def build_resolutions_list(db: Session, session_id: int, base_url: str | None = None) -> bytes:
    """The acuerdos adopted in the session: number, text, responsible areas, status."""
    return resolutions_list_of(load_session(db, session_id, base_url_or_default(base_url)))


def resolutions_list_of(record: SessionRecord) -> bytes:
    page = Page(record, f"Lista de acuerdos de la {record.title}")
    page.title("LISTA DE ACUERDOS")
    page.line(record.title, bold=True, align=CENTER)
    if record.status == SessionStatus.NO_QUORUM:
        page.line(f"Convocada para el {long_date(record.opened)}; no se celebró por falta de quórum", align=CENTER)
        page.line()
        page.text("La sesión no se celebró por falta de quórum legal: no se adoptaron acuerdos.")
        return page.bytes()
    page.line(f"Celebrada el {long_date(record.opened)}", align=CENTER)
    page.line()
    resolutions = record.resolutions
    if not resolutions:
        page.text("En esta sesión no se adoptaron acuerdos.")
        return page.bytes()
    page.table(("Número", "Acuerdo", "Áreas responsables", "Estado"),
               [(line.number, line.text.strip(), ", ".join(a for a in line.areas if a) or "—", status_text(line))
                for line in resolutions], widths=(1700, 3900, 1700, 1700))
    return page.bytes()


# -- certificación de acuerdo ------------------------------------------------------------------

class NotCertifiable(BoardError):
    """An acuerdo whose session's acta is not approved yet: there is no acta to certify it from."""


def certifiable(minutes_status: MinutesStatus) -> bool:
    """A certificación attests what the approved acta records: a draft may still change (the members'
    observations, the vote that approves it), so nothing is certified from it."""
    return minutes_status not in DRAFT_STATUSES


def build_certification(db: Session, resolution_id: int, base_url: str | None = None,
                        issued_on: date | None = None) -> bytes:
    """The Secretario Técnico certifies that the session approved the acuerdo, with its vote count;
    NotCertifiable while the session's acta is not approved."""
    found = load_resolution(db, resolution_id, base_url_or_default(base_url), issued_on)
    record = found.session
    if not certifiable(record.minutes_status):
        standing = NOT_YET_APPROVED[record.minutes_status]
        raise NotCertifiable(f"Aún no puede expedirse la certificación del acuerdo {found.resolution.number}, "
                             f"adoptado en la {record.title}: {standing[0].lower()}{standing[1:]}. La certificación "
                             "da fe de lo que asienta el acta aprobada; podrá expedirse cuando el órgano la apruebe.")
    return certification_of(found)


def certification_of(found: CertifiedResolution) -> bytes:
    record, resolution, item = found.session, found.resolution, found.item
    page = Page(record, f"Certificación del acuerdo {resolution.number}")
    page.title("CERTIFICACIÓN DE ACUERDO")
    page.line(resolution.number, bold=True, align=CENTER)
    page.line()
    certifier = found.certifier
    position = f", {certifier.position}" if certifier and certifier.position else ""
    name = certifier.name if certifier else "______________________"
    # «La suscrita, …, Secretaria Técnica» for a woman; without a certifier, the words documents always had.
    role = f"{certifier.role_label if certifier else MemberRole.SECRETARIO_TECNICO.label} {of_body(record.board)}"
    signs = undersigned(certifier.name, certifier.gender) if certifier else "El suscrito"
    basis = record.certification_basis or "las atribuciones que le confieren las disposiciones aplicables"
    page.text(f"{signs}, {name}{position}, en su carácter de {role}, con fundamento en {basis},")
    page.title("C E R T I F I C A:")
    voting = record.voting_seats
    # Those who voted it: the attendance as it stood at this vote, not at the roll call nor at the end.
    present = len(item.votes)
    place = f", {place_phrase(record.place, record.city, city_said=False)}" if record.place else ""
    page.text(f"Que en la {record.title}, celebrada el día {spoken_date(record.opened.date())}{place}, con la "
              f"asistencia de {present_of(present, len(voting))}, se aprobó el acuerdo {resolution.number} "
              f"{vote_result(item.votes_for, item.votes_against, item.abstentions)}, conforme a la regla de "
              f"{item.result_rule}, en los términos siguientes:")
    page.labelled(f"ACUERDO {resolution.number}. ", resolution.text.strip())
    dissent = [v for v in item.votes if v.dissent.strip()]
    if dissent:
        votes = "Se formuló voto particular" if len(dissent) == 1 else "Se formularon votos particulares"
        page.text(f"{votes} {people_after('por', [(v.voter, v.cast_by.gender) for v in dissent])}, que consta"
                  f"{'' if len(dissent) == 1 else 'n'} en el acta de la sesión.")
    city = f" {city_phrase(record.city)}," if record.city else ""
    page.text(f"Se expide la presente certificación{city} el {spoken_date(found.issued_on)}, para los efectos legales "
              "a que haya lugar.")
    page.line()
    page.line("Atentamente", align=CENTER)
    page.signature(certifier, role)
    return page.bytes()

