"""The legal calendar administration pages: office hours, días inhábiles, suspensions, imports, rules, alerts.

Dates as in tests/engine/test_deadlines.py: an access request filed Monday 23 March 2026 at 10:00 is
due Monday 20 April 2026 (20 días hábiles, LGTAIP 2025 art. 134); Holy Thursday 2026 is 2 April.
"""

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from engine import clock, deadlines
from engine.accounts import User
from engine.alert_policy import AlertPolicy
from engine.audit import AuditEvent
from engine.business_calendar import Unit
from engine.calendar_overlay import declare_non_working
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.files import StoredFile
from engine.legal_calendar import NonWorkingDay, Suspension, SuspensionScope, calendar_for
from engine.notifications import Notification
from engine.outbox import OutboxMessage
from engine.rule_sets import Procedure, ProcedureRuleSet, RuleSetVariant
from engine.tenancy import Organization
from tests.today import demo_today
from tests.web.conftest import csrf_of, hidden_value
from web.routes import calendar_admin

MX = ZoneInfo("America/Mexico_City")
PAGES = ["/admin/calendario", "/admin/calendario/inhabiles", "/admin/calendario/inhabiles?anio=2026",
         "/admin/calendario/suspensiones", "/admin/reglas", "/admin/reglas/nueva?base=MX-LGTAIP-2025",
         "/admin/alertas", "/admin/alertas/respuesta"]


def post(client, url, data, files=None):
    return client.post(url, data={**data, "_csrf_token": csrf_of(client)}, files=files, follow_redirects=False)


def save(client, url, data, page=None):
    """Post an edit form as the browser does: loaded first (from `page` when it is shown elsewhere), so it
    carries the version it was loaded from."""
    return post(client, url, {"version": hidden_value(client.get(page or url).text, "version"), **data})


def open_request(engine, actor, procedure="acceso", hour=10, title="Respuesta a la solicitud 0001/2026") -> int:
    received = datetime.combine(date(2026, 3, 23), time(hour), tzinfo=MX).astimezone(UTC)
    with transaction(engine) as session:
        deadline = deadlines.open_deadline(session, actor, subject_type="solicitud", subject_id=1,
                                           kind=DeadlineKind.RESPUESTA, procedure=procedure, rule_key="respuesta",
                                           title=title, received_at=received)
        return deadline.id


def due_of(engine, deadline_id: int) -> date:
    with transaction(engine) as session:
        return session.get(Deadline, deadline_id).due_on


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_for_an_administrator(sign_in, page):
    response = sign_in("admin").get(page)
    assert response.status_code == 200, response.text
    assert "Calendario legal" in response.text


@pytest.mark.parametrize("username", ["enlace_da", "transparencia"])
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_refused(sign_in, username, page):
    response = sign_in(username).get(page)
    assert response.status_code == 403
    assert "administración" in response.text


def test_a_non_administrator_cannot_declare_a_non_working_day(sign_in, engine):
    response = post(sign_in("transparencia"), "/admin/calendario/inhabiles",
                    {"desde": "2026-04-02", "motivo": "Jueves Santo"})
    assert response.status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None


def test_the_year_lists_declared_days_beside_the_base_holidays(sign_in, engine, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 4, 2), date(2026, 4, 3), "Jueves y Viernes Santo",
                            "Acuerdo CT/01/2026")
        declare_non_working(session, admin, date(2027, 11, 2), date(2027, 11, 2), "Día de Muertos")
    page = sign_in("admin").get("/admin/calendario/inhabiles?anio=2026").text
    assert "Del 2 de abril de 2026 al 3 de abril de 2026" in page and "Acuerdo CT/01/2026" in page
    assert "Día de Muertos" not in page
    # LFT art. 74: the third Monday of March 2026 is the 16th.
    assert "16 de marzo de 2026" in page and "(LFT art. 74)" in page


@pytest.mark.parametrize("asked", ["99999", "abc", "1999"])
def test_an_impossible_year_of_the_non_working_days_is_said_beside_the_year_shown(sign_in, asked):
    year = demo_today().year
    response = sign_in("admin").get("/admin/calendario/inhabiles", params={"anio": asked})
    assert response.status_code == 200
    assert (f'<p class="aviso aviso-conflicto" role="status">El año «{asked}» no es válido: elija uno de 2000 a '
            f"{year + 5}. Se muestra {year}.</p>") in response.text
    assert f'<option value="{year}" selected>' in response.text and f"Declarados por acuerdo en {year}" in response.text


def test_next_years_non_working_days_are_asked_for_without_a_notice(sign_in):
    next_year = demo_today().year + 1
    page = sign_in("admin").get("/admin/calendario/inhabiles", params={"anio": str(next_year)}).text
    assert f"Declarados por acuerdo en {next_year}" in page and "no es válido" not in page


def test_a_refused_declaration_with_an_impossible_year_says_it_and_declares_nothing(sign_in, engine):
    year = demo_today().year
    response = post(sign_in("admin"), "/admin/calendario/inhabiles", {"anio": "abc", "desde": "", "motivo": ""})
    assert response.status_code == 400
    assert f"El año «abc» no es válido: elija uno de 2000 a {year + 5}. Se muestra {year}." in response.text
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None


def test_declaring_a_day_moves_an_open_deadline_and_the_page_lists_it(sign_in, engine, transparencia):
    deadline_id = open_request(engine, transparencia)
    response = post(sign_in("admin"), "/admin/calendario/inhabiles",
                    {"desde": "2026-04-02", "hasta": "", "motivo": "Jueves Santo", "acuerdo": "Acuerdo CT/01/2026"})
    assert response.status_code == 200, response.text
    assert "Se declaró inhábil: Jueves Santo — Acuerdo CT/01/2026. Se recalculó 1 plazo." in response.text
    assert "Respuesta a la solicitud 0001/2026" in response.text
    assert "20 de abril de 2026" in response.text and "21 de abril de 2026" in response.text
    assert due_of(engine, deadline_id) == date(2026, 4, 21)


def test_an_invalid_range_is_refused_beside_its_field_in_spanish(sign_in, engine):
    response = post(sign_in("admin"), "/admin/calendario/inhabiles",
                    {"desde": "2026-07-31", "hasta": "2026-07-20", "motivo": "Vacaciones"})
    assert response.status_code == 400
    assert 'id="error-hasta">La fecha final no puede ser anterior a la inicial.' in response.text
    assert 'value="Vacaciones"' in response.text
    missing = post(sign_in("admin"), "/admin/calendario/inhabiles", {"desde": "", "motivo": "x"})
    assert 'id="error-desde">Escriba una fecha válida (AAAA-MM-DD).' in missing.text
    assert 'id="error-motivo">Escriba al menos 3 caracteres.' in missing.text
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None


def test_declaring_the_same_day_again_is_refused_and_the_day_is_listed_once(sign_in, engine):
    browser = sign_in("admin")
    day = {"desde": "2026-12-01", "hasta": "", "motivo": "Suspensión de labores", "acuerdo": "Acuerdo M1"}
    assert post(browser, "/admin/calendario/inhabiles", day).status_code == 200
    again = post(browser, "/admin/calendario/inhabiles", day | {"acuerdo": "Acuerdo M2"})
    assert again.status_code == 400
    assert ("Ya está declarado inhábil el 1 de diciembre de 2026 (Suspensión de labores — Acuerdo M1). "
            "Para cambiar su motivo o su acuerdo, elimínelo y declárelo de nuevo.") in again.text
    assert 'value="Acuerdo M2"' in again.text
    # A period that only overlaps it is another declaration.
    assert post(browser, "/admin/calendario/inhabiles", day | {"hasta": "2026-12-02"}).status_code == 200
    with transaction(engine) as session:
        rows = session.exec(select(NonWorkingDay).order_by(NonWorkingDay.id)).all()
    assert [(row.first_day, row.last_day, row.acuerdo) for row in rows] == [
        (date(2026, 12, 1), date(2026, 12, 1), "Acuerdo M1"), (date(2026, 12, 1), date(2026, 12, 2), "Acuerdo M1")]


def test_deleting_a_day_asks_first_then_moves_the_deadline_back(sign_in, engine, admin, transparencia):
    deadline_id = open_request(engine, transparencia)
    with transaction(engine) as session:
        day, _ = declare_non_working(session, admin, date(2026, 4, 2), date(2026, 4, 2), "Jueves Santo")
    assert due_of(engine, deadline_id) == date(2026, 4, 21)
    browser = sign_in("admin")
    confirm = browser.get(f"/admin/calendario/inhabiles/{day.id}/eliminar")
    assert confirm.status_code == 200 and "¿Eliminar <strong>Jueves Santo</strong>" in confirm.text
    with transaction(engine) as session:
        assert session.get(NonWorkingDay, day.id) is not None
    response = post(browser, f"/admin/calendario/inhabiles/{day.id}/eliminar", {})
    assert response.status_code == 200
    assert "Se eliminó el día inhábil: Jueves Santo. Se recalculó 1 plazo." in response.text
    assert due_of(engine, deadline_id) == date(2026, 4, 20)
    assert post(browser, f"/admin/calendario/inhabiles/{day.id}/eliminar", {}).status_code == 404


def test_another_organizations_day_does_not_exist_here(sign_in, engine, admin):
    with transaction(engine) as session:
        other = Organization(slug="municipio", name="Municipio de Ejemplo", short_name="MUNI")
        session.add(other)
        session.flush()
        day = NonWorkingDay(organization_id=other.id, first_day=date(2026, 4, 2), last_day=date(2026, 4, 2),
                            reason="Jueves Santo")
        session.add(day)
    browser = sign_in("admin")
    assert browser.get(f"/admin/calendario/inhabiles/{day.id}/eliminar").status_code == 404
    assert post(browser, f"/admin/calendario/inhabiles/{day.id}/eliminar", {}).status_code == 404


def test_a_suspension_with_its_acuerdo_document_moves_only_its_procedure(sign_in, engine, transparencia):
    access = open_request(engine, transparencia)
    arco = open_request(engine, transparencia, procedure="arco", title="Respuesta ARCO 0002/2026")
    browser = sign_in("admin")
    response = post(browser, "/admin/calendario/suspensiones",
                    {"desde": "2026-04-06", "hasta": "2026-04-10", "alcance": "acceso",
                     "acuerdo": "Acuerdo ACT-PUB/01/04/2026"},
                    files={"documento": ("acuerdo.pdf", b"%PDF-1.4 acuerdo de suspension", "application/pdf")})
    assert response.status_code == 200, response.text
    assert "Se recalculó 1 plazo." in response.text and "27 de abril de 2026" in response.text
    assert (due_of(engine, access), due_of(engine, arco)) == (date(2026, 4, 27), date(2026, 4, 20))
    with transaction(engine) as session:
        suspension = session.exec(select(Suspension)).one()
        stored = session.get(StoredFile, suspension.file_id)
    assert suspension.scope == SuspensionScope.ACCESO and stored.kind == "acuerdo"
    assert f'href="/archivos/{stored.id}"' in response.text
    assert browser.get(f"/archivos/{stored.id}").content == b"%PDF-1.4 acuerdo de suspension"

    lifted = post(browser, f"/admin/calendario/suspensiones/{suspension.id}/eliminar", {})
    assert "Se eliminó la suspensión: Acuerdo ACT-PUB/01/04/2026. Se recalculó 1 plazo." in lifted.text
    assert due_of(engine, access) == date(2026, 4, 20)


def test_a_suspension_of_every_procedure_moves_a_request_not_a_sessions_convocatoria(sign_in, engine, admin,
                                                                                       transparencia):
    access = open_request(engine, transparencia)  # due 20 April without suspension
    with transaction(engine) as session:
        # 3 días hábiles before Thursday 16 April 2026: Monday 13 April.
        convocatoria = deadlines.open_deadline(
            session, admin, subject_type="sesion", subject_id=1, kind=DeadlineKind.CONVOCATORIA,
            procedure=Procedure.SESIONES, rule_key="convocatoria_ordinaria", title="Convocatoria a la sesión",
            starts_after=date(2026, 3, 23), days=3, unit=Unit.BUSINESS_DAYS, ends_before=date(2026, 4, 16),
            basis="Reglas de sesiones: Comité de Transparencia").id
    assert due_of(engine, convocatoria) == date(2026, 4, 13)
    browser = sign_in("admin")
    declared = post(browser, "/admin/calendario/suspensiones", {"desde": "2026-04-14", "hasta": "2026-04-15",
                                                                "alcance": "todos", "acuerdo": "Acuerdo CT/09/2026"})
    assert "Se recalculó 1 plazo." in declared.text
    assert (due_of(engine, access), due_of(engine, convocatoria)) == (date(2026, 4, 22), date(2026, 4, 13))
    page = browser.get(f"/plazos/{convocatoria}").text
    assert "vence el 13 de abril de 2026." in page and "Acuerdo CT/09/2026" not in page
    with transaction(engine) as session:
        suspension = session.exec(select(Suspension)).one()
    lifted = post(browser, f"/admin/calendario/suspensiones/{suspension.id}/eliminar", {})
    assert "Se recalculó 1 plazo." in lifted.text
    assert (due_of(engine, access), due_of(engine, convocatoria)) == (date(2026, 4, 20), date(2026, 4, 13))


def test_the_notice_that_a_date_moved_says_why_its_reader_gets_it(sign_in, engine, demo, transparencia):
    open_request(engine, transparencia)
    post(sign_in("admin"), "/admin/calendario/suspensiones", {"desde": "2026-04-06", "hasta": "2026-04-10",
                                                              "alcance": "acceso", "acuerdo": "Acuerdo CT/07/2026"})
    with transaction(engine) as session:
        [notice] = session.exec(select(Notification).where(Notification.user_id == demo.users["transparencia"].id))
        [mail] = session.exec(select(OutboxMessage).where(OutboxMessage.to_address == notice_address(session, notice)))
    for text in (notice.body, mail.body):
        assert "El vencimiento pasó del 20 de abril de 2026 al 27 de abril de 2026." in text
        assert text.rstrip().endswith(
            "Recibe este correo porque la Unidad de Transparencia, a la que pertenece, recibe los avisos de este "
            "tipo de plazo (Administración → Alertas).")


def notice_address(session, notice) -> str:
    return session.get(User, notice.user_id).email


def test_resuming_plazos_early_moves_each_deadline_once_to_its_new_day(sign_in, engine, transparencia):
    access = open_request(engine, transparencia)  # due 20 April without suspension
    browser = sign_in("admin")
    post(browser, "/admin/calendario/suspensiones", {"desde": "2026-04-06", "hasta": "2026-04-17", "alcance": "todos",
                                                      "acuerdo": "Acuerdo ACT-PUB/01/04/2026"})
    assert due_of(engine, access) == date(2026, 5, 5)  # two weeks later, 1 May a rest day
    with transaction(engine) as session:
        suspension = session.exec(select(Suspension)).one()
    url = f"/admin/calendario/suspensiones/{suspension.id}/modificar"
    assert 'name="hasta" type="date" value="2026-04-17"' in browser.get(url).text
    # The garante resumed plazos on Monday 13 April: the suspension ended on Friday 10 April.
    changed = save(browser, url, {"hasta": "2026-04-10", "acuerdo": "Acuerdo ACT-PUB/09/04/2026"})
    assert changed.status_code == 200
    assert "La suspensión termina ahora el 10 de abril de 2026. Se recalculó 1 plazo." in changed.text
    assert due_of(engine, access) == date(2026, 4, 27)
    with transaction(engine) as session:
        suspension = session.get(Suspension, suspension.id)
        moves = [(e.due_before, e.due_after) for e in deadlines.events_of(session, session.get(Deadline, access))
                 if e.action == "recalculado"]
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "calendario.suspension_modificada")).all()
    assert moves == [(date(2026, 4, 20), date(2026, 5, 5)), (date(2026, 5, 5), date(2026, 4, 27))]
    assert suspension.last_day == date(2026, 4, 10)
    assert suspension.acuerdo == "Acuerdo ACT-PUB/01/04/2026; hasta el 10 de abril de 2026 por Acuerdo ACT-PUB/09/04/2026"
    assert event.summary == "Se reanudaron los plazos: Acuerdo ACT-PUB/09/04/2026"


def test_a_suspension_cannot_end_before_it_starts_nor_another_organizations_be_changed(sign_in, engine):
    browser = sign_in("admin")
    post(browser, "/admin/calendario/suspensiones", {"desde": "2026-04-06", "hasta": "2026-04-17", "alcance": "todos",
                                                      "acuerdo": "Acuerdo ACT-PUB/01/04/2026"})
    with transaction(engine) as session:
        suspension = session.exec(select(Suspension)).one()
    url = f"/admin/calendario/suspensiones/{suspension.id}/modificar"
    refused = save(browser, url, {"hasta": "2026-04-03", "acuerdo": "Acuerdo ACT-PUB/09/04/2026"})
    assert refused.status_code == 400 and "La fecha final no puede ser anterior a la inicial." in refused.text
    missing = save(browser, url, {"hasta": "2026-04-10", "acuerdo": ""})
    assert missing.status_code == 400 and 'id="error-acuerdo">' in missing.text
    with transaction(engine) as session:
        assert session.get(Suspension, suspension.id).last_day == date(2026, 4, 17)
        session.add(Organization(id=99, slug="otro-ente", name="Otro ente", short_name="OE"))
        session.flush()
        other = Suspension(organization_id=99, first_day=date(2026, 4, 6), last_day=date(2026, 4, 17),
                           scope=SuspensionScope.ALL, acuerdo="Ajeno")
        session.add(other)
        session.flush()
        other_id = other.id
    assert browser.get(f"/admin/calendario/suspensiones/{other_id}/modificar").status_code == 404
    assert post(browser, f"/admin/calendario/suspensiones/{other_id}/modificar",
                {"hasta": "2026-04-10", "acuerdo": "Acuerdo ACT-PUB/09/04/2026"}).status_code == 404


def test_a_suspension_with_a_wrong_document_or_no_acuerdo_is_refused(sign_in, engine):
    response = post(sign_in("admin"), "/admin/calendario/suspensiones",
                    {"desde": "2026-04-06", "hasta": "2026-04-10", "alcance": "todos", "acuerdo": ""},
                    files={"documento": ("acuerdo.exe", b"MZ...", "application/octet-stream")})
    assert response.status_code == 400
    assert 'id="error-documento">No se aceptan archivos .exe' in response.text
    assert 'id="error-acuerdo">' in response.text
    with transaction(engine) as session:
        assert session.exec(select(Suspension)).first() is None
        assert session.exec(select(StoredFile)).first() is None


def test_importing_a_csv_declares_every_row_and_reports_the_moved_deadlines(sign_in, engine, transparencia):
    deadline_id = open_request(engine, transparencia)
    content = ("fecha,motivo,acuerdo\n2026-04-02,Jueves Santo,\n2026-04-03,Viernes Santo,\n"
               "2026-11-02,Día de Muertos,Acuerdo CT/02/2026\n").encode()
    response = post(sign_in("admin"), "/admin/calendario/importar", {"anio": "2026", "acuerdo": "Acuerdo CT/01/2026"},
                    files={"archivo": ("inhabiles-2026.csv", content, "text/csv")})
    assert response.status_code == 200, response.text
    assert "Se importaron 3 días o periodos inhábiles. Se recalculó 1 plazo." in response.text
    assert due_of(engine, deadline_id) == date(2026, 4, 22)
    with transaction(engine) as session:
        rows = session.exec(select(NonWorkingDay).order_by(NonWorkingDay.first_day)).all()
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "calendario.inhabiles_importados")).all()
    assert [(r.reason, r.acuerdo) for r in rows] == [("Jueves Santo", "Acuerdo CT/01/2026"),
                                                     ("Viernes Santo", "Acuerdo CT/01/2026"),
                                                     ("Día de Muertos", "Acuerdo CT/02/2026")]
    assert len(event.after["dias"]) == 3


def test_importing_the_same_file_again_declares_nothing_twice_and_says_the_days_were_already_declared(
        sign_in, engine, demo, transparencia):
    deadline_id = open_request(engine, transparencia)
    content = "fecha,motivo\n2026-04-02,Jueves Santo\n2026-04-03,Viernes Santo\n".encode()
    browser = sign_in("admin")

    def importing():
        return post(browser, "/admin/calendario/importar", {"anio": "2026", "acuerdo": "Acuerdo CT/01/2026"},
                    files={"archivo": ("inhabiles-2026.csv", content, "text/csv")})

    assert "Se importaron 2 días o periodos inhábiles. Se recalculó 1 plazo." in importing().text
    with transaction(engine) as session:
        version = session.get(Organization, demo.organization.id).calendar_version
    again = importing()
    assert again.status_code == 200, again.text
    page = " ".join(again.text.split())
    assert ("No se importó nada: todos los días del archivo ya estaban declarados; no cambió ningún plazo."
            in page)
    assert ("<p>Ya estaban declarados y no se declararon otra vez:</p> <ul>"
            "<li>2 de abril de 2026 (Jueves Santo — Acuerdo CT/01/2026)</li>"
            "<li>3 de abril de 2026 (Viernes Santo — Acuerdo CT/01/2026)</li></ul>") in page
    assert "Plazos que cambiaron de fecha" not in page
    assert due_of(engine, deadline_id) == date(2026, 4, 22)
    with transaction(engine) as session:
        assert session.get(Organization, demo.organization.id).calendar_version == version
        assert len(session.exec(select(NonWorkingDay)).all()) == 2


def test_a_file_that_repeats_declared_days_imports_only_the_new_ones_and_lists_the_others(sign_in, engine, admin):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2027, 1, 1), date(2027, 1, 1), "Año Nuevo", "Acuerdo M1")
    content = ("fecha,motivo\n2027-01-01,Año Nuevo\n2027-02-01,Día de la Constitución\n"
               "2027-11-02,Día de Muertos\n2027-11-02,Día de Muertos\n").encode()
    response = post(sign_in("admin"), "/admin/calendario/importar", {"anio": "2027"},
                    files={"archivo": ("inhabiles-2027.csv", content, "text/csv")})
    assert response.status_code == 200, response.text
    page = " ".join(response.text.split())
    assert "Se importaron 2 días o periodos inhábiles. Se recalcularon 0 plazos." in page
    assert ("<p>Ya estaban declarados y no se declararon otra vez:</p> <ul>"
            "<li>1 de enero de 2027 (Año Nuevo — Acuerdo M1)</li></ul>") in page
    assert ("<p>Venían repetidos en el archivo y se declararon una sola vez:</p> <ul>"
            "<li>2 de noviembre de 2027 (Día de Muertos)</li></ul>") in page
    with transaction(engine) as session:
        rows = session.exec(select(NonWorkingDay).order_by(NonWorkingDay.first_day)).all()
    assert [(row.first_day, row.reason) for row in rows] == [
        (date(2027, 1, 1), "Año Nuevo"), (date(2027, 2, 1), "Día de la Constitución"),
        (date(2027, 11, 2), "Día de Muertos")]


def test_importing_an_ical_file(sign_in, engine):
    content = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Pleno//ES\r\nBEGIN:VEVENT\r\nUID:1\r\n"
               b"DTSTART;VALUE=DATE:20260720\r\nDTEND;VALUE=DATE:20260801\r\nSUMMARY:Primer periodo vacacional\r\n"
               b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    response = post(sign_in("admin"), "/admin/calendario/importar", {"anio": "2026"},
                    files={"archivo": ("calendario.ics", content, "text/calendar")})
    assert "Se importó 1 día o periodo inhábil. Se recalcularon 0 plazos." in response.text
    with transaction(engine) as session:
        row = session.exec(select(NonWorkingDay)).one()
    assert (row.first_day, row.last_day) == (date(2026, 7, 20), date(2026, 7, 31))


def test_a_bad_import_lists_each_bad_line_and_declares_nothing(sign_in, engine):
    content = b"fecha,motivo\n2026-04-02,Jueves Santo\n2026-02-30,Imposible\n"
    browser = sign_in("admin")
    response = post(browser, "/admin/calendario/importar", {"anio": "2026"},
                    files={"archivo": ("inhabiles.csv", content, "text/csv")})
    assert response.status_code == 400
    assert "No se importó nada" in response.text
    assert "Línea 3: «2026-02-30» no es una fecha; use AAAA-MM-DD o DD/MM/AAAA." in response.text
    wrong_type = post(browser, "/admin/calendario/importar", {"anio": "2026"},
                      files={"archivo": ("inhabiles.pdf", b"%PDF-1.4", "application/pdf")})
    assert wrong_type.status_code == 400 and "No se aceptan archivos .pdf" in wrong_type.text
    no_file = post(browser, "/admin/calendario/importar", {"anio": "2026"})
    assert no_file.status_code == 400 and "Elija el archivo .csv o .ics" in no_file.text
    with transaction(engine) as session:
        assert session.exec(select(NonWorkingDay)).first() is None


def test_changing_the_closing_hour_recomputes_filings_received_after_it(sign_in, engine, demo, transparencia):
    deadline_id = open_request(engine, transparencia, hour=16)  # Monday 23 March at 16:00
    assert due_of(engine, deadline_id) == date(2026, 4, 20)
    browser = sign_in("admin")
    response = save(browser, "/admin/calendario", {"zona_horaria": "America/Mexico_City", "abre": "09:00",
                                                   "cierra": "15:00", "descanso": ["5", "6"]})
    assert response.status_code == 200, response.text
    assert "Se recalculó 1 plazo." in response.text
    assert due_of(engine, deadline_id) == date(2026, 4, 21)
    with transaction(engine) as session:
        organization = session.get(Organization, demo.organization.id)
    assert (organization.office_opens, organization.office_closes, organization.weekend) == (time(9), time(15), "5,6")
    assert organization.calendar_version >= 1

    bad = save(browser, "/admin/calendario", {"zona_horaria": "Europe/Madrid", "abre": "18:00", "cierra": "08:00",
                                              "descanso": ["0", "1", "2", "3", "4", "5", "6"]})
    assert bad.status_code == 400
    assert 'id="error-zona_horaria">Elija una zona horaria de la lista' in bad.text
    assert 'id="error-cierra">La hora de cierre debe ser posterior a la de apertura.' in bad.text
    assert 'id="error-descanso">Debe quedar al menos un día hábil a la semana.' in bad.text


def test_the_settings_page_lists_american_zones_and_checks_the_weekend(sign_in):
    page = sign_in("admin").get("/admin/calendario").text
    assert '<option value="America/Tijuana"' in page and "Europe/Madrid" not in page
    checked = re.findall(r'name="descanso" value="(\d)"\s*checked', page)
    assert checked == ["5", "6"]


def test_choosing_a_rule_set_per_procedure(sign_in, engine, demo):
    browser = sign_in("admin")
    choice = {"acceso": "MX-LGTAIP-2015", "arco": "MX-LGPDPPSO", "obligaciones": "MX-LGTAIP-2025",
              "correspondencia": "PLENO-INTERNO", "sesiones": "PLENO-INTERNO"}
    response = save(browser, "/admin/reglas/procedimientos", choice, page="/admin/reglas")
    assert response.status_code == 303
    assert "Se guardaron los conjuntos de reglas" in browser.get(response.headers["location"]).text
    with transaction(engine) as session:
        rows = {r.procedure: r.rule_set_code for r in session.exec(select(ProcedureRuleSet)).all()}
    assert rows["acceso"] == "MX-LGTAIP-2015"

    wrong = save(browser, "/admin/reglas/procedimientos", choice | {"acceso": "PLENO-INTERNO"}, page="/admin/reglas")
    assert wrong.status_code == 400
    assert 'id="error-acceso">Elija un conjunto de reglas que regule este procedimiento.' in wrong.text


def test_a_state_variant_is_made_from_a_base_and_then_chosen(sign_in, engine, transparencia):
    browser = sign_in("admin")
    form = {"base": "MX-LGTAIP-2025", "clave": "chih-ltaip", "nombre": "Ley de Transparencia de Chihuahua",
            "valor-respuesta": "10", "unidad-respuesta": "habiles",
            "fundamento-respuesta": "Ley de Transparencia del Estado de Chihuahua, art. 136",
            "valor-ampliacion": "5", "unidad-ampliacion": "habiles",
            "fundamento-ampliacion": "Ley de Transparencia del Estado de Chihuahua, art. 136"}
    response = post(browser, "/admin/reglas/variantes", form)
    assert response.status_code == 303, response.text
    page = browser.get(response.headers["location"]).text
    assert "Se guardó el conjunto de reglas CHIH-LTAIP." in page
    assert "Ley de Transparencia del Estado de Chihuahua, art. 136" in page
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
    assert variant.base_code == "MX-LGTAIP-2025"
    assert variant.overrides == {
        "respuesta": {"value": 10, "basis": "Ley de Transparencia del Estado de Chihuahua, art. 136"},
        "ampliacion": {"value": 5, "basis": "Ley de Transparencia del Estado de Chihuahua, art. 136"}}

    choice = {"acceso": "CHIH-LTAIP", "arco": "MX-LGPDPPSO", "obligaciones": "MX-LGTAIP-2025",
              "correspondencia": "PLENO-INTERNO", "sesiones": "PLENO-INTERNO"}
    assert save(browser, "/admin/reglas/procedimientos", choice, page="/admin/reglas").status_code == 303
    deadline_id = open_request(engine, transparencia)
    assert due_of(engine, deadline_id) == date(2026, 4, 6)  # 10 días hábiles from Tuesday 24 March

    edit = browser.get(f"/admin/reglas/variantes/{variant.id}")
    assert edit.status_code == 200 and 'value="10"' in edit.text


def test_a_variant_may_count_on_the_lfpa_fixed_holidays_instead_of_the_lft_mondays(sign_in, engine, transparencia):
    browser = sign_in("admin")
    assert "Ley Federal de Procedimiento Administrativo (fechas fijas)" in browser.get("/admin/reglas/nueva").text
    response = post(browser, "/admin/reglas/variantes", {
        "base": "MX-LGTAIP-2025", "clave": "LFPA-FIJAS", "nombre": "LGTAIP con días inhábiles de la LFPA",
        "lista_festivos": "MX-LFPA"})
    assert response.status_code == 303, response.text
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
        assert (variant.overrides, variant.holiday_list) == ({}, "MX-LFPA")
        calendar = calendar_for(session, transparencia.organization_id, "acceso", "LFPA-FIJAS")
    # Thursday 5 February 2026 is inhábil under the LFPA's fixed dates; Monday 2 February is hábil.
    assert calendar.reason_closed(date(2026, 2, 5)) == "Día de la Constitución (LFPA art. 28)"
    assert calendar.is_business_day(date(2026, 2, 2))
    wrong = save(browser, f"/admin/reglas/variantes/{variant.id}", {"nombre": "LGTAIP con días de la LFPA",
                                                                     "lista_festivos": "XX"})
    assert wrong.status_code == 400 and "Elija una de las listas de días festivos." in wrong.text


def test_a_variant_with_bad_values_or_no_change_is_refused_in_spanish(sign_in, engine):
    browser = sign_in("admin")
    base = {"base": "MX-LGTAIP-2025", "clave": "MX-LGTAIP-2025", "nombre": "Variante"}
    response = post(browser, "/admin/reglas/variantes",
                    base | {"valor-respuesta": "diez", "valor-ampliacion": "-3", "fundamento-prevencion": " "})
    assert response.status_code == 400
    assert 'id="error-clave">Esa clave es de un conjunto de reglas de la ley' in response.text
    assert 'id="error-valor-respuesta">Escriba un número entero de días o meses.' in response.text
    assert 'id="error-regla-ampliacion">el valor debe ser un número entero no negativo.' in response.text
    assert 'id="error-regla-prevencion">indique el fundamento legal.' in response.text
    unchanged = post(browser, "/admin/reglas/variantes", {"base": "MX-LGTAIP-2025", "clave": "IGUAL",
                                                          "nombre": "Igual que la ley"})
    assert unchanged.status_code == 400 and "Cambie al menos un parámetro" in unchanged.text
    with transaction(engine) as session:
        assert session.exec(select(RuleSetVariant)).first() is None


def test_an_alert_policy_is_edited_and_validated(sign_in, engine, demo):
    browser = sign_in("admin")
    response = save(browser, "/admin/alertas/respuesta", {"dias_antes": "10, 5,2", "al_vencer": "1",
                                                          "destinatarios": ["responsable", "juridico"]})
    assert response.status_code == 303
    assert "Se guardó la política de alertas de «Respuesta»." in browser.get(response.headers["location"]).text
    with transaction(engine) as session:
        policy = session.exec(select(AlertPolicy)).one()
    assert (policy.kind, policy.days_before, policy.on_due_day, policy.daily_while_overdue, policy.escalate,
            policy.recipients) == ("respuesta", "10,5,2", True, False, False, "responsable,juridico")

    bad = save(browser, "/admin/alertas/respuesta", {"dias_antes": "5,x"})
    assert bad.status_code == 400
    assert 'id="error-dias_antes">Escriba días hábiles de 0 a 60 separados por comas' in bad.text
    assert 'id="error-destinatarios">' in bad.text
    assert browser.get("/admin/alertas/no-existe").status_code == 404


def test_on_new_years_eve_evening_the_days_page_opens_on_the_organizations_year(sign_in, monkeypatch):
    """31 December 2026 at 20:00 in Mexico City is already 2027 in UTC: the page opens on 2026."""
    admin = sign_in("admin")
    for module in (clock, calendar_admin):  # wherever the page may ask the time
        monkeypatch.setattr(module, "utcnow", lambda: datetime(2027, 1, 1, 2, 0, tzinfo=UTC), raising=False)
    page = admin.get("/admin/calendario/inhabiles").text
    assert "<title>Días inhábiles 2026" in page
    assert '<option value="2026" selected>' in page


def test_a_variant_is_deleted_only_while_nothing_applies_it_or_was_counted_with_it(sign_in, engine, transparencia):
    browser = sign_in("admin")
    form = {"base": "MX-LGTAIP-2025", "clave": "chih-ltaip", "nombre": "Ley de Transparencia de Chihuahua",
            "valor-respuesta": "10", "fundamento-respuesta": "Ley de Transparencia del Estado de Chihuahua, art. 136"}
    assert post(browser, "/admin/reglas/variantes", form).status_code == 303
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
    assert "Eliminar este conjunto de reglas" in browser.get(f"/admin/reglas/variantes/{variant.id}").text
    choice = {"acceso": "CHIH-LTAIP", "arco": "MX-LGPDPPSO", "obligaciones": "MX-LGTAIP-2025",
              "correspondencia": "PLENO-INTERNO", "sesiones": "PLENO-INTERNO"}
    assert save(browser, "/admin/reglas/procedimientos", choice, page="/admin/reglas").status_code == 303
    applied = post(browser, f"/admin/reglas/variantes/{variant.id}/eliminar", {})
    assert applied.status_code == 409
    assert "No se puede eliminar: se aplica a solicitudes de acceso a la información." in applied.text
    open_request(engine, transparencia)  # a term counted with it
    assert save(browser, "/admin/reglas/procedimientos", choice | {"acceso": "MX-LGTAIP-2025"},
                page="/admin/reglas").status_code == 303
    counted = post(browser, f"/admin/reglas/variantes/{variant.id}/eliminar", {})
    assert counted.status_code == 409 and "con él se contaron 1 plazo, que lo siguen citando" in counted.text
    # One made by mistake and never used goes, with a trace in the audit log.
    assert post(browser, "/admin/reglas/variantes", form | {"clave": "nay-ltaip", "nombre": "Ley de Nayarit"}
                ).status_code == 303
    with transaction(engine) as session:
        assert session.get(RuleSetVariant, variant.id) is not None
        unused = session.exec(select(RuleSetVariant).where(RuleSetVariant.code == "NAY-LTAIP")).one()
    deleted = post(browser, f"/admin/reglas/variantes/{unused.id}/eliminar", {})
    assert deleted.status_code == 303
    assert "Se eliminó el conjunto de reglas NAY-LTAIP." in browser.get(deleted.headers["location"]).text
    with transaction(engine) as session:
        assert session.get(RuleSetVariant, unused.id) is None
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "reglas.variante_eliminada")).all()
    assert event.summary == "Eliminó el conjunto de reglas NAY-LTAIP"


# -- two administrators editing at once (web/form_versions.py) ---------------------------------


def events_named(engine, action):
    with transaction(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def recalculations(engine, deadline_id):
    with transaction(engine) as session:
        return [e for e in deadlines.events_of(session, session.get(Deadline, deadline_id)) if e.action == "recalculado"]


def test_office_hours_saved_from_a_stale_form_are_refused_and_recompute_nothing(sign_in, engine, demo,
                                                                               transparencia):
    deadline_id = open_request(engine, transparencia, hour=16)  # Monday 23 March at 16:00: due 20 April
    first, second = sign_in("admin"), sign_in("admin")
    stale = hidden_value(first.get("/admin/calendario").text, "version")
    assert save(second, "/admin/calendario", {"zona_horaria": "America/Mexico_City", "abre": "09:00",
                                              "cierra": "18:00", "descanso": ["5", "6"]}).status_code == 200

    refused = post(first, "/admin/calendario", {"version": stale, "zona_horaria": "America/Mexico_City",
                                                "abre": "08:00", "cierra": "15:00", "descanso": ["5", "6"]})
    assert refused.status_code == 409
    assert "Otra persona modificó el horario mientras usted lo editaba; no se recalculó ningún plazo." in refused.text
    assert 'value="15:00"' in refused.text  # what was typed is kept
    assert "<dt>Hora de apertura</dt><dd>09:00</dd>" in refused.text  # what is saved now is shown
    with transaction(engine) as session:
        organization = session.get(Organization, demo.organization.id)
    assert (organization.office_opens, organization.office_closes) == (time(9), time(18))
    assert due_of(engine, deadline_id) == date(2026, 4, 20) and recalculations(engine, deadline_id) == []
    assert len(events_named(engine, "calendario.horario_modificado")) == 1

    # Saved again from the refused form (its new version): now it goes through and recomputes.
    again = post(first, "/admin/calendario", {"version": hidden_value(refused.text, "version"),
                                              "zona_horaria": "America/Mexico_City", "abre": "09:00",
                                              "cierra": "15:00", "descanso": ["5", "6"]})
    assert again.status_code == 200 and "Se recalculó 1 plazo." in again.text
    assert due_of(engine, deadline_id) == date(2026, 4, 21)


def test_a_suspension_changed_from_a_stale_form_is_refused_and_recomputes_nothing(sign_in, engine, transparencia):
    access = open_request(engine, transparencia)
    first, second = sign_in("admin"), sign_in("admin")
    post(first, "/admin/calendario/suspensiones", {"desde": "2026-04-06", "hasta": "2026-04-17", "alcance": "todos",
                                                    "acuerdo": "Acuerdo ACT-PUB/01/04/2026"})
    with transaction(engine) as session:
        suspension = session.exec(select(Suspension)).one()
    url = f"/admin/calendario/suspensiones/{suspension.id}/modificar"
    stale = hidden_value(first.get(url).text, "version")
    assert save(second, url, {"hasta": "2026-04-10", "acuerdo": "Acuerdo ACT-PUB/09/04/2026"}).status_code == 200
    assert due_of(engine, access) == date(2026, 4, 27)
    moves_before = len(recalculations(engine, access))

    refused = post(first, url, {"version": stale, "hasta": "2026-04-24", "acuerdo": "Acuerdo ACT-PUB/15/04/2026"})
    assert refused.status_code == 409
    assert "Otra persona modificó esta suspensión mientras usted la editaba" in refused.text
    assert 'value="Acuerdo ACT-PUB/15/04/2026"' in refused.text
    assert "<dd>10 de abril de 2026</dd>" in refused.text
    with transaction(engine) as session:
        assert session.get(Suspension, suspension.id).last_day == date(2026, 4, 10)
    assert due_of(engine, access) == date(2026, 4, 27) and len(recalculations(engine, access)) == moves_before
    assert len(events_named(engine, "calendario.suspension_modificada")) == 1

    again = post(first, url, {"version": hidden_value(refused.text, "version"), "hasta": "2026-04-24",
                              "acuerdo": "Acuerdo ACT-PUB/15/04/2026"})
    assert again.status_code == 200 and "La suspensión termina ahora el 24 de abril de 2026." in again.text
    with transaction(engine) as session:
        assert session.get(Suspension, suspension.id).last_day == date(2026, 4, 24)


def test_a_form_without_its_version_recomputes_nothing(sign_in, engine, transparencia):
    deadline_id = open_request(engine, transparencia, hour=16)
    refused = post(sign_in("admin"), "/admin/calendario", {"zona_horaria": "America/Mexico_City", "abre": "09:00",
                                                           "cierra": "15:00", "descanso": ["5", "6"]})
    assert refused.status_code == 409
    assert due_of(engine, deadline_id) == date(2026, 4, 20) and recalculations(engine, deadline_id) == []
