"""A turn's internal term is a deadline row: opened when turned, met by the answer, moved by the calendar."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from engine.alerts import sweep
from engine.calendar_overlay import declare_non_working
from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus, business_days_left, explain
from engine.documents import long_date
from engine.inbox import DueState
from engine.legal_calendar import calendar_for
from engine.outbox import OutboxMessage
from engine.processes import OpenTask, ProcessInstance
from engine.runtime import ServiceCall, runtime
from tests.correspondence_steps import open_tasks, register_document, turn_document
from tests.timeline import summaries
from workflows.correspondence import handlers
from workflows.correspondence.models import Turn
from workflows.correspondence.queries import detail
from workflows.correspondence.turn_form import turn_due


def weekday_after(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def turn_until(engine, oficialia, instance_id, areas, due: date):
    [task] = open_tasks(engine, instance_id)
    with transaction(engine) as session:
        runtime.complete_task(session, oficialia, task.id, {
            "areas": [a.id for a in areas], "instruccion": "Atender y responder", "fecha_limite": due.isoformat()})


def business_day_from(engine, organization_id: int, start: date) -> date:
    with transaction(engine) as session:
        return calendar_for(session, organization_id, "correspondencia").next_business_day(start, include_same_day=True)


def deadlines(engine) -> list[Deadline]:
    with transaction(engine) as session:
        return list(session.exec(select(Deadline).order_by(Deadline.responsible_area_id)).all())


def test_turning_opens_one_internal_deadline_per_area_due_on_the_given_day(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    due = business_day_from(engine, demo.organization.id, today_in(DEFAULT_TIMEZONE) + timedelta(days=14))
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"], demo.areas["DRI"]], due)
    rows = deadlines(engine)
    assert [(d.kind, d.status, d.due_on, d.responsible_area_id) for d in rows] == [
        (DeadlineKind.TURNO_CORRESPONDENCIA, DeadlineStatus.OPEN, due, area.id)
        for area in sorted([demo.areas["DA"], demo.areas["DRI"]], key=lambda a: a.id)]
    assert rows[0].subject_type == "correspondencia" and rows[0].title.startswith("OP-")
    assert {t.due_at for t in open_tasks(engine, instance.id)} == {rows[0].due_at}
    with transaction(engine) as session:
        assert "Plazo interno que fija la oficialía de partes" in explain(session, rows[0]).rule


def test_a_due_date_on_a_saturday_rolls_forward_to_the_next_business_day(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    saturday = weekday_after(today_in(DEFAULT_TIMEZONE) + timedelta(days=7), 5)
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], saturday)
    [deadline] = deadlines(engine)
    assert deadline.due_on == business_day_from(engine, demo.organization.id, saturday) > saturday
    with transaction(engine) as session:
        assert session.exec(select(Turn)).one().due_date == deadline.due_on
    # The timeline says so: after a vacation the next día hábil may be weeks later.
    assert summaries(engine, instance.id, "turnado") == [
        f"Turnó a Dirección de Administración; el {long_date(saturday)} es inhábil: vence el {long_date(deadline.due_on)}"]


def test_the_process_data_keeps_the_day_a_turn_picked_on_a_saturday_really_ends(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    saturday = weekday_after(today_in(DEFAULT_TIMEZONE) + timedelta(days=7), 5)
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], saturday)
    [deadline] = deadlines(engine)
    runtime._cache.clear()  # as saved, not the copy in memory
    with transaction(engine) as session:
        data = runtime.inspect(session, session.get(ProcessInstance, instance.id)).data
    assert data["fecha_limite"] == deadline.due_on.isoformat() != saturday.isoformat()


def test_the_turn_form_foresees_the_day_its_turn_really_ends(engine, demo, oficialia, admin):
    today = today_in(DEFAULT_TIMEZONE)
    saturday = weekday_after(today + timedelta(days=7), 5)
    declared = weekday_after(today + timedelta(days=7), 2)
    with transaction(engine) as session:
        declare_non_working(session, admin, declared, declared, "Día inhábil por acuerdo del Comité")
    business_day = business_day_from(engine, demo.organization.id, declared)
    with transaction(engine) as session:
        on_saturday = turn_due(session, demo.organization.id, saturday)
        on_declared = turn_due(session, demo.organization.id, declared)
        on_a_business_day = turn_due(session, demo.organization.id, business_day)
    assert (on_saturday.due, on_saturday.closed_because) == (business_day_from(engine, demo.organization.id, saturday),
                                                             "sábado")
    assert (on_declared.due, on_declared.closed_because) == (business_day, "Día inhábil por acuerdo del Comité")
    assert business_day > declared and (on_a_business_day.due, on_a_business_day.closed_because) == (business_day, None)
    instance = register_document(engine, oficialia)
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], saturday)
    assert deadlines(engine)[0].due_on == on_saturday.due


# A día hábil, after the oficialía closed (18:00); the next día hábil is Monday 30 November.
FRIDAY_AFTER_CLOSING = datetime(2026, 11, 27, 23, 35, tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).astimezone(UTC)


def test_a_turn_given_after_closing_with_that_day_as_its_limit_says_so_rather_than_call_the_day_inhabil(
        engine, demo, oficialia, monkeypatch):
    instance = register_document(engine, oficialia)
    monkeypatch.setattr(handlers, "utcnow", lambda: FRIDAY_AFTER_CLOSING)
    with transaction(engine) as session:
        handlers.record_turns(ServiceCall(session, demo.organization.id, instance.id, oficialia, {
            "areas": [demo.areas["DA"].id], "instruccion": "Atender y responder", "fecha_limite": "2026-11-27"}), {})
    [deadline] = deadlines(engine)
    assert deadline.due_on == date(2026, 11, 30)
    assert summaries(engine, instance.id, "turnado") == [
        "Turnó a Dirección de Administración; se turnó fuera del horario de atención (después de las 18:00) del "
        "27 de noviembre de 2026, su fecha límite: cuenta desde el siguiente día hábil y vence el 30 de noviembre "
        "de 2026"]


def test_the_turn_form_foresees_a_turn_given_after_closing_for_that_same_day(engine, demo):
    with transaction(engine) as session:
        that_day = turn_due(session, demo.organization.id, date(2026, 11, 27), FRIDAY_AFTER_CLOSING)
        next_week = turn_due(session, demo.organization.id, date(2026, 12, 2), FRIDAY_AFTER_CLOSING)
        before_closing = turn_due(session, demo.organization.id, date(2026, 11, 27),
                                  FRIDAY_AFTER_CLOSING - timedelta(hours=6))
    assert (that_day.due, that_day.given_after_closing, that_day.closed_because) == (date(2026, 11, 30), True, None)
    assert (next_week.due, next_week.given_after_closing, next_week.moved_note()) == (date(2026, 12, 2), False, "")
    assert (before_closing.due, before_closing.given_after_closing) == (date(2026, 11, 27), False)


def test_answering_meets_the_deadline_and_returning_cancels_it(engine, demo, oficialia, enlace_area_a, enlace_area_b):
    instance = register_document(engine, oficialia)
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"], demo.areas["DRI"]])
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_a, by_area[demo.areas["DA"].id].id,
                              {"sentido": "atendido", "respuesta": "Se envía el informe solicitado."})
    with transaction(engine) as session:
        runtime.complete_task(session, enlace_area_b, by_area[demo.areas["DRI"].id].id,
                              {"sentido": "devuelto", "respuesta": "No es competencia de esta área."})
    statuses = {d.responsible_area_id: d.status for d in deadlines(engine)}
    assert statuses == {demo.areas["DA"].id: DeadlineStatus.MET, demo.areas["DRI"].id: DeadlineStatus.CANCELLED}


def test_a_dia_inhabil_declared_after_turning_moves_the_deadline_and_the_inbox_due_date(engine, demo, oficialia, admin):
    instance = register_document(engine, oficialia)
    due = business_day_from(engine, demo.organization.id, today_in(DEFAULT_TIMEZONE) + timedelta(days=14))
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], due)
    closed = business_day_from(engine, demo.organization.id, today_in(DEFAULT_TIMEZONE) + timedelta(days=7))
    with transaction(engine) as session:
        _, moved = declare_non_working(session, admin, closed, closed, "Día del servidor público", "Acuerdo 3/2026")
    [deadline] = deadlines(engine)
    assert [(m.before, m.after) for m in moved] == [(due, deadline.due_on)]
    assert deadline.due_on == business_day_from(engine, demo.organization.id, due + timedelta(days=1))
    with transaction(engine) as session:
        task = session.exec(select(OpenTask).where(OpenTask.instance_id == instance.id)).one()
        assert task.due_at == deadline.due_at


def test_the_detail_page_shows_the_turns_moved_due_date_and_its_business_days_left(engine, demo, oficialia, admin):
    instance = register_document(engine, oficialia)
    due = business_day_from(engine, demo.organization.id, today_in(DEFAULT_TIMEZONE) + timedelta(days=14))
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], due)
    with transaction(engine) as session:
        declare_non_working(session, admin, due, due, "Día inhábil por acuerdo")
    [deadline] = deadlines(engine)
    with transaction(engine) as session:
        item_id = session.exec(select(Turn.correspondence_id)).one()
        [view] = detail(session, oficialia, item_id).turns
    assert view.due_on == deadline.due_on > due and view.deadline.id == deadline.id
    with transaction(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
        # Turned on a weekend (or after hours), its count begins on a later día hábil: the days before don't count.
        left = business_days_left(calendar, deadline, today_in(demo.organization.timezone))
    assert (view.remaining.days, view.remaining.state) == (left, DueState.ON_TIME)
    assert f"{left} días hábiles" in view.remaining.text


def test_a_turns_alerts_reach_the_areas_enlaces_and_the_oficialia_not_the_transparency_unit(engine, demo, oficialia):
    instance = register_document(engine, oficialia)
    due = business_day_from(engine, demo.organization.id, today_in(DEFAULT_TIMEZONE) + timedelta(days=14))
    turn_until(engine, oficialia, instance.id, [demo.areas["DA"]], due)
    sweep(engine, datetime.combine(due, time(9, 0), tzinfo=ZoneInfo(demo.organization.timezone)).astimezone(UTC))
    with transaction(engine) as session:
        addresses = sorted({m.to_address for m in session.exec(select(OutboxMessage)).all()})
    assert addresses == sorted([demo.users["enlace_da"].email, demo.users["oficialia"].email])
