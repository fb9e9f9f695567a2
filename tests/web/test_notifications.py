"""The notification bell, the list, and marking one's own notifications read."""

import pytest
from sqlmodel import select

from engine.db import reading, transaction
from engine.notifications import Message, Notification, notify
from tests.web.conftest import csrf_of


@pytest.fixture
def two_for_da(engine, demo) -> list[int]:
    """Two notifications for the enlace of Administración, one for the enlace of Riesgos."""
    with transaction(engine) as session:
        for key, title in (("a", "El plazo 0001/2026 vence en 3 días hábiles"), ("b", "Se movió el plazo 0002/2026")):
            notify(session, demo.users["enlace_da"], Message(key=key, subject=title, body="Detalle del aviso",
                                                             link="/plazos/1"))
        notify(session, demo.users["enlace_dri"], Message(key="c", subject="Aviso de Riesgos", body=""))
    with reading(engine) as session:
        return list(session.exec(select(Notification.id).where(Notification.user_id == demo.users["enlace_da"].id)
                                 .order_by(Notification.id)).all())


def unread_of(engine, user) -> int:
    with reading(engine) as session:
        return len(session.exec(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))).all())


def test_the_menu_loads_the_bell_after_the_page(sign_in):
    text = sign_in("enlace_da").get("/tareas").text
    assert 'hx-get="/notificaciones/campana"' in text and 'hx-trigger="load"' in text


def test_the_bell_counts_unread_notifications_and_polls_every_minute(sign_in, two_for_da):
    bell = sign_in("enlace_da").get("/notificaciones/campana", headers={"HX-Request": "true"})
    assert bell.status_code == 200
    assert bell.text.lstrip().startswith('<a id="campana"')
    assert '<span class="numero-avisos">2</span>' in bell.text
    assert "every 60s" in bell.text
    assert "<html" not in bell.text


def test_the_bell_shows_no_count_when_everything_is_read(sign_in, demo):
    bell = sign_in("juridico").get("/notificaciones/campana")
    assert "numero-avisos" not in bell.text


def test_the_list_shows_ones_own_notifications_with_links(sign_in, two_for_da):
    page = sign_in("enlace_da").get("/notificaciones")
    assert page.status_code == 200
    assert "El plazo 0001/2026 vence en 3 días hábiles" in page.text
    assert 'href="/plazos/1"' in page.text
    assert page.text.count("Sin leer") == 2
    assert "Aviso de Riesgos" not in page.text


def test_marking_one_read_lowers_the_count(engine, sign_in, demo, two_for_da):
    client = sign_in("enlace_da")
    response = client.post(f"/notificaciones/{two_for_da[0]}/leida", data={"_csrf_token": csrf_of(client)},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/notificaciones"
    assert unread_of(engine, demo.users["enlace_da"]) == 1
    assert '<span class="numero-avisos">1</span>' in client.get("/notificaciones/campana").text


def test_over_htmx_marking_returns_the_list_and_tells_the_bell(engine, sign_in, demo, two_for_da):
    client = sign_in("enlace_da")
    response = client.post(f"/notificaciones/{two_for_da[1]}/leida",
                           headers={"HX-Request": "true", "x-csrftoken": csrf_of(client)})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="lista-avisos"')
    assert response.headers["HX-Trigger"] == "avisos-cambiaron"
    assert response.text.count("Sin leer") == 1


def test_marking_all_read_leaves_other_peoples_untouched(engine, sign_in, demo, two_for_da):
    client = sign_in("enlace_da")
    response = client.post("/notificaciones/leidas", data={"_csrf_token": csrf_of(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert unread_of(engine, demo.users["enlace_da"]) == 0
    assert unread_of(engine, demo.users["enlace_dri"]) == 1


def test_nobody_can_mark_another_persons_notification(engine, sign_in, demo, two_for_da):
    client = sign_in("enlace_dri")
    response = client.post(f"/notificaciones/{two_for_da[0]}/leida", data={"_csrf_token": csrf_of(client)})
    assert response.status_code == 404
    assert unread_of(engine, demo.users["enlace_da"]) == 2
    assert client.post("/notificaciones/999999/leida", data={"_csrf_token": csrf_of(client)}).status_code == 404


def test_marking_without_the_csrf_token_is_refused(engine, sign_in, demo, two_for_da):
    response = sign_in("enlace_da").post(f"/notificaciones/{two_for_da[0]}/leida")
    assert response.status_code == 403
    assert unread_of(engine, demo.users["enlace_da"]) == 2


def test_a_visitor_has_no_bell(client):
    response = client.get("/notificaciones/campana", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"
