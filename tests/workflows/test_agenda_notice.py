"""A change to the orden del día after the convocatoria went out: each convened member and suplente gets, once,
a bell notice (with an account in Pleno) and an e-mail «Modificación al orden del día — …» naming the item."""

from dataclasses import replace
from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser

from sqlmodel import select

from board_session_steps import boards, complete, on, plan, reload, session_clock  # noqa: F401
from engine.db import transaction
from engine.notifications import Notification
from engine.outbox import OutboxMessage, deliver
from smtp_sink import Sink, smtp_server
from workflows.board_session import planning
from workflows.board_session.agenda_notice import AgendaChange, agenda_changed
from workflows.board_session.models import AgendaItem, BoardMember, BoardSession, ItemKind, SessionKind, SessionNotice
from workflows.board_session.sessions import merge_items

SESSION_AT = datetime(2021, 6, 30, 10, 0)
TITLE = "Primera Sesión Ordinaria del Comité Coordinador"
SUBJECT = f"Modificación al orden del día — {TITLE}"
LATE = "Informe de la auditoría al ejercicio 2020"


def convened(engine, demo, juridico) -> BoardSession:
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    on(date(2021, 6, 21))
    complete(engine, juridico, board_session.instance_id, "prepare_agenda", {"confirmar": True})
    complete(engine, juridico, board_session.instance_id, "send_notice", {"confirmar": True})
    return reload(engine, BoardSession, board_session.id)


def add_late_item(engine, juridico, board_session, title=LATE) -> AgendaItem:
    """Jurídica adds an item after the convocatoria, as the «Agregar un punto» page does."""
    with transaction(engine) as db:
        return planning.propose_item(db, juridico, db.get(BoardSession, board_session.id), title=title,
                                     kind=ItemKind.INFORMATIVE, area_id=None,
                                     now=datetime(2021, 6, 24, 16, tzinfo=UTC))


def told(engine) -> list[OutboxMessage]:
    with transaction(engine) as db:
        return list(db.exec(select(OutboxMessage).where(OutboxMessage.kind == "orden_modificado")
                            .order_by(OutboxMessage.id)).all())


def convened_notices(engine, session_id) -> dict[str, SessionNotice]:
    with transaction(engine) as db:
        return {n.email: n for n in db.exec(select(SessionNotice).where(SessionNotice.session_id == session_id))}


def test_an_item_added_after_the_convocatoria_reaches_every_member_and_suplente_convened_once(
        engine, demo, juridico, settings):
    board_session = convened(engine, demo, juridico)
    assert told(engine) == []
    item = add_late_item(engine, juridico, board_session)
    notices = convened_notices(engine, board_session.id)
    messages = told(engine)
    assert sorted(m.to_address for m in messages) == sorted(notices) and len(notices) == 11
    assert {m.subject for m in messages} == {SUBJECT}
    for message in messages:
        token = notices[message.to_address].token
        assert f"Se agregó el punto «{LATE}»." in message.body
        # The orden del día as it stands now, on the member's own page (no account needed).
        assert f"{settings.base_url}/convocatoria/{token}\n" in message.body
    # A retry of the same step, or the same change told again, writes nothing new.
    with transaction(engine) as db:
        agenda_changed(db, db.get(BoardSession, board_session.id), db.get(AgendaItem, item.id), AgendaChange.ADDED)
    assert len(told(engine)) == 11
    sink = Sink()
    with smtp_server(sink) as port:
        deliver(engine, replace(settings, mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=port))
    received = [BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in sink.messages]
    # The convocatoria first, then the change: each member receives both, the change once.
    assert sorted(m["To"] for m in received if m["Subject"] == SUBJECT) == sorted(notices)
    assert len(received) == 22


def test_a_member_with_an_account_also_finds_the_change_under_the_bell(engine, demo, juridico):
    board_session = convened(engine, demo, juridico)
    add_late_item(engine, juridico, board_session)
    user = demo.users["integrante"]  # the CC vocal Carmen Ortiz
    with transaction(engine) as db:
        bells = db.exec(select(Notification).where(Notification.user_id == user.id)).all()
        token = db.exec(select(SessionNotice.token).join(BoardMember, BoardMember.id == SessionNotice.member_id)
                        .where(SessionNotice.session_id == board_session.id, BoardMember.user_id == user.id)).one()
    assert [(b.title, b.link) for b in bells] == [(SUBJECT, f"/convocatoria/{token}")]
    assert f"Se agregó el punto «{LATE}»." in bells[0].body


def test_two_items_merged_after_the_convocatoria_tell_which_one_left(engine, demo, juridico):
    board_session = convened(engine, demo, juridico)
    first = add_late_item(engine, juridico, board_session, "Informe de compras")
    second = add_late_item(engine, juridico, board_session, "Informe de adquisiciones")
    with transaction(engine) as db:
        merge_items(db, juridico, db.get(AgendaItem, second.id), db.get(AgendaItem, first.id), None)
    merged = [m for m in told(engine) if "adquisiciones" in m.body and "fusionó" in m.body]
    assert len(merged) == 11
    assert all("El punto «Informe de adquisiciones» se fusionó con el punto «Informe de compras»." in m.body
               for m in merged)


def test_a_change_before_the_convocatoria_tells_nobody(engine, demo, juridico):
    board_session = plan(engine, juridico, boards(engine, demo)["CC"], SessionKind.ORDINARY, SESSION_AT)
    add_late_item(engine, juridico, board_session)
    assert told(engine) == []
