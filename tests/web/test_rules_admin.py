"""The rule-set and alert administration pages: which rule set each procedure follows, variants, alerts."""

import pytest
from sqlmodel import select

from engine.alert_policy import AlertPolicy
from engine.audit import AuditEvent
from engine.db import transaction
from engine.rule_sets import ProcedureRuleSet, RuleSetVariant, apply_variant, builtin_rule_sets
from tests.web.conftest import csrf_of, hidden_value
from web.routes import rules_admin

CHOICE = {"acceso": "MX-LGTAIP-2025", "arco": "MX-LGPDPPSO", "obligaciones": "MX-LGTAIP-2025",
          "correspondencia": "PLENO-INTERNO", "sesiones": "PLENO-INTERNO"}


def post(client, url, data):
    return client.post(url, data={**data, "_csrf_token": csrf_of(client)}, follow_redirects=False)


def save(client, url, data, page=None):
    """Post an edit form as the browser does: loaded first (from `page` when it is shown elsewhere), so it
    carries the version it was loaded from."""
    return post(client, url, {"version": hidden_value(client.get(page or url).text, "version"), **data})


def events_named(engine, action):
    with transaction(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


# -- two administrators editing at once (web/form_versions.py) ---------------------------------


def test_the_rule_sets_per_procedure_saved_from_a_stale_form_are_refused(sign_in, engine, demo):
    first, second = sign_in("admin"), sign_in("admin")
    stale = hidden_value(first.get("/admin/reglas").text, "version")
    assert save(second, "/admin/reglas/procedimientos", CHOICE | {"acceso": "MX-LGTAIP-2015"},
                page="/admin/reglas").status_code == 303

    refused = post(first, "/admin/reglas/procedimientos", CHOICE | {"version": stale, "arco": "PLENO-INTERNO"})
    assert refused.status_code == 409
    assert "Otra persona cambió los conjuntos de reglas por procedimiento mientras usted los editaba." in refused.text
    assert "<dd>MX-LGTAIP-2015</dd>" in refused.text
    with transaction(engine) as session:
        rows = {r.procedure: r.rule_set_code for r in session.exec(select(ProcedureRuleSet)).all()}
    assert rows["acceso"] == "MX-LGTAIP-2015" and rows.get("arco", "MX-LGPDPPSO") == "MX-LGPDPPSO"

    again = post(first, "/admin/reglas/procedimientos",
                 CHOICE | {"version": hidden_value(refused.text, "version"), "acceso": "MX-LGTAIP-2015",
                           "obligaciones": "MX-LGTAIP-2015"})
    assert again.status_code == 303
    with transaction(engine) as session:
        rows = {r.procedure: r.rule_set_code for r in session.exec(select(ProcedureRuleSet)).all()}
    assert (rows["acceso"], rows["obligaciones"]) == ("MX-LGTAIP-2015", "MX-LGTAIP-2015")


def test_a_variant_saved_from_a_stale_form_is_refused_and_keeps_the_other_change(sign_in, engine):
    first, second = sign_in("admin"), sign_in("admin")
    assert post(first, "/admin/reglas/variantes", {
        "base": "MX-LGTAIP-2025", "clave": "chih-ltaip", "nombre": "Ley de Transparencia de Chihuahua",
        "valor-respuesta": "10", "fundamento-respuesta": "Ley de Chihuahua, art. 136"}).status_code == 303
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
    url = f"/admin/reglas/variantes/{variant.id}"
    stale = hidden_value(first.get(url).text, "version")
    assert save(second, url, {"nombre": "Ley de Transparencia de Chihuahua", "valor-respuesta": "12",
                              "fundamento-respuesta": "Ley de Chihuahua, art. 136"}).status_code == 303

    typed = {"nombre": "Ley de Transparencia del Estado de Chihuahua", "valor-respuesta": "10",
             "fundamento-respuesta": "Ley de Chihuahua, art. 136"}
    refused = post(first, url, typed | {"version": stale})
    assert refused.status_code == 409
    assert "Otra persona modificó este conjunto de reglas mientras usted lo editaba." in refused.text
    assert 'value="Ley de Transparencia del Estado de Chihuahua"' in refused.text
    assert "<dd>12</dd>" in refused.text
    with transaction(engine) as session:
        stored = session.get(RuleSetVariant, variant.id)
    assert (stored.name, stored.overrides["respuesta"]["value"]) == ("Ley de Transparencia de Chihuahua", 12)
    assert len(events_named(engine, "reglas.variante_modificada")) == 1

    again = post(first, url, typed | {"version": hidden_value(refused.text, "version"), "valor-respuesta": "12"})
    assert again.status_code == 303
    with transaction(engine) as session:
        stored = session.get(RuleSetVariant, variant.id)
    assert (stored.name, stored.overrides["respuesta"]["value"]) == ("Ley de Transparencia del Estado de Chihuahua",
                                                                     12)


def test_two_administrators_creating_a_variant_with_the_same_key_at_once_get_one_variant_and_a_clear_error(
        sign_in, engine, monkeypatch):
    first, second = sign_in("admin"), sign_in("admin")
    form = {"base": "MX-LGTAIP-2025", "clave": "chih-ltaip", "nombre": "Ley de Transparencia de Chihuahua",
            "valor-respuesta": "10", "fundamento-respuesta": "Ley de Chihuahua, art. 136"}
    assert post(first, "/admin/reglas/variantes", form).status_code == 303
    # The second one looked before the first one's variant was saved: only the database's unique key stops it.
    monkeypatch.setattr(rules_admin, "_variant_code_taken", lambda session, admin, code: False)
    refused = post(second, "/admin/reglas/variantes", form | {"nombre": "Ley de Chihuahua (otra)"})
    assert refused.status_code == 400
    assert 'id="error-clave">Ya existe un conjunto de reglas con esa clave.' in refused.text
    assert 'value="Ley de Chihuahua (otra)"' in refused.text
    with transaction(engine) as session:
        assert [v.name for v in session.exec(select(RuleSetVariant)).all()] == ["Ley de Transparencia de Chihuahua"]
    assert len(events_named(engine, "reglas.variante_creada")) == 1


def test_the_alert_form_of_a_requesters_term_says_it_has_no_overdue_alerts_nor_escalation(sign_in):
    client = sign_in("admin")
    note = "no se avisa mientras esté vencido ni se escala"
    desahogo = " ".join(client.get("/admin/alertas/desahogo").text.split())
    assert note in desahogo
    # By default its boxes are not ticked, as the sweep does.
    assert 'name="diario_vencido" value="1" >' in desahogo and 'name="escalar" value="1" >' in desahogo
    assert "Esas casillas valen para el cumplimiento de la resolución." in client.get("/admin/alertas/recurso").text
    assert note not in client.get("/admin/alertas/respuesta").text


@pytest.mark.parametrize("kind", ["prevencion", "incompetencia", "informacion_publica"])
def test_the_alert_form_of_an_option_of_the_unidad_says_it_lapses_without_overdue_alerts_nor_escalation(
        sign_in, kind):
    form = " ".join(sign_in("admin").get(f"/admin/alertas/{kind}").text.split())
    assert "el último día de una opción de la Unidad de Transparencia" in form
    assert "no se avisa mientras esté vencido ni se escala" in form
    # By default: the día hábil before its last day, and no box of the overdue alerts ticked.
    assert 'name="dias_antes" type="text" value="1"' in form
    assert 'name="diario_vencido" value="1" >' in form and 'name="escalar" value="1" >' in form


def test_an_alert_policy_saved_from_a_stale_form_is_refused_and_keeps_the_other_change(sign_in, engine, demo):
    url = "/admin/alertas/respuesta"
    first, second = sign_in("admin"), sign_in("admin")
    stale = hidden_value(first.get(url).text, "version")
    assert save(second, url, {"dias_antes": "10,5", "al_vencer": "1", "diario_vencido": "1", "escalar": "1",
                              "destinatarios": ["responsable"]}).status_code == 303

    typed = {"dias_antes": "5,3,1", "al_vencer": "1", "destinatarios": ["responsable", "juridico"]}
    refused = post(first, url, typed | {"version": stale})
    assert refused.status_code == 409
    assert "Otra persona modificó la política de alertas de este plazo" in refused.text
    # This person left the days as loaded: the form offers the other person's; their own changes stay.
    assert "<dd>10,5</dd>" in refused.text and 'value="10,5"' in refused.text
    with transaction(engine) as session:
        policy = session.exec(select(AlertPolicy)).one()
    assert (policy.days_before, policy.escalate, policy.recipients) == ("10,5", True, "responsable")

    merged = typed | {"dias_antes": "10,5"}  # as the browser sends the refused form back
    again = post(first, url, merged | {"version": hidden_value(refused.text, "version")})
    assert again.status_code == 303
    with transaction(engine) as session:
        policy = session.exec(select(AlertPolicy)).one()
    assert (policy.days_before, policy.escalate, policy.recipients) == ("10,5", False, "responsable,juridico")



# -- the provisions documents cite without a number ---------------------------------------------


def test_an_administrator_sets_a_state_laws_provision_for_the_comites_resolutions_and_the_report(sign_in, engine):
    browser = sign_in("admin")
    listing = browser.get("/admin/reglas").text
    assert "Resolución del Comité de Transparencia sobre la clasificación" in listing
    assert "LGTAIP 2025, arts. 40 fr. II y 139" in listing
    assert 'name="fundamento-informe_trimestral"' in browser.get("/admin/reglas/nueva?base=MX-LGTAIP-2025").text
    created = post(browser, "/admin/reglas/variantes", {
        "base": "MX-LGTAIP-2025", "clave": "chis-ltaip", "nombre": "Ley de Transparencia de Chiapas",
        "fundamento-informe_trimestral": "Ley de Transparencia del Estado de Chiapas, art. 71"})
    assert created.status_code == 303
    with transaction(engine) as session:
        variant = session.exec(select(RuleSetVariant)).one()
    assert variant.overrides == {"informe_trimestral": {"basis": "Ley de Transparencia del Estado de Chiapas, art. 71"}}
    url = f"/admin/reglas/variantes/{variant.id}"
    blank = save(browser, url, {"nombre": "Ley de Transparencia de Chiapas", "fundamento-comite_clasificacion": " "})
    assert blank.status_code == 400
    assert 'id="error-fundamento-comite_clasificacion">Indique el fundamento legal.' in blank.text


def test_a_basis_not_yet_checked_is_marked_on_the_rules_page_and_never_printed_as_a_note(sign_in, engine):
    every_basis = [item for rule_set in builtin_rule_sets().values()
                   for item in (*rule_set.rules.values(), *rule_set.limits.values(), *rule_set.bases.values())]
    # Documents print a basis as the citation: the doubt lives beside it, not inside it.
    assert not [item.basis for item in every_basis if "verificar" in item.basis.lower()]
    report = builtin_rule_sets()["MX-LGTAIP-2025"].bases["informe_trimestral"]
    assert (report.basis, report.to_verify) == ("LGTAIP 2025, art. 40 fr. VII", True)
    section = sign_in("admin").get("/admin/reglas").text.split('id="conjunto-MX-LGTAIP-2025"')[1]
    row = section[section.index("Informe trimestral de solicitudes"):].split("</tr>")[0]
    assert "LGTAIP 2025, art. 40 fr. VII" in row and "Por verificar" in row
    # A variant that writes its own basis cites what its organization checked; one that keeps the text keeps the doubt.
    kept = apply_variant(builtin_rule_sets()["MX-LGTAIP-2025"], RuleSetVariant(
        organization_id=1, code="a", name="A", base_code="MX-LGTAIP-2025",
        overrides={"informe_trimestral": {"basis": "LGTAIP 2025, art. 40 fr. VII"}}))
    own = apply_variant(builtin_rule_sets()["MX-LGTAIP-2025"], RuleSetVariant(
        organization_id=1, code="b", name="B", base_code="MX-LGTAIP-2025",
        overrides={"informe_trimestral": {"basis": "Ley de Transparencia del Estado de Chiapas, art. 71"}}))
    assert (kept.bases["informe_trimestral"].to_verify, own.bases["informe_trimestral"].to_verify) == (True, False)


def test_a_rules_note_for_staff_is_kept_apart_from_its_citation_and_shown_on_the_rules_page(sign_in):
    rules = [rule for rule_set in builtin_rule_sets().values() for rule in rule_set.rules.values()]
    # Documents print a basis as the citation: no explanation for staff in parentheses after it.
    assert not [rule.basis for rule in rules if "(" in rule.basis]
    law = builtin_rule_sets()["MX-LGTAIP-2025"]
    assert (law.rules["ampliacion"].basis, law.rules["ampliacion"].note) == (
        "LGTAIP 2025, arts. 134 y 40 fr. II",
        "Aprobada por el Comité de Transparencia y notificada antes del vencimiento.")
    arco = builtin_rule_sets()["MX-LGPDPPSO"].rules["ampliacion"]
    assert (arco.basis, arco.note) == ("LGPDPPSO, art. 45", "Una sola vez, notificada dentro del plazo.")
    section = sign_in("admin").get("/admin/reglas").text.split('id="conjunto-MX-LGTAIP-2025"')[1]
    row = section[section.index("Ampliación del plazo de respuesta"):].split("</tr>")[0]
    assert ("LGTAIP 2025, arts. 134 y 40 fr. II<br><span class=\"discreto\">Aprobada por el Comité de Transparencia y "
            "notificada antes del vencimiento.</span>") in row
    # A variant keeps the rule's note whether it changes the term or cites its own law.
    variant = apply_variant(law, RuleSetVariant(
        organization_id=1, code="chih", name="Chihuahua", base_code="MX-LGTAIP-2025",
        overrides={"ampliacion": {"value": 5, "basis": "Ley de Transparencia del Estado de Chihuahua, art. 130"}}))
    assert (variant.rules["ampliacion"].value, variant.rules["ampliacion"].basis, variant.rules["ampliacion"].note) == (
        5, "Ley de Transparencia del Estado de Chihuahua, art. 130", law.rules["ampliacion"].note)
