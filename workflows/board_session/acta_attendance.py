"""The acta's lista de asistencia: who was there at the roll call and the quorum declared, who arrived or
withdrew after it and when, and everyone who signs for having taken part (minutes.py writes the rest)."""

from workflows.board_session.naming import cardinal, counted_in_words, person_after, spoken_date, spoken_time
from workflows.board_session.page import JUSTIFY, Page, position_of
from workflows.board_session.record import Person, SeatLine, SeatMove, SessionRecord


def attendance(page: Page, record: SessionRecord) -> None:
    roll(page, record, "La Secretaría Técnica pasó lista de asistencia.")
    quorum = record.quorum
    call = "segunda" if record.call_number == 2 else "primera"
    chair = f"{record.president.after('')}, quien preside la sesión," if record.president else "quien preside la sesión"
    if record.quorum_declared and quorum.met:
        required = f"se requiere{'' if quorum.required == 1 else 'n'} {cardinal(quorum.required)}"
        page.text(f"Con la asistencia de {present_of(quorum.present, quorum.seats)} ({required}), {chair} declaró "
                  f"la existencia del quórum legal en {call} convocatoria, por lo que los acuerdos que se adopten son "
                  "válidos.")
    elif record.quorum_declared:
        # Held before the room kept the roll call apart from the changes after it: the count is not known.
        page.text(f"{chair[0].upper()}{chair[1:]} declaró la existencia del quórum legal en {call} convocatoria.")
    else:
        page.text(f"Con la asistencia de {present_of(quorum.present, quorum.seats)}, aún no se declara el quórum "
                  "legal.")
    _moves(page, record)


def roll(page: Page, record: SessionRecord, intro: str) -> None:
    present = [s for s in record.seats if s.present]
    # A seat empty at the roll call whose member (or suplente) came later is not one that did not attend.
    absent = [s for s in record.seats if not s.present and not s.took_part]
    heading = ("Estuvo presente:" if len(present) == 1 else "Estuvieron presentes:" if present
               else "No estuvo presente ninguna de las personas convocadas.")
    page.text(f"{intro} {heading}")
    for seat in present:
        page.line(f"• {_name_line(seat)}.", align=JUSTIFY)
    if absent:
        page.text("No asistieron:")
        for seat in absent:
            page.line(f"• {seat.member.name}, {position_of(seat.member)}.", align=JUSTIFY)
    else:
        page.text("Asistieron todas y todos los integrantes convocados.")


def _name_line(seat: SeatLine) -> str:
    sitting = seat.sitting
    position = position_of(seat.member)
    if seat.substitute is not None:
        text = f"{sitting.name}, en suplencia {seat.member.after('de')}, {position}"
    else:
        text = f"{seat.member.name}, {position}"
    if not seat.member.has_vote:
        text += ", con voz y sin voto"
    return text


def _moves(page: Page, record: SessionRecord) -> None:
    """Who arrived or withdrew after the roll call, and when; when the quorum was lost or came back."""
    moved = {move.seat.id for move in record.moves}
    rolled = {seat.sitting.id for seat in record.seats if seat.sitting}
    # A session held before the room kept each change: who voted and was not in the list left at some point.
    unplaced = [(seat, person) for seat in record.seats if seat.member.id not in moved
                for person in seat.took_part if person.id not in rolled]
    if not record.moves and not unplaced:
        return
    page.text("Después de declarado el quórum se registraron los siguientes movimientos de asistencia:")
    met = record.quorum.met
    for move in record.moves:
        line = f"{_at(move.moment, record)}, {_move_text(move)}."
        if move.quorum.met != met:
            met = move.quorum.met
            if met:
                line += " Con ello, se restableció el quórum legal."
            else:
                required = move.quorum.required or 0
                line += (f" Con ello, la sesión quedó sin quórum legal: asistían "
                         f"{present_of(move.quorum.present, move.quorum.seats)}, y se requiere"
                         f"{'' if required == 1 else 'n'} {cardinal(required)}.")
        page.line(f"• {line}", align=JUSTIFY)
    for seat, person in unplaced:
        whose = f", en suplencia {seat.member.after('de')}," if person.id != seat.member.id else ""
        page.line(f"• {person.as_subject}{whose} participó en parte de la sesión.", align=JUSTIFY)


def _at(moment, record: SessionRecord) -> str:
    """«A las diez horas con cuarenta minutos»; with its day when it is not the day the session opened."""
    the = "la" if moment.hour == 1 else "las"
    day = f" del día {spoken_date(moment.date())}" if moment.date() != record.opened.date() else ""
    return f"A {the} {spoken_time(moment)}{day}"


def _move_text(move: SeatMove) -> str:
    seat, before, after = move.seat, move.before, move.after

    def who(person: Person) -> str:
        named = person_after("", person.name, person.gender)
        return named if person.id == seat.id else f"{named}, en suplencia {seat.after('de')},"

    if before is None:
        return f"{who(after)} se incorporó a la sesión"
    if after is None:
        return f"{who(before)} se retiró de la sesión"
    if after.id == seat.id:
        return (f"{who(after)} se incorporó a la sesión y ocupó su lugar, que hasta entonces ocupaba su suplente, "
                f"{person_after('', before.name, before.gender)}")
    if before.id == seat.id:
        return (f"{who(before)} se retiró de la sesión y ocupó su lugar su suplente, "
                f"{person_after('', after.name, after.gender)}")
    return (f"{person_after('', after.name, after.gender)} ocupó en suplencia el lugar {seat.after('de')}, que hasta "
            f"entonces ocupaba {person_after('', before.name, before.gender)}")


def signatures(page: Page, record: SessionRecord) -> None:
    """Everyone who sat in a seat at some moment signs: a member who withdrew, one who arrived late, the
    suplente who handed the seat to the titular."""
    page.title("FIRMAS")
    for seat in record.seats:
        for person in seat.took_part:
            page.signature(person, _signing_role(seat, person))


def _signing_role(seat: SeatLine, person: Person) -> str:
    if person.id != seat.member.id:
        return f"En suplencia {seat.member.after('de')}, {position_of(seat.member)}"
    return position_of(seat.member)


def present_of(present: int, seats: int) -> str:
    """«seis de los siete integrantes con derecho a voto»; all of them, «los siete integrantes…», never «siete de los
    siete»; a body of one seat: «su único integrante…»."""
    if seats == 1:
        return ("su único integrante con derecho a voto" if present == 1
                else f"{cardinal(present)} de su único integrante con derecho a voto")
    of_seats = f"los {counted_in_words(seats, 'integrante', 'integrantes')} con derecho a voto"
    return of_seats if present == seats else f"{cardinal(present)} de {of_seats}"


def attended(present: int, seats: int) -> str:
    """«asistió uno de los tres integrantes con derecho a voto», «asistieron dos de los cinco…», «no asistió
    ninguno de los cinco…»."""
    if present == 0:
        return f"no asistió {'' if seats == 1 else 'ninguno de '}{present_of(seats, seats)}"
    return f"{'asistió' if present == 1 else 'asistieron'} {present_of(present, seats)}"


def required_of(required: int | None, seats: int) -> str:
    """«cuatro de los cinco integrantes con derecho a voto»."""
    return present_of(required or 0, seats)
