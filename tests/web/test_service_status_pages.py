"""Estado del servicio: whether the scheduler runs and e-mail goes out, seen by the administration
and by the institution's monitoring (/salud); failed e-mail sent again on request."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from engine.audit import AuditEvent
from engine.clock import utcnow
from engine.db import transaction
from engine.job_runs import JobRun, record_run
from engine.outbox import OutboxMessage, OutboxStatus, deliver, enqueue
from engine.scheduler import JOB_NAMES
from engine.tenancy import Organization
from tests.web.conftest import csrf_of


def post(client, url):
    return client.post(url, data={"_csrf_token": csrf_of(client)}, follow_redirects=False)


def every_job_ran(engine, error: str = "") -> None:
    for job_id, name in JOB_NAMES.items():
        record_run(engine, job_id, name, 30, "servidor:1234", utcnow(), error=error if job_id == "deliver_outbox" else "")


def failed_message(engine, organization_id: int, key: str, to: str = "rosa@example.org") -> int:
    with transaction(engine) as session:
        enqueue(session, organization_id=organization_id, key=key, kind="aviso", to_address=to,
                subject=f"Plazo por vencer {key}", body="Vence mañana.")
        session.execute(update(OutboxMessage).where(OutboxMessage.key == key).values(
            status=OutboxStatus.FAILED, attempts=10, last_error="550 buzón inexistente"))
        return session.exec(select(OutboxMessage.id).where(OutboxMessage.key == key)).one()


def status_of(engine, message_id: int) -> tuple[OutboxStatus, int]:
    with Session(engine) as session:
        message = session.get(OutboxMessage, message_id)
        return message.status, message.attempts


@pytest.mark.parametrize("username,status", [("admin", 200), ("transparencia", 403), ("enlace_da", 403),
                                             ("oficialia", 403)])
def test_only_the_administration_sees_the_service_page(sign_in, username, status):
    assert sign_in(username).get("/admin/servicio").status_code == status


def test_a_scheduler_that_never_ran_is_a_warning_that_no_alert_goes_out(sign_in, engine):
    admin = sign_in("admin")
    page = admin.get("/admin/servicio").text
    assert page.count("No ha corrido") == len(JOB_NAMES)
    assert "no salen avisos de" in page
    assert f"Programador: {len(JOB_NAMES)} trabajos atrasados o con error; no salen avisos" in admin.get("/admin").text

    every_job_ran(engine)
    page = admin.get("/admin/servicio").text
    assert page.count("Al día") == len(JOB_NAMES) and "no salen avisos de" not in page
    assert "servidor:1234" in page and "Revisar plazos y escribir avisos" in page
    assert "Programador al día" in admin.get("/admin").text


def test_a_worker_that_stopped_shows_late_and_a_failing_job_its_error(sign_in, engine):
    every_job_ran(engine, error="SMTPConnectError: conexión rechazada")
    with transaction(engine) as session:
        session.execute(update(JobRun).where(JobRun.job_id == "sweep_deadlines")
                        .values(finished_at=utcnow() - timedelta(minutes=10)))
    page = sign_in("admin").get("/admin/servicio").text
    assert page.count("Atrasado") == 1 and page.count(">Falla<") == 1
    assert "SMTPConnectError: conexión rechazada" in page


def test_monitoring_gets_503_until_every_job_runs_on_time_and_without_error(client, engine):
    response = client.get("/salud")
    assert response.status_code == 503
    assert response.json() == {"base": "ok", "programador": {job_id: "nunca" for job_id in JOB_NAMES}}

    every_job_ran(engine)
    response = client.get("/salud")
    assert (response.status_code, response.json()["programador"]["sweep_deadlines"]) == (200, "al_dia")
    assert response.headers["cache-control"] == "no-store"

    every_job_ran(engine, error="SMTPConnectError: conexión rechazada")
    failing = client.get("/salud")
    assert (failing.status_code, failing.json()["programador"]["deliver_outbox"]) == (503, "falla")
    assert "SMTP" not in failing.text  # states only: an error message is for the administration page


def test_a_failed_message_is_listed_and_goes_out_after_it_is_sent_again(sign_in, engine, settings, demo):
    message_id = failed_message(engine, demo.organization.id, "aviso-1")
    admin = sign_in("admin")
    page = admin.get("/admin/servicio").text
    assert "1 correo fallido" in page and "rosa@example.org" in page and "550 buzón inexistente" in page

    response = post(admin, f"/admin/servicio/correos/{message_id}/reintentar")
    assert (response.status_code, response.headers["location"]) == (303, "/admin/servicio?reintentados=1")
    assert status_of(engine, message_id) == (OutboxStatus.PENDING, 0)
    assert "1 correo volverá a enviarse en la próxima entrega." in admin.get(response.headers["location"]).text
    with Session(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "admin.correo.reintento")).all()
        assert event.summary == "Pidió reenviar 1 correo fallido"

    assert deliver(engine, settings) == 1
    assert status_of(engine, message_id)[0] == OutboxStatus.SENT


def test_sending_again_reaches_only_the_administrators_own_organization(sign_in, engine, demo):
    own = [failed_message(engine, demo.organization.id, f"propio-{n}") for n in range(2)]
    with transaction(engine) as session:
        other = Organization(slug="municipio", name="Municipio de Ejemplo", short_name="MUNI")
        session.add(other)
        session.flush()
        other_id = other.id
    foreign = failed_message(engine, other_id, "ajeno", to="tesoreria@muni.example")
    admin = sign_in("admin")
    assert "tesoreria@muni.example" not in admin.get("/admin/servicio").text

    assert post(admin, f"/admin/servicio/correos/{foreign}/reintentar").status_code == 404
    assert status_of(engine, foreign) == (OutboxStatus.FAILED, 10)
    response = post(admin, "/admin/servicio/correos/reintentar")
    assert response.headers["location"] == "/admin/servicio?reintentados=2"
    assert [status_of(engine, m)[0] for m in own] == [OutboxStatus.PENDING] * 2
    assert status_of(engine, foreign) == (OutboxStatus.FAILED, 10)
    # A message no longer failed is not «sent again» twice.
    assert post(admin, f"/admin/servicio/correos/{own[0]}/reintentar").status_code == 404


def test_monitoring_gets_503_when_the_database_does_not_answer(settings, engine, demo):
    from litestar.testing import TestClient
    from engine.db import make_engine
    from web.app import create_app
    unreachable = make_engine("postgresql://nadie@127.0.0.1:1/ninguna")
    with TestClient(create_app(settings=settings, engine=unreachable)) as client:
        response = client.get("/salud")
    assert (response.status_code, response.json()) == (503, {"base": "sin conexión", "programador": "desconocido"})


def test_mail_due_long_ago_and_still_waiting_means_delivery_is_not_running(sign_in, engine, demo):
    with transaction(engine) as session:
        enqueue(session, organization_id=demo.organization.id, key="reintento", kind="aviso",
                to_address="rosa@example.org", subject="Plazo", body="Vence mañana.")
        session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() + timedelta(hours=1)))
    admin = sign_in("admin")
    page = admin.get("/admin/servicio").text
    assert "1 correo por enviar" in page and "no está corriendo" not in page  # waiting for its retry

    with transaction(engine) as session:
        session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(minutes=20)))
    assert "la entrega de correo no está corriendo" in admin.get("/admin/servicio").text
