"""A notice of (notoria) incompetencia answers the request: counted as answered everywhere the answers are.

Both requests are filed Monday 23 March 2026 at 10:00. Their notices are due in 3 días hábiles
(24, 25, 26 March: LGTAIP 2025 art. 138; LGPDPPSO art. 47); their 20-día-hábil response terms (due
20 April), cancelled by the notice, no longer say anything. The access request's notice went out on
Friday 27 March, one day late; the ARCO one on Thursday 26 March, on time.
"""

import csv
import io
from datetime import date

import pytest

from engine.db import reading, transaction
from engine.tenancy import Organization
from tests.access_request_steps import complete, file_request, request_of, working_in_march_2026  # noqa: F401
from tests.arco_request_steps import file_arco
from workflows.access_request import list_export, queries, statistics as stats
from workflows.access_request.list_filters import Filters
from workflows.access_request.models import AnswerSense, RequestKind, RequestStatus
from workflows.access_request.report import open_data_csv
from workflows.access_request.statistics import Count, Period

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def notify_incompetence(engine, transparencia, instance_id, notified):
    complete(engine, transparencia, instance_id, "review", {
        "decision": "incompetencia", "organo_competente": "Secretaría de Hacienda del Estado",
        "fecha_notificacion": notified})


@pytest.fixture
def notices(engine, demo, transparencia):
    """The access request notified late (27 March), the ARCO one on time (26 March)."""
    access, arco = file_request(engine, transparencia), file_arco(engine, transparencia)
    # In the order of their dates: the Unidad's oficios are numbered as they are dated (oficio_numbering).
    notify_incompetence(engine, transparencia, arco.id, "2026-03-26")
    notify_incompetence(engine, transparencia, access.id, "2026-03-27")
    return request_of(engine, access.id), request_of(engine, arco.id)


def figures(engine, function):
    with transaction(engine) as session:
        return function(session, session.get(Organization, 1), MARCH)


def test_a_notice_of_incompetencia_answers_the_request_the_day_notified_with_the_sense_incompetencia(notices):
    access, arco = notices
    assert (access.status, access.answered_on, access.answer_sense, access.answer_label) == (
        RequestStatus.INCOMPETENT, date(2026, 3, 27), AnswerSense.INCOMPETENCIA, "Incompetencia")
    assert (arco.status, arco.answered_on, arco.answer_label) == (RequestStatus.INCOMPETENT, date(2026, 3, 26),
                                                                  "Incompetencia")


def test_the_statistics_count_a_notice_of_incompetencia_as_an_answer_on_time_by_its_own_term(engine, notices):
    rows = figures(engine, stats.by_kind)
    assert [(r.label, r.received, r.answered, r.pending, r.concluded_unanswered) for r in rows] == [
        (RequestKind.ACCESO.label, 1, 1, 0, 0), (RequestKind.ARCO.label, 1, 1, 0, 0)]
    assert figures(engine, stats.by_sense) == [Count("Incompetencia", 2)]
    times = figures(engine, stats.response_times)
    # 24–27 March (4 días hábiles) and 24–26 March (3); the late one by its 3 días, not by the 20 cancelled.
    assert (times.answered, times.on_time, times.late, times.average_days) == (2, 1, 1, 3.5)


def test_the_open_data_row_of_a_notice_of_incompetencia_gives_its_sense_day_business_days_and_lateness(
        engine, notices):
    content = figures(engine, open_data_csv).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))[1:]
    assert [row[:1] + row[5:9] for row in rows] == [["SAI-2026-00001", "Incompetencia", "2026-03-27", "4", "No"],
                                                    ["ARCO-2026-00001", "Incompetencia", "2026-03-26", "3", "Sí"]]


def test_the_request_list_and_its_export_give_the_notice_as_the_answer_and_no_due_day_of_the_cancelled_term(
        engine, transparencia, notices):
    with reading(engine) as session:
        page = queries.request_list(session, transparencia, Filters(kind=RequestKind.ACCESO))
        header, rows, _ = list_export.export_rows(session, transparencia, Filters(kind=RequestKind.ACCESO),
                                                  "America/Mexico_City")
    [row] = page.rows
    assert (row.answered_on, row.due_on) == (date(2026, 3, 27), None)
    [exported] = rows
    assert (exported[header.index("Vence")], exported[header.index("Fecha de respuesta")]) == (None, date(2026, 3, 27))
