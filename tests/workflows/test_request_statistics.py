"""Statistics, the quarterly report and the open data of a fixture quarter, every figure worked by hand.

The quarter (Q2 2026) is described in tests/request_quarter.py: 12 requests, 10 answered, 2
pending; a suspension of plazos of access requests declared "hasta nuevo aviso" on 8 May and lifted
on 15 May, so that 11–15 May stay suspended. Requests received on 31 Mar 19:00 (1 Apr in UTC), on
1 Jul and by another organization are outside every figure.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from engine import deadlines
from engine.db import transaction
from engine.deadlines import Deadline, DeadlineKind
from engine.documents import text_of
from engine.rule_sets import Procedure, ProcedureRuleSet, RuleSetVariant
from engine.tenancy import Organization
from tests.document_checks import assert_workbook_described
from request_quarter import PERSONAL, QUARTER, another_organization_request, at, live_the_quarter
from workflows.access_request import statistics as stats
from workflows.access_request.models import (AnswerSense, RequestChannel, RequestKind, RequestStatus,
                                             TransparencyRequest)
from workflows.access_request.report import (OPEN_DATA_HEADERS, TITLE, build_docx, build_xlsx, open_data_csv,
                                             quarterly_report)
from workflows.access_request.statistics import Count, Period

Q2 = Period.of_quarter(2026, 2)
MADE_ON = date(2026, 7, 3)


@pytest.fixture
def quarter(engine, demo, transparencia, admin):
    with transaction(engine) as session:
        requests = live_the_quarter(session, transparencia, admin, demo.areas)
        another_organization_request(session)
        return {n: r.id for n, r in requests.items()}


def figures(engine, function, period=Q2):
    with transaction(engine) as session:
        organization = session.get(Organization, 1)
        return function(session, organization, period)


def test_a_quarter_runs_from_the_first_of_its_first_month_to_the_last_of_its_third():
    assert (Q2.start, Q2.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (Period.of_quarter(2026, 4).start, Period.of_quarter(2026, 4).end) == (date(2026, 10, 1),
                                                                                  date(2026, 12, 31))
    with pytest.raises(ValueError):
        Period.of_quarter(2026, 5)


def test_the_suspension_moved_the_open_deadlines_as_declared(engine, quarter):
    with transaction(engine) as session:
        def deadline(n):
            return session.get(Deadline, session.get(TransparencyRequest, quarter[n]).response_deadline_id)
        # #5 filed Thu 7 May: 8 May (1), 18–22 (6), 25–29 (11), 1–5 Jun (16), 8–11 Jun (20).
        assert deadline(5).due_on == date(2026, 6, 11)
        history = [(e.action, e.due_after) for e in deadlines.events_of(session, deadline(5))]
        # Opened due 4 Jun; suspended "hasta nuevo aviso" (11 May – 30 Jun): 8 May (1), 1 Jul … 27 Jul (20);
        # lifted: 4 Jun again; 11–15 May declared: 11 Jun.
        assert history == [("abierto", date(2026, 6, 4)), ("recalculado", date(2026, 7, 27)),
                           ("recalculado", date(2026, 6, 4)), ("recalculado", date(2026, 6, 11)),
                           ("cumplido", date(2026, 6, 11))]
        # #6 filed during the suspension counts from Mon 18 May; 20 días hábiles → Mon 15 Jun.
        assert (deadline(6).starts_after, deadline(6).due_on) == (date(2026, 5, 18), date(2026, 6, 15))
        # ARCO is not suspended: #10 filed 6 May → 7, 8, 11 May … 3 Jun (1 May was before).
        assert deadline(10).due_on == date(2026, 6, 3)
        # #9 filed 3 Jun: 20 días hábiles → 1 Jul, plus an ampliación of 10 → 15 Jul.
        assert deadline(9).due_on == date(2026, 7, 15)


def test_received_per_day_counts_local_days(engine, quarter):
    per_day = {c.label: c.count for c in figures(engine, stats.received_per_day)}
    assert len(per_day) == 91  # 30 + 31 + 30 days, zeros included
    assert sum(per_day.values()) == 12
    assert per_day["2026-04-01"] == 1  # #1; #0 was filed at 19:00 on 31 Mar (1 Apr in UTC)
    assert (per_day["2026-04-17"], per_day["2026-04-18"]) == (1, 0)  # #3 at 18:30 local
    assert per_day["2026-05-19"] == 1 and per_day["2026-05-20"] == 0  # #7; the other body's is not ours
    assert per_day["2026-06-30"] == 1  # #12 at 18:30 local, 00:30 UTC of 1 Jul


def test_received_per_month_and_per_year(engine, quarter):
    assert figures(engine, stats.received_per_month) == [Count("abr 2026", 4), Count("may 2026", 4),
                                                         Count("jun 2026", 4)]
    # Every year of the organization: the 12 of the quarter, #0 of Q1 and #13 of Q3.
    with transaction(engine) as session:
        organization = session.get(Organization, 1)
        assert stats.received_per_year(session, organization) == [Count("2026", 14)]
        assert stats.received_per_year(session, organization, RequestKind.ARCO) == [Count("2026", 2)]


def test_requests_by_area_count_each_request_once_and_skip_returned_turns(engine, quarter):
    # DA: 1, 2, 4, 6, 8, 10, 11 (3 was returned); DRI: 2, 3, 7, 9 (9 turned twice); DJ: 5.
    assert figures(engine, stats.by_area) == [Count("Dirección de Administración", 7),
                                              Count("Dirección de Riesgos e Inteligencia", 4),
                                              Count("Dirección Jurídica", 1)]


def test_requests_by_topic_channel_and_sex(engine, quarter):
    # Contrataciones 2, 3, 7; Presupuesto 1, 4, 9; Datos personales 10, 11; Personal 6, 8; Sesiones 5; 12 none.
    assert figures(engine, stats.by_topic) == [
        Count("Contrataciones", 3), Count("Presupuesto", 3), Count("Datos personales", 2), Count("Personal", 2),
        Count("Sesiones", 1), Count("Sin tema", 1)]
    # PNT 1, 3, 4, 6, 7, 9, 11, 12; in person 5, 10; e-mail 2; oficialía 8.
    assert figures(engine, stats.by_channel) == [
        Count(RequestChannel.PNT.label, 8), Count(RequestChannel.PRESENCIAL.label, 2),
        Count(RequestChannel.CORREO.label, 1), Count(RequestChannel.OFICIALIA.label, 1)]
    # Mujer 1, 4, 6, 9, 10; hombre 2, 5, 8, 11; prefers not to say 3, 7, 12.
    assert figures(engine, stats.by_sex) == [Count("Mujer", 5), Count("Hombre", 4), Count("Otro", 0),
                                             Count("Prefiere no decir", 3)]


def test_answered_requests_by_sense(engine, quarter):
    # Entrega total 1, 4, 6, 9; one each: 8 confidencial, 7 reservada, 2 parcial, 3 inexistencia, 5 pública,
    # and 10, an ARCO right granted: «Procedente» in its own law's words, not «Entrega total».
    assert figures(engine, stats.by_sense) == [
        Count("Entrega total", 4), Count("Clasificada como confidencial", 1), Count("Clasificada como reservada", 1),
        Count("Entrega parcial", 1), Count("Inexistencia", 1), Count("Información pública disponible", 1),
        Count("Procedente", 1)]


def test_progress_by_kind_answered_pending_ampliaciones_recursos(engine, quarter):
    rows = figures(engine, stats.by_kind)
    # Acceso: 1–9 and 12; 12 pending; 9 extended; 3 appealed. ARCO: 10 answered, 11 pending.
    assert [(r.label, r.received, r.answered, r.pending, r.concluded_unanswered, r.extended, r.appeals)
            for r in rows + [stats.total_of(rows)]] == [
        ("Acceso a la información", 10, 9, 1, 0, 1, 1),
        ("Derechos ARCO", 2, 1, 1, 0, 0, 0),
        ("Total", 12, 10, 2, 0, 1, 1)]
    # Both pending ones were due in July 2026: by now their terms have run out, sweep or not.
    assert [r.overdue for r in rows] == [1, 1]


def test_a_request_back_in_analysis_is_still_pending_and_overdue(engine, quarter):
    with transaction(engine) as session:
        for pending in session.exec(select(TransparencyRequest).where(TransparencyRequest.answered_on.is_(None))):
            pending.status = RequestStatus.REANALYSIS  # an area returned it, or the Comité sent it back
    rows = figures(engine, stats.by_kind)
    assert [(r.pending, r.overdue) for r in rows] == [(1, 1), (1, 1)]


def test_a_pending_request_is_overdue_only_once_its_due_moment_passed(engine, quarter):
    with transaction(engine) as session:
        pending = session.exec(select(TransparencyRequest).where(TransparencyRequest.answered_on.is_(None),
                                                                 TransparencyRequest.kind == RequestKind.ARCO)).one()
        term = session.get(Deadline, pending.response_deadline_id)
        term.due_at = datetime.now(UTC) + timedelta(hours=1)  # as if still running
    assert [r.overdue for r in figures(engine, stats.by_kind)] == [1, 0]


def test_response_time_counts_dias_habiles_on_each_requests_calendar(engine, quarter):
    times = figures(engine, stats.response_times)
    # 5, 6, 6, 7, 9 (ARCO, not suspended), 7, 7, 8, 8, 9: sum 72 → average 7.2; median (7 + 7) / 2 = 7.0.
    assert (times.answered, times.average_days, times.median_days) == (10, 7.2, 7.0)
    assert times.days == {5: 1, 6: 2, 7: 3, 8: 2, 9: 2}
    # Every answer came well before its due day.
    assert (times.on_time, times.late, times.on_time_percent) == (10, 0, 100.0)


def test_figures_of_one_kind(engine, quarter):
    arco = Period(Q2.start, Q2.end, RequestKind.ARCO)
    times = figures(engine, stats.response_times, arco)
    assert (times.answered, times.average_days, times.median_days) == (1, 9.0, 9.0)
    assert [(r.label, r.received) for r in figures(engine, stats.by_kind, arco)] == [("Derechos ARCO", 2)]
    acceso = Period(Q2.start, Q2.end, RequestKind.ACCESO)
    # 5, 6, 6, 7, 7, 7, 8, 8, 9: sum 63 → 7.0; median 7.
    times = figures(engine, stats.response_times, acceso)
    assert (times.answered, times.average_days, times.median_days) == (9, 7.0, 7.0)


def test_committee_cases_by_kind_and_resolution(engine, quarter):
    rows = figures(engine, stats.committee_cases)
    # Clasificación: 2 and 7 confirmed, 8 modified; inexistencia of 3 confirmed; ampliación of 9 confirmed.
    assert [(r.label, r.total, r.resolutions, r.unresolved) for r in rows] == [
        ("Ampliación del plazo", 1, {"Confirma": 1}, 0),
        ("Clasificación de la información", 3, {"Confirma": 2, "Modifica": 1}, 0),
        ("Inexistencia", 1, {"Confirma": 1}, 0)]


def test_an_answer_after_the_due_day_is_late_and_one_on_the_filing_day_took_none(engine, demo, transparencia):
    with transaction(engine) as session:
        for n, (received, answered) in enumerate([(date(2026, 4, 6), date(2026, 5, 8)),
                                                  (date(2026, 4, 7), date(2026, 4, 7))], 1):
            request = TransparencyRequest(
                organization_id=1, kind=RequestKind.ACCESO, folio=f"SAI-2026-{n:05d}", year=2026, seq=n,
                channel=RequestChannel.PNT, received_at=at(received), description="x", rule_set_code="",
                answered_on=answered, answer_sense=AnswerSense.ENTREGA_TOTAL, status=RequestStatus.ANSWERED)
            session.add(request)
            session.flush()
            deadline = deadlines.open_deadline(
                session, transparencia, subject_type="solicitud", subject_id=request.id,
                kind=DeadlineKind.RESPUESTA, procedure="acceso", rule_key="respuesta", title="Respuesta",
                received_at=at(received), now=at(received))
            request.response_deadline_id, request.rule_set_code = deadline.id, deadline.rule_set_code
    times = figures(engine, stats.response_times)
    # Filed 6 Apr: 7–10 Apr (4), 13–17 (9), 20–24 (14), 27–30 (18), (1 May), 4 May (19), 5 May (20) is the
    # due day; answered Fri 8 May, the 23rd día hábil: late. Filed and answered on 7 Apr: 0, on time.
    assert (times.answered, times.on_time, times.late, times.on_time_percent) == (2, 1, 1, 50.0)
    assert times.days == {23: 1, 0: 1}
    assert (times.average_days, times.median_days) == (11.5, 11.5)


def test_an_empty_period_has_no_times(engine, demo):
    times = figures(engine, stats.response_times)
    assert (times.answered, times.average_days, times.median_days, times.on_time_percent) == (0, None, None, None)
    assert [r.received for r in figures(engine, stats.by_kind)] == [0, 0]
    assert figures(engine, stats.by_area) == []


def test_requests_by_area_of_a_quarter_leave_out_the_turns_of_other_quarters(engine, quarter):
    # #0 (31 Mar, Q1) was turned to DA; #13 (1 Jul, Q3) was not turned.
    assert figures(engine, stats.by_area, Period.of_quarter(2026, 1)) == [Count("Dirección de Administración", 1)]
    assert figures(engine, stats.by_area, Period.of_quarter(2026, 3)) == []


# -- the quarterly report ----------------------------------------------------------------------------------

def report_of(engine):
    with transaction(engine) as session:
        organization = session.get(Organization, 1)
        report = quarterly_report(session, organization, 2026, 2, today=MADE_ON)
        return report, organization


def test_the_report_states_its_period_in_words(engine, quarter):
    report, _ = report_of(engine)
    assert report.period_in_words() == "segundo trimestre de 2026, del 1 de abril de 2026 al 30 de junio de 2026"


def test_the_workbook_has_one_sheet_per_table_with_the_figures(engine, quarter):
    report, _ = report_of(engine)
    workbook = load_workbook(io.BytesIO(build_xlsx(report)))
    assert workbook.sheetnames == ["Por tipo", "Por sentido", "Por área", "Tiempos", "Fundamento y firma"]
    assert_workbook_described(build_xlsx(report), f"{TITLE} — {report.period_in_words()}", report.organization_name)

    def cells(name):
        return [list(row) for row in workbook[name].iter_rows(values_only=True)]

    assert cells("Por tipo") == [
        ["Tipo de solicitud", "Recibidas", "Respondidas", "En trámite", "Concluidas sin respuesta",
         "Con ampliación", "Recursos de revisión"],
        ["Acceso a la información", 10, 9, 1, 0, 1, 1],
        ["Derechos ARCO", 2, 1, 1, 0, 0, 0],
        ["Total", 12, 10, 2, 0, 1, 1]]
    assert cells("Por sentido") == [
        ["Sentido de la respuesta", "Solicitudes"], ["Entrega total", 4], ["Clasificada como confidencial", 1],
        ["Clasificada como reservada", 1], ["Entrega parcial", 1], ["Inexistencia", 1],
        ["Información pública disponible", 1], ["Procedente", 1], ["Total de respondidas", 10]]
    assert cells("Por área") == [["Área", "Solicitudes turnadas"], ["Dirección de Administración", 7],
                                 ["Dirección de Riesgos e Inteligencia", 4], ["Dirección Jurídica", 1]]
    assert cells("Tiempos") == [
        ["Concepto", "Valor"], ["Solicitudes respondidas", 10],
        ["Tiempo promedio de respuesta (días hábiles)", 7.2], ["Tiempo mediano de respuesta (días hábiles)", 7],
        ["Respondidas dentro del plazo", 10], ["Respondidas fuera del plazo", 0],
        ["Porcentaje respondido dentro del plazo (%)", 100], ["Solicitudes con ampliación del plazo", 1],
        ["Recursos de revisión", 1], ["Solicitudes en trámite", 2],
        ["Solicitudes en trámite con el plazo vencido", 2]]
    assert cells("Fundamento y firma") == [
        ["Concepto", "Valor"],
        ["Sujeto obligado", "Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas"],
        ["Periodo que se informa", "segundo trimestre de 2026, del 1 de abril de 2026 al 30 de junio de 2026"],
        ["Estado de las cifras al", "3 de julio de 2026"],
        ["Fundamento", "LGTAIP 2025, art. 40 fr. VII"],
        ["Firma", "Mtro. Luis Alberto Pérez Soto"], ["Cargo", "Titular de la Unidad de Transparencia"]]


def test_the_document_reads_as_the_golden_text(engine, quarter, golden_dir):
    report, organization = report_of(engine)
    text = text_of(build_docx(report, organization))
    assert text == (golden_dir / "informe_trimestral.txt").read_text(encoding="utf-8").rstrip("\n")


def test_the_report_names_the_provisions_of_each_law_the_organization_applies_and_who_signs_without_a_titular(
        engine, quarter):
    with transaction(engine) as session:
        organization = session.get(Organization, 1)
        organization.transparency_head_name = ""
        # A state law for access requests, under which the Unidad reports each quarter; ARCO under the LGPDPPSO.
        session.add(RuleSetVariant(organization_id=1, code="CHIS-LTAIP", name="Ley de Transparencia de Chiapas",
                                   base_code="MX-LGTAIP-2025", overrides={"informe_trimestral": {
                                       "basis": "Ley de Transparencia del Estado de Chiapas, art. 71"}}))
        session.add(ProcedureRuleSet(organization_id=1, procedure=Procedure.ACCESO, rule_set_code="CHIS-LTAIP"))
        session.flush()
        report = quarterly_report(session, organization, 2026, 2, today=MADE_ON, made_by="Ana Ruiz Gómez")
        text = text_of(build_docx(report, organization))
    assert ("Con fundamento en Ley de Transparencia del Estado de Chiapas, art. 71, la Secretaría Ejecutiva del Sistema "
            "Anticorrupción del Estado de Chiapas, por conducto de su Unidad de Transparencia, informa al órgano "
            "garante") in text
    assert text[text.index("Atentamente"):].split("\n")[:5] == ["Atentamente", "", "_" * 40, "Ana Ruiz Gómez",
                                                                 "Unidad de Transparencia"]
    workbook = load_workbook(io.BytesIO(build_xlsx(report)))
    assert [list(row) for row in workbook["Fundamento y firma"].iter_rows(values_only=True)][4:] == [
        ["Fundamento", "Ley de Transparencia del Estado de Chiapas, art. 71"], ["Firma", "Ana Ruiz Gómez"],
        ["Cargo", "Unidad de Transparencia"]]


# -- open data -------------------------------------------------------------------------------------------------

def open_data(engine, period=Q2) -> tuple[bytes, list[dict]]:
    with transaction(engine) as session:
        content = open_data_csv(session, session.get(Organization, 1), period)
    return content, list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_open_data_has_one_row_per_request_of_the_period(engine, quarter):
    content, rows = open_data(engine)
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    assert list(rows[0]) == OPEN_DATA_HEADERS
    assert [r["Folio"] for r in rows] == [spec.folio for spec in sorted(QUARTER, key=lambda s: s.received)]
    by_folio = {r["Folio"]: r for r in rows}
    assert by_folio["SAI-2026-00043"] == {
        "Folio": "SAI-2026-00043", "Tipo": "Acceso a la información", "Canal": "Plataforma Nacional de Transparencia",
        "Fecha de recepción": "2026-04-17", "Tema": "Contrataciones", "Sentido de la respuesta": "Inexistencia",
        "Fecha de respuesta": "2026-04-28", "Días hábiles": "6", "A tiempo": "Sí", "Ampliación": "No",
        "Recurso": "Sí"}
    assert (by_folio["SAI-2026-00049"]["Ampliación"], by_folio["SAI-2026-00049"]["Días hábiles"]) == ("Sí", "9")
    assert by_folio["ARCO-2026-00050"]["Días hábiles"] == "9"  # ARCO, on its own calendar
    assert by_folio["ARCO-2026-00050"]["Sentido de la respuesta"] == "Procedente"  # in its own law's words
    pending = by_folio["SAI-2026-00052"]
    assert (pending["Fecha de recepción"], pending["Fecha de respuesta"], pending["Días hábiles"],
            pending["A tiempo"]) == ("2026-06-30", "", "", "")


def test_open_data_carries_no_personal_data(engine, quarter):
    content, _ = open_data(engine, Period.of_year(2026))
    text = content.decode("utf-8-sig")
    for value in PERSONAL.values():
        assert value not in text
    for fragment in ("Solís", "mfsolis", "Hernández", "Ramírez", "INE", "expediente laboral", "Periodista",
                     "Chiapas"):
        assert fragment not in text


def test_open_data_writes_each_topic_under_the_label_the_statistics_count_it(engine, quarter):
    with transaction(engine) as session:
        session.get(TransparencyRequest, quarter[7]).topic = "CONTRATACIONES"
        session.get(TransparencyRequest, quarter[4]).topic = " presupuesto  "
    _, rows = open_data(engine)
    counted = {c.label: c.count for c in figures(engine, stats.by_topic)}
    assert counted["Contrataciones"] == 3 and counted["Presupuesto"] == 3
    written = {}
    for row in rows:
        written[row["Tema"] or "Sin tema"] = written.get(row["Tema"] or "Sin tema", 0) + 1
    assert written == counted
