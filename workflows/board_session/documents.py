"""The documents of a session: the convocatoria and the orden del día are written here; the acta,
the lista de acuerdos and the certificación in minutes.py (imported below, so every builder is
reached from this module).
"""

from datetime import date

from sqlmodel import Session

from engine.clock import today_in
from engine.documents import long_date
from workflows.board_session.agenda_notice import member_document_link, member_link
from workflows.board_session.minutes import build_acta, build_certification, build_resolutions_list
from workflows.board_session.models import Convener, FixedItem, Gender, ItemKind, MemberRole, role_name
from workflows.board_session.naming import of_body
from workflows.board_session.page import (CENTER, JUSTIFY, RIGHT, Page, base_url_or_default, followup_lines, hour,
                                          item_title, moment_and_place, position_of)
from workflows.board_session.record import Person, SessionRecord, load_session

# The StoredFile.kind of each generated document, so a stored version is found again.
KINDS = ("convocatoria", "orden_del_dia", "acta", "lista_acuerdos", "certificacion")

__all__ = ["build_convocatoria", "build_agenda", "build_acta", "build_resolutions_list", "build_certification"]


# -- convocatoria ------------------------------------------------------------------------------

def build_convocatoria(db: Session, session_id: int, base_url: str | None = None, member_id: int | None = None,
                       issued_on: date | None = None, token: str | None = None) -> bytes:
    """The convocatoria to all the members, or to one (member_id), with the orden del día and links;
    with the member's token, the links are that member's own, which open without signing in."""
    record = load_session(db, session_id, base_url_or_default(base_url))
    return convocatoria_of(record, member_id, issued_on, token)


def convocatoria_of(record: SessionRecord, member_id: int | None = None, issued_on: date | None = None,
                    token: str | None = None) -> bytes:
    second = record.call_number == 2
    page = Page(record, f"{'Segunda convocatoria' if second else 'Convocatoria'} a la {record.title}")
    issued = issued_on or record.called_on or today_in(record.timezone)
    page.line(f"{record.city}, a {long_date(issued)}." if record.city else f"{long_date(issued)}.", align=RIGHT)
    page.title("SEGUNDA CONVOCATORIA" if second else "CONVOCATORIA")
    page.line(record.title, bold=True, align=CENTER)
    page.line()
    addressee, titular = _addressee(record, member_id)
    if addressee is None:
        page.line(f"A las y los integrantes {of_body(record.board)}", bold=True)
        page.line("P r e s e n t e s")
        you, whom = "les", ""
    else:
        page.line(addressee.name, bold=True)
        page.line(position_of(addressee))
        page.line("P r e s e n t e")
        you = "le"
        whom = f", en su carácter de suplente {titular.after('de')}, {position_of(titular)}," if titular else ""
    page.line()
    convener = _convener(record)
    call = "en segunda convocatoria " if second else ""
    page.text(f"{_who_convenes(record, convener, you)}{whom} {call}a la {record.title}, que se celebrará "
              f"{moment_and_place(record)}, conforme al siguiente:")
    if second:
        page.text("Al no haberse reunido el quórum legal en primera convocatoria, la sesión se celebrará con las y "
                  "los integrantes que asistan, conforme a las reglas del órgano.")
    page.title("ORDEN DEL DÍA")
    for number, item in enumerate(record.items, start=1):
        page.line(f"{number}. {item_title(record, item)}", align=JUSTIFY)
        for document in item.documents:
            url = member_document_link(record.base_url, token, document.file_id) if token else document.url
            page.link(f"    • {document.filename}: ", url)
    if record.short_notice:
        page.text(f"La sesión se convoca con carácter extraordinario, con una anticipación menor a la de "
                  f"{record.short_notice} que las reglas del órgano prevén para convocar a las sesiones ordinarias.")
        if record.urgency:
            page.labelled("Motivo de la urgencia: ", record.urgency)
    if token is None:
        if any(item.documents for item in record.items):
            page.text("Los documentos de cada punto pueden consultarse en las ligas indicadas con un usuario de "
                      "Pleno; quien no lo tiene los descarga, sin iniciar sesión, con la liga personal que recibe "
                      "por correo electrónico junto con esta convocatoria.")
        if addressee is None:
            page.text("Les solicitamos confirmar su asistencia o, en su caso, la de su suplente, con la liga personal "
                      "que cada quien recibe por correo electrónico o con la Secretaría Técnica.")
        else:
            page.text(f"Le solicitamos confirmar {_whose_attendance(record, addressee, titular)}, con la liga que "
                      "recibirá por correo electrónico o con la Secretaría Técnica.")
    else:
        if any(item.documents for item in record.items):
            page.text("Los documentos de cada punto se descargan en las ligas indicadas, sin iniciar sesión ni tener "
                      "usuario de Pleno. Las ligas son personales: no las comparta.")
        page.text(f"Le solicitamos confirmar {_whose_attendance(record, addressee, titular)}, en la siguiente "
                  "liga o con la Secretaría Técnica:")
        page.link("", member_link(record.base_url, token))
    page.line()
    page.line("Atentamente", align=CENTER)
    page.signature(convener, position_of(convener, "Presidencia" if record.convener == Convener.PRESIDENT
                                         else "Secretaría Técnica"))
    if addressee is None:
        page.line()
        page.line("Integrantes convocados:", bold=True)
        for seat in record.seats:
            page.line(f"{seat.member.name}, {position_of(seat.member)}{_voice(seat.member)}")
        if record.substitutes:
            page.line("Suplentes convocados:", bold=True)
            for substitute, titular in record.substitutes:
                page.line(f"{substitute.name}, suplente {titular.after('de')}")
    return page.bytes()


def _convener(record: SessionRecord) -> Person | None:
    """Who signs the convocatoria: the president who convenes, or the Secretario Técnico who convenes or through
    whom the president does. A body with no seat of Secretario Técnico that the Secretaría Técnica convenes is
    one the Secretario Técnico presides (the Comisión Ejecutiva, whose member he is)."""
    if record.convener == Convener.PRESIDENT:
        return record.president
    if record.convener == Convener.SECRETARY:
        return record.secretary or record.president
    return record.secretary


def _who_convenes(record: SessionRecord, convener: Person | None, you: str) -> str:
    """The opening up to the verb: «La Mtra. …, Presidenta del Órgano de Gobierno, …, les convoca», «Por
    instrucciones de la Mtra. …, Presidenta del Comité Coordinador, …, por conducto de la Secretaría Técnica se
    les convoca», «El Mtro. …, Secretario Técnico, …, les convoca»."""
    rules = f"con fundamento en las reglas de funcionamiento {of_body(record.board)}"
    president = record.president
    if record.convener == Convener.THROUGH_SECRETARY:
        instructed = (f"Por instrucciones {president.after('de')}, {president.role_label} {of_body(record.board)}, "
                      f"y {rules}" if president else rules[0].upper() + rules[1:])
        return f"{instructed}, por conducto de la Secretaría Técnica se {you} convoca"
    if convener is None:
        return f"{rules[0].upper()}{rules[1:]}, se {you} convoca"
    capacity = (f"{convener.role_label} {of_body(record.board)}" if record.convener == Convener.PRESIDENT
                else role_name(MemberRole.SECRETARIO_TECNICO, convener.treated_as))
    return f"{convener.as_subject}, {capacity}, {rules}, {you} convoca"


def _addressee(record: SessionRecord, member_id: int | None) -> tuple[Person | None, Person | None]:
    """Whom one copy is addressed to, and the titular whose seat a suplente would take (None for a titular)."""
    if member_id is None:
        return None, None
    for seat in record.seats:
        if seat.member.id == member_id:
            return seat.member, None
    for substitute, titular in record.substitutes:
        if substitute.id == member_id:
            return substitute, titular
    raise LookupError("Esa persona no integra el órgano en la fecha de la sesión.")


def _whose_attendance(record: SessionRecord, addressee: Person | None, titular: Person | None) -> str:
    """A suplente confirms whether they attend; a titular with a suplente, theirs or the suplente's."""
    if addressee is not None and titular is None and any(t.id == addressee.id for _, t in record.substitutes):
        return "su asistencia o, en su caso, la de su suplente"
    return "su asistencia"


def _voice(person: Person) -> str:
    if person.has_vote:
        return ""
    if person.role != MemberRole.INVITADO:
        return " (con voz, sin voto)"
    return f" ({'invitada' if person.treated_as == Gender.FEMININE else 'invitado'}, con voz sin voto)"


# -- orden del día -----------------------------------------------------------------------------

def build_agenda(db: Session, session_id: int, base_url: str | None = None) -> bytes:
    """The orden del día: each item with its kind, area, proposed acuerdo and documents."""
    record = load_session(db, session_id, base_url_or_default(base_url))
    return agenda_of(record)


def agenda_of(record: SessionRecord) -> bytes:
    page = Page(record, f"Orden del día de la {record.title}")
    page.title("ORDEN DEL DÍA")
    page.line(record.title, bold=True, align=CENTER)
    page.line(f"{long_date(record.scheduled)}, {hour(record.scheduled)}" +
              (f" · {record.place}" if record.place else ""), align=CENTER)
    if record.call_number == 2:
        page.line("Segunda convocatoria", align=CENTER)
    page.line()
    for number, item in enumerate(record.items, start=1):
        page.line(f"{number}. {item_title(record, item)}", bold=True, align=JUSTIFY)
        if item.kind != ItemKind.FIXED:
            details = item.kind.label + (f" · Presenta: {item.area}" if item.area else "")
            page.line(details)
        if item.description:
            page.text(item.description)
        if item.kind == ItemKind.FOR_APPROVAL and item.proposed_resolution:
            page.labelled("Propuesta de acuerdo: ", item.proposed_resolution.strip())
        if item.fixed == FixedItem.FOLLOWUP:
            followup_lines(page, record)
        for document in item.documents:
            page.link(f"    • {document.filename}: ", document.url)
    return page.bytes()
