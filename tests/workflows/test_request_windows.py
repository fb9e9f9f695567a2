"""The Unidad's windows while it analyses a request (workflows.access_request.windows): opened with the
request, closed by each choice of the analysis, reminded while open, quiet once they pass unused.

The request is filed Friday 27 November 2026 at 10:00 under MX-LGTAIP-2025 (ARCO: MX-LGPDPPSO) and
counts from Monday 30 November; no LFT holiday falls before Christmas (art. 74: 16 November had passed,
25 December is one). So the notice of incompetence is due Wednesday 2 December (3 días hábiles: 30
November, 1 and 2 December), the prevención and the answer pointing to information already public
Friday 4 December (5), and the response Monday 28 December (20, over 25 December).
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlmodel import select

from engine import deadlines
from engine.alerts import sweep
from engine.calendar_overlay import declare_non_working
from engine.clock import to_local
from engine.db import transaction
from engine.days_left import DueState
from engine.deadlines import Deadline, DeadlineEvent, DeadlineKind, DeadlineStatus, status_label
from engine.digests import digests_for
from engine.notifications import Notification
from engine.tenancy import Organization
from tests.access_request_steps import (SpiffClock, complete, deadline_rows, file_request, later,  # noqa: F401
                                        request_of, response_of, task_named, turn, working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.correspondence_steps import item_of, register_document
from workflows.access_request.list_filters import Filters
from workflows.access_request.queries import request_list
from workflows.access_request.report import open_data_rows
from workflows.access_request.statistics import Period, by_kind, response_times

MX = ZoneInfo("America/Mexico_City")
WINDOWS = (DeadlineKind.INCOMPETENCIA, DeadlineKind.PREVENCION, DeadlineKind.INFORMACION_PUBLICA)


@pytest.fixture(autouse=True)
def late_november_2026(registrations_late_in_the_day, working_in_march_2026, monkeypatch):
    """The Unidad's clock is the scenario's (later()): it registers the request the morning it arrives
    and records each act on its day."""
    later(date(2026, 11, 27))  # 10:00 in Mexico City
    monkeypatch.setattr(deadlines, "utcnow", lambda: SpiffClock.moment)
    monkeypatch.setattr("engine.clock.now_in", lambda zone: to_local(SpiffClock.moment, zone))


def filed(engine, transparencia):
    return file_request(engine, transparencia, fecha_recepcion="2026-11-27", hora_recepcion="10:00")


def windows_of(engine, folio) -> dict[DeadlineKind, Deadline]:
    rows = deadline_rows(engine, folio)
    return {kind: rows[kind][-1] for kind in WINDOWS if kind in rows}


def statuses(engine, folio) -> dict[DeadlineKind, DeadlineStatus]:
    return {kind: window.status for kind, window in windows_of(engine, folio).items()}


def met_day(window: Deadline) -> date:
    return to_local(window.met_at, "America/Mexico_City").date()


def test_registration_opens_each_window_with_its_legal_basis_counted_as_the_response_term(
        engine, demo, transparencia):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    found = {kind: (window.rule_key, window.counted_from, window.due_on, window.basis, window.status,
                    window.responsible_user_id)
             for kind, window in windows_of(engine, folio).items()}
    unidad = demo.users["transparencia"].id
    assert found == {
        DeadlineKind.INCOMPETENCIA: ("notoria_incompetencia", date(2026, 11, 30), date(2026, 12, 2),
                                     "LGTAIP 2025, art. 138", DeadlineStatus.OPEN, unidad),
        DeadlineKind.PREVENCION: ("prevencion", date(2026, 11, 30), date(2026, 12, 4), "LGTAIP 2025, art. 130",
                                  DeadlineStatus.OPEN, unidad),
        DeadlineKind.INFORMACION_PUBLICA: ("informacion_publica", date(2026, 11, 30), date(2026, 12, 4),
                                           "LGTAIP 2025, art. 132", DeadlineStatus.OPEN, unidad)}
    response = response_of(engine, folio)
    assert (response.counted_from, response.due_on) == (date(2026, 11, 30), date(2026, 12, 28))
    # Mis tareas: the analysis is due on the response term, not on a window.
    assert task_named(engine, instance.id, "review").due_at == response.due_at


def test_a_document_of_the_oficialia_registered_as_a_request_opens_its_windows(engine, demo, oficialia,
                                                                               transparencia):
    item = item_of(engine, register_document(engine, oficialia, fecha_recepcion="2026-11-27", hora_recepcion="09:30",
                                             captura_extemporanea="Registrado en una prueba, días después").id)
    instance = file_request(engine, transparencia, canal="oficialia", folio_pnt="", folio_correspondencia=item.folio,
                            fecha_recepcion="2026-11-27", hora_recepcion="10:00")
    found = {kind: window.due_on for kind, window in windows_of(engine, request_of(engine, instance.id).folio).items()}
    assert found == {DeadlineKind.INCOMPETENCIA: date(2026, 12, 2), DeadlineKind.PREVENCION: date(2026, 12, 4),
                     DeadlineKind.INFORMACION_PUBLICA: date(2026, 12, 4)}


def test_an_arco_request_has_its_laws_windows_and_none_to_point_to_public_information(engine, demo, transparencia):
    instance = file_arco(engine, transparencia, fecha_recepcion="2026-11-27", hora_recepcion="10:00")
    found = {kind: (window.rule_key, window.due_on, window.basis)
             for kind, window in windows_of(engine, request_of(engine, instance.id).folio).items()}
    assert found == {DeadlineKind.INCOMPETENCIA: ("incompetencia", date(2026, 12, 2), "LGPDPPSO, art. 47"),
                     DeadlineKind.PREVENCION: ("prevencion", date(2026, 12, 4), "LGPDPPSO, art. 46")}


def test_a_prevention_uses_its_window_the_others_no_longer_apply_and_the_desahogo_reopens_none(
        engine, demo, transparencia):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    later(date(2026, 12, 2))
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
        "fecha_prevencion": "2026-12-02"})
    windows = windows_of(engine, folio)
    prevention = windows[DeadlineKind.PREVENCION]
    assert (prevention.status, met_day(prevention), prevention.met_late) == (DeadlineStatus.MET, date(2026, 12, 2),
                                                                            False)
    assert statuses(engine, folio) == {DeadlineKind.INCOMPETENCIA: DeadlineStatus.CANCELLED,
                                       DeadlineKind.PREVENCION: DeadlineStatus.MET,
                                       DeadlineKind.INFORMACION_PUBLICA: DeadlineStatus.CANCELLED}
    # Closed before their last day: «Cancelado», not run out.
    assert status_label(windows[DeadlineKind.INCOMPETENCIA], later(date(2026, 12, 9))) == "Cancelado"
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": "2026-12-08", "desahogo": "Los contratos de 2025 y 2026."})
    response = response_of(engine, folio)
    assert (response.status, response.counted_from) == (DeadlineStatus.OPEN, date(2026, 12, 9))
    assert statuses(engine, folio) == {DeadlineKind.INCOMPETENCIA: DeadlineStatus.CANCELLED,
                                       DeadlineKind.PREVENCION: DeadlineStatus.MET,
                                       DeadlineKind.INFORMACION_PUBLICA: DeadlineStatus.CANCELLED}
    assert [len(rows) for kind, rows in deadline_rows(engine, folio).items() if kind in WINDOWS] == [1, 1, 1]


def test_a_notice_of_incompetence_uses_its_window_and_the_others_no_longer_apply(engine, demo, transparencia):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    later(date(2026, 12, 1))
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": "2026-12-01"})
    notice = windows_of(engine, folio)[DeadlineKind.INCOMPETENCIA]
    assert (notice.status, met_day(notice), notice.met_late) == (DeadlineStatus.MET, date(2026, 12, 1), False)
    assert statuses(engine, folio) == {DeadlineKind.INCOMPETENCIA: DeadlineStatus.MET,
                                       DeadlineKind.PREVENCION: DeadlineStatus.CANCELLED,
                                       DeadlineKind.INFORMACION_PUBLICA: DeadlineStatus.CANCELLED}
    assert response_of(engine, folio).status == DeadlineStatus.CANCELLED


def answer_of_the_area(engine, enlace, instance_id, area, sentido, respuesta):
    complete(engine, enlace, instance_id, "area_answer", {"sentido": sentido, "respuesta": respuesta}, area_id=area.id)


def respond(engine, transparencia, instance_id, sentido, notified):
    complete(engine, transparencia, instance_id, "respond", {
        "sentido": sentido, "respuesta": "La información está publicada en el portal de transparencia.",
        "modalidad": "electronica", "costo": "0", "fecha_notificacion": notified})


def test_turning_leaves_only_the_answer_pointing_to_public_information_which_an_answer_so_uses(
        engine, demo, transparencia, enlace_area_a):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    # An area may still answer that the information is already public: that window stays open.
    assert statuses(engine, folio) == {DeadlineKind.INCOMPETENCIA: DeadlineStatus.CANCELLED,
                                       DeadlineKind.PREVENCION: DeadlineStatus.CANCELLED,
                                       DeadlineKind.INFORMACION_PUBLICA: DeadlineStatus.OPEN}
    later(date(2026, 12, 3))
    answer_of_the_area(engine, enlace_area_a, instance.id, demo.areas["DA"], "publica",
                       "Está publicada en el portal, fracción XXVII.")
    respond(engine, transparencia, instance.id, "publica", "2026-12-03")
    public = windows_of(engine, folio)[DeadlineKind.INFORMACION_PUBLICA]
    assert (public.status, met_day(public), public.met_late) == (DeadlineStatus.MET, date(2026, 12, 3), False)
    assert response_of(engine, folio).rule_key == "informacion_publica"  # measured against its 5 días hábiles


def test_an_answer_given_without_turning_closes_the_windows_it_did_not_use(engine, demo, transparencia):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    complete(engine, transparencia, instance.id, "review", {"decision": "responder"})
    assert set(statuses(engine, folio).values()) == {DeadlineStatus.OPEN}  # nothing decided until the answer
    later(date(2026, 12, 3))
    respond(engine, transparencia, instance.id, "entrega_total", "2026-12-03")
    assert set(statuses(engine, folio).values()) == {DeadlineStatus.CANCELLED}


def test_a_request_back_in_analysis_does_not_reopen_its_windows_and_a_prevention_in_time_still_uses_its_own(
        engine, demo, transparencia, enlace_area_a):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    later(date(2026, 12, 1))
    answer_of_the_area(engine, enlace_area_a, instance.id, demo.areas["DA"], "devuelto",
                       "No es competencia de esta dirección.")
    assert statuses(engine, folio) == {DeadlineKind.INCOMPETENCIA: DeadlineStatus.CANCELLED,
                                       DeadlineKind.PREVENCION: DeadlineStatus.CANCELLED,
                                       DeadlineKind.INFORMACION_PUBLICA: DeadlineStatus.OPEN}
    later(date(2026, 12, 3))
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo.", "fecha_prevencion": "2026-12-03"})
    prevention = windows_of(engine, folio)[DeadlineKind.PREVENCION]
    assert (prevention.status, met_day(prevention), prevention.met_late) == (DeadlineStatus.MET, date(2026, 12, 3),
                                                                            False)
    assert statuses(engine, folio)[DeadlineKind.INFORMACION_PUBLICA] == DeadlineStatus.CANCELLED
    assert statuses(engine, folio)[DeadlineKind.INCOMPETENCIA] == DeadlineStatus.CANCELLED


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=MX).astimezone(UTC)


def alerts_of(engine, deadline_id: int) -> list[str]:
    """The steps said of a deadline, each once whoever it reached («antes-1», «vence», «vencido-…»)."""
    with transaction(engine) as session:
        keys = session.exec(select(Notification.key).where(Notification.key.like(f"alerta:{deadline_id}:%"))).all()
    return sorted({key.rsplit(":", 2)[1] for key in keys})


def test_windows_that_pass_unused_are_reminded_once_then_lapse_without_any_alert_nor_breach(
        engine, demo, transparencia, enlace_area_a):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    for day in range(27, 31):
        sweep(engine, morning(date(2026, 11, day)))
    for day in range(1, 29):  # twice a day: nothing is said twice
        sweep(engine, morning(date(2026, 12, day)))
        sweep(engine, morning(date(2026, 12, day)))
        if day == 7:
            with transaction(engine) as session:
                digests = digests_for(session, demo.organization.id, date(2026, 12, 7))
                [row] = request_list(session, transparencia, Filters(), now=morning(date(2026, 12, 7))).rows
            # The windows that lapsed are nobody's delay; the response term is not near yet.
            assert digests == {}
            # The request list counts the response term's days.
            assert (row.due_on, row.remaining.state) == (date(2026, 12, 28), DueState.ON_TIME)
    windows = windows_of(engine, folio)
    # The policy's reminder the día hábil before the last day, and «Vence hoy»: never «vencido» nor an escalation.
    assert {kind: alerts_of(engine, window.id) for kind, window in windows.items()} == {
        kind: ["antes-1", "vence"] for kind in WINDOWS}
    with transaction(engine) as session:
        titles = set(session.exec(select(Notification.title).where(
            Notification.key.like(f"alerta:{windows[DeadlineKind.INCOMPETENCIA].id}:%"))).all())
    assert titles == {f"Vence en 1 día hábil: Aviso de incompetencia · {folio}",
                      f"Vence hoy: Aviso de incompetencia · {folio}"}
    for window in windows.values():
        assert (window.status, status_label(window, morning(date(2026, 12, 7)))) == (DeadlineStatus.MISSED,
                                                                                   "Transcurrido")
    with transaction(engine) as session:
        reasons = [event.reason for event in deadlines.events_of(session, windows[DeadlineKind.PREVENCION])]
    assert reasons[-1] == "Transcurrió sin usarse."
    # The response term's alerts are its own: 5, 3 and 1 días hábiles before 28 December, and that day.
    assert alerts_of(engine, response_of(engine, folio).id) == ["antes-1", "antes-3", "antes-5", "vence"]
    # Answered on its last day: on time in every figure, with no breach of the windows counted.
    later(date(2026, 12, 28))
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    answer_of_the_area(engine, enlace_area_a, instance.id, demo.areas["DA"], "entrega_total", "Se anexan.")
    respond(engine, transparencia, instance.id, "entrega_total", "2026-12-28")
    with transaction(engine) as session:
        organization = session.get(Organization, demo.organization.id)
        quarter = Period.of_quarter(2026, 4)
        times = response_times(session, organization, quarter)
        overdue = sum(row.overdue for row in by_kind(session, organization, quarter))
        [published] = open_data_rows(session, organization, quarter)
    assert (times.answered, times.on_time, overdue, published[8]) == (1, 1, 0, "Sí")
    # Closed by the decisions once over: still «Transcurrido».
    assert {status_label(window) for window in windows_of(engine, folio).values()} == {"Transcurrido"}


def test_a_dia_inhabil_declared_after_registration_moves_the_windows_and_the_analysis_stays_on_the_response_term(
        engine, demo, transparencia, admin):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 12, 1), date(2026, 12, 1), "Suspensión de labores")
    assert {kind: window.due_on for kind, window in windows_of(engine, folio).items()} == {
        DeadlineKind.INCOMPETENCIA: date(2026, 12, 3), DeadlineKind.PREVENCION: date(2026, 12, 7),
        DeadlineKind.INFORMACION_PUBLICA: date(2026, 12, 7)}
    response = response_of(engine, folio)
    assert response.due_on == date(2026, 12, 29)
    assert task_named(engine, instance.id, "review").due_at == response.due_at


def test_a_request_registered_before_windows_opens_the_one_it_uses_when_it_acts(engine, demo, transparencia):
    instance = filed(engine, transparencia)
    folio = request_of(engine, instance.id).folio
    with transaction(engine) as session:  # as a request in analysis when windows began to be opened
        ids = select(Deadline.id).where(Deadline.subject_id == folio, Deadline.kind.in_(WINDOWS))
        session.exec(delete(DeadlineEvent).where(DeadlineEvent.deadline_id.in_(ids)))
        session.exec(delete(Deadline).where(Deadline.id.in_(ids)))
    later(date(2026, 12, 1))
    complete(engine, transparencia, instance.id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": "2026-12-01"})
    notice = windows_of(engine, folio)
    assert list(notice) == [DeadlineKind.INCOMPETENCIA]
    assert (notice[DeadlineKind.INCOMPETENCIA].status, notice[DeadlineKind.INCOMPETENCIA].due_on) == (
        DeadlineStatus.MET, date(2026, 12, 2))
