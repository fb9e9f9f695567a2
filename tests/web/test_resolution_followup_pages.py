"""The follow-up of an acuerdo on the pages: the expediente's data labelled as what they are. On the session
clock of tests/board_session_steps.py."""

import html
import re
from datetime import date, datetime

from sqlmodel import select

from board_quarter import Item, hold_session
from board_session_steps import boards, complete, on, session_clock  # noqa: F401
from engine.db import transaction
from workflows.board_session.models import Resolution, SessionKind
from workflows.resolution_followup import start_followup

LAST = "Se concluyeron los lineamientos."


def followed_acuerdo(engine, demo, juridico):
    """The CC's acuerdo of 30 April 2021 orders work to the DA by 31 May; its follow-up starts on 3 May."""
    on(date(2021, 4, 30))
    cc = boards(engine, demo)["CC"]
    with transaction(engine) as db:
        board_session = hold_session(db, juridico, cc, SessionKind.ORDINARY,
                                     datetime(2021, 4, 30, 10), [
            Item("Lineamientos de la Política Estatal Anticorrupción",
                 resolution="Se instruye elaborar los lineamientos de la Política Estatal Anticorrupción.",
                 area_ids=(demo.areas["DA"].id,), due=date(2021, 5, 31))])
        resolution = db.exec(select(Resolution).where(Resolution.session_id == board_session.id)).one()
    on(date(2021, 5, 3))
    with transaction(engine) as db:
        instance = start_followup(db, juridico, db.get(Resolution, resolution.id))
    return resolution, instance


def text(page: str) -> str:
    """The page's text, tags out and spaces folded, as a person reads it."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def report(engine, enlace, instance, da, avance, texto, motivo=""):
    complete(engine, enlace, instance.id, "report_progress", {"avance": avance, "texto": texto, "motivo_baja": motivo},
             da.id)


def test_the_expediente_labels_the_acuerdos_data_as_what_they_are(engine, demo, juridico, enlace_area_a, sign_in):
    resolution, instance = followed_acuerdo(engine, demo, juridico)
    on(date(2021, 5, 10))
    report(engine, enlace_area_a, instance, demo.areas["DA"], 100, LAST)
    page = text(sign_in("juridico").get(f"/procesos/{instance.id}").text)
    data = page[page.index("Datos actuales"):page.index("Historial")]
    # The acuerdo's own fields, accents and all: its text is not a report's «Qué se hizo».
    assert ("Acuerdo Número: 001/CC/SAECH/2021 Texto del acuerdo: Se instruye elaborar los lineamientos de la "
            "Política Estatal Anticorrupción. Órgano: Comité Coordinador Fecha compromiso: 31/05/2021") in data
    assert "Qué se hizo: Se instruye" not in data and "Numero" not in data and "Organo" not in data
    # The report keeps its form's titles.
    assert f"Último informe de avance Avance (%): 100 Qué se hizo: {LAST}" in data
