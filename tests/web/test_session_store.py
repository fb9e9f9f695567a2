"""Sessions in the database: a row per signed-in person, none for a visitor who never signs in."""

from datetime import timedelta

from litestar.testing import TestClient
from sqlalchemy import func, update
from sqlmodel import Session, select

from engine.accounts import LoginSession
from engine.clock import utcnow
from engine.db import transaction
from engine.scheduler import purge_sessions_job
from engine.sent_forms import KEPT_FOR, SentForm, claim


def sessions(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(LoginSession)).one()


def test_a_visitor_who_never_signs_in_leaves_no_session_row(app, engine):
    with TestClient(app) as visitor:
        for path in ("/login", "/consulta", "/salud", "/login"):
            visitor.get(path)
    assert sessions(engine) == 0


def test_signing_in_keeps_one_row_and_signing_out_removes_it(sign_in, engine):
    client = sign_in("transparencia")
    assert sessions(engine) == 1
    assert client.get("/").status_code == 200  # the session it reads is the one it wrote
    client.post("/logout", data={"_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False)
    assert sessions(engine) == 0
    assert client.get("/", follow_redirects=False).status_code in (302, 303)


def test_the_hourly_job_deletes_only_the_sessions_whose_time_ran_out(sign_in, engine):
    kept, expired = sign_in("transparencia"), sign_in("enlace_da")
    with transaction(engine) as session:
        session.execute(update(LoginSession).where(LoginSession.key == expired.cookies["session"])
                        .values(expires_at=utcnow() - timedelta(minutes=1)))
    purge_sessions_job(engine)
    assert sessions(engine) == 1
    assert kept.get("/").status_code == 200


def test_the_hourly_job_forgets_sent_form_keys_older_than_a_month(engine, demo):
    with transaction(engine) as session:
        claim(session, 1, "clave-vieja")
        claim(session, 1, "clave-reciente")
        session.execute(update(SentForm).where(SentForm.key == "clave-vieja")
                        .values(created_at=utcnow() - KEPT_FOR - timedelta(hours=1)))
    purge_sessions_job(engine)
    with Session(engine) as session:
        assert session.exec(select(SentForm.key)).all() == ["clave-reciente"]
