"""A real Pleno server on a free loopback port and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import threading
import time

import pytest
import uvicorn

from web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(engine, settings, demo):
    port = _free_port()
    config = uvicorn.Config(create_app(settings=settings, engine=engine), host="127.0.0.1", port=port,
                            log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("El servidor de prueba no arrancó")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("PLENO_REQUIRE_BROWSER"):
            pytest.fail("Chromium no está instalado (apt-get install chromium)")
        pytest.skip("Chromium no está instalado; .ci/run lo instala (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
