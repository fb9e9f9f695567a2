"""Edit forms' versions: a fingerprint of the values a form was loaded from, compared on save."""

from web.form_versions import FIELD, conflict, loaded, version_of

AREA = {"clave": "DA", "nombre": "Dirección de Administración", "titular": "", "titular_usuario_id": None}
LABELS = {"clave": "Clave", "nombre": "Nombre", "titular": "Titular", "titular_usuario_id": "Cuenta"}


def test_the_version_is_short_and_depends_only_on_the_values():
    assert version_of(AREA) == version_of(dict(reversed(AREA.items())))
    assert version_of(AREA) != version_of({**AREA, "titular": "Lic. Ruiz"})
    assert len(version_of(AREA)) == 16


def test_a_form_sent_back_from_the_current_values_is_no_conflict():
    typed = {**loaded(AREA), "titular": "Lic. Ruiz"}
    assert conflict(typed, AREA, "Otra persona…", LABELS) is None


def test_a_stale_form_names_what_the_other_person_changed_and_merges_both_changes():
    typed = {**loaded(AREA), "titular": "Lic. Ruiz", "titular_usuario_id": ""}
    now = {**AREA, "nombre": "Dirección de Administración y Finanzas", "titular_usuario_id": 7}
    found = conflict(typed, now, "Otra persona…", LABELS, shown={"titular_usuario_id": "Rosa (enlace_da)"})
    assert found.message == "Otra persona…"
    assert found.changes == [("Nombre", "Dirección de Administración y Finanzas"), ("Cuenta", "Rosa (enlace_da)")]
    # The titular this person typed stays; the name and the account they never touched take the saved ones.
    assert {**found.values, FIELD: None} == {"clave": "DA", "nombre": "Dirección de Administración y Finanzas",
                                             "titular": "Lic. Ruiz", "titular_usuario_id": 7, FIELD: None}
    assert conflict(found.values, now, "Otra persona…", LABELS) is None  # saving again now goes through


def test_a_form_without_a_version_is_treated_as_stale():
    # Loaded before versions existed, or sent by hand: nothing says what it was loaded from.
    assert conflict(dict(AREA), AREA, "Otra persona…", LABELS) is not None


def test_a_group_of_checkboxes_compares_the_same_whether_one_or_several_are_ticked():
    now = {"descanso": ["6"], "destinatarios": ["responsable", "juridico"]}
    labels = {"descanso": "Días de descanso", "destinatarios": "Destinatarios"}
    assert conflict({"descanso": "6", "destinatarios": ["responsable", "juridico"]}, now, "…", labels).changes == []
    assert conflict({"descanso": ["5", "6"]}, now, "…", labels).changes == [("Días de descanso", "6"),
                                                                           ("Destinatarios", "responsable,juridico")]
