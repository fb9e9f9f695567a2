"""The session in the room: attendance and quorum from the seats, votes refused with a reason, results."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from engine.db import reading, transaction
from workflows.board_session import room
from workflows.board_session.models import (AgendaItem, AttendanceStatus, BoardSession, FixedItem, ItemResult,
                                            MinutesStatus, Resolution, SessionKind, SessionStatus, Vote, VoteSense)
from workflows.board_session.room_view import room_view
from workflows.board_session.sessions import BoardError, items_of

from tests.board_quarter import (Item, hold_session, make_boards, member, open_with_quorum, plan_called, quarter_of,
                                 vote_item)

PRESIDENTA = "Lucía Hernández"
AUDITOR, FISCAL, SECRETARIA = "Alberto Ruiz", "Mario Gutiérrez", "Carmen Ortiz"
JUDICATURA, INSTITUTO, TRIBUNAL = "Jorge Alfaro", "Ana Laura Moreno", "Óscar Villatoro"
TECNICO, INVITADA = "Rafael Domínguez", "Elena Cruz"
WHEN = datetime(2021, 4, 9, 10, 0)
POLICY = Item("Propuesta de Política Estatal Anticorrupción", "Se aprueba la Política Estatal Anticorrupción.")
REPORT = Item("Informe de avance de la Plataforma Digital Estatal")


@pytest.fixture
def boards(engine, demo):
    with transaction(engine) as db:
        return make_boards(db, demo)


def called(engine, juridico, board, items=(POLICY, REPORT), kind=SessionKind.EXTRAORDINARY, when=WHEN):
    with transaction(engine) as db:
        return plan_called(db, juridico, board, kind, when, items)


def mark(engine, juridico, board_session, board, marks):
    """Open the session (if still convocada) and record the given seats' attendance."""
    with transaction(engine) as db:
        board_session = db.get(BoardSession, board_session.id)
        if board_session.status == SessionStatus.CALLED:
            room.open_session(db, juridico, board_session, None)
        for name, status in marks.items():
            seat = member(db, board, name)
            substitute = None
            if status == AttendanceStatus.SUBSTITUTE:
                substitute = room.substitutes(db, board, WHEN.date())[seat.id][0].id
            room.record_attendance(db, juridico, board_session, seat.id, status, substitute)
        return room.quorum(db, board_session)


def in_quorum(engine, juridico, board, attendance=None, items=(POLICY, REPORT)):
    board_session = called(engine, juridico, board, items)
    with transaction(engine) as db:
        board_session = db.get(BoardSession, board_session.id)
        open_with_quorum(db, juridico, board_session, attendance)
        return board_session


def item_titled(engine, board_session, title) -> AgendaItem:
    with transaction(engine) as db:
        return next(i for i in items_of(db, board_session) if i.title == title)


def vote(engine, juridico, item, name, sense=VoteSense.FOR, board=None):
    with transaction(engine) as db:
        seat = member(db, board, name)
        return room.cast_vote(db, juridico, db.get(AgendaItem, item.id), seat.id, sense)


def votes_on(engine, item) -> int:
    with transaction(engine) as db:
        return db.exec(select(func.count()).select_from(Vote).where(Vote.item_id == item.id)).one()


def test_voice_only_members_and_invitados_do_not_count_for_the_quorum(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    present = AttendanceStatus.PRESENT
    check = mark(engine, juridico, board_session, cc, {PRESIDENTA: present, AUDITOR: present, FISCAL: present,
                                                       TECNICO: present, INVITADA: present})
    assert (check.met, check.present, check.seats, check.required) == (False, 3, 7, 4)
    with transaction(engine) as db, pytest.raises(BoardError, match="3 de 7 integrantes con voto presentes; se "
                                                                      "requieren 4"):
        room.declare_quorum(db, juridico, db.get(BoardSession, board_session.id), None)
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).quorum_declared_at is None


def test_a_suplente_present_counts_for_the_seat(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    present = AttendanceStatus.PRESENT
    mark(engine, juridico, board_session, cc, {PRESIDENTA: present, FISCAL: present, SECRETARIA: present})
    check = mark(engine, juridico, board_session, cc, {AUDITOR: AttendanceStatus.SUBSTITUTE})
    assert (check.met, check.present) == (True, 4)
    with transaction(engine) as db:
        room.declare_quorum(db, juridico, db.get(BoardSession, board_session.id), None)
        seat = next(s for s in room.room_seats(db, board_session) if s.member.name.endswith("Ruiz Zenteno"))
        assert seat.sitting.name == "Lic. Fernanda Coutiño Ramos"


def test_a_suplente_who_is_not_the_seats_is_refused(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    with transaction(engine) as db:
        room.open_session(db, juridico, db.get(BoardSession, board_session.id), None)
    with transaction(engine) as db, pytest.raises(BoardError, match="no tiene registrado ese suplente"):
        other = member(db, cc, "Daniel Estrada")  # the Fiscal's suplente
        room.record_attendance(db, juridico, db.get(BoardSession, board_session.id), member(db, cc, AUDITOR).id,
                               AttendanceStatus.SUBSTITUTE, other.id)


def test_the_second_call_is_held_with_the_minimum_present(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    present = AttendanceStatus.PRESENT
    mark(engine, juridico, board_session, cc, {PRESIDENTA: present, AUDITOR: present, FISCAL: present})
    with transaction(engine) as db:
        board_session = db.get(BoardSession, board_session.id)
        room.second_call(db, juridico, board_session, None)
        check = room.declare_quorum(db, juridico, board_session, None)
    assert check.message == ("Hay quórum legal en segunda convocatoria: 3 de 7 integrantes con voto presentes "
                             "(se requieren 3).")


def test_a_session_without_quorum_is_recorded_as_such(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    mark(engine, juridico, board_session, cc, {PRESIDENTA: AttendanceStatus.PRESENT})
    with transaction(engine) as db:
        room.record_no_quorum(db, juridico, db.get(BoardSession, board_session.id), None)
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).status == SessionStatus.NO_QUORUM


@pytest.mark.parametrize("who, message", [
    ("non-member", "Esa persona no integra el órgano: no puede votar."),
    ("absent", "Lic. Mario Gutiérrez Coello no está presente (ni su suplente): no puede votar."),
    ("voice only", "Mtro. Rafael Domínguez Solís participa con voz pero sin voto."),
    ("invitada", "Lic. Elena Cruz Trujillo participa con voz pero sin voto."),
])
def test_a_vote_by_someone_without_a_vote_in_the_room_is_refused(engine, juridico, boards, who, message):
    cc, og = boards["CC"], boards["OG"]
    board_session = in_quorum(engine, juridico, cc, {FISCAL: AttendanceStatus.ABSENT})
    item = item_titled(engine, board_session, POLICY.title)
    with transaction(engine) as db:
        seat = {"non-member": member(db, og, "Irma Castañeda"), "absent": member(db, cc, FISCAL),
                "voice only": member(db, cc, TECNICO), "invitada": member(db, cc, INVITADA)}[who]
    with transaction(engine) as db, pytest.raises(BoardError) as refusal:
        room.cast_vote(db, juridico, db.get(AgendaItem, item.id), seat.id, VoteSense.FOR)
    assert str(refusal.value).startswith(message)
    assert votes_on(engine, item) == 0


def test_a_vote_recorded_twice_is_refused_and_the_first_stands(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    item = item_titled(engine, board_session, POLICY.title)
    vote(engine, juridico, item, AUDITOR, VoteSense.AGAINST, cc)
    with pytest.raises(BoardError, match=r"El voto de C.P. Alberto Ruiz Zenteno en este punto ya está registrado "
                                         r"\(en contra\)"):
        vote(engine, juridico, item, AUDITOR, VoteSense.FOR, cc)
    with transaction(engine) as db:
        assert [v.sense for v in db.exec(select(Vote).where(Vote.item_id == item.id)).all()] == [VoteSense.AGAINST]


def test_a_suplente_votes_for_the_seat(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc, {AUDITOR: "suplente"})
    item = item_titled(engine, board_session, POLICY.title)
    recorded = vote(engine, juridico, item, AUDITOR, VoteSense.FOR, cc)
    with transaction(engine) as db:
        assert (recorded.member_id, recorded.cast_by_id) == (member(db, cc, AUDITOR).id,
                                                              member(db, cc, "Fernanda Coutiño").id)


def test_no_vote_before_the_quorum_is_declared(engine, juridico, boards):
    cc = boards["CC"]
    board_session = called(engine, juridico, cc)
    mark(engine, juridico, board_session, cc, {name: AttendanceStatus.PRESENT for name in (
        PRESIDENTA, AUDITOR, FISCAL, SECRETARIA)})
    item = item_titled(engine, board_session, POLICY.title)
    with pytest.raises(BoardError, match="La sesión no tiene quórum declarado: no se puede votar."):
        vote(engine, juridico, item, AUDITOR, VoteSense.FOR, cc)
    assert votes_on(engine, item) == 0


def test_an_informative_item_is_not_voted(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    item = item_titled(engine, board_session, REPORT.title)
    with pytest.raises(BoardError, match="Este punto es informativo: no se vota."):
        vote(engine, juridico, item, AUDITOR, VoteSense.FOR, cc)
    assert votes_on(engine, item) == 0


def test_no_vote_after_the_vote_closed(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc, {FISCAL: AttendanceStatus.ABSENT})
    item = item_titled(engine, board_session, POLICY.title)
    with transaction(engine) as db:
        vote_item(db, juridico, db.get(AgendaItem, item.id))
    with pytest.raises(BoardError, match=r"La votación de este punto ya se cerró \(aprobado\)."):
        vote(engine, juridico, item, FISCAL, VoteSense.AGAINST, cc)
    assert votes_on(engine, item) == 6


def test_closing_a_vote_with_votes_missing_names_who_has_not_voted(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc, {AUDITOR: "suplente", TRIBUNAL: AttendanceStatus.ABSENT})
    item = item_titled(engine, board_session, POLICY.title)
    for name in (PRESIDENTA, FISCAL, JUDICATURA, INSTITUTO):
        vote(engine, juridico, item, name, VoteSense.FOR, cc)
    with transaction(engine) as db, pytest.raises(BoardError) as refusal:
        room.close_vote(db, juridico, db.get(AgendaItem, item.id), item.version)
    assert str(refusal.value) == ("Faltan los votos de: Lic. Fernanda Coutiño Ramos, Mtra. Carmen Ortiz Ramírez.")
    with transaction(engine) as db:
        assert db.get(AgendaItem, item.id).result is None
        assert db.exec(select(Resolution)).all() == []


def test_the_result_is_computed_and_a_rejected_item_takes_no_number(engine, juridico, boards):
    cc = boards["CC"]
    second = Item("Lineamientos de recomendaciones", "Se aprueban los lineamientos.")
    board_session = in_quorum(engine, juridico, cc, items=(POLICY, second))
    against = {name: VoteSense.AGAINST for name in (AUDITOR, FISCAL, SECRETARIA, JUDICATURA)}
    policy, lineamientos = (item_titled(engine, board_session, i.title) for i in (POLICY, second))
    with transaction(engine) as db:
        rejected = vote_item(db, juridico, db.get(AgendaItem, policy.id), against)
        approved = vote_item(db, juridico, db.get(AgendaItem, lineamientos.id))
    assert rejected is None and approved.number == "001/CC/SAECH/2021"
    assert approved.approved_on == WHEN.date()
    with transaction(engine) as db:
        item = db.get(AgendaItem, policy.id)
        assert (item.result, item.votes_for, item.votes_against, item.result_rule) == (
            ItemResult.NOT_APPROVED, 3, 4, "mayoría simple de votos")


def test_a_tie_is_decided_by_the_presidentas_vote_in_the_room(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc, {TRIBUNAL: AttendanceStatus.ABSENT})
    votes = {AUDITOR: VoteSense.AGAINST, FISCAL: VoteSense.AGAINST, SECRETARIA: VoteSense.AGAINST}
    item = item_titled(engine, board_session, POLICY.title)
    with transaction(engine) as db:
        resolution = vote_item(db, juridico, db.get(AgendaItem, item.id), votes)
    assert resolution is not None
    with transaction(engine) as db:
        assert "voto de calidad" in db.get(AgendaItem, resolution.item_id).result_rule


def test_the_session_is_not_closed_while_a_vote_is_open(engine, juridico, boards):
    cc = boards["CC"]
    board_session = in_quorum(engine, juridico, cc)
    with transaction(engine) as db:
        for item in items_of(db, board_session):
            if item.fixed == FixedItem.AGENDA:
                vote_item(db, juridico, item)
    with transaction(engine) as db, pytest.raises(BoardError, match="Cierre la votación de: Propuesta de Política"):
        room.close_session(db, juridico, db.get(BoardSession, board_session.id), None)
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).status == SessionStatus.IN_PROGRESS


def test_the_acta_anterior_approved_marks_the_previous_sessions_acta(engine, demo, juridico):
    quarter = quarter_of(engine, demo, juridico)
    with transaction(engine) as db:
        extraordinary = db.get(BoardSession, quarter.sessions["cc_extraordinaria_1"].id)
        ordinary = db.get(BoardSession, quarter.sessions["cc_ordinaria_1"].id)
        assert (extraordinary.minutes_status, extraordinary.minutes_approved_in_id) == (MinutesStatus.APPROVED,
                                                                                        ordinary.id)
        assert extraordinary.minutes_approved_on == ordinary.scheduled_at.date()
        assert ordinary.minutes_status == MinutesStatus.DRAFT
        og_first = db.get(BoardSession, quarter.sessions["og_ordinaria_1"].id)
        assert og_first.minutes_approved_in_id == quarter.sessions["og_ordinaria_2"].id


def test_an_acta_left_pending_by_an_extraordinary_session_is_approved_with_the_next_ordinary_ones(
        engine, boards, juridico):
    with transaction(engine) as db:
        cc = boards["CC"]
        first = hold_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 3, 5, 10, 0))
        extraordinary = hold_session(db, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2021, 3, 19, 10, 0),
                                     [POLICY])
        second = hold_session(db, juridico, cc, SessionKind.ORDINARY, datetime(2021, 4, 2, 10, 0))
        # The extraordinary session has no "acta anterior": both actas waited for the next ordinary one.
        for earlier in (first, extraordinary):
            assert (earlier.minutes_status, earlier.minutes_approved_in_id) == (MinutesStatus.APPROVED, second.id)
        assert second.minutes_status == MinutesStatus.DRAFT


def test_a_session_cannot_be_opened_before_the_day_it_is_convened_for(engine, juridico, boards):
    board_session = called(engine, juridico, boards["CC"])
    the_day_before = datetime(2021, 4, 8, 18, 0, tzinfo=UTC)  # 12:00 in Mexico City
    with transaction(engine) as db, pytest.raises(BoardError) as refused:
        room.open_session(db, juridico, db.get(BoardSession, board_session.id), None, now=the_day_before)
    assert str(refused.value).startswith(
        "La sesión está convocada para el 9 de abril de 2021 a las 10:00; no puede abrirse antes de ese día (hoy es "
        "8 de abril de 2021).")
    assert "cancele esta sesión con su motivo y programe y convoque una nueva" in str(refused.value)
    with transaction(engine) as db:
        assert db.get(BoardSession, board_session.id).status == SessionStatus.CALLED
        # At the hour convened it opens.
        room.open_session(db, juridico, db.get(BoardSession, board_session.id), None,
                          now=datetime(2021, 4, 9, 15, 0, tzinfo=UTC))
        assert db.get(BoardSession, board_session.id).status == SessionStatus.IN_PROGRESS


def test_a_session_cannot_be_opened_before_the_hour_it_is_convened_for(engine, juridico, boards):
    board_session = called(engine, juridico, boards["CC"])
    # 02:46 on the day convened (10:00, Mexico City in 2021's summer time: UTC-5): the acta would say
    # it was held «siendo las dos horas con cuarenta y seis minutos».
    for early in (datetime(2021, 4, 9, 7, 46, tzinfo=UTC), datetime(2021, 4, 9, 14, 59, tzinfo=UTC)):
        with transaction(engine) as db, pytest.raises(BoardError) as refused:
            room.open_session(db, juridico, db.get(BoardSession, board_session.id), None, now=early)
        assert str(refused.value).startswith(
            f"La sesión está convocada para hoy, 9 de abril de 2021, a las 10:00; no puede abrirse antes de esa hora "
            f"(son las {early.hour - 5:02d}:{early.minute:02d}).")
        with reading(engine) as db:
            assert (db.get(BoardSession, board_session.id).status,
                    db.get(BoardSession, board_session.id).opened_at) == (SessionStatus.CALLED, None)


def test_a_session_held_later_than_convened_numbers_its_acuerdos_on_the_day_it_was_held(engine, juridico, boards):
    board_session = in_quorum(engine, juridico, boards["CC"])
    with transaction(engine) as db:
        db.get(BoardSession, board_session.id).opened_at = datetime(2021, 4, 12, 17, 0, tzinfo=UTC)  # Monday
    policy = item_titled(engine, board_session, POLICY.title)
    with transaction(engine) as db:
        resolution = vote_item(db, juridico, db.get(AgendaItem, policy.id))
        assert resolution.approved_on == date(2021, 4, 12)


CE_CHAIR, CE_MORALES, CE_AGUILAR, CE_PEREZ, CE_LEON = ("Rafael Domínguez", "Héctor Morales", "Silvia Aguilar",
                                                       "Ricardo Pérez", "Patricia León")


def ce_without_quorum_after_two_leave(engine, juridico, boards):
    """The Comisión Ejecutiva (five seats with vote, three make quorum): four present, quorum declared, the
    orden del día voted by the four; then two of them are marked «Ausente»."""
    ce = boards["CE"]
    board_session = in_quorum(engine, juridico, ce, {CE_LEON: AttendanceStatus.ABSENT})
    with transaction(engine) as db:
        agenda = next(i for i in items_of(db, board_session) if i.fixed == FixedItem.AGENDA)
        vote_item(db, juridico, agenda)
    check = mark(engine, juridico, board_session, ce, {CE_AGUILAR: AttendanceStatus.ABSENT,
                                                        CE_PEREZ: AttendanceStatus.ABSENT})
    assert (check.met, check.present, check.seats, check.required) == (False, 2, 5, 3)
    return board_session


def test_no_vote_is_taken_once_members_withdraw_and_the_quorum_is_lost(engine, juridico, boards):
    ce = boards["CE"]
    board_session = ce_without_quorum_after_two_leave(engine, juridico, boards)
    policy = item_titled(engine, board_session, POLICY.title)
    with pytest.raises(BoardError) as refused:
        vote(engine, juridico, policy, CE_CHAIR, VoteSense.FOR, ce)
    assert str(refused.value).startswith("Se perdió el quórum legal: hay 2 de 5 integrantes con voto presentes y, en "
                                         "primera convocatoria, se requieren 3. No se puede votar mientras no se "
                                         "restablezca.")
    assert votes_on(engine, policy) == 0
    # Nor is a vote closed: its count would be taken without the quorum.
    with transaction(engine) as db, pytest.raises(BoardError, match="Se perdió el quórum legal"):
        room.close_vote(db, juridico, db.get(AgendaItem, policy.id), None)
    # One of them comes back: the quorum stands again, and so does the vote.
    mark(engine, juridico, board_session, ce, {CE_PEREZ: AttendanceStatus.PRESENT})
    vote(engine, juridico, policy, CE_CHAIR, VoteSense.FOR, ce)
    assert votes_on(engine, policy) == 1


def test_a_session_whose_quorum_was_lost_closes_as_held_with_its_unvoted_items_pending(engine, juridico, boards):
    board_session = ce_without_quorum_after_two_leave(engine, juridico, boards)
    with transaction(engine) as db:
        room.close_session(db, juridico, db.get(BoardSession, board_session.id), None)
    with transaction(engine) as db:
        held = db.get(BoardSession, board_session.id)
        policy = next(i for i in items_of(db, held) if i.title == POLICY.title)
        assert (held.status, held.minutes_status) == (SessionStatus.HELD, MinutesStatus.DRAFT)
        assert policy.result is None
        assert db.exec(select(func.count()).select_from(Resolution).where(
            Resolution.session_id == held.id)).one() == 0


def test_the_room_says_the_quorum_was_lost_and_offers_no_vote(engine, juridico, boards):
    board_session = ce_without_quorum_after_two_leave(engine, juridico, boards)
    with transaction(engine) as db:
        view = room_view(db, db.get(BoardSession, board_session.id))
        assert view.quorum_lost.startswith("Se perdió el quórum legal: hay 2 de 5")
        assert "Puede sesionar en segunda convocatoria" not in view.quorum_lost
        assert not view.voting_open
