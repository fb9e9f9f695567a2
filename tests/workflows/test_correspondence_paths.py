"""Path tests of bpmn/correspondence.bpmn: every branch, with a serialize/restore after each step."""

from datetime import timedelta

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.deadlines import Deadline, DeadlineStatus
from engine.forms import FormInvalid
from engine.processes import InstanceStatus, OpenTask, ProcessInstance
from engine.runtime import ServiceCall, runtime
from tests.timeline import summaries
from tests.today import demo_today
from workflows import correspondence
from workflows.correspondence.forms import RegisterForm
from workflows.correspondence import handlers
from workflows.correspondence.handlers import _round_outcome
from workflows.correspondence.models import Correspondence, CorrespondenceStatus, Turn, TurnStatus

# A turn's internal due day well after today: a run that crosses midnight still finds it valid.
LATER = (demo_today() + timedelta(days=5)).isoformat()


def register_form(**overrides) -> RegisterForm:
    values = dict(remitente="Mtra. Laura Díaz", cargo="Contralora", dependencia="Secretaría de la Honestidad",
                  asunto="Solicita informe de avance del programa anual", tema="Informes", canal="ventanilla",
                  fecha_recepcion=demo_today().isoformat(), hora_recepcion="10:30", fojas=3, anexos="1 disco")
    values.update(overrides)
    return RegisterForm.model_validate(values)


def open_tasks(engine, instance_id):
    with transaction(engine) as session:
        return session.exec(select(OpenTask).where(OpenTask.instance_id == instance_id)
                            .order_by(OpenTask.area_id)).all()


def complete(engine, actor, task_id, data):
    # Drop the in-memory copy first, so every step restores the workflow from its serialized state.
    runtime._cache.clear()
    with transaction(engine) as session:
        return runtime.complete_task(session, actor, task_id, data)


def register(engine, oficialia, **overrides):
    with transaction(engine) as session:
        return correspondence.register(session, oficialia, register_form(**overrides))


def turn_to(engine, oficialia, instance, areas):
    [turn] = open_tasks(engine, instance.id)
    assert turn.task_name == "turn"
    return complete(engine, oficialia, turn.id, {"areas": [a.id for a in areas], "instruccion": "Atender y responder",
                                                 "fecha_limite": LATER})


def test_registering_assigns_a_folio_per_year_and_waits_for_the_turn(engine, demo, oficialia):
    first = register(engine, oficialia)
    second = register(engine, oficialia)
    with transaction(engine) as session:
        folios = [session.exec(select(Correspondence.folio).where(Correspondence.instance_id == i.id)).one()
                  for i in (first, second)]
    assert folios == [f"OP-{demo_today().year}-000001", f"OP-{demo_today().year}-000002"]
    [task] = open_tasks(engine, first.id)
    assert (task.task_name, task.role, task.area_id) == ("turn", "oficialia", None)
    assert task.subject.startswith(folios[0])


def test_answered_by_every_area_goes_to_closing_and_ends(engine, demo, oficialia, enlace_area_a, enlace_area_b):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"], demo.areas["DRI"]])
    answers = open_tasks(engine, instance.id)
    assert sorted(t.area_id for t in answers) == sorted([demo.areas["DA"].id, demo.areas["DRI"].id])
    assert all(t.task_name == "answer" and t.due_at is not None for t in answers)
    by_area = {t.area_id: t for t in answers}
    complete(engine, enlace_area_a, by_area[demo.areas["DA"].id].id,
             {"sentido": "atendido", "respuesta": "Se remite el informe solicitado."})
    complete(engine, enlace_area_b, by_area[demo.areas["DRI"].id].id,
             {"sentido": "atendido", "respuesta": "Sin observaciones de esta dirección."})
    [close] = open_tasks(engine, instance.id)
    assert close.task_name == "close"
    done = complete(engine, oficialia, close.id, {"conclusion": "Atendido por ambas áreas."})
    assert done.status == InstanceStatus.COMPLETED
    with transaction(engine) as session:
        item = session.exec(select(Correspondence).where(Correspondence.instance_id == instance.id)).one()
        turns = session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all()
    assert item.status == CorrespondenceStatus.CLOSED and item.closed_at is not None
    assert {t.status for t in turns} == {TurnStatus.ANSWERED}
    assert {t.answered_by for t in turns} == {enlace_area_a.user_id, enlace_area_b.user_id}
    assert open_tasks(engine, instance.id) == []


def test_answers_given_in_the_reverse_order_of_the_turns_stay_with_their_own_area(
        engine, demo, oficialia, enlace_area_a, enlace_area_b):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"], demo.areas["DRI"]])
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    # The second area turned answers first: SpiffWorkflow lists outputs in the order they arrive.
    complete(engine, enlace_area_b, by_area[demo.areas["DRI"].id].id,
             {"sentido": "devuelto", "respuesta": "No corresponde a Riesgos."})
    complete(engine, enlace_area_a, by_area[demo.areas["DA"].id].id,
             {"sentido": "atendido", "respuesta": "Se remite el informe de Administración."})
    with transaction(engine) as session:
        turns = {t.area_id: t for t in session.exec(select(Turn)).all()}
    da, dri = turns[demo.areas["DA"].id], turns[demo.areas["DRI"].id]
    assert (da.status, da.answer, da.answered_by) == (TurnStatus.ANSWERED, "Se remite el informe de Administración.",
                                                      enlace_area_a.user_id)
    assert (dri.status, dri.answer, dri.answered_by) == (TurnStatus.RETURNED, "No corresponde a Riesgos.",
                                                         enlace_area_b.user_id)


def test_an_areas_answer_settles_its_turn_and_deadline_before_the_other_area_answers(
        engine, demo, oficialia, enlace_area_a, enlace_area_b):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"], demo.areas["DRI"]])
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    complete(engine, enlace_area_a, by_area[demo.areas["DA"].id].id,
             {"sentido": "atendido", "respuesta": "Se remite el informe de Administración."})
    with transaction(engine) as session:
        turns = {t.area_id: t for t in session.exec(select(Turn)).all()}
        da, dri = turns[demo.areas["DA"].id], turns[demo.areas["DRI"].id]
        # DA's deadline is met now: it neither runs on nor alerts DA while DRI works on its turn.
        assert (da.status, da.answer) == (TurnStatus.ANSWERED, "Se remite el informe de Administración.")
        assert session.get(Deadline, da.deadline_id).status == DeadlineStatus.MET
        assert dri.status == TurnStatus.PENDING
        assert session.get(Deadline, dri.deadline_id).status == DeadlineStatus.OPEN
    assert [t.area_id for t in open_tasks(engine, instance.id)] == [demo.areas["DRI"].id]
    complete(engine, enlace_area_b, by_area[demo.areas["DRI"].id].id,
             {"sentido": "atendido", "respuesta": "Riesgos no tiene observaciones."})
    with transaction(engine) as session:
        answered = {t.area_id: (t.status, t.answer) for t in session.exec(select(Turn)).all()}
    assert answered == {demo.areas["DA"].id: (TurnStatus.ANSWERED, "Se remite el informe de Administración."),
                        demo.areas["DRI"].id: (TurnStatus.ANSWERED, "Riesgos no tiene observaciones.")}
    assert [t.task_name for t in open_tasks(engine, instance.id)] == ["close"]


def test_a_returned_turn_goes_back_to_the_oficialia_to_turn_again(engine, demo, oficialia, enlace_area_a,
                                                                   enlace_area_b):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"]])
    [answer] = open_tasks(engine, instance.id)
    complete(engine, enlace_area_a, answer.id, {"sentido": "devuelto", "respuesta": "No es competencia de esta área."})
    [again] = open_tasks(engine, instance.id)
    assert again.task_name == "turn"
    with transaction(engine) as session:  # still turned, not back to «registrado» as if unseen
        assert session.exec(select(Correspondence.status)).one() == CorrespondenceStatus.TURNED
    turn_to(engine, oficialia, instance, [demo.areas["DRI"]])
    [answer] = open_tasks(engine, instance.id)
    assert answer.area_id == demo.areas["DRI"].id
    complete(engine, enlace_area_b, answer.id, {"sentido": "atendido", "respuesta": "Atendido en tiempo."})
    [close] = open_tasks(engine, instance.id)
    assert close.task_name == "close"
    with transaction(engine) as session:
        rounds = session.exec(select(Turn.round, Turn.status).order_by(Turn.id)).all()
    assert rounds == [(1, TurnStatus.RETURNED), (2, TurnStatus.ANSWERED)]
    assert summaries(engine, instance.id, "respuestas.registradas") == [
        "1 área lo devolvió; vuelve a la oficialía para turnarlo de nuevo",
        "1 área lo atendió; pasa a la oficialía para concluirlo"]


def test_a_document_for_knowledge_only_is_concluded_without_turning(engine, demo, oficialia):
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    with pytest.raises(FormInvalid) as refused:
        complete(engine, oficialia, turn.id, {"decision": "concluir", "conclusion": ""})
    assert refused.value.errors == {"conclusion": "Escriba cómo se concluye el asunto (al menos 5 caracteres)."}
    done = complete(engine, oficialia, turn.id, {"decision": "concluir", "conclusion": "Para conocimiento; se archiva."})
    assert done.status == InstanceStatus.COMPLETED
    with transaction(engine) as session:
        item = session.exec(select(Correspondence).where(Correspondence.instance_id == instance.id)).one()
        assert session.exec(select(Turn).where(Turn.correspondence_id == item.id)).all() == []
    assert (item.status, item.conclusion) == (CorrespondenceStatus.CLOSED, "Para conocimiento; se archiva.")
    assert summaries(engine, instance.id, "asunto.concluido") == [f"Concluyó el asunto {item.folio} sin turnarlo"]


def test_what_one_area_returned_and_another_answered_can_be_concluded_without_turning_again(
        engine, demo, oficialia, enlace_area_a, enlace_area_b):
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"], demo.areas["DRI"]])
    by_area = {t.area_id: t for t in open_tasks(engine, instance.id)}
    complete(engine, enlace_area_a, by_area[demo.areas["DA"].id].id,
             {"sentido": "atendido", "respuesta": "Se remite el informe completo."})
    complete(engine, enlace_area_b, by_area[demo.areas["DRI"].id].id,
             {"sentido": "devuelto", "respuesta": "Lo atiende la Dirección de Administración."})
    [again] = open_tasks(engine, instance.id)
    assert again.task_name == "turn"
    done = complete(engine, oficialia, again.id, {"decision": "concluir",
                                                  "conclusion": "Atendido por la Dirección de Administración."})
    assert done.status == InstanceStatus.COMPLETED
    with transaction(engine) as session:
        item = session.exec(select(Correspondence).where(Correspondence.instance_id == instance.id)).one()
    assert item.status == CorrespondenceStatus.CLOSED
    assert summaries(engine, instance.id, "asunto.concluido") == [f"Concluyó el asunto {item.folio}"]


def test_concluding_on_a_diagram_without_the_choice_is_refused_instead_of_breaking_the_turn(engine, demo, oficialia):
    # A document registered before «¿Turnar o concluir?» goes from its turn straight to record_turns.
    instance = register(engine, oficialia)
    with transaction(engine) as session, pytest.raises(FormInvalid) as refused:
        handlers.record_turns(ServiceCall(session, demo.organization.id, instance.id, oficialia,
                                          {"decision": "concluir", "conclusion": "Para conocimiento."}), {})
    assert "versión anterior del proceso" in refused.value.errors["decision"]


def test_a_turn_to_an_area_nobody_is_enlace_of_is_refused_before_it_is_lost(engine, demo, oficialia):
    instance = register(engine, oficialia)
    with pytest.raises(FormInvalid) as refused:
        turn_to(engine, oficialia, instance, [demo.areas["DA"], demo.areas["DJ"]])
    assert refused.value.errors["areas"] == (
        "Nadie es enlace de Dirección Jurídica: el turno no llegaría a ninguna bandeja. Asigne un enlace en "
        "Administración → Usuarios, o elija otra área.")
    assert [t.task_name for t in open_tasks(engine, instance.id)] == ["turn"]
    with transaction(engine) as session:
        assert session.exec(select(Turn)).all() == []


def close_area(engine, area) -> None:
    with transaction(engine) as session:
        session.get(type(area), area.id).active = False


@pytest.mark.parametrize("areas,message", [
    ([99], "El área 99 no existe en este ente: elija las áreas de la lista."),
    ([99, 10**20], "Las áreas 99, 100000000000000000000 no existen en este ente: elija las áreas de la lista."),
    (["DRI"], "Dirección de Riesgos e Inteligencia ya no está activa: elija las áreas de la lista."),
])
def test_a_turn_to_an_unknown_or_closed_area_is_refused_beside_the_areas_and_nothing_changes(
        engine, demo, oficialia, areas, message):
    # An id typed into the form by hand or sent by an API client; an area closed after the form was drawn.
    if "DRI" in areas:
        close_area(engine, demo.areas["DRI"])
    ids = [demo.areas[a].id if isinstance(a, str) else a for a in areas]
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    with pytest.raises(FormInvalid) as refused:
        complete(engine, oficialia, task.id, {"areas": [demo.areas["DA"].id, *ids],
                                              "instruccion": "Atender la petición", "fecha_limite": LATER})
    assert refused.value.errors == {"areas": message}
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]
    with transaction(engine) as session:
        assert session.exec(select(Turn)).all() == []
        assert session.exec(select(Deadline)).all() == []
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
    assert turn_to(engine, oficialia, instance, [demo.areas["DA"]]).status == InstanceStatus.RUNNING


def test_a_turn_due_9999_12_31_is_refused_beside_its_date_and_the_document_waits_to_be_turned(
        engine, demo, oficialia):
    """Typed to mean «sin fecha», it passed the form; the step failed on year 10000, the process went to ERROR and
    the document was in nobody's inbox, while its page still said «Registrado»."""
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    with pytest.raises(FormInvalid) as refused:
        complete(engine, oficialia, task.id, {"areas": [demo.areas["DA"].id], "instruccion": "Atender la petición",
                                              "fecha_limite": "9999-12-31"})
    assert refused.value.errors["fecha_limite"].startswith("Revise el año de la fecha: no puede ser posterior al ")
    assert [t.id for t in open_tasks(engine, instance.id)] == [task.id]
    with transaction(engine) as session:
        assert session.get(ProcessInstance, instance.id).status == InstanceStatus.RUNNING
        assert session.exec(select(Turn)).all() == []
    assert turn_to(engine, oficialia, instance, [demo.areas["DA"]]).status == InstanceStatus.RUNNING


def test_an_enlace_cannot_answer_another_areas_turn(engine, demo, oficialia, enlace_area_b):
    from engine.runtime import NotAllowed
    instance = register(engine, oficialia)
    turn_to(engine, oficialia, instance, [demo.areas["DA"]])
    [answer] = open_tasks(engine, instance.id)
    with pytest.raises(NotAllowed):
        complete(engine, enlace_area_b, answer.id, {"sentido": "atendido", "respuesta": "Intento indebido"})
    assert [t.id for t in open_tasks(engine, instance.id)] == [answer.id]


def test_completing_a_task_twice_gives_a_conflict_the_second_time(engine, demo, oficialia):
    from engine.runtime import TaskGone
    instance = register(engine, oficialia)
    [task] = open_tasks(engine, instance.id)
    data = {"areas": [demo.areas["DA"].id], "instruccion": "Atender", "fecha_limite": LATER}
    saved = complete(engine, oficialia, task.id, data)
    with pytest.raises(TaskGone):
        complete(engine, oficialia, task.id, data)
    with transaction(engine) as session:
        assert len(session.exec(select(Turn)).all()) == 1
        assert session.get(ProcessInstance, instance.id).version == saved.version


def test_a_round_where_one_area_answers_and_another_returns_says_both_and_that_it_goes_back():
    assert _round_outcome(answered=1, returned=1) == (
        "1 área lo atendió; 1 área lo devolvió; vuelve a la oficialía para turnarlo de nuevo")
    assert _round_outcome(answered=2, returned=0) == "2 áreas lo atendieron; pasa a la oficialía para concluirlo"
