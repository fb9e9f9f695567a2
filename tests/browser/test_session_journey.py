"""Legal staff plan a session, an area sends an item, the convocatoria goes out, the session is held
with quorum, an acuerdo is voted and numbered, the acta is generated and its follow-up task reaches
the area's inbox."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, today_in, utcnow
from engine.db import reading, transaction
from engine.documents import text_of
from engine.outbox import OutboxMessage
from tests.browser.test_correspondence_journey import sign_in, sign_out
from tests.browser.test_request_journey import submit_task
from workflows.board_session import planning
from workflows.board_session.demo import seed_boards
from workflows.board_session.models import Board, BoardSession, Resolution, SessionKind, SessionNotice

ITEM = "Propuesta de lineamientos de la Plataforma Digital Estatal"
RESOLUTION = "Se aprueban los lineamientos de la Plataforma Digital Estatal."


def do_current_step(page, session_url, step):
    """The session page's process panel links its current step's task form."""
    page.goto(session_url)
    page.locator("#proceso-sesion a[href^='/tareas/']", has_text=step).click()
    expect(page.locator("#form-tarea")).to_be_visible()
    page.check("input[name=confirmar][value=true]")
    submit_task(page)


def vote_everyone_in_favour(page, box):
    """Click «A favor» for each seat still to vote; each click swaps the item's voting fragment."""
    buttons = box.locator("button[value=a_favor]")
    while buttons.count():
        remaining = buttons.count()
        buttons.first.click()
        expect(buttons).to_have_count(remaining - 1)


def test_a_session_goes_from_planning_to_an_acuerdo_followed_up_by_the_area(engine, server, browser, password,
                                                                              demo):
    with transaction(engine) as db:
        seed_boards(db, demo)
    today = today_in(DEFAULT_TIMEZONE)
    with reading(engine) as db:
        # An ordinary session is held on a día hábil its convocatoria can still reach: ten days ahead or
        # the next such day; the areas' items close on the convocatoria's last día hábil.
        cc = db.exec(select(Board).where(Board.short_name == "CC")).one()
        day = today + timedelta(days=10)
        while planning.check_day(db, cc, SessionKind.ORDINARY, day, today).refusal:
            day += timedelta(days=1)
        cutoff = planning.latest_cutoff(db, cc, SessionKind.ORDINARY, day)
    page = browser.new_page()

    sign_in(page, server, "juridico", password)
    page.goto(f"{server}/sesiones/nueva")
    page.select_option("[name=organo]", label="Comité Coordinador (CC)")
    page.check("input[name=tipo][value=ordinaria]")
    page.fill("[name=fecha]", day.isoformat())
    page.fill("[name=hora]", "10:00")
    expect(page.locator("#dia-sesion")).to_contain_text("La convocatoria debe enviarse a más tardar el")
    page.fill("[name=fecha_limite]", cutoff.isoformat())
    page.click("text=Programar la sesión")
    expect(page).to_have_url(re.compile(r"/sesiones/\d+"))
    session_url = page.url.split("?")[0]
    session_id = int(re.search(r"/sesiones/(\d+)", session_url).group(1))
    title = page.locator("h1").inner_text()
    assert "Sesión Ordinaria del Comité Coordinador" in title
    sign_out(page)

    sign_in(page, server, "enlace_da", password)
    page.goto(f"{session_url}/puntos/nuevo")
    page.select_option("[name=area_id]", str(demo.areas["DA"].id))
    page.fill("[name=titulo]", ITEM)
    page.check("input[name=tipo][value=aprobacion]")
    page.fill("[name=acuerdo_propuesto]", RESOLUTION)
    page.check(f"input[name=areas_seguimiento][value='{demo.areas['DA'].id}']")
    page.fill("[name=fecha_cumplimiento]", (today + timedelta(days=40)).isoformat())
    page.click("text=Enviar el punto")
    expect(page.locator("body")).to_contain_text(ITEM)
    sign_out(page)

    sign_in(page, server, "juridico", password)
    page.goto(session_url)
    page.locator("#orden-del-dia li, #orden-del-dia tr").filter(has_text=ITEM).locator("text=Aceptar").click()
    expect(page.locator("#orden-del-dia")).not_to_contain_text("No incluir")
    do_current_step(page, session_url, "Integrar el orden del día")
    do_current_step(page, session_url, "Emitir la convocatoria")
    with reading(engine) as db:
        notices = db.exec(select(SessionNotice).where(SessionNotice.session_id == session_id)).all()
        sent = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "integrante@sesaech.example")).all()
    assert len(notices) >= 8 and any(title in message.subject for message in sent)

    # The hour of the session comes: the room opens a session only from the moment it is convened for.
    with transaction(engine) as db:
        db.get(BoardSession, session_id).scheduled_at = utcnow() - timedelta(minutes=1)
    page.goto(f"{session_url}/sala")
    page.click("text=Abrir la sesión y pasar lista")
    attendance = page.locator("#asistencia")
    expect(attendance.locator("button[value=presente]").first).to_be_visible()
    for row in range(attendance.locator("tbody tr").count()):
        attendance.locator("tbody tr").nth(row).locator("button[value=presente]").click()
        expect(attendance.locator("tbody tr").nth(row).locator("td").nth(2)).to_have_text("Presente")
    expect(page.locator("#quorum")).to_contain_text("Hay quórum legal")
    page.click("text=Declarar quórum")
    expect(page.locator("#quorum")).to_contain_text("Quórum declarado.")
    boxes = page.locator("div.votacion")
    expect(boxes.first.locator("button[value=a_favor]").first).to_be_visible()
    for index in range(boxes.count()):
        box = boxes.nth(index)
        vote_everyone_in_favour(page, box)
        box.locator("text=Cerrar votación").click()
        expect(box).to_contain_text("Aprobado")
    expect(page.locator("body")).to_contain_text(re.compile(r"Acuerdo \d{3}/CC/SAECH/\d{4}"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Cerrar sesión")
    expect(page.locator("body")).to_contain_text("Celebrada")

    with reading(engine) as db:
        resolution = db.exec(select(Resolution).where(Resolution.session_id == session_id)).one()
    assert resolution.number == f"001/CC/SAECH/{day.year}"
    acta = page.request.get(f"{server}/sesiones/{session_id}/descargas/acta")
    assert acta.ok and acta.body()[:2] == b"PK"
    acta_text = text_of(acta.body())
    assert "ACTA DE LA" in acta_text and f"ACUERDO {resolution.number}" in acta_text and RESOLUTION in acta_text
    page.goto(session_url)
    expect(page.locator("body")).to_contain_text("Incorporar las observaciones al acta")
    sign_out(page)

    sign_in(page, server, "enlace_da", password)
    page.goto(f"{server}/tareas")
    expect(page.locator("body")).to_contain_text("Informar el avance del acuerdo")
    expect(page.locator("body")).to_contain_text(resolution.number)
