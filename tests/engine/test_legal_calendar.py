"""The organization's calendars, cached per version of what they are built from."""

from datetime import time

from engine.db import transaction
from engine.legal_calendar import calendar_for, office_calendar
from engine.rule_sets import Procedure, ProcedureRuleSet
from engine.tenancy import Organization


def test_the_same_calendar_is_given_back_while_nothing_changes(engine, demo):
    with transaction(engine) as session:
        first = office_calendar(session, demo.organization.id)
    with transaction(engine) as session:
        assert office_calendar(session, demo.organization.id) is first


def test_new_office_hours_or_zone_give_a_new_calendar(engine, demo):
    with transaction(engine) as session:
        before = office_calendar(session, demo.organization.id)
        organization = session.get(Organization, demo.organization.id)
        organization.office_closes, organization.timezone = time(15), "America/Tijuana"
    with transaction(engine) as session:
        after = office_calendar(session, demo.organization.id)
    assert after is not before
    assert (after.closes, after.timezone) == (time(15), "America/Tijuana")


def test_choosing_another_rule_set_gives_its_calendar(engine, demo):
    with transaction(engine) as session:
        session.add(ProcedureRuleSet(organization_id=demo.organization.id, procedure=Procedure.ACCESO,
                                     rule_set_code="MX-LGTAIP-2015"))
    with transaction(engine) as session:
        chosen = calendar_for(session, demo.organization.id, Procedure.ACCESO)
        named = calendar_for(session, demo.organization.id, Procedure.ACCESO, "MX-LGTAIP-2015")
        default = calendar_for(session, demo.organization.id, Procedure.ACCESO, "MX-LGTAIP-2025")
    assert chosen is named and chosen is not default
