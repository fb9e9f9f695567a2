"""A document registered días hábiles after it came in: the reason of its late capture is asked, and the acuse
and the history say it beside when it was registered."""

import pytest
from sqlmodel import select

from engine.clock import DEFAULT_TIMEZONE, to_local, utcnow
from engine.db import reading
from engine.documents import long_date, text_of
from engine.files import StoredFile, read
from engine.forms import FormInvalid
from engine.legal_calendar import calendar_for
from engine.processes import ProcessInstance
from tests.correspondence_steps import item_of, register_document
from tests.timeline import summaries
from workflows.correspondence.capture import LATE_AFTER_DAYS
from workflows.correspondence.models import Correspondence

REASON = "Se recibió en la delegación regional y llegó a la oficialía por valija"


def received_days_before(engine, demo, days: int):
    """The día hábil `days` días hábiles before the one a registration made now counts on."""
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "correspondencia")
    return calendar.subtract_business_days(calendar.received_on(utcnow()), days)


def test_a_reception_days_before_its_registration_is_refused_without_the_reason_of_its_late_capture(
        engine, demo, oficialia):
    """Any past date passed: a folio registered later certified a reception months before the folio before it."""
    day = received_days_before(engine, demo, LATE_AFTER_DAYS + 1)
    with pytest.raises(FormInvalid) as refused:
        register_document(engine, oficialia, fecha_recepcion=day.isoformat(), captura_extemporanea="tarde")
    assert refused.value.errors == {"captura_extemporanea": (
        f"El documento se recibió el {long_date(day)}, {LATE_AFTER_DAYS + 1} días hábiles antes de registrarlo: "
        "escriba el motivo de la captura extemporánea (al menos 10 caracteres); el acuse y el historial lo dirán.")}
    with reading(engine) as session:
        assert session.exec(select(Correspondence)).all() == []
        assert session.exec(select(ProcessInstance)).all() == []


def test_the_acuse_and_the_history_of_a_late_capture_say_when_it_was_registered_and_why(
        engine, demo, oficialia, settings):
    day = received_days_before(engine, demo, 20)
    instance = register_document(engine, oficialia, fecha_recepcion=day.isoformat(), captura_extemporanea=REASON)
    item = item_of(engine, instance.id)
    registered = to_local(item.created_at, DEFAULT_TIMEZONE)
    assert item.late_capture_reason == REASON
    with reading(engine) as session:
        acuse = text_of(read(settings, session.get(StoredFile, item.acuse_file_id)))
    assert f"Fecha de recepción | {long_date(day)}\nHora de recepción | 10:30 horas\n" in acuse
    assert (f"Fecha y hora de registro | {long_date(registered)}, {registered:%H:%M} horas\n"
            f"Captura extemporánea | {REASON}\n") in acuse
    assert summaries(engine, instance.id, "folio.asignado") == [
        f"Asignó el folio {item.folio} y generó el acuse de recibo; captura extemporánea del documento recibido el "
        f"{long_date(day)}: {REASON}"]


def test_a_reception_a_few_dias_habiles_before_its_registration_needs_no_reason(engine, demo, oficialia, settings):
    day = received_days_before(engine, demo, LATE_AFTER_DAYS)
    item = item_of(engine, register_document(engine, oficialia, fecha_recepcion=day.isoformat()).id)
    assert item.late_capture_reason == ""
    with reading(engine) as session:
        acuse = text_of(read(settings, session.get(StoredFile, item.acuse_file_id)))
    assert "Fecha y hora de registro | " in acuse and "Captura extemporánea" not in acuse
