"""Importing a year's días inhábiles: each period declared once, however many times the file comes.

Dates as in tests/engine/test_deadlines.py: an access request filed Monday 23 March 2026 at 10:00 is
due Monday 20 April 2026; Holy Thursday and Friday 2026 are 2 and 3 April.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import select

from engine import deadlines
from engine.audit import AuditEvent
from engine.calendar_import import ImportedDay
from engine.calendar_overlay import declare_imported, declare_non_working, left_alone
from engine.db import transaction
from engine.deadlines import DeadlineKind
from engine.legal_calendar import NonWorkingDay
from engine.notifications import Notification
from engine.outbox import OutboxMessage
from engine.tenancy import Organization
from tests.concurrency import second_runs_into_first

MX = ZoneInfo("America/Mexico_City")
HOLY_WEEK = [ImportedDay(date(2026, 4, 2), date(2026, 4, 2), "Jueves Santo", ""),
             ImportedDay(date(2026, 4, 3), date(2026, 4, 3), "Viernes Santo", ""),
             ImportedDay(date(2026, 12, 21), date(2026, 12, 31), "Segundo periodo vacacional", "")]


def declared(engine) -> list[tuple[date, date, str]]:
    with transaction(engine) as session:
        rows = session.exec(select(NonWorkingDay).order_by(NonWorkingDay.first_day, NonWorkingDay.id)).all()
    return [(row.first_day, row.last_day, row.reason) for row in rows]


def counts(engine, organization_id: int) -> dict[str, int]:
    """What a change of the calendar leaves behind: its version, audit entries, notices, e-mails."""
    with transaction(engine) as session:
        total = lambda model: session.exec(select(func.count()).select_from(model)).one()  # noqa: E731
        return {"version": session.get(Organization, organization_id).calendar_version,
                "audit": total(AuditEvent), "notices": total(Notification), "mails": total(OutboxMessage)}


def test_importing_the_same_file_twice_declares_each_day_once_and_the_second_time_changes_nothing(
        engine, demo, admin, transparencia):
    with transaction(engine) as session:
        deadlines.open_deadline(session, transparencia, subject_type="solicitud", subject_id=1,
                                kind=DeadlineKind.RESPUESTA, procedure="acceso", rule_key="respuesta",
                                title="Respuesta a la solicitud 0001/2026",
                                received_at=datetime.combine(date(2026, 3, 23), time(10), tzinfo=MX).astimezone(UTC),
                                responsible_user_id=demo.users["transparencia"].id)
    with transaction(engine) as session:
        first = declare_imported(session, admin, HOLY_WEEK, "Acuerdo CT/01/2026")
    assert [m.after for m in first.moved] == [date(2026, 4, 22)]
    before = counts(engine, admin.organization_id)
    with transaction(engine) as session:
        again = declare_imported(session, admin, HOLY_WEEK, "Acuerdo CT/01/2026")
    assert (again.declared, again.repeated, again.moved) == ([], [], [])
    assert [day.id for day in again.already_declared] == [day.id for day in first.declared]
    assert counts(engine, admin.organization_id) == before  # no version bump, no audit entry, nobody told
    assert declared(engine) == [(d.first, d.last, d.reason) for d in HOLY_WEEK]
    assert left_alone(again) == [("Ya estaban declarados y no se declararon otra vez:", [
        "2 de abril de 2026 (Jueves Santo — Acuerdo CT/01/2026)",
        "3 de abril de 2026 (Viernes Santo — Acuerdo CT/01/2026)",
        "del 21 al 31 de diciembre de 2026 (Segundo periodo vacacional — Acuerdo CT/01/2026)"])]


def test_an_import_declares_only_the_periods_not_declared_yet_and_names_the_others_as_they_were_declared(
        engine, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2027, 1, 1), date(2027, 1, 1), "Año Nuevo", "Acuerdo M1")
    file = [ImportedDay(date(2027, 1, 1), date(2027, 1, 1), "Día festivo", ""),
            ImportedDay(date(2027, 1, 1), date(2027, 1, 4), "Vacaciones de invierno", ""),  # only overlaps it
            ImportedDay(date(2027, 2, 1), date(2027, 2, 1), "Día de la Constitución", "")]
    with transaction(engine) as session:
        imported = declare_imported(session, admin, file)
    with transaction(engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "calendario.inhabiles_importados")).all()
    assert [(day.first_day, day.last_day) for day in imported.declared] == [
        (date(2027, 1, 1), date(2027, 1, 4)), (date(2027, 2, 1), date(2027, 2, 1))]
    assert left_alone(imported) == [("Ya estaban declarados y no se declararon otra vez:",
                                     ["1 de enero de 2027 (Año Nuevo — Acuerdo M1)"])]
    assert event.summary == "Se importaron 2 días o periodos inhábiles"
    assert event.after["ya_declarados"] == [{"desde": "2027-01-01", "hasta": "2027-01-01",
                                             "motivo": "Año Nuevo — Acuerdo M1"}]
    assert declared(engine) == [(date(2027, 1, 1), date(2027, 1, 1), "Año Nuevo"),
                                (date(2027, 1, 1), date(2027, 1, 4), "Vacaciones de invierno"),
                                (date(2027, 2, 1), date(2027, 2, 1), "Día de la Constitución")]


def test_a_period_repeated_in_one_file_is_declared_once_with_its_first_motivo(engine, admin):
    file = [ImportedDay(date(2027, 11, 2), date(2027, 11, 2), "Día de Muertos", ""),
            ImportedDay(date(2027, 12, 12), date(2027, 12, 12), "Día de la Virgen", ""),
            ImportedDay(date(2027, 11, 2), date(2027, 11, 2), "Día de los Fieles Difuntos", "Acuerdo 7")]
    with transaction(engine) as session:
        imported = declare_imported(session, admin, file, "Acuerdo CT/01/2027")
    assert declared(engine) == [(date(2027, 11, 2), date(2027, 11, 2), "Día de Muertos"),
                                (date(2027, 12, 12), date(2027, 12, 12), "Día de la Virgen")]
    assert left_alone(imported) == [("Venían repetidos en el archivo y se declararon una sola vez:",
                                     ["2 de noviembre de 2027 (Día de Muertos — Acuerdo CT/01/2027)"])]


def test_two_administrators_importing_the_same_file_at_once_declare_each_day_once(engine, admin):
    def importing(session):
        return declare_imported(session, admin, HOLY_WEEK)

    first, second = second_runs_into_first(engine, importing, importing)
    assert len(first.declared) == 3, first
    assert (second.declared, len(second.already_declared)) == ([], 3), second
    assert declared(engine) == [(d.first, d.last, d.reason) for d in HOLY_WEEK]
    assert counts(engine, admin.organization_id)["version"] == 1
