"""A real Litestar app on the test database, and signed-in clients per persona."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar.testing import TestClient

from engine import clock
from engine.accounts import issue_api_token
from engine.db import transaction
from web.app import create_app


@pytest.fixture
def app(engine, settings, demo):
    return create_app(settings=settings, engine=engine)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def token_of(engine, demo):
    """The Authorization header of a new API token of that demo user."""
    def _token(username: str) -> dict[str, str]:
        with transaction(engine) as session:
            return {"Authorization": f"Bearer {issue_api_token(session, demo.users[username], 'pruebas')}"}
    return _token


def csrf_of(client: TestClient) -> str:
    """The CSRF token the browser would send back (Litestar sets it as a cookie on a GET)."""
    if "csrftoken" not in client.cookies:
        client.get("/login")
    return client.cookies["csrftoken"]


@pytest.fixture
def sign_in(app, password):
    """sign_in("enlace_da") → a TestClient with that persona's session."""
    def _sign_in(username: str) -> TestClient:
        # Only one lifespan per app: a second client entering it never shuts down.
        test_client = TestClient(app)
        token = csrf_of(test_client)
        response = test_client.post("/login", data={"username": username, "password": password},
                                    headers={"x-csrftoken": token}, follow_redirects=False)
        assert response.status_code in (302, 303), response.text
        return test_client

    yield _sign_in


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def sent_at_once(monkeypatch, send, times: int = 3) -> list:
    """`send()` from `times` threads, each registration held at the organization's clock until all have
    arrived: they then overlap, as the sends of a client that retries do."""
    barrier = threading.Barrier(times)
    held: set[int] = set()
    now_in = clock.now_in

    def all_together(zone: str):
        if threading.get_ident() not in held:  # once per request: each runs in a thread of its own
            held.add(threading.get_ident())
            barrier.wait(timeout=20)
        return now_in(zone)

    monkeypatch.setattr(clock, "now_in", all_together)
    with ThreadPoolExecutor(times) as pool:
        return [future.result() for future in [pool.submit(send) for _ in range(times)]]
