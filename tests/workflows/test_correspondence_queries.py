"""Queries of the correspondence pages: visibility per role, public status and statistics."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from engine.db import reading, transaction
from engine.processes import OpenTask
from engine.runtime import NotAllowed, NotFound, runtime
from engine.tenancy import Area, Organization
from workflows.correspondence import queries
from workflows.correspondence.models import Channel, Correspondence, CorrespondenceStatus, Turn, TurnStatus
from correspondence_steps import item_of, register_document
from tests.today import demo_today



def register(engine, actor, asunto="Solicita informe de avance del programa anual", remitente="Mtra. Laura Díaz"):
    return item_of(engine, register_document(engine, actor, asunto=asunto, remitente=remitente, tema="Informes").id)


def turn(engine, actor, item, areas):
    with transaction(engine) as session:
        [task] = session.exec(select(OpenTask).where(OpenTask.instance_id == item.instance_id)).all()
        runtime.complete_task(session, actor, task.id, {
            "areas": [a.id for a in areas], "instruccion": "Atender y responder",
            "fecha_limite": (demo_today() + timedelta(days=5)).isoformat()})


def folios(page):
    return [row.folio for row in page.rows]


@pytest.fixture
def three_items(engine, demo, oficialia):
    """Three documents: one turned to DA, one to DRI, one not turned yet."""
    first = register(engine, oficialia, asunto="Informe trimestral de compras")
    second = register(engine, oficialia, asunto="Queja sobre riesgos", remitente="Juan Pérez")
    third = register(engine, oficialia, asunto="Invitación a un foro")
    turn(engine, oficialia, first, [demo.areas["DA"]])
    turn(engine, oficialia, second, [demo.areas["DRI"]])
    return first, second, third


def test_the_oficialia_sees_every_item_of_its_organization_newest_first(engine, three_items, oficialia):
    with reading(engine) as session:
        page = queries.visible_items(session, oficialia, queries.Filters())
    assert page.total == 3
    assert folios(page) == [i.folio for i in reversed(three_items)]


def test_an_enlace_sees_only_the_items_turned_to_its_area(engine, three_items, enlace_area_a, enlace_area_b):
    first, second, _ = three_items
    with reading(engine) as session:
        assert folios(queries.visible_items(session, enlace_area_a, queries.Filters())) == [first.folio]
        assert folios(queries.visible_items(session, enlace_area_b, queries.Filters())) == [second.folio]


def test_filters_narrow_the_list_by_status_area_year_and_text(engine, demo, three_items, oficialia):
    first, second, third = three_items
    with reading(engine) as session:
        def listed(**raw):
            filters = queries.Filters.parse(raw.get("estado"), raw.get("anio"), raw.get("area"), raw.get("texto"))
            return folios(queries.visible_items(session, oficialia, filters))
        assert listed(estado="registrado") == [third.folio]
        assert listed(area=str(demo.areas["DRI"].id)) == [second.folio]
        assert listed(texto="juan pérez") == [second.folio]
        assert listed(texto=first.folio.lower()) == [first.folio]
        assert listed(anio=str(demo_today().year - 1)) == []
        # Unreadable values are ignored, not a server error.
        assert len(listed(estado="cualquiera", anio="dos mil", area="x")) == 3


def test_the_text_search_finds_the_senders_organization_and_takes_wildcards_as_typed(engine, demo, oficialia):
    tuxtla = item_of(engine, register_document(engine, oficialia, asunto="Solicita el 100% de avance del programa",
                                               dependencia="H. Ayuntamiento de Tuxtla Gutiérrez").id)
    underscore = item_of(engine, register_document(engine, oficialia, asunto="Remite el archivo informe_final").id)
    register_document(engine, oficialia, asunto="Invitación a un foro")
    with reading(engine) as session:
        def listed(texto):
            return folios(queries.visible_items(session, oficialia, queries.Filters.parse(None, None, None, texto)))
        assert listed("tuxtla") == [tuxtla.folio]
        assert listed("%") == [tuxtla.folio]
        assert listed("100%") == [tuxtla.folio]
        assert listed("_") == [underscore.folio]
        assert listed("rem_te") == []  # «Remite», were _ a wildcard
        assert listed("\\") == []


def test_the_text_search_ignores_accents_and_case_as_the_desk_types_without_them(engine, demo, oficialia):
    perez = item_of(engine, register_document(engine, oficialia, asunto="Envío de la cuenta pública",
                                              remitente="Lic. José Pérez Núñez").id)
    register_document(engine, oficialia, asunto="Invitación a un foro", remitente="Mtra. Laura Díaz")
    with reading(engine) as session:
        def listed(texto):
            return folios(queries.visible_items(session, oficialia, queries.Filters.parse(None, None, None, texto)))
        for typed in ("perez", "Pérez", "PÉREZ", "PEREZ", "pérez núñez", "nunez", "envio", "ENVÍO", "jose"):
            assert listed(typed) == [perez.folio], typed
        assert listed("diaz") != [perez.folio]


def test_the_list_is_paginated(engine, three_items, oficialia):
    with reading(engine) as session:
        second_page = queries.visible_items(session, oficialia, queries.Filters(), page=2, per_page=2)
        beyond = queries.visible_items(session, oficialia, queries.Filters(), page=9, per_page=2)
    assert (second_page.total, second_page.pages, folios(second_page)) == (3, 2, [three_items[0].folio])
    assert beyond.page == 2


def test_the_detail_refuses_an_enlace_of_another_area_and_hides_other_organizations(
        engine, demo, three_items, enlace_area_a, enlace_area_b, oficialia):
    first = three_items[0]
    with reading(engine) as session:
        seen = queries.detail(session, enlace_area_a, first.id)
        assert [t.area_name for t in seen.turns] == ["Dirección de Administración"]
        assert [t.task_name for t in seen.tasks] == ["answer"]
        with pytest.raises(NotAllowed):
            queries.detail(session, enlace_area_b, first.id)
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Municipio de Otro Lugar", short_name="MOL")
        session.add(other)
        session.flush()
        other_id = other.id
    from engine.accounts import Actor, Role
    stranger = Actor(None, other_id, "Alguien", {Role.OFICIALIA: {None}})
    with reading(engine) as session:
        with pytest.raises(NotFound):
            queries.detail(session, stranger, first.id)
        documents = queries.detail(session, oficialia, first.id).documents
    assert [d.kind for d in documents] == ["acuse"]


def test_the_public_status_gives_dates_only_and_asks_to_choose_when_a_folio_repeats(engine, demo, three_items):
    first = three_items[0]
    with reading(engine) as session:
        found = queries.public_status(session, "  " + first.folio.lower() + " ")
        assert found.status.folio == first.folio
        assert found.status.status_label == "Turnado"
        assert [t.due_on for t in found.status.turns] == [demo_today() + timedelta(days=5)]
        assert not hasattr(found.status, "subject")
        assert queries.public_status(session, "OP-1999-000001").status is None
    with transaction(engine) as session:
        other = Organization(slug="otro", name="Municipio de Otro Lugar", short_name="MOL")
        session.add(other)
        session.flush()
        session.add(Correspondence(organization_id=other.id, folio=first.folio, year=demo_today().year, seq=1,
                                   sender_name="X", subject="Y", channel=Channel.PNT,
                                   received_at=datetime.now(UTC)))
    with reading(engine) as session:
        both = queries.public_status(session, first.folio)
        assert both.status is None
        assert sorted(slug for slug, _ in both.choices) == ["otro", "sesaech"]
        assert queries.public_status(session, first.folio, "otro").status.organization_name == "Municipio de Otro Lugar"


# -- statistics on a fixed data set ---------------------------------------------------------


def add_item(session, organization, seq, received_at, topic="", status=CorrespondenceStatus.REGISTERED,
             closed_at=None):
    item = Correspondence(organization_id=organization.id, folio=f"OP-{received_at.year}-{seq:06d}",
                          year=received_at.year, seq=seq, sender_name="Remitente", subject="Asunto de prueba",
                          topic=topic, channel=Channel.VENTANILLA, received_at=received_at, status=status,
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
        days = queries.received_per_day(session, known_set, date(2026, 3, 1), date(2026, 3, 3))
    assert [(d.label, d.count) for d in days] == [("2026-03-01", 0), ("2026-03-02", 2), ("2026-03-03", 0)]


def test_received_per_month_and_per_year(engine, known_set):
    with reading(engine) as session:
        months = queries.received_per_month(session, known_set, 2026)
        years = queries.received_per_year(session, known_set)
    assert [m.count for m in months] == [0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert months[2].label == "mar"
    assert [(y.label, y.count) for y in years] == [("2025", 1), ("2026", 3)]


def test_by_area_counts_each_document_once_and_by_topic_names_the_empty_one(engine, known_set):
    with reading(engine) as session:
        areas = queries.by_area(session, known_set, 2026)
        topics = queries.by_topic(session, known_set, 2026)
    assert [(a.label, a.count) for a in areas] == [("Dirección de Administración", 1),
                                                   ("Dirección de Riesgos e Inteligencia", 1)]
    assert [(t.label, t.count) for t in topics] == [("Informes", 2), ("Sin tema", 1)]


def test_open_versus_closed_and_response_times_in_business_days(engine, known_set):
    with reading(engine) as session:
        status = queries.by_status(session, known_set, 2026)
        times = queries.response_times(session, known_set, 2026)
        nothing = queries.response_times(session, known_set, 2025)
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
        times = queries.response_times(session, demo.organization.id, 2024)
    assert (times.closed, times.average_days, times.median_days) == (2, 0.5, 0.5)


def test_a_past_year_shows_its_own_last_30_days_and_is_among_the_years_offered(engine, known_set):
    with transaction(engine) as session:
        add_item(session, session.get(Organization, known_set), 2, datetime(2025, 12, 31, 18, 0, tzinfo=UTC))
    with reading(engine) as session:
        organization = session.get(Organization, known_set)
        past = queries.statistics_for(session, organization, 2025, today=date(2026, 3, 5))
        empty = queries.statistics_for(session, organization, 2024, today=date(2026, 3, 5))
        current = queries.statistics_for(session, organization, 2026, today=date(2026, 3, 5))
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
        mine = queries.statistics_for(session, session.get(Organization, known_set), 2026, today=date(2026, 3, 5))
        theirs = queries.statistics_for(session, session.get(Organization, other_id), 2026, today=date(2026, 3, 5))
    assert (mine.total, theirs.total) == (3, 1)
    assert sum(d.count for d in mine.per_day) == 2
    assert mine.years == [2026, 2025]
