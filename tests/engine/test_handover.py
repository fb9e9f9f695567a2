"""People leaving (an account deactivated, a role revoked) never leave open work in nobody's inbox."""

from datetime import date

from sqlmodel import select

from engine import deadlines, inbox
from engine.accounts import Membership, Role, User, create_user
from engine.audit import AuditEvent
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.handover import area_deactivation_problem, deactivation_problem, release_claims_of, revocation_problem
from engine.tenancy import Area
from concurrency import second_runs_into_first
from correspondence_steps import open_tasks, register_document, turn_document


def turned_to(engine, demo, oficialia, area_code, asunto="Solicita informe de avance del programa anual"):
    instance = register_document(engine, oficialia, asunto=asunto)
    turn_document(engine, oficialia, instance.id, [demo.areas[area_code]])
    [task] = open_tasks(engine, instance.id)
    return task


def second_enlace_of_da(engine, demo) -> User:
    with transaction(engine) as session:
        return create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos", "pedro@sesaech.example",
                           "clave-larga-1", [(Role.ENLACE, demo.areas["DA"].id)])


def membership_of(session, user: User, role: Role) -> Membership:
    return session.exec(select(Membership).where(Membership.user_id == user.id, Membership.role == role)).one()


def test_deactivating_an_areas_only_enlace_with_open_tasks_is_refused(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA", asunto="Solicita el padrón de proveedores")
    turned_to(engine, demo, oficialia, "DA", asunto="Pide el inventario de bienes muebles")
    turned_to(engine, demo, oficialia, "DA", asunto="Remite el programa anual de adquisiciones")
    with transaction(engine) as session:
        problem = deactivation_problem(session, session.get(User, demo.users["enlace_da"].id))
    assert problem.startswith("No se puede desactivar a Rosa Elena Martínez Cruz: es la única persona activa "
                              "que atiende las tareas del enlace de Dirección de Administración (3 tareas abiertas, "
                              "p. ej. «")
    assert "Solicita el padrón de proveedores" in problem and "Pide el inventario de bienes muebles" in problem
    assert "Primero asigne otro enlace a Dirección de Administración en Administración → Usuarios" in problem


def test_revoking_an_areas_only_enlace_role_with_open_tasks_is_refused(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA")
    with transaction(engine) as session:
        user = session.get(User, demo.users["enlace_da"].id)
        problem = revocation_problem(session, user, membership_of(session, user, Role.ENLACE))
    assert problem.startswith("No se puede quitar el rol «Enlace de área» a Rosa Elena Martínez Cruz")
    assert "Dirección de Administración (1 tarea abierta" in problem


def test_an_area_without_open_tasks_lets_its_only_enlace_go(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DRI")
    with transaction(engine) as session:
        user = session.get(User, demo.users["enlace_da"].id)
        assert deactivation_problem(session, user) is None
        assert revocation_problem(session, user, membership_of(session, user, Role.ENLACE)) is None


def test_an_area_with_another_active_enlace_lets_one_go(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA")
    second_enlace_of_da(engine, demo)
    with transaction(engine) as session:
        assert deactivation_problem(session, session.get(User, demo.users["enlace_da"].id)) is None


def test_a_deactivated_colleague_does_not_count_as_another_enlace(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA")
    colleague = second_enlace_of_da(engine, demo)
    with transaction(engine) as session:
        session.get(User, colleague.id).active = False
    with transaction(engine) as session:
        problem = deactivation_problem(session, session.get(User, demo.users["enlace_da"].id))
    assert "Dirección de Administración" in problem


def test_the_only_oficialia_person_cannot_be_let_go_with_documents_waiting_to_be_turned(engine, demo, oficialia):
    register_document(engine, oficialia, asunto="Invitación al foro estatal de transparencia")
    with transaction(engine) as session:
        user = session.get(User, demo.users["oficialia"].id)
        problem = revocation_problem(session, user, membership_of(session, user, Role.OFICIALIA))
    assert "las tareas de Oficialía de partes (1 tarea abierta: «" in problem
    assert " · Invitación al foro estatal de transparencia»)" in problem
    assert "Primero dé el rol «Oficialía de partes» a otra persona" in problem


def test_deactivating_a_person_gives_the_tasks_they_took_back_to_the_group(engine, demo, oficialia, enlace_area_a,
                                                                         admin):
    task = turned_to(engine, demo, oficialia, "DA")
    second_enlace_of_da(engine, demo)
    with transaction(engine) as session:
        inbox.claim(session, enlace_area_a, task.id)
    with transaction(engine) as session:
        user = session.get(User, demo.users["enlace_da"].id)
        user.active = False
        assert release_claims_of(session, admin, user) == 1
    [released] = open_tasks(engine, task.instance_id)
    assert released.assignee_id is None
    with transaction(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "tarea.liberada")).one()
    assert event.after == {"tarea": task.id, "antes": demo.users["enlace_da"].id}


def test_revoking_one_area_gives_back_only_that_areas_tasks(engine, demo, oficialia, admin):
    enlace = demo.users["enlace_dri"]
    with transaction(engine) as session:
        session.add(Membership(organization_id=demo.organization.id, user_id=enlace.id, role=Role.ENLACE,
                               area_id=demo.areas["DA"].id))
    da, dri = turned_to(engine, demo, oficialia, "DA"), turned_to(engine, demo, oficialia, "DRI")
    second_enlace_of_da(engine, demo)
    with transaction(engine) as session:
        for task in (da, dri):
            inbox.reassign(session, admin, task.id, enlace.id)
    with transaction(engine) as session:
        user = session.get(User, enlace.id)
        da_role = session.exec(select(Membership).where(Membership.user_id == enlace.id,
                                                        Membership.area_id == demo.areas["DA"].id)).one()
        assert revocation_problem(session, user, da_role) is None
        session.delete(da_role)
        assert release_claims_of(session, admin, user) == 1
    assert open_tasks(engine, da.instance_id)[0].assignee_id is None
    assert open_tasks(engine, dri.instance_id)[0].assignee_id == enlace.id


def test_two_administrators_letting_an_areas_last_two_enlaces_go_at_once_leave_one(engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA")
    colleague = second_enlace_of_da(engine, demo)

    def deactivate(user_id):
        def run(session):
            user = session.get(User, user_id)
            problem = deactivation_problem(session, user)
            if problem is None:
                user.active = False
            return problem
        return run

    first, second = second_runs_into_first(engine, deactivate(demo.users["enlace_da"].id), deactivate(colleague.id))
    assert first is None and "Dirección de Administración" in second


def area_problem(engine, demo, code: str) -> str | None:
    with transaction(engine) as session:
        return area_deactivation_problem(session, session.get(Area, demo.areas[code].id))


def test_an_area_with_a_turn_waiting_for_its_answer_cannot_be_deactivated_and_is_told_what_and_where_to(
        engine, demo, oficialia):
    turned_to(engine, demo, oficialia, "DA", asunto="Solicita el padrón de proveedores")
    problem = area_problem(engine, demo, "DA")
    assert problem.startswith("No se puede desactivar el área Dirección de Administración mientras tenga trabajo "
                              "abierto: las tareas del enlace de Dirección de Administración (1 tarea abierta: «")
    assert "Solicita el padrón de proveedores" in problem
    assert " y los plazos a su cargo (1 plazo en curso: «" in problem
    assert problem.endswith("Primero concluya cada asunto o muévalo a otra área (el enlace devuelve el turno que "
                            "no le corresponde, y quien lo turnó, la Unidad de Transparencia o la oficialía de "
                            "partes, lo turna a otra); después desactive el área.")
    assert area_problem(engine, demo, "DRI") is None  # nothing open there


def test_a_running_deadline_of_an_area_keeps_it_active_though_no_task_is_open(engine, demo, transparencia):
    with transaction(engine) as session:
        deadline = deadlines.open_deadline(
            session, transparencia, subject_type="acuerdo", subject_id="003/CC/SAECH/2026",
            kind=DeadlineKind.SEGUIMIENTO, procedure="sesiones", rule_key="seguimiento_acuerdo",
            title="Acuerdo 003/CC/SAECH/2026: Dirección de Riesgos", starts_after=date(2026, 3, 23), days=30,
            basis="Acuerdo 003/CC/SAECH/2026 del órgano colegiado", responsible_area_id=demo.areas["DRI"].id)
        deadline_id = deadline.id
    problem = area_problem(engine, demo, "DRI")
    assert "los plazos a su cargo (1 plazo en curso: «Acuerdo 003/CC/SAECH/2026: Dirección de Riesgos»)" in problem
    with transaction(engine) as session:
        deadlines.close(session, transparencia, session.get(Deadline, deadline_id), "Acuerdo cumplido")
    assert area_problem(engine, demo, "DRI") is None
