"""Path tests of bpmn/resolution_followup.bpmn, with a serialize/restore after every step; the open
acuerdos the next session's "seguimiento de acuerdos" lists."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from board_quarter import Item, hold_session
from board_session_steps import boards, complete, on, reload, session_clock, tasks  # noqa: F401
from engine import inbox
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.forms import FormInvalid
from engine.processes import InstanceStatus, ProcessInstance
from engine.audit import AuditEvent
from engine.runtime import NotAllowed, runtime
from workflows.board_session.models import ProgressReport, Resolution, ResolutionStatus, SessionKind
from workflows.resolution_followup import start_followup
from workflows.resolution_followup.queries import open_resolutions

DUE = date(2021, 5, 31)


def an_acuerdo(engine, demo, juridico, areas, due=DUE) -> Resolution:
    """The CC's Primera Sesión Ordinaria of 30 April 2021 orders work to `areas` by `due`."""
    cc = boards(engine, demo)["CC"]
    on(date(2021, 4, 30))
    with transaction(engine) as db:
        board_session = hold_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 4, 30, 10), [
            Item("Lineamientos de la Política Estatal Anticorrupción",
                 resolution="Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción.",
                 area_ids=tuple(a.id for a in areas), due=due)])
        return db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()


def started(engine, juridico, resolution) -> ProcessInstance:
    on(date(2021, 5, 3))
    with transaction(engine) as db:
        return start_followup(db, juridico, db.get(Resolution, resolution.id))


def area_terms(engine, resolution) -> list[Deadline]:
    with transaction(engine) as db:
        return list(db.exec(select(Deadline).where(Deadline.subject_type == "acuerdo",
                                                   Deadline.subject_id == resolution.number)
                            .order_by(Deadline.id)).all())


def report(engine, actor, instance, area, avance, texto="Se avanzó en la elaboración del documento."):
    return complete(engine, actor, instance.id, "report_progress", {"avance": avance, "texto": texto}, area.id)


def test_each_area_reports_until_100_then_juridica_verifies_and_the_acuerdo_is_met(
        engine, demo, juridico, enlace_area_a, enlace_area_b):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    resolution = an_acuerdo(engine, demo, juridico, [da, dri])
    assert resolution.number == "001/CC/SAECH/2021"
    instance = started(engine, juridico, resolution)
    # Per step: (who, area, avance) → (open tasks by area, acuerdo status, progress)
    steps = [
        (enlace_area_a, da, 40, [("report_progress", da.id), ("report_progress", dri.id)], "en_proceso", 0),
        (enlace_area_b, dri, 100, [("report_progress", da.id)], "en_proceso", 40),
        (enlace_area_a, da, 90, [("report_progress", da.id)], "en_proceso", 90),
        (enlace_area_a, da, 100, [("verify_compliance", None)], "en_proceso", 100),
    ]
    for actor, area, avance, open_after, status, progress in steps:
        on(date(2021, 5, 10))
        report(engine, actor, instance, area, avance)
        assert [(t.task_name, t.area_id) for t in tasks(engine, instance.id)] == open_after, (area.code, avance)
        row = reload(engine, Resolution, resolution.id)
        assert (row.status.value, row.progress) == (status, progress), (area.code, avance)
    # An area that reported 100 % met its term; the alerts stop for it.
    assert [(d.responsible_area_id, d.status) for d in area_terms(engine, resolution)] == \
        [(da.id, DeadlineStatus.MET), (dri.id, DeadlineStatus.MET)]
    on(date(2021, 5, 20))
    done = complete(engine, juridico, instance.id, "verify_compliance", {"decision": "cumplido"})
    assert done.status == InstanceStatus.COMPLETED
    row = reload(engine, Resolution, resolution.id)
    assert (row.status, row.progress, row.completed_on) == (ResolutionStatus.DONE, 100, date(2021, 5, 20))
    with transaction(engine) as db:
        reports = db.exec(select(ProgressReport.area_id, ProgressReport.progress, ProgressReport.reported_by)
                          .order_by(ProgressReport.id)).all()
    assert reports == [(da.id, 40, enlace_area_a.user_id), (dri.id, 100, enlace_area_b.user_id),
                       (da.id, 90, enlace_area_a.user_id), (da.id, 100, enlace_area_a.user_id)]


def test_the_followup_task_appears_in_the_responsible_areas_inbox_with_its_due_date(
        engine, demo, juridico, enlace_area_a, enlace_area_b):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    [term] = area_terms(engine, resolution)
    # From Monday 3 May 2021 to Monday 31 May: the due day given by the session, as días hábiles.
    assert (term.kind, term.due_on, term.responsible_area_id, term.instance_id) == \
        (DeadlineKind.SEGUIMIENTO, DUE, da.id, instance.id)
    with transaction(engine) as db:
        mine = inbox.my_tasks(db, enlace_area_a, now=datetime(2021, 5, 3, 16, tzinfo=UTC)).rows
        theirs = inbox.my_tasks(db, enlace_area_b, now=datetime(2021, 5, 3, 16, tzinfo=UTC)).rows
    [row] = [r for r in mine if r.task.process_id == "resolution_followup"]
    assert (row.task.task_name, row.task.area_id, row.task.subject) == \
        ("report_progress", da.id, "Acuerdo 001/CC/SAECH/2021")
    assert row.task.due_at.replace(tzinfo=None) == term.due_at.astimezone(UTC).replace(tzinfo=None)
    assert not [r for r in theirs if r.task.process_id == "resolution_followup"]
    with pytest.raises(NotAllowed):
        report(engine, enlace_area_b, instance, da, 100)


def test_returned_by_juridica_every_area_reports_again_on_a_new_term(engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    report(engine, enlace_area_a, instance, da, 100)
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, instance.id, "verify_compliance", {"decision": "devolver"})
    assert refused.value.errors == {"observaciones": "Escriba las observaciones para las áreas al devolver el acuerdo."}
    on(date(2021, 5, 24))
    complete(engine, juridico, instance.id, "verify_compliance",
             {"decision": "devolver", "observaciones": "Falta el anexo de indicadores.", "fecha_limite": "2021-06-15"})
    [again] = tasks(engine, instance.id)
    assert (again.task_name, again.area_id) == ("report_progress", da.id)
    first, second = area_terms(engine, resolution)
    assert (first.status, second.status, second.due_on) == (DeadlineStatus.MET, DeadlineStatus.OPEN, date(2021, 6, 15))
    report(engine, enlace_area_a, instance, da, 100, "Se agregó el anexo de indicadores.")
    complete(engine, juridico, instance.id, "verify_compliance", {"decision": "cumplido"})
    assert reload(engine, Resolution, resolution.id).status == ResolutionStatus.DONE
    assert {d.status for d in area_terms(engine, resolution)} == {DeadlineStatus.MET}


def test_an_acuerdo_returned_with_a_new_date_on_a_saturday_says_and_keeps_the_day_it_really_ends(
        engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    report(engine, enlace_area_a, instance, da, 100)
    on(date(2021, 5, 24))
    with pytest.raises(FormInvalid) as past:
        complete(engine, juridico, instance.id, "verify_compliance",
                 {"decision": "devolver", "observaciones": "Falta el anexo.", "fecha_limite": "2021-05-21"})
    assert past.value.errors == {"fecha_limite": "La nueva fecha límite no puede ser anterior a hoy."}
    complete(engine, juridico, instance.id, "verify_compliance",  # Saturday 12 June 2021
             {"decision": "devolver", "observaciones": "Falta el anexo.", "fecha_limite": "2021-06-12"})
    assert area_terms(engine, resolution)[-1].due_on == date(2021, 6, 14)
    runtime._cache.clear()  # as saved, not the copy in memory
    with transaction(engine) as db:
        assert runtime.inspect(db, db.get(ProcessInstance, instance.id)).data["fecha_limite"] == "2021-06-14"
        [returned] = db.exec(select(AuditEvent.summary).where(AuditEvent.action == "acuerdo.devuelto")).all()
    assert returned.endswith("; el 12 de junio de 2021 es inhábil: vence el 14 de junio de 2021")


def test_the_next_sessions_followup_lists_every_open_acuerdo_and_shows_the_overdue_ones(
        engine, demo, juridico, enlace_area_a):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    resolution = an_acuerdo(engine, demo, juridico, [da, dri])
    started(engine, juridico, resolution)
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        listed = open_resolutions(db, demo.organization.id, cc.id, today=date(2021, 5, 20))
        later = open_resolutions(db, demo.organization.id, cc.id, today=date(2021, 6, 1))
    assert [(r.number, r.status, r.due_on, r.areas) for r in listed] == \
        [("001/CC/SAECH/2021", ResolutionStatus.PENDING, DUE, [da.name, dri.name])]
    assert [(r.number, r.status) for r in later] == [("001/CC/SAECH/2021", ResolutionStatus.OVERDUE)]


def test_an_acuerdo_without_responsible_areas_has_no_followup(engine, demo, juridico):
    resolution = an_acuerdo(engine, demo, juridico, [])
    assert resolution.status == ResolutionStatus.NO_FOLLOWUP
    from workflows.board_session.sessions import BoardError
    with transaction(engine) as db, pytest.raises(BoardError, match="no ordena trabajo"):
        start_followup(db, juridico, db.get(Resolution, resolution.id))
    with transaction(engine) as db:
        assert open_resolutions(db, demo.organization.id, resolution.board_id, today=date(2021, 6, 1)) == []


def close_area(engine, area) -> None:
    with transaction(engine) as db:
        db.get(type(area), area.id).active = False


CLOSED = ("No se abrió el plazo del acuerdo 001/CC/SAECH/2021 para sus áreas responsables: Dirección de "
          "Administración ya no está activa. Reactive el área en Administración → Áreas, o avise a la administración.")


def test_a_followup_to_an_area_closed_since_the_acuerdo_is_refused_before_any_term_opens(
        engine, demo, juridico):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    resolution = an_acuerdo(engine, demo, juridico, [dri, da])
    close_area(engine, da)
    with pytest.raises(FormInvalid) as refused:
        started(engine, juridico, resolution)
    assert refused.value.errors == {"__all__": CLOSED}
    assert area_terms(engine, resolution) == []
    assert reload(engine, Resolution, resolution.id).followup_instance_id is None
    with transaction(engine) as db:
        assert db.exec(select(ProcessInstance).where(ProcessInstance.process_id == "resolution_followup")).all() == []


def test_an_acuerdo_returned_to_an_area_closed_since_is_refused_and_stays_to_verify(
        engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    report(engine, enlace_area_a, instance, da, 100)
    close_area(engine, da)
    on(date(2021, 5, 24))
    with pytest.raises(FormInvalid) as refused:
        complete(engine, juridico, instance.id, "verify_compliance",
                 {"decision": "devolver", "observaciones": "Falta el anexo de indicadores.",
                  "fecha_limite": "2021-06-15"})
    assert refused.value.errors == {"__all__": CLOSED}
    assert [t.task_name for t in tasks(engine, instance.id)] == ["verify_compliance"]
    assert [d.status for d in area_terms(engine, resolution)] == [DeadlineStatus.MET]
    assert reload(engine, ProcessInstance, instance.id).status == InstanceStatus.RUNNING
