"""The daily digest: one e-mail per person per día hábil from 08:00 local, with their overdue and soon-due deadlines.

Calendar 2026 (LFT art. 74): Monday 16 March is a holiday; 24 March is a Tuesday. The demo
organization is in America/Mexico_City (UTC−6 all year).
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import select

from engine.accounts import User
from engine.calendar_overlay import declare_non_working
from engine.db import reading, transaction
from engine.deadlines import Deadline, DeadlineKind, DeadlineStatus
from engine.digests import send_digests_once
from engine.outbox import OutboxMessage

MX = ZoneInfo("America/Mexico_City")
TUESDAY = date(2026, 3, 24)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MX).astimezone(UTC)


def a_deadline(engine, demo, title: str, due: date, user: str | None = None, area: str | None = None,
               status: DeadlineStatus = DeadlineStatus.OPEN, kind: DeadlineKind = DeadlineKind.RESPUESTA,
               rule_key: str = "respuesta") -> None:
    with transaction(engine) as session:
        session.add(Deadline(
            organization_id=demo.organization.id, subject_type="solicitud", subject_id=title, title=title,
            kind=kind, procedure="acceso", rule_set_code="MX-LGTAIP-2025", rule_key=rule_key,
            days=20, unit="habiles", basis="LGTAIP 2025, art. 134", anchored_at=at(date(2026, 2, 20), 10),
            starts_after=date(2026, 2, 20), counted_from=date(2026, 2, 23), due_on=due,
            due_at=datetime.combine(due, time(18), tzinfo=MX), status=status,
            responsible_user_id=demo.users[user].id if user else None,
            responsible_area_id=demo.areas[area].id if area else None))


def digests(engine) -> dict[str, OutboxMessage]:
    """Digests written so far, by the recipient's username and day."""
    with reading(engine) as session:
        found = session.exec(select(OutboxMessage, User.username).join(User, User.id == OutboxMessage.recipient_user_id)
                             .where(OutboxMessage.kind == "resumen")).all()
    return {f"{username}:{row.key.rsplit(':', 1)[1]}": row for row, username in found}


def three_deadlines(engine, demo) -> None:
    a_deadline(engine, demo, "Solicitud 0101/2026", date(2026, 3, 20), user="juridico",
               status=DeadlineStatus.MISSED)
    a_deadline(engine, demo, "Solicitud 0102/2026", date(2026, 3, 26), area="DA")  # 2 días hábiles after Tuesday
    a_deadline(engine, demo, "Solicitud 0103/2026", date(2026, 4, 30), user="oficialia")  # far away


def test_each_person_gets_one_digest_a_day_with_their_overdue_and_soon_deadlines(engine, demo):
    three_deadlines(engine, demo)
    assert send_digests_once(engine, at(TUESDAY, 9)) == 3
    written = digests(engine)
    # juridico answers for the overdue one, the DA enlace for its area's, transparencia for all;
    # oficialia's deadline is weeks away: nothing to say yet.
    assert sorted(written) == ["enlace_da:2026-03-24", "juridico:2026-03-24", "transparencia:2026-03-24"]
    digest = written["transparencia:2026-03-24"]
    assert digest.subject == "Resumen de plazos del 24 de marzo de 2026: 1 vencido, 1 por vencer"
    assert digest.to_address == "transparencia@sesaech.example"
    assert "Buenos días, Luis Alberto Pérez Soto." in digest.body
    assert "  - Solicitud 0101/2026 — venció el 20 de marzo de 2026 (http" in digest.body
    assert "  - Solicitud 0102/2026 — vence el 26 de marzo de 2026, en 2 días hábiles (http" in digest.body
    assert "0103/2026" not in digest.body
    assert "0102" not in written["juridico:2026-03-24"].body

    assert send_digests_once(engine, at(TUESDAY, 12)) == 0  # later passes the same day: nothing new
    assert len(digests(engine)) == 3
    assert send_digests_once(engine, at(date(2026, 3, 25), 9)) == 3  # next day: a new digest each
    assert len(digests(engine)) == 6


def test_a_requesters_term_run_out_is_no_overdue_deadline_in_the_digest(engine, demo):
    a_deadline(engine, demo, "Desahogo 0104/2026", date(2026, 3, 20), user="juridico", status=DeadlineStatus.MISSED,
               kind=DeadlineKind.DESAHOGO, rule_key="desahogo")
    a_deadline(engine, demo, "Recurso 0105/2026", date(2026, 3, 20), user="juridico", status=DeadlineStatus.MISSED,
               kind=DeadlineKind.RECURSO, rule_key="recurso")
    a_deadline(engine, demo, "Cumplimiento 0106/2026", date(2026, 3, 20), user="juridico",
               status=DeadlineStatus.MISSED, kind=DeadlineKind.RECURSO, rule_key="resolucion_recurso")
    send_digests_once(engine, at(TUESDAY, 9))
    body = digests(engine)["juridico:2026-03-24"].body
    assert "Cumplimiento 0106/2026" in body
    assert "0104/2026" not in body and "0105/2026" not in body


def test_no_digest_before_eight_in_the_morning_local_time(engine, demo):
    three_deadlines(engine, demo)
    assert send_digests_once(engine, at(TUESDAY, 7, 59)) == 0
    assert send_digests_once(engine, at(TUESDAY, 8, 0)) == 3


def test_no_digest_on_a_weekend_a_holiday_or_a_declared_dia_inhabil(engine, demo, admin):
    three_deadlines(engine, demo)
    assert send_digests_once(engine, at(date(2026, 3, 28), 10)) == 0  # Saturday
    assert send_digests_once(engine, at(date(2026, 3, 16), 10)) == 0  # LFT art. 74 holiday
    with transaction(engine) as session:
        declare_non_working(session, admin, TUESDAY, TUESDAY, "Día del servidor público estatal", "ACUERDO 3/2026")
    assert send_digests_once(engine, at(TUESDAY, 10)) == 0
    assert digests(engine) == {}


def test_a_worker_started_late_in_the_day_still_sends_the_mornings_digest(engine, demo):
    three_deadlines(engine, demo)
    assert send_digests_once(engine, at(TUESDAY, 17, 30)) == 3


def test_people_no_longer_active_get_no_digest(engine, demo):
    three_deadlines(engine, demo)
    with transaction(engine) as session:
        session.get(User, demo.users["enlace_da"].id).active = False
    send_digests_once(engine, at(TUESDAY, 9))
    assert sorted(digests(engine)) == ["juridico:2026-03-24", "transparencia:2026-03-24"]


def test_a_long_list_shows_the_first_thirty_and_counts_the_rest(engine, demo):
    for n in range(35):
        a_deadline(engine, demo, f"Solicitud {n:04d}/2026", date(2026, 3, 20), status=DeadlineStatus.MISSED)
    send_digests_once(engine, at(TUESDAY, 9))
    digest = digests(engine)["transparencia:2026-03-24"]
    assert digest.subject == "Resumen de plazos del 24 de marzo de 2026: 35 vencidos, 0 por vencer"
    assert digest.body.count("venció el") == 30
    assert "  … y 5 más: http://" in digest.body



def test_an_option_of_the_unidad_that_lapsed_is_no_overdue_deadline_in_the_digest(engine, demo):
    for kind, title in ((DeadlineKind.PREVENCION, "Prevención 0107/2026"),
                        (DeadlineKind.INCOMPETENCIA, "Incompetencia 0107/2026"),
                        (DeadlineKind.INFORMACION_PUBLICA, "Información pública 0107/2026")):
        a_deadline(engine, demo, title, date(2026, 3, 20), user="juridico", status=DeadlineStatus.MISSED, kind=kind,
                   rule_key=kind.value)
    a_deadline(engine, demo, "Respuesta 0107/2026", date(2026, 3, 20), user="juridico", status=DeadlineStatus.MISSED)
    send_digests_once(engine, at(TUESDAY, 9))
    body = digests(engine)["juridico:2026-03-24"].body
    assert "Respuesta 0107/2026" in body
    assert not [title for title in ("Prevención", "Incompetencia", "Información pública") if title in body]
