"""Queries of the request pages: who sees what, filters, días restantes, order, detail, privacy, exports.

The requests are filed in March 2026 under MX-LGTAIP-2025 (20 días hábiles): one received
Monday 23 March at 10:00 is due Monday 20 April 2026. The clock is given to each query.
"""

import copy
import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from engine import deadlines
from engine.accounts import actor_for
from engine.calendar_overlay import declare_non_working
from engine.db import reading, transaction
from engine.deadlines import Deadline
from engine.inbox import DueState
from engine.runtime import NotAllowed, NotFound
from engine.tenancy import Organization
from tests.access_request_steps import complete, file_request, request_of, turn
from tests.correspondence_steps import item_of, register_document, turn_document
from tests.request_rows import CONTACT, HOLDER, REQUESTER, add_case, add_document, add_request, turn_to
from tests.today import demo_today
from workflows.access_request import detail, handlers, list_export, queries
from workflows.access_request.models import (RequestChannel, RequestKind, RequesterKind, RequestStatus,
                                             RequestTurn, TransparencyRequest)
from workflows.access_request.list_filters import Filters

MONDAY = datetime(2026, 3, 23, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City
NOW = datetime(2026, 3, 30, 16, 0, tzinfo=UTC)


def folios(page):
    return [row.folio for row in page.rows]


def listed(engine, actor, now=NOW, page=1, per_page=25, **params):
    with reading(engine) as session:
        return queries.request_list(session, actor, Filters.parse(params), page=page, per_page=per_page, now=now)


@pytest.fixture
def requests(engine, demo, transparencia):
    """a: turned to DA; b: turned to DRI, by e-mail; arco: ARCO turned to DA; answered; old: 2025, no deadline."""
    with transaction(engine) as session:
        a = add_request(session, transparencia, received_at=MONDAY)
        b = add_request(session, transparencia, received_at=MONDAY - timedelta(days=3), channel=RequestChannel.CORREO)
        arco = add_request(session, transparencia, kind=RequestKind.ARCO, received_at=MONDAY + timedelta(days=1),
                           channel=RequestChannel.PRESENCIAL, holder=HOLDER,
                           description="Acceso a mi expediente laboral con mis evaluaciones")
        answered = add_request(session, transparencia, received_at=MONDAY - timedelta(days=30),
                               status=RequestStatus.ANSWERED, answered=True)
        old = add_request(session, transparencia, received_at=datetime(2025, 6, 2, 16, tzinfo=UTC),
                          status=RequestStatus.CONCLUDED, with_deadline=False)
        turn_to(session, transparencia, a, demo.areas["DA"].id)
        turn_to(session, transparencia, b, demo.areas["DRI"].id)
        turn_to(session, transparencia, arco, demo.areas["DA"].id)
        return {name: session.get(TransparencyRequest, r.id) for name, r in
                dict(a=a, b=b, arco=arco, answered=answered, old=old).items()}


# -- who sees what -------------------------------------------------------------------------------


def test_the_unidad_sees_every_request_in_process_first_soonest_due_first(engine, requests, transparencia):
    r = requests
    page = listed(engine, transparencia)
    # Running terms by due day (b was filed first), then the others newest first.
    assert folios(page) == [r["b"].folio, r["a"].folio, r["arco"].folio, r["answered"].folio, r["old"].folio]
    assert (page.total, page.total_capped, page.has_next) == (5, False, False)


def test_a_prevented_request_comes_after_the_running_terms_not_among_them_by_its_paused_day(
        engine, requests, transparencia):
    r = requests
    with transaction(engine) as session:
        # b's term is the soonest due; paused, that day means nothing until the requester answers.
        deadlines.pause(session, transparencia, session.get(Deadline, r["b"].response_deadline_id), date(2026, 3, 24),
                        "Prevención")
    assert folios(listed(engine, transparencia))[:3] == [r["a"].folio, r["arco"].folio, r["b"].folio]


def test_comite_juridico_and_admin_see_the_whole_list_and_others_nothing(engine, requests, comite, juridico, admin,
                                                                       oficialia, integrante):
    for actor in (comite, juridico, admin):
        assert listed(engine, actor).total == 5
    for actor in (oficialia, integrante):
        assert folios(listed(engine, actor)) == []


def test_an_enlace_sees_only_requests_turned_to_its_area_with_its_internal_due_day(engine, requests, enlace_area_a,
                                                                                   enlace_area_b):
    page = listed(engine, enlace_area_a)
    assert folios(page) == [requests["a"].folio, requests["arco"].folio]
    with reading(engine) as session:
        internal = session.exec(select(Deadline).where(Deadline.subject_id == requests["a"].folio,
                                                       Deadline.responsible_area_id.is_not(None))).one()
        legal = session.get(Deadline, requests["a"].response_deadline_id)
    assert page.rows[0].due_on == internal.due_on == date(2026, 4, 13)  # 5 días hábiles before 20 April
    assert legal.due_on == date(2026, 4, 20)
    assert folios(listed(engine, enlace_area_b)) == [requests["b"].folio]


def test_an_anonymous_request_says_anonimo_in_the_requester_column(engine, transparencia, requests):
    with transaction(engine) as session:
        anonymous = add_request(session, transparencia, received_at=MONDAY, requester="")
        anonymous.requester_kind = RequesterKind.ANONIMO
    rows = {row.folio: row for row in listed(engine, transparencia).rows}
    assert rows[anonymous.folio].requester == "Anónimo"
    assert rows[requests["a"].folio].requester == REQUESTER


def test_an_enlace_filtering_another_area_sees_nothing(engine, demo, requests, enlace_area_a):
    assert folios(listed(engine, enlace_area_a, area=str(demo.areas["DRI"].id))) == []


# -- filters and order ---------------------------------------------------------------------------


def test_filters_narrow_by_kind_status_area_channel_year_and_folio(engine, demo, requests, transparencia):
    r = requests
    assert folios(listed(engine, transparencia, tipo="arco")) == [r["arco"].folio]
    assert folios(listed(engine, transparencia, estado="respondida")) == [r["answered"].folio]
    assert folios(listed(engine, transparencia, area=str(demo.areas["DRI"].id))) == [r["b"].folio]
    assert folios(listed(engine, transparencia, canal="correo")) == [r["b"].folio]
    assert folios(listed(engine, transparencia, anio="2025")) == [r["old"].folio]
    assert folios(listed(engine, transparencia, folio=r["a"].folio.lower())) == [r["a"].folio]
    assert folios(listed(engine, transparencia, folio=r["a"].pnt_folio)) == [r["a"].folio]
    # Typed without its zeros, as /consulta finds it: SAI-2026-1 for SAI-2026-00001.
    without_zeros = re.sub(r"-0+(\d)", r"-\1", r["a"].folio)
    assert without_zeros != r["a"].folio
    assert folios(listed(engine, transparencia, folio=without_zeros)) == [r["a"].folio]
    # Unreadable values are ignored, not a server error.
    unreadable = dict(tipo="x", estado="y", area="z", plazo="w", canal="v", anio="dos mil")
    assert listed(engine, transparencia, **unreadable).total == 5


def test_overdue_and_due_soon_count_business_days_of_the_calendar(engine, requests, transparencia):
    r = requests
    # Thursday 16 April: b (due Friday 17), a (Monday 20) and arco (Tuesday 21) are por vencer.
    thursday = datetime(2026, 4, 16, 16, 0, tzinfo=UTC)
    assert folios(listed(engine, transparencia, now=thursday, plazo="por_vencer")) == [
        r["b"].folio, r["a"].folio, r["arco"].folio]
    assert folios(listed(engine, transparencia, now=thursday, plazo="vencidas")) == []
    # Monday 20 April at 10:00: b is overdue, a is due today at closing time.
    monday = datetime(2026, 4, 20, 16, 0, tzinfo=UTC)
    assert folios(listed(engine, transparencia, now=monday, plazo="vencidas")) == [r["b"].folio]
    rows = {row.folio: row for row in listed(engine, transparencia, now=monday).rows}
    assert (rows[r["b"].folio].remaining.days, rows[r["b"].folio].remaining.state) == (-1, DueState.OVERDUE)
    assert rows[r["b"].folio].remaining.text == "Vencido hace 1 día hábil"
    assert (rows[r["a"].folio].remaining.text, rows[r["a"].folio].remaining.state) == ("Vence hoy", DueState.SOON)
    assert rows[r["arco"].folio].remaining.text == "1 día hábil"
    assert rows[r["answered"].folio].remaining.days is None
    # At 18:30 the office has closed: a is overdue too.
    evening = datetime(2026, 4, 21, 0, 30, tzinfo=UTC)
    assert folios(listed(engine, transparencia, now=evening, plazo="vencidas")) == [r["b"].folio, r["a"].folio]
    after_closing = {row.folio: row for row in listed(engine, transparencia, now=evening).rows}
    assert after_closing[r["a"].folio].remaining.text == "Venció hoy"  # not «Vence hoy» beside «Vencido»


def test_days_left_skip_a_dia_inhabil_declared_by_the_organization(engine, requests, transparencia):
    before = {row.folio: row.remaining.days for row in listed(engine, transparencia).rows}
    with transaction(engine) as session:
        declare_non_working(session, transparencia, date(2026, 4, 8), date(2026, 4, 8), "Día del servidor público",
                            "Acuerdo 3/2026")
    after = {row.folio: row for row in listed(engine, transparencia).rows}
    a = after[requests["a"].folio]
    # The due day moves to the 21st; from Monday 30 March that is still 15 días hábiles away.
    assert a.due_on == date(2026, 4, 21)
    assert a.remaining.days == before[requests["a"].folio] == 15


def test_a_request_filed_on_a_saturday_shows_its_twenty_days_left_not_the_monday_before_them_too(
        engine, transparencia):
    # Saturday 21 March at 10:00: received Monday 23 March, counted from Tuesday 24; due Monday 20 April.
    saturday = datetime(2026, 3, 21, 16, 0, tzinfo=UTC)
    with transaction(engine) as session:
        filed = add_request(session, transparencia, received_at=saturday)
    for now, left in ((saturday, "20 días hábiles"), (MONDAY, "20 días hábiles"),
                      (MONDAY + timedelta(days=1), "19 días hábiles")):
        [row] = listed(engine, transparencia, now=now).rows
        with reading(engine) as session:
            shown = detail.request_detail(session, transparencia, filed.id, now=now).response.remaining
        assert (row.due_on, row.remaining.text, shown.text) == (date(2026, 4, 20), left, left)


def test_sort_by_received_lists_the_newest_first(engine, requests, transparencia):
    r = requests
    assert folios(listed(engine, transparencia, orden="recepcion")) == [
        r["arco"].folio, r["a"].folio, r["b"].folio, r["answered"].folio, r["old"].folio]


def test_pages_cut_the_same_order_whichever_path_reads_them(engine, demo, requests, transparencia):
    everything = folios(listed(engine, transparencia))
    for orden in ("vencimiento", "recepcion"):
        whole = folios(listed(engine, transparencia, orden=orden))
        pages = [folios(listed(engine, transparencia, page=n, per_page=2, orden=orden)) for n in (1, 2, 3)]
        assert sum(pages, []) == whole
    # The area filter orders its few candidates in one query (another path): the same relative order.
    for area in ("DA", "DRI"):
        narrow = folios(listed(engine, transparencia, area=str(demo.areas[area].id)))
        assert narrow and [f for f in everything if f in narrow] == narrow


def test_the_count_stops_at_its_cap(engine, requests, transparencia, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    page = listed(engine, transparencia, per_page=2)
    assert (page.total, page.total_capped, page.pages, page.has_next) == (3, True, None, True)
    last = listed(engine, transparencia, page=3, per_page=2)
    assert (len(last.rows), last.has_next) == (1, False)


def test_a_request_registered_through_the_process_is_listed_with_its_response_term(engine, demo, transparencia,
                                                                                  enlace_area_a, monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: MONDAY + timedelta(hours=1))  # turned the day it arrived
    instance = file_request(engine, transparencia, fecha_recepcion="2026-03-23", hora_recepcion="10:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    request = request_of(engine, instance.id)
    [row] = listed(engine, transparencia).rows
    assert (row.folio, row.due_on, row.status, row.areas) == (request.folio, date(2026, 4, 20), RequestStatus.TURNED,
                                                               ["Dirección de Administración"])
    assert row.remaining.days == 15
    [own] = listed(engine, enlace_area_a).rows
    assert own.due_on == date(2026, 4, 13)


# -- one request ---------------------------------------------------------------------------------


def test_the_detail_brings_turns_cases_deadlines_explained_and_documents(engine, demo, settings, requests,
                                                                         transparencia):
    with transaction(engine) as session:
        request = session.get(TransparencyRequest, requests["a"].id)
        add_case(session, transparencia, request, demo.areas["DA"].id)
        oficio = add_document(session, settings, transparencia, request, "oficio_respuesta", "Oficio", "oficio.pdf")
        request.oficio_file_id = oficio.id
    with reading(engine) as session:
        found = detail.request_detail(session, transparencia, requests["a"].id, now=NOW)
    assert [t.area_name for t in found.turns] == ["Dirección de Administración"]
    assert found.turns[0].deadline.due_on == date(2026, 4, 13)
    assert [c.area_names for c in found.cases] == ["Dirección de Administración"]
    assert found.response.deadline.due_on == date(2026, 4, 20)
    assert "20 días hábiles (LGTAIP 2025, art. 134)" in found.response.explanation
    assert len(found.deadlines) == 2
    assert [d.filename for d in found.documents] == ["oficio.pdf"]
    assert found.personal


def test_the_detail_names_the_oficialia_document_and_links_it_only_for_who_may_open_it(
        engine, demo, oficialia, transparencia, comite):
    item = item_of(engine, register_document(engine, oficialia).id)
    turn_document(engine, oficialia, item.instance_id, [demo.areas["UT"]])
    converted = request_of(engine, file_request(engine, transparencia, canal="oficialia", folio_pnt="",
                                                folio_correspondencia=item.folio,
                                                fecha_recepcion=demo_today().isoformat()).id)
    by_hand = request_of(engine, file_request(engine, transparencia, folio_pnt="330024626000999").id)
    with reading(engine) as session:
        # The Unidad's enlace was turned the document; the Comité never was.
        assert detail.request_detail(session, transparencia, converted.id).source == detail.SourceDocument(
            item.id, item.folio, linkable=True)
        assert detail.request_detail(session, comite, converted.id).source == detail.SourceDocument(
            item.id, item.folio, linkable=False)
        assert detail.request_detail(session, transparencia, by_hand.id).source is None


def attach(session, settings, actor, request, turn, area):
    """A file the area attached to its answer on that turn, titled as the answer form titles it."""
    stored = add_document(session, settings, actor, request, "anexo", "Anexo", f"{area.code}.pdf",
                          area_id=area.id)
    turn.file_ids = [stored.id]
    return stored


def test_the_detail_names_each_areas_attachment_with_the_area_and_the_round(engine, demo, settings, requests,
                                                                            transparencia, enlace_area_a):
    da, dri = demo.areas["DA"], demo.areas["DRI"]
    with transaction(engine) as session:
        request = session.get(TransparencyRequest, requests["a"].id)
        first = session.exec(select(RequestTurn).where(RequestTurn.request_id == request.id)).one()
        attach(session, settings, transparencia, request, first, da)
        attach(session, settings, transparencia, request, turn_to(session, transparencia, request, dri.id), dri)
    with reading(engine) as session:
        found = detail.request_detail(session, transparencia, request.id, now=NOW)
    assert sorted(found.document_titles[d.id] for d in found.documents) == [
        f"Anexo — {da.name}", f"Anexo — {dri.name}"]
    with transaction(engine) as session:  # turned again to DA, which attaches another file
        again = turn_to(session, transparencia, session.get(TransparencyRequest, request.id), da.id)
        again.round = 2
        attach(session, settings, transparencia, request, again, da)
    with reading(engine) as session:
        found = detail.request_detail(session, transparencia, request.id, now=NOW)
        own = detail.request_detail(session, enlace_area_a, request.id, now=NOW)
    assert sorted(found.document_titles[d.id] for d in found.documents) == [
        f"Anexo — {da.name}, ronda 1", f"Anexo — {da.name}, ronda 2", f"Anexo — {dri.name}, ronda 1"]
    # An enlace sees its own area's attachments only, named the same way.
    assert sorted(own.document_titles[d.id] for d in own.documents) == [
        f"Anexo — {da.name}, ronda 1", f"Anexo — {da.name}, ronda 2"]


def test_an_enlace_sees_its_area_part_and_is_refused_another_area_request(engine, demo, requests, transparencia,
                                                                          enlace_area_a):
    with transaction(engine) as session:
        turn_to(session, transparencia, session.get(TransparencyRequest, requests["a"].id), demo.areas["DRI"].id)
    with reading(engine) as session:
        found = detail.request_detail(session, enlace_area_a, requests["a"].id, now=NOW)
        assert [t.area_name for t in found.turns] == ["Dirección de Administración"]
        assert {d.deadline.responsible_area_id for d in found.deadlines} == {None, demo.areas["DA"].id}
        with pytest.raises(NotAllowed):
            detail.request_detail(session, enlace_area_a, requests["b"].id)


def test_another_organization_request_does_not_exist(engine, requests, transparencia):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
        transparencia.organization_id = other.id
        with pytest.raises(NotFound):
            detail.request_detail(session, transparencia, requests["a"].id)


def test_a_kept_list_statement_never_reads_another_organization(engine, requests, transparencia):
    # The list keeps the statements it builds, per organization, filters and areas.
    assert len(folios(listed(engine, transparencia))) == 5
    assert len(folios(listed(engine, transparencia, tipo="acceso", plazo="por_vencer"))) == 0
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        session.add(other)
        session.flush()
    outsider = copy.copy(transparencia)
    outsider.organization_id = other.id
    assert (folios(listed(engine, outsider)), listed(engine, outsider).total) == ([], 0)
    assert folios(listed(engine, outsider, tipo="acceso", plazo="por_vencer")) == []


# -- privacy: each role against each view of an ARCO request with the holder's data ---------------

ROLES_WHO_SEE_HOLDER = {"transparencia": True, "enlace_da": True, "enlace_dri": None, "comite": False,
                        "juridico": False, "admin": False, "oficialia": None, "integrante": None}


@pytest.mark.parametrize("username", ROLES_WHO_SEE_HOLDER)
def test_the_holder_data_shows_only_to_the_unidad_and_the_turned_area(engine, demo, settings, requests, username):
    with transaction(engine) as session:
        actor = actor_for(session, demo.users[username])
        arco = session.get(TransparencyRequest, requests["arco"].id)
        arco.public_version_file_id = add_document(session, settings, actor, arco, "anexo", "Versión pública",
                                                   "version-publica.pdf").id
    sees = ROLES_WHO_SEE_HOLDER[username]
    page = listed(engine, actor, tipo="arco")
    with reading(engine) as session:
        header, rows, _ = list_export.export_rows(session, actor, Filters(kind=RequestKind.ARCO), "America/Mexico_City",
                                                  now=NOW)
    csv_text = list_export.as_csv(header, rows).decode("utf-8")
    workbook = load_workbook(io.BytesIO(list_export.as_xlsx(header, rows)))
    xlsx_text = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    if sees is None:
        assert folios(page) == [] and rows == []
        with reading(engine) as session, pytest.raises((NotAllowed, NotFound)):
            detail.request_detail(session, actor, arco.id)
        return
    with reading(engine) as session:
        found = detail.request_detail(session, actor, arco.id, now=NOW)
    assert folios(page) == [arco.folio]
    assert (page.rows[0].holder == HOLDER) is sees
    assert (page.rows[0].description != "") is sees  # the description of an ARCO request is personal too
    assert found.personal is sees
    assert (found.shown("holder_name") == HOLDER) is sees
    # Who filed it and how to reach them is the Unidad's only: a turned area reads whose data to look for.
    unidad = username == "transparencia"
    assert found.identity is unidad
    assert (page.rows[0].requester, page.rows[0].contact) == ((REQUESTER, CONTACT) if unidad else ("", ""))
    # Every file of an ARCO request is the holder's: listed only where /archivos would serve it.
    assert bool(found.documents) is sees
    # A spreadsheet leaves Pleno: it carries no personal data, whoever exports it.
    for text in (csv_text, xlsx_text):
        assert HOLDER not in text and REQUESTER not in text and "expediente laboral" not in text
        assert arco.folio in text and "Datos personales: consulte la solicitud en Pleno" in text
    assert "Titular de los datos" not in header and "Solicitante" not in header


def test_the_escrito_and_the_oficio_are_withheld_from_who_may_not_see_personal_data(engine, settings, transparencia,
                                                                                    comite):
    instance = file_request(engine, transparencia)
    with transaction(engine) as session:
        request = session.exec(select(TransparencyRequest).where(TransparencyRequest.instance_id == instance.id)).one()
        add_document(session, settings, transparencia, request, "solicitud", "Escrito de solicitud", "escrito.pdf")
        add_document(session, settings, transparencia, request, "anexo", "Versión pública", "publica.pdf")
    with reading(engine) as session:
        own = [d.filename for d in detail.request_detail(session, transparencia, request.id).documents]
        theirs = [d.filename for d in detail.request_detail(session, comite, request.id).documents]
    assert own == ["escrito.pdf", "publica.pdf"]
    assert theirs == ["publica.pdf"]


def test_the_oficio_of_a_prevention_names_the_requester_and_is_withheld_like_the_escrito(engine, transparencia,
                                                                                        comite):
    instance = file_request(engine, transparencia)
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos.", "fecha_prevencion": "2026-03-25"})
    request = request_of(engine, instance.id)
    with reading(engine) as session:
        own = [d.filename for d in detail.request_detail(session, transparencia, request.id).documents]
        theirs = [d.filename for d in detail.request_detail(session, comite, request.id).documents]
    assert own == [f"oficio-prevencion-{request.folio}.docx"]
    assert theirs == []


# -- exports -------------------------------------------------------------------------------------


def test_the_csv_has_the_list_columns_and_neutralizes_formulas(engine, requests, transparencia):
    with transaction(engine) as session:
        session.get(TransparencyRequest, requests["b"].id).topic = "=HYPERLINK(\"http://x\")"
    with reading(engine) as session:
        header, rows, cut = list_export.export_rows(session, transparencia, Filters(), "America/Mexico_City", now=NOW)
    parsed = list(csv.reader(io.StringIO(list_export.as_csv(header, rows).decode("utf-8-sig"))))
    assert parsed[0][:3] == ["Folio", "Folio PNT", "Tipo"] and not cut
    assert [line[0] for line in parsed[1:]] == [requests[k].folio for k in ("b", "a", "arco", "answered", "old")]
    b = dict(zip(parsed[0], parsed[1]))
    assert (b["Tema"], b["Vence"], b["Medio"]) == ("'=HYPERLINK(\"http://x\")", "2026-04-17", "Correo electrónico")
    workbook = load_workbook(io.BytesIO(list_export.as_xlsx(header, rows)))
    assert workbook.active["A2"].value == requests["b"].folio
    assert workbook.active["F2"].data_type == "s"


# -- public lookup -------------------------------------------------------------------------------


def test_the_public_status_has_dates_only(engine, requests):
    arco = requests["arco"]
    with reading(engine) as session:
        found = detail.public_status(session, arco.folio).status
        by_pnt = detail.public_status(session, requests["a"].pnt_folio).status
        missing = detail.public_status(session, "SAI-1999-00001")
    assert (found.folio, found.status_label, found.due_on) == (arco.folio, "Turnada a las áreas", date(2026, 4, 21))
    assert by_pnt.folio == requests["a"].folio
    assert missing.status is None and missing.choices == []
    assert not {"description", "requester", "holder", "areas", "answer"} & set(vars(found))
