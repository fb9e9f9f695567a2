"""Statistics of the oficialía on a fixed data set, every figure worked by hand."""

from datetime import UTC, date, datetime

import pytest

from engine.db import reading, transaction
from engine.tenancy import Area, Organization
from workflows.correspondence import statistics
from workflows.correspondence.models import Channel, Correspondence, CorrespondenceStatus, Turn, TurnStatus


def add_item(session, organization, seq, received_at, topic="", status=CorrespondenceStatus.REGISTERED,
             closed_at=None, channel=Channel.VENTANILLA):
    item = Correspondence(organization_id=organization.id, folio=f"OP-{received_at.year}-{seq:06d}",
                          year=received_at.year, seq=seq, sender_name="Remitente", subject="Asunto de prueba",
                          topic=topic, channel=channel, received_at=received_at, status=status,
                          closed_at=closed_at)
    session.add(item)
    session.flush()
    return item


@pytest.fixture
def known_set(engine, demo):
    """2026: three items (one received Monday 2 March and closed Friday 6 March: 4 días hábiles), turned to DA
    twice and DRI once; 2025: one item."""
    with transaction(engine) as session:
        organization = session.get(Organization, demo.organization.id)
        area_da, area_dri = session.get(Area, demo.areas["DA"].id), session.get(Area, demo.areas["DRI"].id)
        # 2026-03-02 17:00 UTC is 11:00 in Mexico City; 2026-03-03 04:00 UTC is still 2 March there.
        a = add_item(session, organization, 1, datetime(2026, 3, 2, 17, 0, tzinfo=UTC), topic="Informes",
                     status=CorrespondenceStatus.CLOSED, closed_at=datetime(2026, 3, 7, 5, 0, tzinfo=UTC))
        b = add_item(session, organization, 2, datetime(2026, 3, 3, 4, 0, tzinfo=UTC), topic="Informes",
                     status=CorrespondenceStatus.TURNED)
        add_item(session, organization, 3, datetime(2026, 5, 20, 16, 0, tzinfo=UTC))
        add_item(session, organization, 1, datetime(2025, 12, 1, 16, 0, tzinfo=UTC), topic="Quejas")
        for item, area, status in [(a, area_da, TurnStatus.RETURNED), (a, area_da, TurnStatus.ANSWERED),
                                   (b, area_dri, TurnStatus.PENDING)]:
            session.add(Turn(organization_id=organization.id, correspondence_id=item.id, area_id=area.id,
                             instruction="Atender", due_date=date(2026, 3, 10), status=status))
        return organization.id


def test_received_per_day_counts_by_local_day_with_zeros(engine, known_set):
    with reading(engine) as session:
        days = statistics.received_per_day(session, known_set, date(2026, 3, 1), date(2026, 3, 3))
    assert [(d.label, d.count) for d in days] == [("2026-03-01", 0), ("2026-03-02", 2), ("2026-03-03", 0)]


def test_received_per_month_and_per_year(engine, known_set):
    with reading(engine) as session:
        months = statistics.received_per_month(session, known_set, 2026)
        years = statistics.received_per_year(session, known_set)
    assert [m.count for m in months] == [0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert months[2].label == "mar"
    assert [(y.label, y.count) for y in years] == [("2025", 1), ("2026", 3)]


def test_by_area_counts_each_document_once_and_by_topic_names_the_empty_one(engine, known_set):
    with reading(engine) as session:
        areas = statistics.by_area(session, known_set, 2026)
        topics = statistics.by_topic(session, known_set, 2026)
    assert [(a.label, a.count) for a in areas] == [("Dirección de Administración", 1),
                                                   ("Dirección de Riesgos e Inteligencia", 1)]
    assert [(t.label, t.count) for t in topics] == [("Informes", 2), ("Sin tema", 1)]


def test_documents_by_medio_de_recepcion_and_turns_by_the_areas_answer(engine, known_set):
    with transaction(engine) as session:
        add_item(session, session.get(Organization, known_set), 4, datetime(2026, 6, 1, 16, 0, tzinfo=UTC),
                 channel=Channel.CORREO_ELECTRONICO)
    with reading(engine) as session:
        channels = statistics.by_channel(session, known_set, 2026)
        results = statistics.by_turn_result(session, known_set, 2026)
        last_year = statistics.by_turn_result(session, known_set, 2025)
        page = statistics.statistics_for(session, session.get(Organization, known_set), 2026, today=date(2026, 7, 1))
    assert [(c.label, c.count) for c in channels] == [("Ventanilla", 3), ("Correo electrónico", 1)]
    # DA returned the first document and answered it when turned again; DRI has not answered the second.
    assert [(c.label, c.count) for c in results] == [("Atendido", 1), ("Devuelto", 1), ("Pendiente", 1)]
    assert [c.count for c in last_year] == [0, 0, 0]
    assert (page.channels, page.turn_results) == (channels, results)


def test_open_versus_closed_and_response_times_in_business_days(engine, known_set):
    with reading(engine) as session:
        status = statistics.by_status(session, known_set, 2026)
        times = statistics.response_times(session, known_set, 2026)
        nothing = statistics.response_times(session, known_set, 2025)
    assert status == {"abiertos": 2, "concluidos": 1}
    assert (times.closed, times.average_days, times.median_days) == (1, 4, 4)
    assert (nothing.closed, nothing.average_days) == (0, None)


def test_response_time_counts_business_days_from_the_day_a_document_counts_as_received(engine, demo):
    """Friday 7 June 2024 at 17:00 in Mexico City, closed Monday at 10:00: 1 día hábil, not 2.7 days.
    At 19:00, after the office closed, it counts as received Monday: closed that day, 0."""
    with transaction(engine) as session:
        organization = session.get(Organization, demo.organization.id)
        monday = datetime(2024, 6, 10, 16, 0, tzinfo=UTC)
        for seq, received in [(1, datetime(2024, 6, 7, 23, 0, tzinfo=UTC)), (2, datetime(2024, 6, 8, 1, 0, tzinfo=UTC))]:
            add_item(session, organization, seq, received, status=CorrespondenceStatus.CLOSED, closed_at=monday)
    with reading(engine) as session:
        times = statistics.response_times(session, demo.organization.id, 2024)
    assert (times.closed, times.average_days, times.median_days) == (2, 0.5, 0.5)


def test_a_past_year_shows_its_own_last_30_days_and_is_among_the_years_offered(engine, known_set):
    with transaction(engine) as session:
        add_item(session, session.get(Organization, known_set), 2, datetime(2025, 12, 31, 18, 0, tzinfo=UTC))
    with reading(engine) as session:
        organization = session.get(Organization, known_set)
        past = statistics.statistics_for(session, organization, 2025, today=date(2026, 3, 5))
        empty = statistics.statistics_for(session, organization, 2024, today=date(2026, 3, 5))
        current = statistics.statistics_for(session, organization, 2026, today=date(2026, 3, 5))
    assert (past.per_day[0].label, past.per_day[-1].label) == ("2025-12-02", "2025-12-31")
    assert sum(d.count for d in past.per_day) == 1  # 31 December; 1 December is before the 30 days
    assert empty.years == [2026, 2025, 2024] and empty.total == 0
    assert (current.per_day[0].label, current.per_day[-1].label) == ("2026-02-04", "2026-03-05")


def test_statistics_are_scoped_to_one_organization(engine, known_set):
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Municipio de Otro Lugar", short_name="MOL")
        session.add(other)
        session.flush()
        add_item(session, other, 1, datetime(2026, 3, 2, 17, 0, tzinfo=UTC))
        other_id = other.id
    with reading(engine) as session:
        mine = statistics.statistics_for(session, session.get(Organization, known_set), 2026, today=date(2026, 3, 5))
        theirs = statistics.statistics_for(session, session.get(Organization, other_id), 2026, today=date(2026, 3, 5))
    assert (mine.total, theirs.total) == (3, 1)
    assert sum(d.count for d in mine.per_day) == 2
    assert mine.years == [2026, 2025]
