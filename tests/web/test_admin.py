"""Administration pages: who may enter, organization scoping, Spanish errors and the audit trail."""

import re

import pytest
from sqlmodel import select

from engine import inbox
from engine.accounts import ApiToken, Membership, Role, User, check_password, create_user, user_for_token
from engine.audit import AuditEvent
from engine.db import transaction
from engine.processes import InstanceStatus, ProcessInstance
from engine.tenancy import Area, Organization
from tests.correspondence_steps import open_tasks, register_document, turn_document
from tests.web.conftest import csrf_of, hidden_value
from workflows.demo import DEMO_PASSWORD


def post(client, url, data):
    return client.post(url, data={**data, "_csrf_token": csrf_of(client)}, follow_redirects=False)


def save(client, url, data):
    """Post an edit form as the browser does: loaded first, so it carries the version it was loaded from."""
    return post(client, url, {"version": hidden_value(client.get(url).text, "version"), **data})


def events(engine, action):
    with transaction(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def other_org(engine, demo):
    """A second organization with its own administrator and one area."""
    with transaction(engine) as session:
        org = Organization(slug="municipio", name="Municipio de Ejemplo", short_name="MUNI")
        session.add(org)
        session.flush()
        area = Area(organization_id=org.id, code="TES", name="Tesorería")
        session.add(area)
        session.flush()
        create_user(session, org.id, "admin_muni", "Admin del municipio", "admin@muni.example", DEMO_PASSWORD,
                    [(Role.ADMIN, None)])
        return org, area


@pytest.mark.parametrize("username,status", [("admin", 200), ("oficialia", 403), ("enlace_da", 403),
                                             ("juridico", 403)])
@pytest.mark.parametrize("page", ["/admin", "/admin/entes", "/admin/areas", "/admin/usuarios", "/admin/errores"])
def test_only_administrators_enter_the_admin_pages(sign_in, username, status, page):
    response = sign_in(username).get(page)
    assert response.status_code == status
    if status == 403:
        assert "administración" in response.text


@pytest.mark.parametrize("page", ["/admin", "/admin/entes", "/admin/areas", "/admin/areas/nueva", "/admin/usuarios",
                                  "/admin/usuarios/nuevo", "/admin/errores", "/admin/alertas"])
def test_admin_pages_keep_the_main_menu_the_bell_and_the_way_out(sign_in, page):
    text = sign_in("admin").get(page).text
    assert 'href="/plazos"' in text and 'id="campana"' in text and "Salir" in text
    assert '<nav class="admin-nav"' in text


def test_a_non_administrator_cannot_post_admin_forms(sign_in, engine):
    response = post(sign_in("enlace_da"), "/admin/areas", {"clave": "NUEVA", "nombre": "Área nueva"})
    assert response.status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(Area).where(Area.code == "NUEVA")).first() is None


def test_the_summary_counts_in_plain_spanish(sign_in, demo):
    summary = sign_in("admin").get("/admin").text
    assert f"{len(demo.areas)} áreas activas" in summary and "0 procesos con error" in summary
    assert "(s)" not in summary


def test_anonymous_people_are_sent_to_the_login(client):
    response = client.get("/admin", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


def test_creating_an_area_writes_an_audit_event_and_a_duplicate_code_is_refused_in_spanish(sign_in, engine, demo):
    admin = sign_in("admin")
    response = post(admin, "/admin/areas", {"clave": "ui", "nombre": "Unidad de Igualdad", "titular": "Lic. Ruiz"})
    assert response.status_code == 303
    with transaction(engine) as session:
        area = session.exec(select(Area).where(Area.code == "UI")).one()
    assert area.organization_id == demo.organization.id
    [event] = events(engine, "admin.area.creada")
    assert event.after == {"clave": "UI", "nombre": "Unidad de Igualdad", "titular": "Lic. Ruiz",
                           "titular_usuario_id": None}
    assert event.actor_id == demo.users["admin"].id

    again = post(admin, "/admin/areas", {"clave": "UI", "nombre": "Otra unidad"})
    assert again.status_code == 400
    assert "Ya existe un área con esa clave" in again.text
    assert 'value="Otra unidad"' in again.text


def test_invalid_area_input_is_shown_beside_the_fields(sign_in):
    response = post(sign_in("admin"), "/admin/areas", {"clave": "á b", "nombre": ""})
    assert response.status_code == 400
    assert 'id="error-clave"' in response.text and 'id="error-nombre"' in response.text
    assert "Escriba al menos 3 caracteres." in response.text


def test_editing_and_deactivating_an_area_keeps_before_and_after(sign_in, engine, demo):
    admin = sign_in("admin")
    area = demo.areas["DA"]
    assert save(admin, f"/admin/areas/{area.id}", {"clave": "DA", "nombre": "Dirección de Administración y Finanzas",
                                                   "titular": ""}).status_code == 303
    assert save(admin, f"/admin/areas/{area.id}", {"clave": "DJ", "nombre": "Choca con Jurídica"}).status_code == 400
    assert post(admin, f"/admin/areas/{area.id}/desactivar", {}).status_code == 303
    with transaction(engine) as session:
        assert session.get(Area, area.id).active is False
    [edit] = events(engine, "admin.area.modificada")
    assert edit.before["nombre"] == "Dirección de Administración" and edit.after["nombre"].endswith("Finanzas")
    [off] = events(engine, "admin.area.desactivada")
    assert (off.before, off.after) == ({"activa": True}, {"activa": False})


def test_creating_a_user_hashes_the_password_grants_the_role_and_refuses_a_duplicate(sign_in, engine, demo):
    admin = sign_in("admin")
    data = {"usuario": "enlace_ut", "nombre": "Marta Solís", "correo": "marta@sesaech.example",
            "contrasena": "una-clave-larga", "rol": "enlace", "area_id": str(demo.areas["UT"].id)}
    response = post(admin, "/admin/usuarios", data)
    assert response.status_code == 303, response.text
    with transaction(engine) as session:
        user = session.exec(select(User).where(User.username == "enlace_ut")).one()
        [membership] = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    assert user.password_hash.startswith("$argon2") and check_password(user, "una-clave-larga")
    assert (membership.role, membership.area_id) == (Role.ENLACE, demo.areas["UT"].id)
    [event] = events(engine, "admin.usuario.creado")
    assert "contrasena" not in str(event.after) and "argon2" not in str(event.after)

    again = post(admin, "/admin/usuarios", {**data, "nombre": "Otra persona"})
    assert again.status_code == 400
    assert "Ese nombre de usuario ya existe" in again.text


def test_an_enlace_needs_an_area_and_a_short_password_is_refused(sign_in):
    response = post(sign_in("admin"), "/admin/usuarios", {"usuario": "nuevo", "nombre": "Persona Nueva",
                                                          "correo": "no-es-correo", "contrasena": "corta",
                                                          "rol": "enlace", "area_id": ""})
    assert response.status_code == 400
    assert "Escriba al menos 10 caracteres." in response.text
    assert "Escriba un correo electrónico válido." in response.text
    assert "Un enlace siempre es de un área" in response.text


@pytest.mark.parametrize("role,label", [("oficialia", "Oficialía de partes"),
                                        ("transparencia", "Unidad de Transparencia"),
                                        ("administrador", "Administración")])
def test_a_role_for_the_whole_organization_cannot_be_given_for_one_area(sign_in, engine, demo, role, label):
    admin = sign_in("admin")
    user = demo.users["enlace_dri"]
    dri = demo.areas["DRI"].id
    refused = post(admin, f"/admin/usuarios/{user.id}/roles", {"rol": role, "area_id": str(dri)})
    assert refused.status_code == 400
    message = f"El rol «{label}» es para todo el ente, no para un área: deje el área vacía."
    assert f'id="error-area_id">{message}' in refused.text
    new = post(admin, "/admin/usuarios", {"usuario": "nueva", "nombre": "Persona Nueva", "correo": "n@example.org",
                                          "contrasena": "clave-larga-1", "rol": role, "area_id": str(dri)})
    assert new.status_code == 400 and f'id="error-area_id">{message}' in new.text
    with transaction(engine) as session:
        assert [(m.role, m.area_id) for m in session.exec(select(Membership).where(Membership.user_id == user.id))] \
            == [(Role.ENLACE, dri)]
        assert session.exec(select(User).where(User.username == "nueva")).first() is None
    assert post(admin, f"/admin/usuarios/{user.id}/roles", {"rol": role, "area_id": ""}).status_code == 303


def test_roles_are_granted_and_revoked_with_audit(sign_in, engine, demo):
    admin = sign_in("admin")
    user = demo.users["juridico"]
    assert post(admin, f"/admin/usuarios/{user.id}/roles", {"rol": "transparencia", "area_id": ""}).status_code == 303
    duplicate = post(admin, f"/admin/usuarios/{user.id}/roles", {"rol": "transparencia", "area_id": ""})
    assert duplicate.status_code == 400 and "ya tiene ese rol" in duplicate.text
    with transaction(engine) as session:
        membership = session.exec(select(Membership).where(Membership.user_id == user.id,
                                                           Membership.role == Role.TRANSPARENCIA)).one()
    assert post(admin, f"/admin/usuarios/{user.id}/roles/{membership.id}/revocar", {}).status_code == 303
    with transaction(engine) as session:
        assert session.get(Membership, membership.id) is None
    assert len(events(engine, "admin.rol.otorgado")) == 1
    assert events(engine, "admin.rol.revocado")[0].before == {"rol": "transparencia", "area_id": None}


def test_an_administrator_cannot_lock_themselves_out(sign_in, engine, demo):
    admin = sign_in("admin")
    me = demo.users["admin"]
    response = post(admin, f"/admin/usuarios/{me.id}/desactivar", {})
    assert response.status_code == 400 and "No puede desactivar su propia cuenta" in response.text
    with transaction(engine) as session:
        [own] = session.exec(select(Membership).where(Membership.user_id == me.id)).all()
    response = post(admin, f"/admin/usuarios/{me.id}/roles/{own.id}/revocar", {})
    assert response.status_code == 400


def test_deactivating_a_user_and_resetting_a_password(sign_in, engine, demo):
    admin = sign_in("admin")
    user = demo.users["integrante"]
    bad = post(admin, f"/admin/usuarios/{user.id}/contrasena", {"contrasena": "nueva-clave-2026",
                                                                "confirmacion": "otra-cosa-2026"})
    assert bad.status_code == 400 and "La confirmación no coincide" in bad.text
    good = post(admin, f"/admin/usuarios/{user.id}/contrasena", {"contrasena": "nueva-clave-2026",
                                                                 "confirmacion": "nueva-clave-2026"})
    assert good.status_code == 200 and "Contraseña restablecida" in good.text
    assert post(admin, f"/admin/usuarios/{user.id}/desactivar", {}).status_code == 303
    with transaction(engine) as session:
        stored = session.get(User, user.id)
    assert check_password(stored, "nueva-clave-2026") and stored.active is False
    [reset] = events(engine, "admin.usuario.contrasena")
    assert reset.before is None and reset.after is None


def test_an_api_token_is_shown_once_and_can_be_revoked(sign_in, engine, demo):
    admin = sign_in("admin")
    user = demo.users["oficialia"]
    response = post(admin, f"/admin/usuarios/{user.id}/tokens", {"nombre_token": "Sistema de gestión"})
    assert response.status_code == 200
    token = response.text.split('<code id="token-nuevo">')[1].split("</code>")[0]
    with transaction(engine) as session:
        assert user_for_token(session, token).id == user.id
        row = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token not in admin.get(f"/admin/usuarios/{user.id}").text
    assert post(admin, f"/admin/usuarios/{user.id}/tokens/{row.id}/revocar", {}).status_code == 303
    with transaction(engine) as session:
        assert user_for_token(session, token) is None
    assert [e.action for e in events(engine, "admin.token.emitido")] == ["admin.token.emitido"]
    assert len(events(engine, "admin.token.revocado")) == 1


def issued_token(admin, user_id: int, name: str) -> dict[str, str]:
    """A token issued on the person's page, as the Authorization header an integrator sends."""
    page = post(admin, f"/admin/usuarios/{user_id}/tokens", {"nombre_token": name}).text
    return {"Authorization": "Bearer " + page.split('<code id="token-nuevo">')[1].split("</code>")[0]}


def api_answers(client, headers) -> int:
    return client.get("/api/v1/tareas", headers=headers).status_code


def test_a_password_reset_revokes_the_persons_api_tokens_and_says_how_many(sign_in, client, engine, demo):
    admin, user = sign_in("admin"), demo.users["oficialia"]
    url = f"/admin/usuarios/{user.id}/contrasena"
    new_password = {"contrasena": "nueva-clave-2026", "confirmacion": "nueva-clave-2026"}
    assert "Contraseña restablecida. No tenía tokens de API vigentes." in post(admin, url, new_password).text
    tokens = [issued_token(admin, user.id, name) for name in ("Sistema de gestión", "Tablero de la UT")]
    colleagues = issued_token(admin, demo.users["transparencia"].id, "Sistema de la UT")
    assert [api_answers(client, headers) for headers in tokens] == [200, 200]

    reset = post(admin, url, new_password)
    assert reset.status_code == 200
    assert ("Contraseña restablecida. Se revocaron sus 2 tokens de API vigentes: emita uno nuevo para cada "
            "sistema que los usaba.") in reset.text
    assert reset.text.count("Revocado el ") == 2
    assert [api_answers(client, headers) for headers in tokens] == [401, 401]
    assert api_answers(client, colleagues) == 200  # only the person whose password was reset
    assert [e.summary for e in events(engine, "admin.usuario.contrasena")] == [
        "Restableció la contraseña de oficialia", "Restableció la contraseña de oficialia y revocó 2 tokens de API"]
    # A token issued after the reset is the integrator's way back in.
    assert api_answers(client, issued_token(admin, user.id, "Sistema de gestión")) == 200


def test_a_reactivated_account_does_not_get_its_old_api_tokens_back(sign_in, client, engine, demo):
    admin, user = sign_in("admin"), demo.users["integrante"]
    token = issued_token(admin, user.id, "Sistema de actas")
    assert api_answers(client, token) == 200
    assert post(admin, f"/admin/usuarios/{user.id}/desactivar", {}).status_code == 303
    assert api_answers(client, token) == 401
    assert post(admin, f"/admin/usuarios/{user.id}/activar", {}).status_code == 303
    assert api_answers(client, token) == 401
    assert "Revocado el " in admin.get(f"/admin/usuarios/{user.id}").text
    [deactivated] = events(engine, "admin.usuario.desactivado")
    assert deactivated.summary == "Desactivó al usuario integrante y revocó 1 token de API"
    assert api_answers(client, issued_token(admin, user.id, "Sistema de actas")) == 200


def test_an_administrator_never_sees_another_organizations_areas_or_users(sign_in, engine, demo, other_org):
    org, area = other_org
    muni = sign_in("admin_muni")
    users = muni.get("/admin/usuarios").text
    assert "admin_muni" in users and "oficialia" not in users
    assert "Dirección Jurídica" not in muni.get("/admin/areas").text
    assert muni.get(f"/admin/usuarios/{demo.users['oficialia'].id}").status_code == 404
    assert muni.get(f"/admin/areas/{demo.areas['DJ'].id}").status_code == 404
    assert muni.get(f"/admin/entes/{demo.organization.id}").status_code == 404
    assert post(muni, f"/admin/areas/{demo.areas['DJ'].id}", {"clave": "X", "nombre": "Tomada"}).status_code == 404
    assert post(muni, f"/admin/usuarios/{demo.users['oficialia'].id}/desactivar", {}).status_code == 404
    # Granting a role in an area of another organization is refused as well.
    response = post(sign_in("admin"), f"/admin/usuarios/{demo.users['juridico'].id}/roles",
                    {"rol": "enlace", "area_id": str(area.id)})
    assert response.status_code == 400 and "Elija un área activa de este ente" in response.text
    with transaction(engine) as session:
        assert session.get(Area, demo.areas["DJ"].id).name == "Dirección Jurídica"
        assert session.get(User, demo.users["oficialia"].id).active is True


def test_the_area_head_account_receives_escalations_and_must_be_of_this_organization(sign_in, engine, demo,
                                                                                    other_org):
    admin = sign_in("admin")
    url = f"/admin/areas/{demo.areas['DA'].id}"
    assert "Rosa Elena Martínez Cruz (enlace_da)" in admin.get(url).text
    with transaction(engine) as session:
        stranger = session.exec(select(User).where(User.username == "admin_muni")).one()
    refused = save(admin, url, {"clave": "DA", "nombre": "Dirección de Administración",
                                "titular_usuario_id": str(stranger.id)})
    assert refused.status_code == 400 and "Elija una persona de este ente" in refused.text
    chosen = save(admin, url, {"clave": "DA", "nombre": "Dirección de Administración",
                               "titular_usuario_id": str(demo.users["enlace_da"].id)})
    assert chosen.status_code == 303
    with transaction(engine) as session:
        assert session.get(Area, demo.areas["DA"].id).head_user_id == demo.users["enlace_da"].id


def test_the_organization_is_edited_and_its_folio_pattern_validated(sign_in, engine, demo):
    admin = sign_in("admin")
    url = f"/admin/entes/{demo.organization.id}"
    form = admin.get(url).text
    values = {name: hidden for name in ("nombre", "nombre_corto", "clave", "zona_horaria", "domicilio", "titular_ut",
                                        "cargo_titular_ut")
              for hidden in [form.split(f'name="{name}" type="text" value="')[1].split('"')[0]]}
    bad = save(admin, url, {**values, "patron_folio": "OP-{year}", "zona_horaria": "Marte/Olympus"})
    assert bad.status_code == 400
    assert "El patrón debe incluir {seq}" in bad.text and "Zona horaria desconocida" in bad.text
    assert save(admin, url, {**values, "patron_folio": "OP-{year}-{seq:06d}-{nada}"}).status_code == 400
    for field in ("{seq!r}", "{seq.real}"):
        refused = save(admin, url, {**values, "patron_folio": "OP-{year}-" + field})
        assert refused.status_code == 400 and f"«{field}»" in refused.text
    ok = save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}"})
    assert ok.status_code == 303
    with transaction(engine) as session:
        assert session.get(Organization, demo.organization.id).correspondence_folio_pattern == "SESAECH/OP/{seq:04d}/{year}"
    [event] = events(engine, "admin.ente.modificado")
    assert event.before["patron_folio"] == "OP-{year}-{seq:06d}"
    assert events(engine, "calendario.horario_modificado") == []

    assert 'name="patron_oficio" type="text" value="UT/{seq:04d}/{year}"' in admin.get(url).text
    unnumbered = save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}", "patron_oficio": "UT/2026"})
    assert unnumbered.status_code == 400 and "El patrón debe incluir {seq}" in unnumbered.text
    assert "p. ej. UT/{seq:04d}/{year}" in unnumbered.text  # the example of the field being fixed
    numbered = save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}",
                                 "patron_oficio": "SESAECH/UT/{seq:03d}/{year}"})
    assert numbered.status_code == 303
    with transaction(engine) as session:
        assert session.get(Organization, demo.organization.id).oficio_number_pattern == "SESAECH/UT/{seq:03d}/{year}"

    form = admin.get(url).text
    assert 'name="titular_ut" type="text" value="Mtro. Luis Alberto Pérez Soto"' in form
    assert 'name="cargo_titular_ut" type="text" value="Titular de la Unidad de Transparencia"' in form
    signer = {"titular_ut": "Mtra. Ana Ruiz Gómez", "cargo_titular_ut": "Titular de la Unidad de Transparencia y Archivo"}
    assert save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}", **signer,
                             "cargo_titular_ut": "x"}).status_code == 400  # a cargo of one letter says nothing
    assert save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}", **signer}).status_code == 303
    with transaction(engine) as session:
        org = session.get(Organization, demo.organization.id)
        assert (org.transparency_head_name, org.transparency_head_title) == tuple(signer.values())
    change = max(events(engine, "admin.ente.modificado"), key=lambda event: event.id)
    assert (change.before["titular_ut"], change.after["titular_ut"]) == ("Mtro. Luis Alberto Pérez Soto",
                                                                         "Mtra. Ana Ruiz Gómez")

    moved = save(admin, url, {**values, "patron_folio": "SESAECH/OP/{seq:04d}/{year}", "zona_horaria": "America/Bogota"})
    assert moved.status_code == 303
    [change] = events(engine, "calendario.horario_modificado")
    assert (change.before["zona_horaria"], change.after["zona_horaria"]) == ("America/Mexico_City", "America/Bogota")


def test_a_folio_pattern_without_the_year_is_refused_beside_its_field(sign_in, engine, demo):
    """The counters restart each year: «OP-{seq:06d}» would give OP-000001 again next January."""
    admin = sign_in("admin")
    url = f"/admin/entes/{demo.organization.id}"
    form = admin.get(url).text
    values = {name: form.split(f'name="{name}" type="text" value="')[1].split('"')[0]
              for name in ORGANIZATION_FIELDS}
    refused = save(admin, url, {**values, "patron_folio": "OP-{seq:06d}", "patron_oficio": "UT/{seq:04d}"})
    assert refused.status_code == 400
    assert ('id="error-patron_folio">El patrón debe incluir {year}: el consecutivo vuelve a 1 cada año y, sin el '
            'año, el OP-000001 de 2027 repetiría el de 2026. P. ej. OP-{year}-{seq:06d}.') in refused.text
    assert 'id="error-patron_oficio">El patrón debe incluir {year}' in refused.text
    with transaction(engine) as session:
        org = session.get(Organization, demo.organization.id)
        assert (org.correspondence_folio_pattern, org.oficio_number_pattern) == ("OP-{year}-{seq:06d}",
                                                                                 "UT/{seq:04d}/{year}")
    assert events(engine, "admin.ente.modificado") == []


def test_a_new_organization_comes_with_its_administrator(sign_in, engine, demo):
    admin = sign_in("admin")
    data = {"nombre": "Municipio de Tapachula", "nombre_corto": "TAPACHULA", "clave": "tapachula",
            "zona_horaria": "America/Mexico_City", "domicilio": "", "patron_folio": "OP-{year}-{seq:05d}",
            "admin_usuario": "admin_tap", "admin_nombre": "Admin de Tapachula", "admin_correo": "a@tap.example",
            "admin_contrasena": "clave-segura-123"}
    assert post(admin, "/admin/entes", data).status_code == 303
    duplicate = post(admin, "/admin/entes", {**data, "admin_usuario": "otro_admin"})
    assert duplicate.status_code == 400 and "Ya existe un ente con esa clave" in duplicate.text
    with transaction(engine) as session:
        org = session.exec(select(Organization).where(Organization.slug == "tapachula")).one()
        user = session.exec(select(User).where(User.username == "admin_tap")).one()
        roles = session.exec(select(Membership.role).where(Membership.user_id == user.id)).all()
    assert user.organization_id == org.id and roles == [Role.ADMIN]
    assert {e.organization_id for e in events(engine, "admin.ente.creado")} == {org.id, demo.organization.id}


def test_processes_in_error_are_listed_with_their_message_and_link(sign_in, engine, demo):
    with transaction(engine) as session:
        from engine.processes import BpmnDefinition
        session.add(BpmnDefinition(hash="x" * 64, process_id="correspondence", xml="<x/>"))
        session.flush()
        instance = ProcessInstance(organization_id=demo.organization.id, process_id="correspondence",
                                   definition_hash="x" * 64, title="OP-2026-000009 · Oficio", state="{}",
                                   serializer_version="1", status=InstanceStatus.ERROR,
                                   error_message="El área 99 no pertenece a este ente.")
        session.add(instance)
    page = sign_in("admin").get("/admin/errores").text
    assert "El área 99 no pertenece a este ente." in page
    assert f'href="/procesos/{instance.id}"' in page


def test_admin_forms_carry_the_csrf_field_litestar_reads(sign_in):
    page = sign_in("admin").get("/admin/areas/nueva").text
    assert hidden_value(page, "_csrf_token")


# -- two administrators editing at once --------------------------------------------------------


def loaded_version(client, url):
    return hidden_value(client.get(url).text, "version")


def test_an_area_saved_from_a_stale_form_is_refused_and_keeps_the_other_change(sign_in, engine, demo):
    area = demo.areas["DA"]
    url = f"/admin/areas/{area.id}"
    first, second = sign_in("admin"), sign_in("admin")
    stale = loaded_version(first, url)
    assert save(second, url, {"clave": "DA", "nombre": "Dirección de Administración y Finanzas",
                              "titular": ""}).status_code == 303

    refused = post(first, url, {"version": stale, "clave": "DA", "nombre": "Dirección de Administración",
                                "titular": "C.P. Juan Gómez"})
    assert refused.status_code == 409
    assert "Otra persona modificó esta área mientras usted la editaba." in refused.text
    assert 'value="C.P. Juan Gómez"' in refused.text  # what was typed is kept
    assert "<dd>Dirección de Administración y Finanzas</dd>" in refused.text  # what is saved now is shown
    with transaction(engine) as session:
        stored = session.get(Area, area.id)
    assert (stored.name, stored.head_name) == ("Dirección de Administración y Finanzas", "")
    assert len(events(engine, "admin.area.modificada")) == 1

    # The refused form is offered merged: the titular this person typed, the name the other one saved
    # (this person never touched it). Saved again as the browser sends it, both changes stay.
    assert 'value="Dirección de Administración y Finanzas"' in refused.text
    again = post(first, url, {"version": hidden_value(refused.text, "version"), "clave": "DA",
                              "nombre": "Dirección de Administración y Finanzas", "titular": "C.P. Juan Gómez"})
    assert again.status_code == 303
    with transaction(engine) as session:
        stored = session.get(Area, area.id)
    assert (stored.name, stored.head_name) == ("Dirección de Administración y Finanzas", "C.P. Juan Gómez")


def test_a_users_data_saved_from_a_stale_form_is_refused_and_keeps_the_other_change(sign_in, engine, demo):
    user = demo.users["integrante"]
    url = f"/admin/usuarios/{user.id}"
    first, second = sign_in("admin"), sign_in("admin")
    stale = loaded_version(first, url)
    assert save(second, url, {"nombre": user.full_name, "correo": "nuevo@sesaech.example"}).status_code == 303

    refused = post(first, url, {"version": stale, "nombre": "Nombre Corregido", "correo": user.email})
    assert refused.status_code == 409
    assert "Otra persona modificó los datos de esta cuenta" in refused.text
    assert 'value="Nombre Corregido"' in refused.text and "<dd>nuevo@sesaech.example</dd>" in refused.text
    with transaction(engine) as session:
        stored = session.get(User, user.id)
    assert (stored.full_name, stored.email) == (user.full_name, "nuevo@sesaech.example")

    again = post(first, url, {"version": hidden_value(refused.text, "version"), "nombre": "Nombre Corregido",
                              "correo": "nuevo@sesaech.example"})
    assert again.status_code == 303
    with transaction(engine) as session:
        stored = session.get(User, user.id)
    assert (stored.full_name, stored.email) == ("Nombre Corregido", "nuevo@sesaech.example")


def test_the_organization_saved_from_a_stale_form_is_refused_and_keeps_the_other_change(sign_in, engine, demo):
    url = f"/admin/entes/{demo.organization.id}"
    first, second = sign_in("admin"), sign_in("admin")
    form = first.get(url).text
    values = {name: form.split(f'name="{name}" type="text" value="')[1].split('"')[0]
              for name in ORGANIZATION_FIELDS}
    assert save(second, url, {**values, "domicilio": "Calle Nueva 10, Tuxtla"}).status_code == 303

    refused = post(first, url, {**values, "version": hidden_value(form, "version"), "titular_ut": "Mtra. Ana Ruiz"})
    assert refused.status_code == 409 and "Otra persona modificó los datos de este ente" in refused.text
    assert "<dd>Calle Nueva 10, Tuxtla</dd>" in refused.text and 'value="Mtra. Ana Ruiz"' in refused.text
    with transaction(engine) as session:
        org = session.get(Organization, demo.organization.id)
    assert (org.address, org.transparency_head_name) == ("Calle Nueva 10, Tuxtla", "Mtro. Luis Alberto Pérez Soto")


ORGANIZATION_FIELDS = ("nombre", "nombre_corto", "clave", "zona_horaria", "domicilio", "patron_folio",
                       "patron_oficio", "titular_ut", "cargo_titular_ut")


def test_a_fresh_form_saves_even_after_changes_it_does_not_edit(sign_in, engine, demo):
    user = demo.users["integrante"]
    url = f"/admin/usuarios/{user.id}"
    first, second = sign_in("admin"), sign_in("admin")
    version = loaded_version(first, url)
    # Deactivating the account and issuing a token leave its name and e-mail as they were.
    assert post(second, f"{url}/desactivar", {}).status_code == 303
    assert post(second, f"{url}/tokens", {"nombre_token": "Sistema de gestión"}).status_code == 200
    saved = post(first, url, {"version": version, "nombre": "Nombre Corregido", "correo": user.email})
    assert saved.status_code == 303
    with transaction(engine) as session:
        assert session.get(User, user.id).full_name == "Nombre Corregido"


def test_a_form_without_its_version_is_refused_and_offered_again(sign_in, engine, demo):
    area = demo.areas["DJ"]
    url = f"/admin/areas/{area.id}"
    admin = sign_in("admin")
    refused = post(admin, url, {"clave": "DJ", "nombre": "Jurídica sin versión"})
    assert refused.status_code == 409 and 'value="Jurídica sin versión"' in refused.text
    with transaction(engine) as session:
        assert session.get(Area, area.id).name == "Dirección Jurídica"
    assert post(admin, url, {"version": hidden_value(refused.text, "version"), "clave": "DJ",
                             "nombre": "Jurídica sin versión"}).status_code == 303


def test_a_stale_form_with_bad_input_shows_the_conflict_and_the_errors(sign_in, demo):
    url = f"/admin/areas/{demo.areas['DA'].id}"
    first, second = sign_in("admin"), sign_in("admin")
    stale = loaded_version(first, url)
    assert save(second, url, {"clave": "DA", "nombre": "Dirección de Administración y Finanzas"}).status_code == 303
    refused = post(first, url, {"version": stale, "clave": "DA", "nombre": "x"})
    assert refused.status_code == 409
    assert "Otra persona modificó esta área" in refused.text and 'id="error-nombre"' in refused.text


def test_revoking_a_role_another_administrator_already_revoked_says_so(sign_in, engine, demo):
    user = demo.users["juridico"]
    with transaction(engine) as session:
        [membership] = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    url = f"/admin/usuarios/{user.id}/roles/{membership.id}/revocar"
    first, second = sign_in("admin"), sign_in("admin")
    assert post(second, url, {}).status_code == 303
    late = post(first, url, {})
    assert late.status_code == 409 and "Ese rol ya no estaba asignado" in late.text
    assert len(events(engine, "admin.rol.revocado")) == 1


# -- people leaving: their open work still reaches someone --------------------------------------


def turned_to_da(engine, demo, oficialia):
    instance = register_document(engine, oficialia, asunto="Solicita el padrón de proveedores")
    turn_document(engine, oficialia, instance.id, [demo.areas["DA"]])
    [task] = open_tasks(engine, instance.id)
    return task


def test_deactivating_an_areas_only_enlace_with_open_tasks_is_refused(sign_in, engine, demo, oficialia):
    turned_to_da(engine, demo, oficialia)
    response = post(sign_in("admin"), f"/admin/usuarios/{demo.users['enlace_da'].id}/desactivar", {})
    assert response.status_code == 400
    assert "No se puede desactivar a Rosa Elena Martínez Cruz" in response.text
    assert "Dirección de Administración (1 tarea abierta" in response.text
    assert "Solicita el padrón de proveedores" in response.text
    with transaction(engine) as session:
        assert session.get(User, demo.users["enlace_da"].id).active is True
    assert events(engine, "admin.usuario.desactivado") == []


def test_deactivating_an_area_with_a_turn_waiting_for_its_answer_is_refused_and_changes_nothing(
        sign_in, engine, demo, oficialia):
    turned_to_da(engine, demo, oficialia)
    admin = sign_in("admin")
    response = post(admin, f"/admin/areas/{demo.areas['DA'].id}/desactivar", {})
    assert response.status_code == 400
    assert ("No se puede desactivar el área Dirección de Administración mientras tenga trabajo abierto"
            in response.text)
    assert "Solicita el padrón de proveedores" in response.text and "muévalo a otra área" in response.text
    with transaction(engine) as session:
        assert session.get(Area, demo.areas["DA"].id).active is True
    assert events(engine, "admin.area.desactivada") == []
    # So its enlace can still be replaced, as the refusal to let her go asks.
    grant = post(admin, f"/admin/usuarios/{demo.users['juridico'].id}/roles",
                 {"rol": "enlace", "area_id": str(demo.areas["DA"].id)})
    assert grant.status_code == 303


def test_revoking_an_areas_only_enlace_role_with_open_tasks_is_refused(sign_in, engine, demo, oficialia):
    turned_to_da(engine, demo, oficialia)
    user = demo.users["enlace_da"]
    with transaction(engine) as session:
        [membership] = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    response = post(sign_in("admin"), f"/admin/usuarios/{user.id}/roles/{membership.id}/revocar", {})
    assert response.status_code == 400
    assert "No se puede quitar el rol «Enlace de área» a Rosa Elena Martínez Cruz" in response.text
    assert "asigne otro enlace a Dirección de Administración en Administración → Usuarios" in response.text
    with transaction(engine) as session:
        assert session.get(Membership, membership.id) is not None


def test_deactivating_a_person_gives_the_tasks_they_took_back_to_the_group(sign_in, engine, demo, oficialia,
                                                                         enlace_area_a):
    task = turned_to_da(engine, demo, oficialia)
    with transaction(engine) as session:
        create_user(session, demo.organization.id, "enlace_da2", "Pedro Solís Ramos", "pedro@sesaech.example",
                    DEMO_PASSWORD, [(Role.ENLACE, demo.areas["DA"].id)])
    with transaction(engine) as session:
        inbox.claim(session, enlace_area_a, task.id)
    assert post(sign_in("admin"), f"/admin/usuarios/{demo.users['enlace_da'].id}/desactivar", {}).status_code == 303
    [released] = open_tasks(engine, task.instance_id)
    assert released.assignee_id is None
    assert sign_in("enlace_da2").get("/tareas").text.count("Solicita el padrón de proveedores") >= 1
    [event] = events(engine, "tarea.liberada")
    assert event.actor_name == "Administración de la plataforma"


# -- an area's head whose account was deactivated -----------------------------------------------


def test_saving_an_area_unchanged_keeps_its_deactivated_head(sign_in, engine, demo):
    area, head = demo.areas["DA"], demo.users["integrante"]
    with transaction(engine) as session:
        session.get(Area, area.id).head_user_id = head.id
        session.get(User, head.id).active = False
    admin = sign_in("admin")
    url = f"/admin/areas/{area.id}"
    form = admin.get(url).text
    assert f'<option value="{head.id}" selected>Carmen Ortiz Ramírez (integrante) (cuenta desactivada)</option>' in form
    # Saved as the browser sends it: the option shown selected.
    as_shown = re.search(r'<option value="(\d*)" selected>', form).group(1)
    assert save(admin, url, {"clave": "DA", "nombre": "Dirección de Administración",
                             "titular_usuario_id": as_shown}).status_code == 303
    with transaction(engine) as session:
        assert session.get(Area, area.id).head_user_id == head.id
    assert save(admin, url, {"clave": "DA", "nombre": "Dirección de Administración",
                             "titular_usuario_id": ""}).status_code == 303
    with transaction(engine) as session:
        assert session.get(Area, area.id).head_user_id is None
    assert "cuenta desactivada" not in admin.get(url).text


def test_a_deactivated_account_cannot_be_made_an_areas_new_head(sign_in, engine, demo):
    """The list offers only active people (and the head already set): a hand-made form is refused alike."""
    area, person = demo.areas["DRI"], demo.users["enlace_da"]
    with transaction(engine) as session:
        session.get(User, person.id).active = False
        before = session.get(Area, area.id).head_user_id
    admin = sign_in("admin")
    head = {"titular_usuario_id": str(person.id)}
    edited = save(admin, f"/admin/areas/{area.id}", {"clave": "DRI", "nombre": area.name, **head})
    created = post(admin, "/admin/areas", {"clave": "NUEVA", "nombre": "Área nueva", **head})
    for refused in (edited, created):
        assert refused.status_code == 400
        assert "Esa cuenta está desactivada: elija como titular a una persona activa." in refused.text
    with transaction(engine) as session:
        assert session.get(Area, area.id).head_user_id == before
        assert session.exec(select(Area).where(Area.code == "NUEVA")).first() is None
