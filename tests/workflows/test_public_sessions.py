"""What the public sees of the sessions, the bodies' iCal feeds and the Comité's transparency workbook.

The quarter of tests.board_quarter (four sessions held in 2021, actas in draft) plus a CC session
only planned for July, one convocada for October and one cancelled.
"""

import io
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from engine import files
from engine.db import transaction
from engine.tenancy import Organization
from tests.board_quarter import Item, make_boards, plan_called, quarter_of
from workflows.board_session import committee_export, ical, public, start_session_process
from workflows.board_session.models import (BoardSession, MinutesStatus, ResolutionStatus, SessionKind,
                                            SessionStatus)
from workflows.board_session.sessions import plan_session


@pytest.fixture
def quarter(engine, demo, juridico):
    return quarter_of(engine, demo, juridico)


@pytest.fixture
def later_sessions(engine, demo, juridico, quarter):
    """July: only planned; October: convocada with an item; November: cancelled."""
    with transaction(engine) as db:
        cc = quarter.boards["CC"]
        planned = plan_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 7, 30, 10, 0),
                               place="Sala reservada de la Secretaría")
        called = plan_called(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 10, 29, 10, 0), [
            Item("Informe anual del Comité Coordinador", "Se aprueba el informe anual del Comité Coordinador.")])
        cancelled = plan_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 11, 26, 10, 0))
        cancelled.status = SessionStatus.CANCELLED
        return {"planned": planned.id, "called": called.id, "cancelled": cancelled.id}


def publish_acta(engine, settings, juridico, session_id, versions=("borrador", "firmada"), sign=True) -> int:
    """Store the acta (each call of store keeps a new version) and, when asked, sign and publish it."""
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        instance = start_session_process(db, juridico, board_session)
        stored = None
        for text in versions:
            stored = files.store(db, settings, board_session.organization_id, "acta", "Acta", "acta.docx",
                                 f"PK acta {text}".encode(), instance_id=instance.id)
        if sign:
            board_session.minutes_status, board_session.published_at = MinutesStatus.SIGNED, datetime.now(UTC)
        return stored.id


def test_the_calendar_lists_planned_sessions_with_their_date_and_body_only(engine, demo, quarter, later_sessions):
    with transaction(engine) as db:
        organization = db.get(Organization, demo.organization.id)
        found = public.calendar(db, organization, 2021)
    assert [r.title for r in found.held] == [
        "Primera Sesión Ordinaria del Órgano de Gobierno", "Primera Sesión Extraordinaria del Comité Coordinador",
        "Primera Sesión Ordinaria del Comité Coordinador", "Segunda Sesión Ordinaria del Órgano de Gobierno"]
    planned, called = found.upcoming
    assert (planned.id, planned.title, planned.place, planned.opens) == (later_sessions["planned"], "", "", False)
    assert (planned.board, planned.moment.date()) == ("Comité Coordinador", date(2021, 7, 30))
    assert (called.title, called.opens) == ("Tercera Sesión Ordinaria del Comité Coordinador", True)
    assert later_sessions["cancelled"] not in [r.id for r in found.upcoming + found.held]


def test_the_calendar_is_filtered_by_body_and_year(engine, demo, quarter, later_sessions):
    with transaction(engine) as db:
        organization = db.get(Organization, demo.organization.id)
        og = public.calendar(db, organization, 2021, quarter.boards["OG"].id)
        other_year = public.calendar(db, organization, 2022)
    assert {r.board for r in og.held + og.upcoming} == {"Órgano de Gobierno"} and len(og.held) == 2
    assert other_year.held == other_year.upcoming == [] and 2021 in other_year.years
    assert datetime.now(UTC).year in og.years  # the visitor can always go to this year


def test_a_session_not_yet_convocada_cancelled_or_unknown_is_not_found(engine, quarter, later_sessions):
    with transaction(engine) as db:
        for session_id in (later_sessions["planned"], later_sessions["cancelled"], 999_999):
            with pytest.raises(LookupError):
                public.public_session(db, session_id)


def test_a_convocada_session_shows_its_orden_del_dia_without_results(engine, later_sessions):
    with transaction(engine) as db:
        found = public.public_session(db, later_sessions["called"])
    assert [i.title for i in found.items][-2:] == ["Informe anual del Comité Coordinador", "Asuntos generales"]
    assert all(i.result == "" for i in found.items) and found.resolutions == [] and found.acta is None
    assert found.moment.hour == 10 and found.session.place


def test_a_held_session_shows_its_acuerdos_with_their_status_and_no_draft_acta(
        engine, settings, juridico, quarter):
    session_id = quarter.sessions["cc_extraordinaria_1"].id
    publish_acta(engine, settings, juridico, session_id, sign=False)
    with transaction(engine) as db:
        found = public.public_session(db, session_id)
    assert [(r.number, r.status) for r in found.resolutions] == [
        ("001/CC/SAECH/2021", ResolutionStatus.NO_FOLLOWUP), ("002/CC/SAECH/2021", ResolutionStatus.NO_FOLLOWUP)]
    policy = next(i for i in found.items if i.title == "Propuesta de Política Estatal Anticorrupción")
    assert (policy.result, policy.resolution.number) == ("Aprobado", "001/CC/SAECH/2021")
    assert policy.counts.endswith("0 en contra y 0 abstenciones")
    assert found.acta is None  # stored, but the minutes are not signed and published


def test_a_session_held_later_than_convened_shows_the_day_it_was_held_publicly_in_the_workbook_and_feed(
        engine, demo, quarter):
    session_id = quarter.sessions["cc_extraordinaria_1"].id
    with transaction(engine) as db:
        board_session = db.get(BoardSession, session_id)
        convened = board_session.scheduled_at
        board_session.opened_at = datetime(2021, 8, 2, 16, 0, tzinfo=UTC)  # Monday 2 August, 11:00 local
        db.flush()
        organization = db.get(Organization, demo.organization.id)
        listed = {r.id: r.moment for r in public.calendar(db, organization, 2021).held}
        page = public.public_session(db, session_id)
        workbook = committee_export.calendar_rows(db, quarter.boards["CC"], 2021)
    assert convened.date() != date(2021, 8, 2)
    assert listed[session_id].date() == page.moment.date() == date(2021, 8, 2)
    assert [date(2021, 8, 2), "11:00"] in [row[2:4] for row in workbook]
    feed = {str(e["summary"]): e.decoded("dtstart") for e in events_of(engine, quarter.boards["CC"].id)}
    assert feed["Primera Sesión Extraordinaria del Comité Coordinador"].replace(tzinfo=None) == datetime(2021, 8, 2, 11)


def test_a_signed_and_published_acta_is_its_last_version(engine, settings, juridico, quarter):
    session_id = quarter.sessions["cc_extraordinaria_1"].id
    last = publish_acta(engine, settings, juridico, session_id)
    with transaction(engine) as db:
        found = public.public_session(db, session_id)
        calendar = public.calendar(db, found.organization, 2021)
    assert found.acta.id == last and files.read(settings, found.acta) == b"PK acta firmada"
    assert [r.acta for r in calendar.held] == [False, True, False, False]


def test_a_session_without_its_process_never_shows_an_acta_of_another(engine, settings, juridico, quarter):
    with transaction(engine) as db:
        board_session = db.get(BoardSession, quarter.sessions["cc_ordinaria_1"].id)
        files.store(db, settings, board_session.organization_id, "acta", "Acta suelta", "acta.docx", b"PK suelta")
        board_session.minutes_status, board_session.published_at = MinutesStatus.SIGNED, datetime.now(UTC)
    with transaction(engine) as db:
        assert public.public_session(db, quarter.sessions["cc_ordinaria_1"].id).acta is None


# -- iCal ----------------------------------------------------------------------------------------

def events_of(engine, board_id):
    with transaction(engine) as db:
        content = ical.body_calendar(db, ical.board_of_public(db, board_id), "https://pleno.example")
    return [c for c in Calendar.from_ical(content).walk("VEVENT")]


def test_the_ical_feed_has_every_session_of_the_body_but_the_cancelled_one(engine, quarter, later_sessions):
    events = events_of(engine, quarter.boards["CC"].id)
    assert [str(e["summary"]) for e in events] == [
        "Primera Sesión Extraordinaria del Comité Coordinador", "Primera Sesión Ordinaria del Comité Coordinador",
        "Segunda Sesión Ordinaria del Comité Coordinador", "Tercera Sesión Ordinaria del Comité Coordinador"]
    first = events[0]
    start = first.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (datetime(2021, 4, 9, 10, 0), "America/Mexico_City")
    assert first["dtstart"].params["TZID"] == "America/Mexico_City"
    assert str(first["location"]) == "Sala de juntas de la Secretaría Ejecutiva, Tuxtla Gutiérrez, Chiapas"
    assert str(first["url"]) == f"https://pleno.example/portal/sesiones/{quarter.sessions['cc_extraordinaria_1'].id}"
    assert (str(events[2]["status"]), "url" in events[2]) == ("TENTATIVE", False)  # only planned


def test_an_ical_uid_stays_the_same_when_the_session_is_rescheduled(engine, quarter, later_sessions):
    before = {str(e["uid"]) for e in events_of(engine, quarter.boards["CC"].id)}
    with transaction(engine) as db:
        # 10:00 in Mexico City, on daylight-saving time in 2021.
        db.get(BoardSession, later_sessions["planned"]).scheduled_at = datetime(2021, 8, 6, 15, 0, tzinfo=UTC)
    events = events_of(engine, quarter.boards["CC"].id)
    assert {str(e["uid"]) for e in events} == before and len(before) == 4
    moved = next(e for e in events if str(e["uid"]) == f"sesion-{later_sessions['planned']}@sesaech.pleno")
    assert moved.decoded("dtstart").replace(tzinfo=None) == datetime(2021, 8, 6, 10, 0)


def test_an_inactive_body_has_no_feed(engine, quarter):
    with transaction(engine) as db:
        quarter_board = db.get(type(quarter.boards["CE"]), quarter.boards["CE"].id)
        quarter_board.active = False
    with transaction(engine) as db, pytest.raises(LookupError):
        ical.board_of_public(db, quarter.boards["CE"].id)


# -- the Comité's workbook ----------------------------------------------------------------------

def test_the_workbook_has_the_calendar_members_and_resolutions_of_the_body(engine, demo, juridico, quarter):
    with transaction(engine) as db:
        board = db.get(type(quarter.boards["CC"]), quarter.boards["CC"].id)
        workbook = load_workbook(io.BytesIO(committee_export.workbook_of(db, board, 2021)))
    assert workbook.sheetnames == ["Calendario", "Integrantes", "Resoluciones"]
    calendar = list(workbook["Calendario"].iter_rows(values_only=True))
    assert calendar[0] == tuple(committee_export.CALENDAR_COLUMNS)
    assert calendar[1][:4] == ("Primera Sesión Extraordinaria del Comité Coordinador", "Extraordinaria",
                               datetime(2021, 4, 9), "10:00")
    members = list(workbook["Integrantes"].iter_rows(values_only=True))
    assert members[1][:4] == ("Mtra. Lucía Hernández Vázquez", "Presidenta del Comité de Participación Ciudadana",
                              "Presidente", "Sí")
    assert ("Lic. Fernanda Coutiño Ramos", "C.P. Alberto Ruiz Zenteno") in {(m[0], m[4]) for m in members}
    resolutions = list(workbook["Resoluciones"].iter_rows(values_only=True))
    assert [r[0] for r in resolutions[1:]] == ["001/CC/SAECH/2021", "002/CC/SAECH/2021", "003/CC/SAECH/2021"]
    assert resolutions[1][1:3] == (datetime(2021, 4, 9), "Primera Sesión Extraordinaria del Comité Coordinador")


def test_a_text_that_looks_like_a_formula_is_written_as_text(engine, demo, juridico):
    with transaction(engine) as db:
        board = make_boards(db, demo)["CT"]
        board_session = plan_called(db, juridico, board, SessionKind.ORDINARY, datetime(2026, 4, 8, 10, 0))
        board_session.place = "=HYPERLINK(\"http://malo\")"
        workbook = load_workbook(io.BytesIO(committee_export.workbook_of(db, board, 2026)))
    assert workbook["Calendario"]["E2"].value == "'=HYPERLINK(\"http://malo\")"
