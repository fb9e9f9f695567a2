"""Signing in and out, rate limiting, CSRF, and where people land afterwards."""

from sqlmodel import select

from engine.accounts import LoginAttempt
from engine.db import transaction
from tests.web.conftest import csrf_of


def post_login(client, username, password, **extra):
    return client.post("/login", data={"username": username, "password": password, **extra},
                       headers={"x-csrftoken": csrf_of(client)}, follow_redirects=False)


def test_the_login_page_is_in_spanish_and_carries_a_csrf_field(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Iniciar sesión" in response.text and 'name="_csrf_token"' in response.text
    assert "Mis tareas" not in response.text  # no menu for anonymous visitors
    # Pleno's own icon, so the browser does not ask for a missing /favicon.ico on every page.
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in response.text
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.text.startswith("<svg")


def test_a_right_password_signs_in_and_shows_the_menu_with_the_name(client, password):
    response = post_login(client, "enlace_da", password)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Rosa Elena Martínez Cruz" in page.text and "Salir" in page.text
    assert "Administración" not in page.text.split("<main")[0]


def test_a_wrong_password_is_refused_in_spanish_and_recorded(client, engine):
    response = post_login(client, "enlace_da", "no-es-la-clave")
    assert response.status_code == 400
    assert "Usuario o contraseña incorrectos." in response.text
    assert client.get("/", follow_redirects=False).status_code in (302, 303)
    with transaction(engine) as session:
        attempts = session.exec(select(LoginAttempt)).all()
    assert [(a.username, a.succeeded) for a in attempts] == [("enlace_da", False)]


def test_too_many_failures_block_even_the_right_password(client, settings, password):
    for _ in range(settings.login_attempts_per_window):
        assert post_login(client, "oficialia", "mala").status_code == 400
    response = post_login(client, "oficialia", password)
    assert response.status_code == 429
    assert "Demasiados intentos" in response.text
    assert client.get("/", follow_redirects=False).status_code in (302, 303)


def test_one_persons_failures_do_not_lock_out_colleagues_at_the_same_address(client, settings, password):
    for _ in range(settings.login_attempts_per_window):
        assert post_login(client, "oficialia", "mala").status_code == 400
    # Same client address (one office behind one NAT): another person still signs in.
    assert post_login(client, "enlace_da", password).status_code == 303


def test_many_failures_from_one_address_lock_it_for_every_name(client, settings, password):
    names = [f"nadie{n}" for n in range(settings.login_attempts_per_client)]
    for name in names:
        assert post_login(client, name, "mala").status_code == 400
    response = post_login(client, "enlace_da", password)
    assert response.status_code == 429 and "Demasiados intentos" in response.text


def test_next_goes_only_to_a_local_path(client, password):
    response = post_login(client, "admin", password, next="/procesos/1")
    assert response.headers["location"] == "/procesos/1"
    for hostile in ("https://malo.example/", "//malo.example/x", "/\\malo.example"):
        other = post_login(client, "admin", password, next=hostile)
        assert other.headers["location"] == "/"


def test_signing_in_gives_a_new_session_id(client, password):
    post_login(client, "admin", password)
    first = client.cookies["session"]
    post_login(client, "admin", password)
    second = client.cookies["session"]
    assert first != second
    client.cookies.set("session", first)
    assert client.get("/", follow_redirects=False).status_code in (302, 303)


def test_logout_ends_the_session(sign_in):
    client = sign_in("oficialia")
    assert client.get("/").status_code == 200
    response = client.post("/logout", data={"_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code in (302, 303)


def test_a_post_without_csrf_token_is_rejected(client, password):
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": password}, follow_redirects=False)
    assert response.status_code == 403
    assert "session" not in client.cookies or client.get("/", follow_redirects=False).status_code in (302, 303)


def test_the_csrf_token_also_works_as_a_form_field(client, password):
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": password,
                                           "_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False)
    assert response.status_code == 303


def test_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/tareas", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login?next=/tareas")
