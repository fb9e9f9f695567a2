"""The Unidad's form that notifies an ARCO ampliación to the holder (no Comité in ARCO): an impossible
notification day is refused beside the date, and what was typed stays.

The request is filed Monday 23 March 2026 at 10:00 (due Monday 20 April), on the clock of
tests.access_request_steps.
"""

from datetime import date

from tests.access_request_steps import (complete, later, request_of, task_named, turn,  # noqa: F401
                                        working_in_march_2026)
from tests.arco_request_steps import file_arco
from tests.web.test_committee_case_pages import submit

REASONS = "El expediente de 2019 está en el archivo de concentración."


def test_the_extension_form_refuses_beside_the_date_a_notice_before_the_area_asked_for_more_time(
        engine, demo, sign_in, transparencia, enlace_area_a):
    instance = file_arco(engine, transparencia)
    later(date(2026, 4, 28))  # turned after the due day
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "ampliacion", "respuesta": "Se sigue buscando el expediente.", "fundamento": REASONS},
             area_id=demo.areas["DA"].id)
    task = task_named(engine, instance.id, "extend")
    sent = submit(sign_in("transparencia"), task.id, {"decision": "ampliar", "fecha_notificacion": "2026-04-17",
                                                      "motivo": REASONS})
    assert sent.status_code == 422
    assert ('id="error-fecha_notificacion">La ampliación no puede notificarse antes del día en que el área la pidió '
            '(28 de abril de 2026).') in sent.text
    assert REASONS in sent.text  # what was typed stays
    assert task_named(engine, instance.id, "extend").id == task.id and not request_of(engine, instance.id).extended
