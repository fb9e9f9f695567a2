"""Planning: the annual calendar, one session at a time, the areas' items by the cut-off, merge and reorder."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from engine.audit import AuditEvent
from engine.calendar_overlay import declare_non_working, declare_suspension
from engine.db import reading, transaction
from engine.documents import text_of
from engine.deadlines import deadlines_of
from engine.files import StoredFile, UploadRejected
from engine.legal_calendar import SuspensionScope
from engine.processes import OpenTask, ProcessInstance
from tests.board_quarter import hold_session, make_boards, open_with_quorum, plan_called, vote_item
from tests.concurrency import second_runs_into_first
from workflows.board_session import boards, drafting, planning, room, session_form_context
from workflows.board_session.cancellation import cancel_session
from workflows.board_session.documents import build_agenda
from workflows.board_session.models import (AgendaDocument, AgendaItem, AnnualCalendar, Board, BoardSession,
                                            FixedItem, ItemKind, ItemStatus, SessionKind, SessionStatus)
from workflows.board_session.naming import session_name
from workflows.board_session.record import load_session
from workflows.board_session.sessions import (VOTED_FIXED, BoardError, Conflict, OutOfOrder, decide_item, items_of,
                                              local_day, merge_items, plan_session)

# A fixed "now" (UTC): 1 June 2026, 16:00 — 10:00 in Mexico City.
NOW = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# An ordinary session's fixed items, with the acta anterior and without it (the body's first session).
WITH_PREVIOUS_ACTA = [FixedItem.ATTENDANCE, FixedItem.AGENDA, FixedItem.PREVIOUS_MINUTES, FixedItem.FOLLOWUP,
                      FixedItem.GENERAL]
WITHOUT_PREVIOUS_ACTA = [FixedItem.ATTENDANCE, FixedItem.AGENDA, FixedItem.FOLLOWUP, FixedItem.GENERAL]


@pytest.fixture
def board(engine, juridico) -> Board:
    with transaction(engine) as session:
        return boards.create_board(session, juridico, {
            "nombre": "Comité Coordinador", "nombre_corto": "CC", "plantilla_acuerdo": "{seq:03d}/CC/SAECH/{year}",
            "sesiones_ordinarias": "4", "lugar": "Sala de juntas",
            "materias_calificadas": "Nombramiento del Secretario Técnico: 5"})


def schedule(engine, actor, board, when: datetime, kind=SessionKind.ORDINARY, cutoff: date | None = None):
    with transaction(engine) as session:
        return planning.schedule_session(session, actor, session.get(Board, board.id), kind, when, "",
                                         cutoff, now=NOW)


def refused(engine, call) -> BoardError:
    with pytest.raises(BoardError) as caught:
        with transaction(engine) as session:
            call(session)
    return caught.value


def test_the_year_is_planned_as_four_ordinary_sessions_named_in_date_order(engine, juridico, board):
    dates = [datetime(2026, 12, 3, 10), datetime(2026, 7, 9, 10), datetime(2026, 9, 24, 10), datetime(2026, 10, 29, 10)]
    with transaction(engine) as session:
        planning.propose_calendar(session, juridico, session.get(Board, board.id), 2026, dates, now=NOW)
    with reading(engine) as session:
        rows = planning.sessions_of_year(session, session.get(Board, board.id), 2026)
        calendar = session.exec(select(AnnualCalendar)).one()
        agendas = [[i.fixed for i in items_of(session, row)] for row in rows]
    assert [session_name(r.kind.label, r.number) for r in rows] == [
        "Primera Sesión Ordinaria", "Segunda Sesión Ordinaria", "Tercera Sesión Ordinaria", "Cuarta Sesión Ordinaria"]
    # 10:00 in Tuxtla Gutiérrez (UTC-6) is 16:00 UTC.
    assert [r.scheduled_at.replace(tzinfo=None) for r in rows][0] == datetime(2026, 7, 9, 16)
    # Items close 7 días hábiles before: Thu 9 Jul → Tue 30 Jun; Thu 24 Sep → Mon 14 Sep (16 Sep is a
    # holiday); Thu 29 Oct → Tue 20 Oct; Thu 3 Dec → Tue 24 Nov.
    assert [r.agenda_cutoff for r in rows] == [date(2026, 6, 30), date(2026, 9, 14), date(2026, 10, 20),
                                               date(2026, 11, 24)]
    assert {r.place for r in rows} == {"Sala de juntas"}
    assert (calendar.year, calendar.approved_in_session_id) == (2026, None)
    # The acta anterior of each session is the acta of the one before; the first has none.
    assert agendas == [WITHOUT_PREVIOUS_ACTA] + [WITH_PREVIOUS_ACTA] * 3


@pytest.mark.parametrize("dates, message", [
    ([datetime(2026, 7, 9, 10)] * 3, "las 4 sesiones"),
    ([datetime(2026, 7, 9, 10), datetime(2026, 8, 9, 10), datetime(2026, 9, 9, 10), None], "las 4 sesiones"),
    ([datetime(2026, 7, 9, 10), datetime(2026, 8, 9, 10), datetime(2026, 9, 9, 10), datetime(2027, 1, 9, 10)],
     "no es del año 2026"),
    ([datetime(2026, 5, 9, 10), datetime(2026, 8, 9, 10), datetime(2026, 9, 9, 10), datetime(2026, 10, 9, 10)],
     "ya pasó"),
    ([datetime(2026, 7, 9, 10), datetime(2026, 7, 9, 17), datetime(2026, 9, 9, 10), datetime(2026, 10, 9, 10)],
     "mismo día"),
])
def test_a_wrong_calendar_is_refused_and_nothing_is_planned(engine, juridico, board, dates, message):
    error = refused(engine, lambda s: planning.propose_calendar(s, juridico, s.get(Board, board.id), 2026, dates,
                                                                now=NOW))
    assert message in str(error)
    with reading(engine) as session:
        assert session.exec(select(BoardSession)).all() == []
        assert session.exec(select(AnnualCalendar)).all() == []


def test_the_calendar_counts_the_ordinary_sessions_already_planned_and_is_proposed_once(engine, juridico, board):
    schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    later = [datetime(2026, 8, 3, 10), datetime(2026, 10, 1, 10), datetime(2026, 12, 1, 10)]
    with transaction(engine) as session:
        planning.propose_calendar(session, juridico, session.get(Board, board.id), 2026, later, now=NOW)
    with reading(engine) as session:
        numbers = [r.number for r in planning.sessions_of_year(session, session.get(Board, board.id), 2026)]
    assert numbers == [1, 2, 3, 4]
    assert "ya fue propuesto" in str(refused(engine, lambda s: planning.propose_calendar(
        s, juridico, s.get(Board, board.id), 2026, later, now=NOW)))


def test_approving_the_calendar_records_the_session_where_it_was_approved(engine, juridico, board):
    dates = [datetime(2027, m, 10, 10) for m in (2, 5, 8, 11)]
    with transaction(engine) as session:
        planning.propose_calendar(session, juridico, session.get(Board, board.id), 2027, dates, now=NOW)
    december = schedule(engine, juridico, board, datetime(2026, 12, 10, 10))
    assert "en curso o ya celebrada" in str(refused(engine, lambda s: planning.approve_calendar(
        s, juridico, s.get(Board, board.id), 2027, s.get(BoardSession, december.id))))
    with transaction(engine) as session:
        session.get(BoardSession, december.id).status = SessionStatus.HELD
    with transaction(engine) as session:
        planning.approve_calendar(session, juridico, session.get(Board, board.id), 2027,
                                  session.get(BoardSession, december.id))
    with reading(engine) as session:
        calendar = planning.calendar_of(session, session.get(Board, board.id), 2027)
    assert (calendar.approved_in_session_id, calendar.approved_on) == (december.id, date(2026, 12, 10))
    assert "ya fue aprobado" in str(refused(engine, lambda s: planning.approve_calendar(
        s, juridico, s.get(Board, board.id), 2027, s.get(BoardSession, december.id))))


@pytest.mark.parametrize("when, cutoff, message", [
    (datetime(2026, 5, 30, 10), None, "ya pasaron"),
    (datetime(2026, 6, 1, 9, 59), None, "ya pasaron"),
    (datetime(2026, 6, 19, 10), date(2026, 6, 22), "posterior a la sesión"),
    (datetime(2026, 6, 19, 10), date(2026, 5, 31), "ya pasó"),
    (datetime(2026, 6, 19, 10), date(2026, 6, 14), "El 14/06/2026 es inhábil (domingo); elija un día hábil"),
    # Friday 19 June: the convocatoria goes out 5 días naturales before; Sunday 14 June is inhábil, so
    # by Friday 12 June, and the areas' items close by that day at the latest.
    (datetime(2026, 6, 19, 10), date(2026, 6, 17), "debe cerrar a más tardar el 12 de junio de 2026"),
    (None, None, "fecha y la hora"),
])
def test_a_session_in_the_past_or_with_a_wrong_cutoff_is_refused(engine, juridico, board, when, cutoff, message):
    error = refused(engine, lambda s: planning.schedule_session(s, juridico, s.get(Board, board.id),
                                                                SessionKind.ORDINARY, when, "", cutoff, now=NOW))
    assert message in str(error)
    with reading(engine) as session:
        assert session.exec(select(BoardSession)).all() == []


def test_the_cutoff_may_be_the_convocatorias_last_dia_habil_or_any_day_once_that_passed(engine, juridico, board):
    assert schedule(engine, juridico, board, datetime(2026, 6, 19, 10), cutoff=date(2026, 6, 12)).agenda_cutoff == \
        date(2026, 6, 12)
    # An urgent extraordinary session the next day: its convocatoria is already late, intake closes today.
    urgent = schedule(engine, juridico, board, datetime(2026, 6, 2, 10), SessionKind.EXTRAORDINARY, date(2026, 6, 1))
    assert urgent.agenda_cutoff == date(2026, 6, 1)


def test_a_cutoff_left_empty_is_the_convocatorias_last_dia_habil_or_none_once_that_passed(engine, juridico, board):
    # Friday 19 June: the orden del día goes out with the convocatoria by Friday 12 June (see above).
    assert schedule(engine, juridico, board, datetime(2026, 6, 19, 10)).agenda_cutoff == date(2026, 6, 12)
    # An urgent extraordinary session tomorrow: its convocatoria's day passed, points come until it is held.
    assert schedule(engine, juridico, board, datetime(2026, 6, 2, 10), SessionKind.EXTRAORDINARY).agenda_cutoff is None


def test_a_suspension_of_plazos_neither_closes_the_intake_early_nor_bars_a_session_on_its_days(
        engine, juridico, board, admin):
    # A suspension stops the procedures' terms, not the office: Friday 12 June stays the convocatoria's
    # last día hábil for a session on Friday 19 June, and a day an ordinary session may be held.
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 6, 12), date(2026, 6, 12), SuspensionScope.ALL,
                           "Acuerdo CT/05/2026")
    assert schedule(engine, juridico, board, datetime(2026, 6, 19, 10)).agenda_cutoff == date(2026, 6, 12)
    assert schedule(engine, juridico, board, datetime(2026, 6, 26, 10), cutoff=date(2026, 6, 12)).agenda_cutoff == \
        date(2026, 6, 12)
    with transaction(engine) as session:
        day = planning.check_day(session, session.get(Board, board.id), SessionKind.ORDINARY, date(2026, 6, 12),
                                 date(2026, 6, 1))
    assert (day.closed, day.refusal) == (None, None)


def test_only_legal_staff_plan_sessions(engine, enlace_area_a, integrante, board):
    for actor in (enlace_area_a, integrante):
        assert "Dirección Jurídica" in str(refused(engine, lambda s: planning.schedule_session(
            s, actor, s.get(Board, board.id), SessionKind.ORDINARY, datetime(2026, 7, 1, 10), now=NOW)))


def test_an_extraordinary_session_carries_only_attendance_and_the_orden_del_dia(engine, juridico, board):
    extra = schedule(engine, juridico, board, datetime(2026, 6, 10, 10), SessionKind.EXTRAORDINARY)
    with reading(engine) as session:
        assert [i.fixed for i in items_of(session, extra)] == [FixedItem.ATTENDANCE, FixedItem.AGENDA]
    assert extra.number == 1 and extra.kind == SessionKind.EXTRAORDINARY


def fixed_items(engine, board_session) -> list[FixedItem]:
    with reading(engine) as session:
        return [i.fixed for i in items_of(session, session.get(BoardSession, board_session.id)) if i.fixed]


def test_the_acta_anterior_is_on_an_orden_del_dia_only_while_an_earlier_session_leaves_an_acta_for_it(
        engine, juridico, board):
    july = schedule(engine, juridico, board, datetime(2026, 7, 9, 10))
    assert fixed_items(engine, july) == WITHOUT_PREVIOUS_ACTA  # the body's first session: no acta before it
    # Planned afterwards for an earlier day: its acta will wait for July's session.
    june = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    assert (fixed_items(engine, june), fixed_items(engine, july)) == (WITHOUT_PREVIOUS_ACTA, WITH_PREVIOUS_ACTA)
    with transaction(engine) as session:
        cancel_session(session, juridico, session.get(BoardSession, june.id), "La presidencia no podrá asistir.",
                       None)
    assert fixed_items(engine, july) == WITHOUT_PREVIOUS_ACTA


def test_the_acta_anterior_approves_the_draft_acta_of_the_session_held_before_and_stays_on_its_own_acta(
        engine, demo, juridico):
    with transaction(engine) as session:
        cc = make_boards(session, demo)["CC"]
        first = hold_session(session, juridico, cc, SessionKind.ORDINARY, datetime(2021, 3, 5, 10))
        second = plan_session(session, juridico, cc, SessionKind.ORDINARY, datetime(2021, 4, 30, 10))
    assert fixed_items(engine, first) == WITHOUT_PREVIOUS_ACTA
    assert fixed_items(engine, second) == WITH_PREVIOUS_ACTA  # the first one's acta is a draft
    with transaction(engine) as session:
        second = session.get(BoardSession, second.id)
        second.status = SessionStatus.CALLED
        open_with_quorum(session, juridico, second)
        for item in items_of(session, second):
            if item.fixed in VOTED_FIXED:
                vote_item(session, juridico, item)
    with reading(engine) as session:
        assert session.get(BoardSession, first.id).minutes_approved_in_id == second.id
        record = load_session(session, second.id, "https://pleno.example")
    # Approved there, the acta anterior is still that session's item, and its acta names the one approved.
    assert FixedItem.PREVIOUS_MINUTES in [i.fixed for i in record.items]
    assert [title for title, _ in record.previous] == ["Primera Sesión Ordinaria del Comité Coordinador"]


def test_a_session_without_quorum_leaves_no_acta_for_the_next_one_to_approve(engine, demo, juridico):
    with transaction(engine) as session:
        og = make_boards(session, demo)["OG"]
        missed = plan_called(session, juridico, og, SessionKind.ORDINARY, datetime(2021, 3, 12, 10))
        after = plan_session(session, juridico, og, SessionKind.ORDINARY, datetime(2021, 5, 14, 10))
    assert fixed_items(engine, after) == WITH_PREVIOUS_ACTA  # as long as the earlier one may be held
    with transaction(engine) as session:
        room.open_session(session, juridico, session.get(BoardSession, missed.id), None)
        room.record_no_quorum(session, juridico, session.get(BoardSession, missed.id), None)
    assert fixed_items(engine, after) == WITHOUT_PREVIOUS_ACTA


def propose(engine, actor, board_session, area, title="Informe de avance", kind=ItemKind.INFORMATIVE, now=NOW, **kw):
    with transaction(engine) as session:
        return planning.propose_item(session, actor, session.get(BoardSession, board_session.id), title=title,
                                     kind=kind, area_id=area.id, now=now, **kw)


def test_an_enlace_proposes_until_the_cutoff_and_not_after(engine, juridico, enlace_area_a, demo, board):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10), cutoff=date(2026, 6, 10))
    item = propose(engine, enlace_area_a, ordinary, demo.areas["DA"], now=datetime(2026, 6, 11, 5, tzinfo=UTC))
    assert item.status == ItemStatus.PROPOSED
    late = refused(engine, lambda s: planning.propose_item(
        s, enlace_area_a, s.get(BoardSession, ordinary.id), title="Tarde", kind=ItemKind.INFORMATIVE,
        area_id=demo.areas["DA"].id, now=datetime(2026, 6, 11, 7, tzinfo=UTC)))
    assert "venció el 10/06/2026" in str(late)
    # Legal staff may still add it: it enters the orden del día directly.
    added = propose(engine, juridico, ordinary, demo.areas["DA"], title="Tarde",
                    now=datetime(2026, 6, 15, 16, tzinfo=UTC))
    assert added.status == ItemStatus.ACCEPTED


def test_an_enlace_may_not_propose_for_another_area(engine, juridico, enlace_area_a, demo, board):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    error = refused(engine, lambda s: planning.propose_item(
        s, enlace_area_a, s.get(BoardSession, ordinary.id), title="Ajeno", kind=ItemKind.INFORMATIVE,
        area_id=demo.areas["DRI"].id, now=NOW))
    assert "su propia área" in str(error)


@pytest.mark.parametrize("fields, message", [
    ({"title": "  "}, "título"),
    ({"kind": ItemKind.FOR_APPROVAL}, "texto del acuerdo propuesto"),
    ({"matter": "Otra materia"}, "mayorías calificadas"),
    ({"followup_due": date(2026, 7, 30)}, "solo un punto para aprobación"),
    ({"kind": ItemKind.FOR_APPROVAL, "proposed_resolution": "Se aprueba.", "followup_area_ids": [-5],
      "followup_due": date(2026, 7, 30)}, "áreas responsables"),
    ({"kind": ItemKind.FOR_APPROVAL, "proposed_resolution": "Se aprueba.", "followup_due": date(2026, 6, 20)},
     "qué áreas"),
])
def test_a_wrong_item_is_refused_beside_its_field(engine, juridico, enlace_area_a, demo, board, fields, message):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    values = {"title": "Informe", "kind": ItemKind.INFORMATIVE, **fields}
    error = refused(engine, lambda s: planning.propose_item(s, enlace_area_a, s.get(BoardSession, ordinary.id),
                                                            area_id=demo.areas["DA"].id, now=NOW, **values))
    assert message.lower() in str(error).lower()
    with reading(engine) as session:
        assert session.exec(select(AgendaItem).where(AgendaItem.fixed.is_(None))).all() == []


def test_an_item_that_orders_work_keeps_its_areas_and_due_date_and_its_documents(engine, settings, juridico,
                                                                                  enlace_area_a, demo, board):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    item = propose(engine, enlace_area_a, ordinary, demo.areas["DA"], title="Ajuste presupuestal",
                   kind=ItemKind.FOR_APPROVAL, proposed_resolution="Se aprueba el ajuste.",
                   matter="nombramiento del secretario técnico",
                   followup_area_ids=[demo.areas["DRI"].id, demo.areas["DA"].id], followup_due=date(2026, 7, 31))
    with transaction(engine) as session:
        planning.attach_document(session, settings, enlace_area_a, session.get(AgendaItem, item.id), "anexo.pdf", PDF)
    with pytest.raises(UploadRejected):
        with transaction(engine) as session:
            planning.attach_document(session, settings, enlace_area_a, session.get(AgendaItem, item.id), "virus.exe",
                                     b"MZ")
    with reading(engine) as session:
        saved = session.get(AgendaItem, item.id)
        documents = planning.documents_of(session, [saved])
        assert len(session.exec(select(AgendaDocument)).all()) == 1
        mine = planning.proposals_of_my_areas(session, enlace_area_a)
    assert saved.followup_area_ids == sorted([demo.areas["DRI"].id, demo.areas["DA"].id])
    assert saved.followup_due == date(2026, 7, 31)
    assert [(f.filename, f.area_id) for f in documents[item.id]] == [("anexo.pdf", demo.areas["DA"].id)]
    assert [(r.item.title, r.area_name) for r in mine] == [("Ajuste presupuestal", "Dirección de Administración")]


def middle_titles(engine, board_session):
    with reading(engine) as session:
        return [(i.position, i.title) for i in items_of(session, board_session) if i.fixed is None]


def test_legal_staff_accept_reject_merge_and_reorder_while_fixed_items_keep_their_place(engine, juridico,
                                                                                       enlace_area_a, enlace_area_b,
                                                                                       demo, board):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    first = propose(engine, enlace_area_a, ordinary, demo.areas["DA"], title="Informe de compras",
                    description="Compras del trimestre")
    second = propose(engine, enlace_area_b, ordinary, demo.areas["DRI"], title="Informe de riesgos")
    third = propose(engine, enlace_area_b, ordinary, demo.areas["DRI"], title="Riesgos de compras",
                    description="Matriz de riesgos")
    spam = propose(engine, enlace_area_a, ordinary, demo.areas["DA"], title="Punto repetido")
    with transaction(engine) as session:
        for item in (first, second):
            decide_item(session, juridico, session.get(AgendaItem, item.id), True, item.version)
        decide_item(session, juridico, session.get(AgendaItem, spam.id), False, spam.version, "repetido")
        merge_items(session, juridico, session.get(AgendaItem, third.id), session.get(AgendaItem, first.id),
                    third.version)
    assert middle_titles(engine, ordinary) == [(4, "Informe de compras"), (5, "Informe de riesgos")]
    with transaction(engine) as session:
        current = session.get(AgendaItem, second.id)
        planning.reorder_item(session, juridico, current, -1, current.version)
    with reading(engine) as session:
        agenda = items_of(session, ordinary)
        merged = session.get(AgendaItem, first.id)
        set_aside = planning.set_aside_items(session, ordinary)
    assert [(i.position, i.fixed or i.title) for i in agenda] == [
        (1, FixedItem.ATTENDANCE), (2, FixedItem.AGENDA), (3, FixedItem.FOLLOWUP), (4, "Informe de riesgos"),
        (5, "Informe de compras"), (6, FixedItem.GENERAL)]
    assert "Riesgos de compras" in merged.description and "Matriz de riesgos" in merged.description
    assert {(i.title, i.status) for i in set_aside} == {("Punto repetido", ItemStatus.REJECTED),
                                                        ("Riesgos de compras", ItemStatus.MERGED)}
    # A page read before the move carries the old version: the second move is refused.
    stale = refused(engine, lambda s: planning.reorder_item(s, juridico, s.get(AgendaItem, second.id), 1,
                                                             second.version))
    assert isinstance(stale, Conflict)
    assert middle_titles(engine, ordinary)[0][1] == "Informe de riesgos"


def test_merging_an_item_moves_its_documents_follow_up_and_acuerdo_to_the_item_that_remains(
        engine, settings, juridico, enlace_area_a, enlace_area_b, demo, board):
    ordinary = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    kept = propose(engine, enlace_area_a, ordinary, demo.areas["DA"], title="Informe de compras")
    merged = propose(engine, enlace_area_b, ordinary, demo.areas["DRI"], title="Riesgos de compras",
                     kind=ItemKind.FOR_APPROVAL, proposed_resolution="Se aprueba la matriz de riesgos de compras.",
                     followup_area_ids=[demo.areas["DRI"].id], followup_due=date(2026, 7, 31))
    with transaction(engine) as session:
        planning.attach_document(session, settings, enlace_area_a, session.get(AgendaItem, kept.id), "compras.pdf",
                                 PDF)
        planning.attach_document(session, settings, enlace_area_b, session.get(AgendaItem, merged.id), "matriz.pdf",
                                 PDF)
        decide_item(session, juridico, session.get(AgendaItem, kept.id), True, kept.version)
    with transaction(engine) as session:
        merge_items(session, juridico, session.get(AgendaItem, merged.id), session.get(AgendaItem, kept.id),
                    merged.version)
    with reading(engine) as session:
        remaining = session.get(AgendaItem, kept.id)
        documents = planning.documents_of(session, [remaining, session.get(AgendaItem, merged.id)])
        agenda = text_of(build_agenda(session, ordinary.id, "https://pleno.example"))
        board_session = session.get(BoardSession, ordinary.id)
        # Still downloadable through the convocatoria's link by the area that sent it, and by legal staff.
        matrix = next(f for f in documents[kept.id] if f.filename == "matriz.pdf")
        for reader in (enlace_area_b, juridico):
            assert drafting.agenda_document(session, reader, board_session, matrix.id).id == matrix.id
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "sesion.puntos_fusionados")).all()
    assert [f.filename for f in documents[kept.id]] == ["compras.pdf", "matriz.pdf"]
    assert merged.id not in documents
    assert (remaining.kind, remaining.followup_area_ids, remaining.followup_due) == (
        ItemKind.FOR_APPROVAL, [demo.areas["DRI"].id], date(2026, 7, 31))
    assert remaining.proposed_resolution == "Se aprueba la matriz de riesgos de compras."
    assert "matriz.pdf: https://pleno.example/sesiones/" in agenda and "compras.pdf: https://" in agenda
    assert event.summary == ("Fusionó «Riesgos de compras» con «Informe de compras»; sus documentos pasaron al "
                             "punto: matriz.pdf")
    assert event.after["documentos"] == [matrix.id]


def test_the_session_list_splits_upcoming_and_past_and_filters_by_body_and_year(engine, juridico, board, demo):
    with transaction(engine) as session:
        other = boards.create_board(session, juridico, {"nombre": "Comité de Transparencia", "nombre_corto": "CT",
                                                        "plantilla_acuerdo": "CT/{seq:03d}/{year}"})
    june = schedule(engine, juridico, board, datetime(2026, 6, 19, 10))
    july = schedule(engine, juridico, other, datetime(2026, 7, 20, 10))
    with reading(engine) as session:
        upcoming, past = planning.list_sessions(session, juridico, now=NOW)
        assert [r.session.id for r in upcoming] == [june.id, july.id]
        assert past == []
        upcoming, past = planning.list_sessions(session, juridico, now=datetime(2026, 7, 1, tzinfo=UTC))
        assert ([r.session.id for r in upcoming], [r.session.id for r in past]) == ([july.id], [june.id])
        upcoming, _ = planning.list_sessions(session, juridico, board_id=other.id, now=NOW)
        assert [(r.board.short_name, r.title) for r in upcoming] == [("CT", "Primera Sesión Ordinaria")]
        assert planning.list_sessions(session, juridico, year=2025, now=NOW) == ([], [])
        assert planning.session_years(session, demo.organization.id) == [2026]


# -- numbers in the order the sessions are held, and the days a session may be held ---------------

def names(engine, board, kind=SessionKind.ORDINARY, year=2026) -> list[tuple[date, str]]:
    """(day, name) of the body's sessions of a type and year, in date order."""
    with reading(engine) as session:
        rows = planning.sessions_of_year(session, session.get(Board, board.id), year)
        return [(local_day(session, r), session_name(r.kind.label, r.number)) for r in rows if r.kind == kind]


def test_a_session_planned_before_others_still_planned_takes_its_place_and_they_move_up(engine, juridico, board):
    july = schedule(engine, juridico, board, datetime(2026, 7, 15, 10))
    august = schedule(engine, juridico, board, datetime(2026, 8, 14, 10))
    first = schedule(engine, juridico, board, datetime(2026, 7, 1, 10))
    assert names(engine, board) == [(date(2026, 7, 1), "Primera Sesión Ordinaria"),
                                    (date(2026, 7, 15), "Segunda Sesión Ordinaria"),
                                    (date(2026, 8, 14), "Tercera Sesión Ordinaria")]
    with reading(engine) as session:
        moved = {s.id: session.get(BoardSession, s.id) for s in (july, august)}
        terms = [d.title for s in (first, july, august)
                 for d in deadlines_of(session, s.organization_id, "sesion", s.id)]
        instances = [session.get(ProcessInstance, moved[s.id].instance_id).title for s in (july, august)]
        subjects = [t.subject for s in (july, august) for t in session.exec(select(OpenTask).where(
            OpenTask.instance_id == moved[s.id].instance_id)).all()]
        history = session.exec(select(AuditEvent).where(AuditEvent.action == "sesion.renumerada")
                               .order_by(AuditEvent.id)).all()
        form = session_form_context(session, juridico, "prepare_agenda", {"sesion": {"id": july.id}})
    assert terms == ["Convocatoria a la Primera Sesión Ordinaria 2026 del Comité Coordinador",
                     "Convocatoria a la Segunda Sesión Ordinaria 2026 del Comité Coordinador",
                     "Convocatoria a la Tercera Sesión Ordinaria 2026 del Comité Coordinador"]
    assert instances == ["Segunda Sesión Ordinaria 2026 del Comité Coordinador",
                         "Tercera Sesión Ordinaria 2026 del Comité Coordinador"]
    assert subjects == instances
    assert form == {"session_title": "Segunda Sesión Ordinaria del Comité Coordinador"}
    assert [(e.object_id, e.before, e.after) for e in history] == [
        (str(july.id), {"numero": 1}, {"numero": 2}), (str(august.id), {"numero": 2}, {"numero": 3})]
    assert history[0].summary == (
        "Era la Primera Sesión Ordinaria del Comité Coordinador; ahora es la Segunda Sesión Ordinaria del Comité "
        "Coordinador: la Primera Sesión Ordinaria del Comité Coordinador, que se programó después, se celebrará "
        "antes (las sesiones se numeran en el orden en que se celebran)")


def test_an_extraordinary_session_planned_before_another_one_is_the_primera(engine, juridico, board):
    schedule(engine, juridico, board, datetime(2026, 7, 10, 10), SessionKind.EXTRAORDINARY)
    schedule(engine, juridico, board, datetime(2026, 6, 27, 10), SessionKind.EXTRAORDINARY)  # a Saturday
    # The ordinary ones are another series.
    schedule(engine, juridico, board, datetime(2026, 6, 24, 10))
    assert names(engine, board, SessionKind.EXTRAORDINARY) == [
        (date(2026, 6, 27), "Primera Sesión Extraordinaria"), (date(2026, 7, 10), "Segunda Sesión Extraordinaria")]
    assert names(engine, board) == [(date(2026, 6, 24), "Primera Sesión Ordinaria")]


def convene(engine, board_session) -> None:
    """As if its convocatoria went out."""
    with transaction(engine) as session:
        row = session.get(BoardSession, board_session.id)
        row.status, row.called_at = SessionStatus.CALLED, NOW


def test_a_session_dated_before_one_already_convened_is_refused_and_that_one_keeps_its_number(engine, juridico,
                                                                                            board):
    convened = schedule(engine, juridico, board, datetime(2026, 7, 10, 10), SessionKind.EXTRAORDINARY)
    convene(engine, convened)
    planned = schedule(engine, juridico, board, datetime(2026, 7, 20, 10), SessionKind.EXTRAORDINARY)
    error = refused(engine, lambda s: planning.schedule_session(
        s, juridico, s.get(Board, board.id), SessionKind.EXTRAORDINARY, datetime(2026, 7, 3, 10), now=NOW))
    assert isinstance(error, OutOfOrder) and error.field == "fecha"
    assert str(error) == (
        "La Primera Sesión Extraordinaria del Comité Coordinador ya fue convocada para el 10 de julio de 2026 y "
        "conserva su número, el que dice su convocatoria; una sesión del 3 de julio de 2026 se celebraría antes y "
        "debería llevarlo, pues las sesiones se numeran en el orden en que se celebran. Elija una fecha posterior "
        "al 10/07/2026 o, si el órgano debe reunirse antes, cancele esa sesión y prográmela de nuevo después de "
        "esta.")
    # Between the convened one and a planned one: the planned one moves up.
    schedule(engine, juridico, board, datetime(2026, 7, 15, 10), SessionKind.EXTRAORDINARY)
    assert names(engine, board, SessionKind.EXTRAORDINARY) == [
        (date(2026, 7, 10), "Primera Sesión Extraordinaria"), (date(2026, 7, 15), "Segunda Sesión Extraordinaria"),
        (date(2026, 7, 20), "Tercera Sesión Extraordinaria")]
    with reading(engine) as session:
        assert session.get(BoardSession, planned.id).number == 3


def test_a_cancelled_session_keeps_its_number_and_a_new_one_does_not_take_it(engine, juridico, board):
    cancelled = schedule(engine, juridico, board, datetime(2026, 7, 10, 10), SessionKind.EXTRAORDINARY)
    with transaction(engine) as session:
        session.get(BoardSession, cancelled.id).status = SessionStatus.CANCELLED
    schedule(engine, juridico, board, datetime(2026, 7, 3, 10), SessionKind.EXTRAORDINARY)
    with reading(engine) as session:
        assert session.get(BoardSession, cancelled.id).number == 1
    assert names(engine, board, SessionKind.EXTRAORDINARY) == [
        (date(2026, 7, 3), "Segunda Sesión Extraordinaria"), (date(2026, 7, 10), "Primera Sesión Extraordinaria")]


def test_an_ordinary_session_past_the_bodys_ordinary_sessions_a_year_is_refused(engine, juridico, board):
    for day in (date(2026, 7, 1), date(2026, 8, 3), date(2026, 9, 1), date(2026, 10, 1)):
        schedule(engine, juridico, board, datetime.combine(day, time(10)))
    error = refused(engine, lambda s: planning.schedule_session(
        s, juridico, s.get(Board, board.id), SessionKind.ORDINARY, datetime(2026, 11, 3, 10), now=NOW))
    assert (error.field, str(error)) == ("tipo", (
        "Comité Coordinador ya tiene programadas sus 4 sesiones ordinarias de 2026, las que fijan sus reglas. "
        "Programe esta como extraordinaria o, si el órgano celebra más sesiones ordinarias al año, cambie ese "
        "número en sus reglas."))
    assert len(names(engine, board)) == 4
    # An extraordinary one, or another year, is planned.
    schedule(engine, juridico, board, datetime(2026, 11, 3, 10), SessionKind.EXTRAORDINARY)
    schedule(engine, juridico, board, datetime(2027, 1, 20, 10))


def test_two_planners_at_once_number_their_sessions_by_date(engine, juridico, board):
    def plan(day):
        return lambda s: planning.schedule_session(s, juridico, s.get(Board, board.id), SessionKind.EXTRAORDINARY,
                                                   datetime.combine(day, time(10)), now=NOW).id
    first, second = second_runs_into_first(engine, plan(date(2026, 7, 10)), plan(date(2026, 7, 3)))
    assert isinstance(first, int) and isinstance(second, int)
    assert names(engine, board, SessionKind.EXTRAORDINARY) == [
        (date(2026, 7, 3), "Primera Sesión Extraordinaria"), (date(2026, 7, 10), "Segunda Sesión Extraordinaria")]


@pytest.mark.parametrize("day, kind, message", [
    # Thursday 4 June: the convocatoria (5 días naturales) was due Friday 29 May. Monday 8 June's is due
    # Wednesday 3 June; Friday 5 June's was due on Friday 29 May too (31 May is a Sunday).
    (date(2026, 6, 4), SessionKind.ORDINARY,
     "La convocatoria a una sesión ordinaria del Comité Coordinador se envía con 5 días naturales de anticipación: "
     "para el 4 de junio de 2026, a más tardar el 29 de mayo de 2026, que ya pasó. La fecha más próxima posible es "
     "el 8 de junio de 2026."),
    (date(2026, 9, 16), SessionKind.ORDINARY,
     "El 16/09/2026 es inhábil (Día de la Independencia, LFT art. 74); una sesión ordinaria se celebra en día "
     "hábil. Elija otro día o, si el asunto no puede esperar, programe una sesión extraordinaria."),
    (date(2026, 6, 27), SessionKind.ORDINARY, "El 27/06/2026 es inhábil (sábado); una sesión ordinaria"),
    (date(2026, 7, 9), SessionKind.ORDINARY, "El 09/07/2026 es inhábil (Día del servidor público — Acuerdo 7/2026)"),
])
def test_an_ordinary_session_on_a_dia_inhabil_or_too_late_to_convene_is_refused_beside_the_date(
        engine, juridico, board, admin, day, kind, message):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2026, 7, 9), date(2026, 7, 9), "Día del servidor público",
                            "Acuerdo 7/2026")
    error = refused(engine, lambda s: planning.schedule_session(s, juridico, s.get(Board, board.id), kind,
                                                                datetime.combine(day, time(10)), now=NOW))
    assert error.field == "fecha" and str(error).startswith(message)
    with reading(engine) as session:
        assert session.exec(select(BoardSession)).all() == []


def test_an_extraordinary_session_may_be_held_on_a_dia_inhabil_or_convened_late_and_the_form_says_so(
        engine, juridico, board):
    with reading(engine) as session:
        cc = session.get(Board, board.id)
        saturday = planning.check_day(session, cc, SessionKind.EXTRAORDINARY, date(2026, 6, 27), date(2026, 6, 1))
        tomorrow = planning.check_day(session, cc, SessionKind.EXTRAORDINARY, date(2026, 6, 2), date(2026, 6, 1))
        ordinary = planning.check_day(session, cc, SessionKind.ORDINARY, date(2026, 6, 26), date(2026, 6, 1))
    assert saturday.refusal is None and saturday.advice == (
        "El 27/06/2026 es inhábil (sábado): una sesión extraordinaria puede celebrarse ese día cuando el asunto es "
        "urgente. La convocatoria debe enviarse a más tardar el 25 de junio de 2026 (2 días naturales de "
        "anticipación).")
    assert tomorrow.refusal is None and tomorrow.advice == (
        "Su convocatoria debía enviarse a más tardar el 29 de mayo de 2026 (2 días naturales de anticipación): se "
        "enviará fuera de plazo, con la justificación de la urgencia.")
    assert ordinary.advice == ("La convocatoria debe enviarse a más tardar el 19 de junio de 2026 (5 días naturales "
                               "de anticipación).")
    assert schedule(engine, juridico, board, datetime(2026, 6, 27, 10), SessionKind.EXTRAORDINARY).number == 1


@pytest.mark.parametrize("day, message", [
    (date(2027, 9, 16), "El 16/09/2027 es inhábil (Día de la Independencia, LFT art. 74)"),
    (date(2027, 11, 2), "El 02/11/2027 es inhábil (Día de Muertos — Acuerdo 9/2027)"),
    (date(2027, 6, 5), "El 05/06/2027 es inhábil (sábado)"),
])
def test_the_annual_calendar_refuses_a_dia_inhabil_naming_why(engine, juridico, board, admin, day, message):
    with transaction(engine) as session:
        declare_non_working(session, admin, date(2027, 11, 2), date(2027, 11, 2), "Día de Muertos", "Acuerdo 9/2027")
    dates = [datetime(2027, 2, 10, 10), datetime(2027, 5, 10, 10), datetime(2027, 8, 10, 10),
             datetime.combine(day, time(10))]
    error = refused(engine, lambda s: planning.propose_calendar(s, juridico, s.get(Board, board.id), 2027, dates,
                                                                now=NOW))
    assert error.field == "fechas" and str(error).startswith(message)
    with reading(engine) as session:
        assert session.exec(select(BoardSession)).all() == []
        assert session.exec(select(AnnualCalendar)).all() == []


def test_the_annual_calendar_refuses_a_date_too_near_to_convene_it_in_time(engine, juridico, board):
    dates = [datetime(2026, 6, 4, 10), datetime(2026, 8, 10, 10), datetime(2026, 10, 12, 10),
             datetime(2026, 12, 10, 10)]
    error = refused(engine, lambda s: planning.propose_calendar(s, juridico, s.get(Board, board.id), 2026, dates,
                                                                now=NOW))
    assert "La fecha más próxima posible es el 8 de junio de 2026." in str(error)
