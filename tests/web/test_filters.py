"""The date filters show moments in the zone of the organization the page belongs to."""

from datetime import UTC, datetime
from types import SimpleNamespace

from jinja2 import Environment

from web import filters

MOMENT = datetime(2026, 11, 3, 18, 30, tzinfo=UTC)  # 12:30 in Mexico City, 10:30 in Tijuana


def render(**context) -> str:
    environment = Environment(autoescape=True)
    filters.install(environment)
    return environment.from_string("{{ moment|fecha_hora }}").render(moment=MOMENT, **context)


def test_a_page_with_the_signed_in_person_shows_their_organizations_zone():
    assert render(actor=SimpleNamespace(timezone="America/Tijuana")) == "03/11/2026 10:30"


def test_a_fragment_given_no_actor_takes_the_zone_the_request_carries():
    request = SimpleNamespace(scope={filters.ZONE_KEY: "America/Tijuana"})
    assert render(request=request) == "03/11/2026 10:30"


def test_a_public_page_shows_the_zone_of_the_organization_it_is_about():
    assert render(organization=SimpleNamespace(timezone="America/Cancun")) == "03/11/2026 13:30"


def test_a_page_of_no_organization_shows_mexico_city_time():
    assert render() == "03/11/2026 12:30"


def test_momento_is_a_time_element_in_utc_for_machines_and_local_for_people():
    environment = Environment(autoescape=True)
    filters.install(environment)
    template = environment.from_string("{{ moment|momento }}")
    assert template.render(moment=MOMENT, actor=SimpleNamespace(timezone="America/Tijuana")) == (
        '<time datetime="2026-11-03T18:30:00+00:00">03/11/2026 10:30</time>')
    # The same moment shown to another organization right after: the remembered text is per zone.
    assert template.render(moment=MOMENT, actor=SimpleNamespace(timezone="America/Cancun")) == (
        '<time datetime="2026-11-03T18:30:00+00:00">03/11/2026 13:30</time>')
    assert template.render(moment=None) == "—"


def test_a_moment_kept_in_iso_in_workflow_data_shows_like_any_other():
    environment = Environment(autoescape=True)
    filters.install(environment)
    template = environment.from_string("{{ moment|fecha_hora }}")
    assert template.render(moment="2026-11-03T12:30:00-06:00",
                           actor=SimpleNamespace(timezone="America/Tijuana")) == "03/11/2026 10:30"


def test_de_contracts_before_the_masculine_article_as_spanish_writes_it():
    environment = Environment(autoescape=True)
    filters.install(environment)
    said = environment.from_string("el plazo {{ who|de }}")
    assert [said.render(who=who) for who in ("el solicitante", "la titular", "Ana Pérez")] == [
        "el plazo del solicitante", "el plazo de la titular", "el plazo de Ana Pérez"]
