"""Forms check dates against the organization's today, not the server's: a server in UTC is already
on tomorrow while an ente in Mexico still works on today."""

from contextlib import nullcontext
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.accounts import Actor
from engine.clock import today_in
from engine.db import transaction
from engine.forms import FormInvalid, validate_form
from engine.tenancy import Organization
from tests.workflows.test_correspondence_paths import complete, open_tasks, register
from workflows.access_request.forms import RegisterRequestForm
from workflows.arco_request.forms import RegisterArcoForm
from workflows.correspondence.forms import RegisterForm, TurnForm

SERVER_TODAY = date.today()
EVENING_IN_MEXICO = SERVER_TODAY - timedelta(days=1)  # the organization's date while the server's is later
TURN = {"areas": [1], "instruccion": "Atender y responder"}
FILING = {"remitente": "Mtra. Laura Díaz", "asunto": "Solicita informe", "canal": "ventanilla",
          "hora_recepcion": "10:30", "fojas": "1"}


def test_a_turn_due_on_the_organizations_today_is_accepted_when_the_server_is_on_tomorrow():
    form = validate_form(TurnForm, {**TURN, "fecha_limite": EVENING_IN_MEXICO.isoformat()}, today=EVENING_IN_MEXICO)
    assert form.fecha_limite == EVENING_IN_MEXICO


def test_a_filing_dated_the_organizations_tomorrow_is_refused_even_if_the_server_is_already_there():
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterForm, {**FILING, "fecha_recepcion": SERVER_TODAY.isoformat()}, today=EVENING_IN_MEXICO)
    assert refused.value.errors == {"fecha_recepcion": "La fecha de recepción no puede ser posterior a hoy."}


def test_a_request_dated_the_organizations_tomorrow_is_refused_even_if_the_server_is_already_there():
    data = {"canal": "correo", "fecha_recepcion": SERVER_TODAY.isoformat(), "hora_recepcion": "10:30",
            "nombre": "Juan Pérez", "descripcion": "Solicito los contratos de obra pública de 2025"}
    with pytest.raises(FormInvalid) as refused:
        validate_form(RegisterRequestForm, data, today=EVENING_IN_MEXICO)
    assert refused.value.errors["fecha_recepcion"] == "La fecha no puede ser posterior a hoy."
    assert validate_form(RegisterRequestForm, data, today=SERVER_TODAY).fecha_recepcion == SERVER_TODAY


def test_a_step_checks_its_form_against_the_day_of_the_actors_organization(engine, demo, oficialia):
    # Of two zones on either side of the date line, one is always on another day than the server.
    zone = next(z for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago") if today_in(z) != SERVER_TODAY)
    with transaction(engine) as session:
        session.get(Organization, demo.organization.id).timezone = zone
    there = Actor(oficialia.user_id, oficialia.organization_id, oficialia.name, oficialia.grants, zone)
    instance = register(engine, oficialia)
    [turn] = open_tasks(engine, instance.id)
    # The earlier of the two days: refused where the organization is already on the later one.
    due = min(today_in(zone), SERVER_TODAY)
    refused = today_in(zone) > SERVER_TODAY
    with pytest.raises(FormInvalid) if refused else nullcontext():
        complete(engine, there, turn.id, {**TURN, "areas": [demo.areas["DA"].id], "fecha_limite": due.isoformat()})
    assert [task.task_name for task in open_tasks(engine, instance.id)] == (["turn"] if refused else ["answer"])


MORNING = datetime(2026, 11, 27, 7, 30, tzinfo=ZoneInfo("America/Mexico_City"))


@pytest.mark.parametrize("form, data", [
    (RegisterForm, FILING),
    (RegisterRequestForm, {"canal": "correo", "nombre": "Juan Pérez",
                           "descripcion": "Solicito los contratos de obra pública de 2025"}),
    (RegisterArcoForm, {"canal": "correo", "derecho": "acceso", "titular": "Ana Ruiz", "documento_identidad": "INE",
                        "descripcion": "Mis datos personales en el padrón de proveedores"}),
])
def test_a_reception_later_today_than_the_organizations_clock_is_refused(form, data):
    with pytest.raises(FormInvalid) as refused:
        validate_form(form, {**data, "fecha_recepcion": "2026-11-27", "hora_recepcion": "19:30"}, now=MORNING)
    assert refused.value.errors == {"hora_recepcion": "La hora no puede ser posterior a este momento (son las 07:30)."}
    assert validate_form(form, {**data, "fecha_recepcion": "2026-11-27", "hora_recepcion": "07:30"},
                         now=MORNING).hora_recepcion == time(7, 30)
    assert validate_form(form, {**data, "fecha_recepcion": "2026-11-26", "hora_recepcion": "19:30"},
                         now=MORNING).hora_recepcion == time(19, 30)  # yesterday evening did happen
