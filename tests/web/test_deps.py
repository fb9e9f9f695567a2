"""The signed-in person is remembered per login session, and forgotten as soon as their account changes."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from engine.accounts import ApiToken, Membership, Role, User, forget_actors, issue_api_token
from engine.clock import DEFAULT_TIMEZONE, today_in
from engine.db import transaction
from engine.tenancy import Organization
from tests.web.conftest import csrf_of


def _membership(engine, username: str, role: Role) -> int:
    with transaction(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        return session.exec(select(Membership).where(Membership.user_id == user.id,
                                                     Membership.role == role)).one().id


def _post(client, url):
    return client.post(url, data={"_csrf_token": csrf_of(client)}, follow_redirects=False)


def test_a_removed_role_stops_working_on_the_next_request(sign_in, engine, demo):
    juridico = sign_in("juridico")
    assert juridico.get("/solicitudes").status_code == 200
    membership_id = _membership(engine, "juridico", Role.JURIDICO)
    admin = sign_in("admin")
    assert _post(admin, f"/admin/usuarios/{demo.users['juridico'].id}/roles/{membership_id}/revocar"
                 ).status_code in (302, 303)
    assert juridico.get("/solicitudes").status_code == 403


def test_a_new_role_works_on_the_next_request(sign_in, engine, demo):
    enlace = sign_in("enlace_da")
    assert enlace.get("/admin").status_code == 403
    with transaction(engine) as session:
        session.add(Membership(organization_id=demo.users["enlace_da"].organization_id,
                               user_id=demo.users["enlace_da"].id, role=Role.ADMIN))
    assert enlace.get("/admin").status_code == 200


def test_a_disabled_user_is_sent_to_the_login_on_the_next_request(sign_in, demo):
    enlace = sign_in("enlace_da")
    assert enlace.get("/tareas").status_code == 200
    admin = sign_in("admin")
    assert _post(admin, f"/admin/usuarios/{demo.users['enlace_da'].id}/desactivar").status_code in (302, 303)
    response = enlace.get("/tareas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_a_user_disabled_by_a_bulk_update_is_sent_to_the_login_on_the_next_request(sign_in, engine, demo):
    enlace = sign_in("enlace_da")
    assert enlace.get("/tareas").status_code == 200
    with transaction(engine) as session:
        session.execute(update(User).where(User.id == demo.users["enlace_da"].id).values(active=False))
    response = enlace.get("/tareas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_a_renamed_user_sees_the_new_name_on_the_next_page(sign_in, engine, demo):
    enlace = sign_in("enlace_da")
    assert "Rosa Elena Martínez Cruz" in enlace.get("/tareas").text
    with transaction(engine) as session:
        session.get(User, demo.users["enlace_da"].id).full_name = "Rosa Elena Martínez"
    assert "Rosa Elena Martínez</span>" in enlace.get("/tareas").text


def test_signing_out_ends_the_session_even_with_the_person_remembered(sign_in):
    enlace = sign_in("enlace_da")
    cookie = enlace.cookies["session"]
    assert enlace.get("/tareas").status_code == 200
    assert _post(enlace, "/logout").status_code in (302, 303)
    enlace.cookies.set("session", cookie)
    response = enlace.get("/tareas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_each_login_session_is_remembered_as_its_own_person(sign_in):
    assert "Rosa Elena Martínez Cruz" in sign_in("enlace_da").get("/tareas").text
    assert "Ana María Gómez Ruiz" in sign_in("juridico").get("/tareas").text


def test_a_revoked_api_token_stops_working_on_the_next_request(client, engine, demo):
    with transaction(engine) as session:
        token = issue_api_token(session, demo.users["enlace_da"], "prueba")
    headers = {"authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tareas", headers=headers).status_code == 200
    with transaction(engine) as session:
        session.execute(update(ApiToken).values(revoked_at=ApiToken.created_at))
    assert client.get("/api/v1/tareas", headers=headers).status_code == 401


def test_a_change_outside_any_orm_session_is_seen_once_the_process_forgets(sign_in, engine, demo):
    juridico = sign_in("juridico")
    assert juridico.get("/solicitudes").status_code == 200
    with engine.begin() as connection:  # e.g. another process, or psql: no hook sees it
        connection.execute(Membership.__table__.delete().where(
            Membership.__table__.c.user_id == demo.users["juridico"].id))
    forget_actors()  # what ACTOR_TTL_SECONDS does on its own
    assert juridico.get("/solicitudes").status_code == 403


def test_a_changed_time_zone_shows_on_the_next_page(sign_in, engine, demo):
    """The Actor carries its organization's zone, so changing the zone forgets every remembered person."""
    oficialia = sign_in("oficialia")
    received = today_in(DEFAULT_TIMEZONE) - timedelta(days=1)
    response = oficialia.post("/correspondencia/nueva", follow_redirects=False, data={
        "remitente": "Mtra. Laura Díaz", "asunto": "Solicita informe", "canal": "ventanilla",
        "fecha_recepcion": received.isoformat(), "hora_recepcion": "10:30", "fojas": "1",
        "_csrf_token": csrf_of(oficialia)})
    assert response.status_code == 303, response.text
    detail = response.headers["location"]
    local = received.strftime("%d/%m/%Y")
    assert f"{local} 10:30 horas" in oficialia.get(detail).text
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).timezone = "America/Tijuana"
    assert f"{local} 08:30 horas" in oficialia.get(detail).text  # the same instant, two hours west


def _reset_password(admin, user_id: int):
    return admin.post(f"/admin/usuarios/{user_id}/contrasena", follow_redirects=False, data={
        "contrasena": "nueva-clave-2026", "confirmacion": "nueva-clave-2026", "_csrf_token": csrf_of(admin)})


def test_a_password_reset_signs_out_the_persons_open_sessions(sign_in, demo):
    at_the_office, at_home = sign_in("enlace_da"), sign_in("enlace_da")
    assert at_the_office.get("/tareas").status_code == 200 and at_home.get("/tareas").status_code == 200
    assert _reset_password(sign_in("admin"), demo.users["enlace_da"].id).status_code == 200
    for client in (at_the_office, at_home):
        response = client.get("/tareas", follow_redirects=False)
        assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_the_new_password_signs_in_again_after_a_reset(sign_in, demo, client):
    assert _reset_password(sign_in("admin"), demo.users["enlace_da"].id).status_code == 200
    response = client.post("/login", follow_redirects=False, headers={"x-csrftoken": csrf_of(client)},
                           data={"username": "enlace_da", "password": "nueva-clave-2026"})
    assert response.status_code in (302, 303)
    assert client.get("/tareas").status_code == 200


def test_an_administrator_resetting_their_own_password_keeps_this_session_and_ends_the_others(sign_in, demo):
    here, elsewhere = sign_in("admin"), sign_in("admin")
    assert elsewhere.get("/admin").status_code == 200
    assert _reset_password(here, demo.users["admin"].id).status_code == 200
    assert here.get("/admin").status_code == 200
    response = elsewhere.get("/admin", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_a_reactivated_user_signs_in_again(sign_in, demo):
    integrante = sign_in("integrante")
    assert integrante.get("/tareas").status_code == 200
    admin = sign_in("admin")
    for action in ("desactivar", "activar"):
        assert _post(admin, f"/admin/usuarios/{demo.users['integrante'].id}/{action}").status_code in (302, 303)
    response = integrante.get("/tareas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")
