"""Queries of the correspondence pages: visibility per role and public status."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from engine.db import reading, transaction
from engine.processes import OpenTask
from engine.runtime import NotAllowed, NotFound, runtime
from engine.tenancy import Organization
from workflows.correspondence import queries
from workflows.correspondence.models import Channel, Correspondence
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
