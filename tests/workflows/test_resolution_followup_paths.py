"""Path tests of bpmn/resolution_followup.bpmn, with a serialize/restore after every step; the open
acuerdos the next session's "seguimiento de acuerdos" lists."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from board_quarter import Item, hold_session
from board_session_steps import boards, complete, on, reload, session_clock, tasks  # noqa: F401
from engine import inbox
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineEvent, DeadlineKind, DeadlineStatus
from engine.documents import text_of
from engine.forms import FormInvalid
from engine.outbox import OutboxMessage
from engine.processes import InstanceStatus, ProcessInstance
from engine.audit import AuditEvent
from engine.runtime import NotAllowed, runtime
from workflows.board_session import committee_export, public
from workflows.board_session.documents import build_agenda, build_resolutions_list
from workflows.board_session.models import Board, ProgressReport, Resolution, ResolutionStatus, SessionKind
from workflows.board_session.sessions import plan_session
from workflows.resolution_followup import start_followup
from workflows.resolution_followup.queries import open_resolutions, reports_of

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


def turn_mails(engine) -> list[tuple[str, str, str]]:
    """(recipient, subject, body) of every «Nuevo turno» e-mail, in the order written (a step's in no order)."""
    with transaction(engine) as db:
        return [(m.to_address, m.subject, m.body) for m in db.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "turno").order_by(OutboxMessage.id)).all()]


def test_the_areas_are_told_of_the_acuerdo_once_per_term_and_again_when_juridica_returns_it(
        engine, demo, juridico, enlace_area_a, enlace_area_b):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    resolution = an_acuerdo(engine, demo, juridico, [da, dri])
    instance = started(engine, juridico, resolution)
    first = turn_mails(engine)
    assert sorted(to for to, _, _ in first) == ["enlace_da@sesaech.example", "enlace_dri@sesaech.example"]
    [(subject, body)] = [(subject, body) for to, subject, body in first if to == "enlace_da@sesaech.example"]
    assert subject == "Nuevo turno: Acuerdo 001/CC/SAECH/2021 (vence el lunes 31 de mayo de 2021)"
    for line in ("Informar el avance del acuerdo: Acuerdo 001/CC/SAECH/2021", "Turnado a: Dirección de Administración",
                 "Turnado por: Dirección Jurídica (Ana María Gómez Ruiz)",
                 "Acuerdo: Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción.",
                 "Fecha límite del área: lunes 31 de mayo de 2021."):
        assert line in body.splitlines(), line
    # Reports short of 100 % keep the area on the same task and term: nothing new to tell.
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 60)
    report(engine, enlace_area_a, instance, da, 100)
    report(engine, enlace_area_b, instance, dri, 100)
    assert turn_mails(engine) == first
    on(date(2021, 5, 20))
    complete(engine, juridico, instance.id, "verify_compliance", {
        "decision": "devolver", "observaciones": "Falta la evidencia de la aprobación de los lineamientos.",
        "fecha_limite": "2021-06-15", "devolver_a": [da.id, dri.id]})
    returned = turn_mails(engine)[len(first):]
    assert sorted(to for to, _, _ in returned) == ["enlace_da@sesaech.example", "enlace_dri@sesaech.example"]
    [(subject, body)] = [(subject, body) for to, subject, body in returned if to == "enlace_da@sesaech.example"]
    assert subject == "Nuevo turno: Acuerdo 001/CC/SAECH/2021 (vence el martes 15 de junio de 2021)"
    for line in ("Devuelto con observaciones de la verificación: Falta la evidencia de la aprobación de los "
                 "lineamientos.", "Fecha límite del área: martes 15 de junio de 2021."):
        assert line in body.splitlines(), line
    assert "Riesgos" not in body


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


def test_returned_to_one_area_only_that_area_reports_again_the_others_keep_their_term_met(
        engine, demo, juridico, enlace_area_a, enlace_area_b):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    resolution = an_acuerdo(engine, demo, juridico, [da, dri])
    instance = started(engine, juridico, resolution)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 100)
    report(engine, enlace_area_b, instance, dri, 100)
    told = turn_mails(engine)
    on(date(2021, 5, 24))
    # With several areas, Jurídica says which compliance it returns.
    with pytest.raises(FormInvalid) as unsaid:
        complete(engine, juridico, instance.id, "verify_compliance",
                 {"decision": "devolver", "observaciones": "Falta el anexo de indicadores."})
    assert unsaid.value.errors == {"devolver_a": "Elija las áreas a las que devuelve el cumplimiento."}
    complete(engine, juridico, instance.id, "verify_compliance",
             {"decision": "devolver", "observaciones": "Falta el anexo de indicadores.", "fecha_limite": "2021-06-15",
              "devolver_a": [dri.id]})
    assert [(t.task_name, t.area_id) for t in tasks(engine, instance.id)] == [("report_progress", dri.id)]
    assert [(d.responsible_area_id, d.status, d.due_on) for d in area_terms(engine, resolution)] == [
        (da.id, DeadlineStatus.MET, DUE), (dri.id, DeadlineStatus.MET, DUE),
        (dri.id, DeadlineStatus.OPEN, date(2021, 6, 15))]
    with transaction(engine) as db:
        returned_events = db.exec(select(DeadlineEvent.deadline_id).where(DeadlineEvent.action == "devuelto")).all()
        told = db.exec(select(AuditEvent.object_type, AuditEvent.summary)
                       .where(AuditEvent.action == "acuerdo.devuelto").order_by(AuditEvent.seq)).all()
    assert returned_events == [area_terms(engine, resolution)[1].id]
    # In the session's history and in the acuerdo's own expediente.
    summary = ("Devolvió el acuerdo 001/CC/SAECH/2021 al área Dirección de Riesgos e Inteligencia: Falta el anexo de "
               "indicadores.")
    assert told == [("sesion", summary), ("proceso", summary)]
    # Only the returned area is told; the DA's 100 % still counts, the DRI's returned one does not.
    assert [to for to, _, _ in turn_mails(engine)[len(told):]] == ["enlace_dri@sesaech.example"]
    row = reload(engine, Resolution, resolution.id)
    assert (row.due_on, row.returned_on, row.progress) == (date(2021, 6, 15), date(2021, 5, 24), 0)
    report(engine, enlace_area_b, instance, dri, 100, "Se agregó el anexo de indicadores.")
    assert [t.task_name for t in tasks(engine, instance.id)] == ["verify_compliance"]
    assert reload(engine, Resolution, resolution.id).progress == 100
    complete(engine, juridico, instance.id, "verify_compliance", {"decision": "cumplido"})
    assert reload(engine, Resolution, resolution.id).status == ResolutionStatus.DONE


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
        told = db.exec(select(AuditEvent.summary).where(AuditEvent.action == "acuerdo.devuelto")).all()
    assert len(told) == 2 and all(returned.endswith("; el 12 de junio de 2021 es inhábil: vence el 14 de junio de 2021")
                                  for returned in told)


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


RETURNED = "En proceso (cumplimiento devuelto con observaciones el 24 de mayo de 2021); fecha compromiso: 14 de junio de 2021"


def documents_of(engine, demo, juridico, resolution) -> tuple[str, str | None]:
    """(the acuerdo's line in the lista de acuerdos of its session, its line in the next session's orden del día,
    None once met)."""
    with transaction(engine) as db:
        cc = db.get(Board, resolution.board_id)
        following = plan_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 6, 10, 10))
        listed = text_of(build_resolutions_list(db, resolution.session_id, "https://pleno.example"))
        agenda = text_of(build_agenda(db, following.id, "https://pleno.example"))
        db.rollback()
    [in_list] = [line for line in listed.splitlines() if line.startswith(resolution.number)]
    in_agenda = [line for line in agenda.splitlines() if line.startswith(f"• Acuerdo {resolution.number}")]
    assert len(in_agenda) <= 1
    return in_list, (in_agenda or [None])[0]


def test_a_returned_acuerdo_shows_its_new_date_and_the_returned_compliance_in_every_document(
        engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 100)
    in_list, in_agenda = documents_of(engine, demo, juridico, resolution)
    assert in_list.endswith("| En proceso (100 %); fecha compromiso: 31 de mayo de 2021")
    on(date(2021, 5, 24))
    complete(engine, juridico, instance.id, "verify_compliance",  # Saturday 12 June 2021: ends on Monday 14
             {"decision": "devolver", "observaciones": "Falta el anexo de indicadores.", "fecha_limite": "2021-06-12"})
    row = reload(engine, Resolution, resolution.id)
    # The 100 % reported was not accepted: the acuerdo counts the areas' reports on their new terms (none yet).
    assert (row.status, row.due_on, row.returned_on, row.progress) == \
        (ResolutionStatus.IN_PROGRESS, date(2021, 6, 14), date(2021, 5, 24), 0)
    in_list, in_agenda = documents_of(engine, demo, juridico, resolution)
    assert in_list.endswith(f"| {RETURNED}")
    assert in_agenda.endswith(f"— {RETURNED}; responsables: Dirección de Administración.")
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        [listed] = open_resolutions(db, demo.organization.id, cc.id, today=date(2021, 5, 24))
    assert (listed.due_on, listed.progress) == (date(2021, 6, 14), 0)
    # The first term stays as it was met, and says that its compliance was returned, and until when.
    first, second = area_terms(engine, resolution)
    assert (first.status, second.status, second.due_on) == (DeadlineStatus.MET, DeadlineStatus.OPEN, date(2021, 6, 14))
    with transaction(engine) as db:
        returned = db.exec(select(DeadlineEvent).where(DeadlineEvent.deadline_id == first.id)
                           .order_by(DeadlineEvent.id.desc())).first()
    assert (returned.action, returned.reason) == (
        "devuelto", "La verificación devolvió el cumplimiento con observaciones: Falta el anexo de indicadores. "
                    "El área informa de nuevo en un plazo que vence el 14 de junio de 2021.")
    # The progress reported since the return is the acuerdo's.
    on(date(2021, 6, 1))
    report(engine, enlace_area_a, instance, da, 40, "Se trabaja en el anexo de indicadores.")
    in_list, _ = documents_of(engine, demo, juridico, resolution)
    assert in_list.endswith("| En proceso (40 %; cumplimiento devuelto con observaciones el 24 de mayo de 2021); "
                            "fecha compromiso: 14 de junio de 2021")
    report(engine, enlace_area_a, instance, da, 100, "Se agregó el anexo de indicadores.")
    complete(engine, juridico, instance.id, "verify_compliance", {"decision": "cumplido"})
    assert documents_of(engine, demo, juridico, resolution) == (
        "001/CC/SAECH/2021 | Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción. | "
        "Dirección de Administración | Cumplido", None)


# (day, what happened before it) → the acuerdo's status in the lista de acuerdos and the next orden del día.
# Due Monday 31 May 2021; the DA reported 40 % on 10 May.
VENCIDO = "Vencido (40 %); fecha compromiso: 31 de mayo de 2021"
STANDING_BY_DAY = [
    (date(2021, 5, 31), "En proceso (40 %); fecha compromiso: 31 de mayo de 2021"),  # its last day
    (date(2021, 6, 1), VENCIDO),
    (date(2021, 6, 7), VENCIDO),
]


def test_an_acuerdo_past_its_due_day_unmet_is_vencido_in_every_document_and_export(
        engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 40)
    for day, said in STANDING_BY_DAY:
        on(day)
        in_list, in_agenda = documents_of(engine, demo, juridico, resolution)  # the .docx reopened
        assert in_list.endswith(f"| {said}"), day
        assert in_agenda.endswith(f"— {said}; responsables: Dirección de Administración."), day
    # Derived, not stored: the row still says where the work is; the exports and the portal say vencido.
    assert reload(engine, Resolution, resolution.id).status == ResolutionStatus.IN_PROGRESS
    with transaction(engine) as db:
        cc = db.get(Board, resolution.board_id)
        [row] = committee_export.resolution_rows(db, cc, 2021)
        shown = public.public_session(db, resolution.session_id).statuses[resolution.id]
        [listed] = open_resolutions(db, demo.organization.id, cc.id)
    assert (row[-1], shown, listed.status) == ("Vencido", ResolutionStatus.OVERDUE, ResolutionStatus.OVERDUE)


def test_an_acuerdo_whose_areas_reported_it_met_on_time_is_not_vencido_while_juridica_verifies(
        engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    on(date(2021, 5, 28))
    report(engine, enlace_area_a, instance, da, 100)
    on(date(2021, 6, 3))
    in_list, _ = documents_of(engine, demo, juridico, resolution)
    assert in_list.endswith("| En proceso (100 %); fecha compromiso: 31 de mayo de 2021")


def test_an_acuerdo_due_on_a_saturday_is_vencido_only_after_the_dia_habil_its_terms_end(
        engine, demo, juridico, enlace_area_a):
    resolution = an_acuerdo(engine, demo, juridico, [demo.areas["DA"]], due=date(2021, 6, 5))  # Saturday
    started(engine, juridico, resolution)
    assert [t.due_on for t in area_terms(engine, resolution)] == [date(2021, 6, 7)]
    for day, said in [(date(2021, 6, 7), "Pendiente"), (date(2021, 6, 8), "Vencido")]:
        on(day)
        in_list, in_agenda = documents_of(engine, demo, juridico, resolution)
        assert in_list.endswith(f"| {said}; fecha compromiso: 5 de junio de 2021"), day


def history(engine, instance) -> list[str]:
    with transaction(engine) as db:
        return list(db.exec(select(AuditEvent.summary).where(AuditEvent.object_type == "proceso",
                                                             AuditEvent.object_id == str(instance.id),
                                                             AuditEvent.action == "tarea.completada")
                            .order_by(AuditEvent.id)).all())


def test_every_report_is_kept_with_its_term_and_a_lower_one_says_why(engine, demo, juridico, enlace_area_a):
    da = demo.areas["DA"]
    resolution = an_acuerdo(engine, demo, juridico, [da])
    instance = started(engine, juridico, resolution)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, da, 50, "Se redactó la mitad de los lineamientos.")
    with pytest.raises(FormInvalid) as lower:
        report(engine, enlace_area_a, instance, da, 30, "Se revisó el capítulo de riesgos.")
    assert lower.value.errors == {"motivo_baja": "El avance baja de 50 % a 30 %: explique por qué."}
    with pytest.raises(FormInvalid) as not_lower:
        complete(engine, enlace_area_a, instance.id, "report_progress",
                 {"avance": 60, "texto": "Se revisó el capítulo de riesgos.", "motivo_baja": "Por nada."}, da.id)
    assert not_lower.value.errors == {"motivo_baja": "El avance no baja (el informe anterior dijo 50 %): "
                                                     "deje este campo vacío."}
    complete(engine, enlace_area_a, instance.id, "report_progress",
             {"avance": 30, "texto": "Se revisó el capítulo de riesgos.",
              "motivo_baja": "La Comisión Ejecutiva pidió rehacer el capítulo de riesgos."}, da.id)
    report(engine, enlace_area_a, instance, da, 100, "Se concluyeron los lineamientos.")
    [term] = area_terms(engine, resolution)
    with transaction(engine) as db:
        kept = reports_of(db, demo.organization.id, resolution.id)
    assert [(r.area, r.progress, r.previous, r.text, r.drop_reason, r.reported_by, r.term_due) for r in kept] == [
        (da.name, 50, None, "Se redactó la mitad de los lineamientos.", "", enlace_area_a.name, DUE),
        (da.name, 30, 50, "Se revisó el capítulo de riesgos.",
         "La Comisión Ejecutiva pidió rehacer el capítulo de riesgos.", enlace_area_a.name, DUE),
        (da.name, 100, 30, "Se concluyeron los lineamientos.", "", enlace_area_a.name, DUE)]
    assert history(engine, instance) == [
        "Informó un avance de 50 %",
        "Informó un avance de 30 %; explicó la baja: La Comisión Ejecutiva pidió rehacer el capítulo de riesgos.",
        "Informó un avance de 100 %"]
    # Returned, the area reports on a new term: a lower report than the returned 100 % needs no reason.
    on(date(2021, 5, 24))
    complete(engine, juridico, instance.id, "verify_compliance",
             {"decision": "devolver", "observaciones": "Falta el anexo de indicadores."})
    report(engine, enlace_area_a, instance, da, 60, "Se trabaja en el anexo.")
    with transaction(engine) as db:
        kept = reports_of(db, demo.organization.id, resolution.id)
    assert (kept[-1].progress, kept[-1].previous, kept[-1].term_due != DUE) == (60, None, True)
