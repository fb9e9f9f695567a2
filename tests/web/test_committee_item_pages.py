"""Jurídica changes what the Comité de Transparencia is asked to vote on a request's case, from the session page."""

from datetime import datetime

from engine.db import reading
from engine.documents import long_date

from tests.access_request_steps import complete, working_in_march_2026  # noqa: F401  (the requests' fixed clock)
from tests.web.conftest import csrf_of
from tests.workflows.test_committee_link import (BOTH_AREAS, CONFIDENTIAL, case_item, comite_session, raise_case,
                                                raise_joint_ampliacion)
from workflows.board_session.models import Board, BoardSession
from workflows.board_session.sessions import local_day, title_of


REVOKED_BECAUSE = "Los contratos ya se publicaron en el portal: no procede reservarlos."


def change_sense(client, session_id, item, sense, version=None, considerations=REVOKED_BECAUSE):
    return client.post(f"/sesiones/{session_id}/puntos/{item.id}/sentido",
                       data={"sentido": sense, "version": str(version if version is not None else item.version),
                             "consideraciones": considerations},
                       headers={"x-csrftoken": csrf_of(client), "hx-request": "true"})


def test_juridica_proposes_that_the_comite_revoke_and_the_item_says_so(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    page = sign_in("juridico").get(f"/sesiones/{session_id}")
    assert 'name="sentido"' in page.text and "Cambiar el sentido" in page.text
    answer = change_sense(sign_in("juridico"), session_id, item, "revoca")
    assert answer.status_code == 200
    assert "revocación de la clasificación" in answer.text
    assert "revoca la clasificación" in case_item(engine).proposed_resolution


def test_a_revoca_without_considerations_is_refused_beside_them_keeping_the_sense_chosen(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    answer = change_sense(sign_in("juridico"), session_id, item, "revoca", considerations=" ")
    assert answer.status_code == 400
    form = answer.text[answer.text.index(f'id="sentido-{item.id}"'):]
    form = form[:form.index("</form>")]
    assert '<option value="revoca" selected>' in form
    assert (f'<p class="error-campo" id="error-consideraciones-{item.id}">Escriba las consideraciones: por qué el '
            "Comité revoca la propuesta del área y qué debe hacer el área en su lugar.</p>") in form
    assert 'aria-invalid="true"' in form
    unchanged = case_item(engine)
    assert (unchanged.committee_sense, unchanged.version) == ("confirma", item.version)
    assert change_sense(sign_in("juridico"), session_id, item, "revoca").status_code == 200
    assert case_item(engine).proposed_resolution.endswith(f"Consideraciones: {REVOKED_BECAUSE}")


def test_a_stale_sense_change_is_a_conflict_and_changes_nothing(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    answer = change_sense(sign_in("juridico"), session_id, item, "revoca", version=item.version - 1)
    assert answer.status_code == 409 and "Otra persona modificó" in answer.text
    assert case_item(engine).committee_sense == "confirma"


def test_only_legal_staff_change_the_sense(engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    assert change_sense(sign_in("comite"), session_id, item, "revoca").status_code == 403
    assert case_item(engine).committee_sense == "confirma"


def test_an_unknown_sense_is_refused_in_spanish(engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    item = case_item(engine)
    answer = change_sense(sign_in("juridico"), session_id, item, "archiva")
    assert answer.status_code == 400 and "confirma, modifica o revoca" in answer.text


def test_a_case_resolved_in_its_request_shows_as_withdrawn_with_its_resolution_and_offers_no_vote(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    instance = raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "modifica", "numero": "CT/RES/001/2026", "fecha_resolucion": "2026-04-07",
              "notas": "Se reserva solo la parte que el Comité señala."})
    item = case_item(engine)
    page = sign_in("juridico").get(f"/sesiones/{session_id}")
    assert page.status_code == 200
    withdrawn = page.text[page.text.index(f'id="punto-{item.id}"'):]
    withdrawn = withdrawn[:withdrawn.index("</li>")]
    assert "Retirado del orden del día</span>: El Comité de Transparencia ya resolvió el caso" in withdrawn
    assert "resolución CT/RES/001/2026 del 7 de abril de 2026, que modifica la clasificación de la información." \
        in withdrawn
    # Neither the confirma / modifica / revoca selector nor its proposed acuerdo is offered any more.
    assert 'name="sentido"' not in page.text and "El Comité de Transparencia confirma la clasificación" not in page.text
    assert change_sense(sign_in("juridico"), session_id, item, "revoca").status_code == 400


def test_a_cancelled_session_marks_the_case_that_passed_to_another_session(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a):
    cancelled_id = comite_session(engine, demo, juridico, datetime(2026, 4, 8, 10, 0))
    raise_case(engine, demo, transparencia, enlace_area_a, "reservada", CONFIDENTIAL)
    left = case_item(engine)
    client = sign_in("juridico")
    before = client.get(f"/sesiones/{cancelled_id}").text
    assert "Pasó a otra sesión" not in before
    cancelled = client.post(f"/sesiones/{cancelled_id}/cancelar",
                            data={"motivo": "El Comité no reunirá quórum esa semana.", "version": ""},
                            headers={"x-csrftoken": csrf_of(client)}, follow_redirects=False)
    assert cancelled.status_code == 303, cancelled.text
    went = case_item(engine)
    with reading(engine) as db:
        later = db.get(BoardSession, went.session_id)
        title, day = title_of(later, db.get(Board, later.board_id)), local_day(db, later)
    page = client.get(f"/sesiones/{cancelled_id}").text
    point = page[page.index(f'id="punto-{left.id}"'):]
    point = point[:point.index("</li>")]
    assert "Pasó a otra sesión" in point
    assert (f'Al cancelarse esta sesión, el caso pasó a la <a href="/sesiones/{later.id}">{title}</a> '
            f"({long_date(day)}).") in point


def test_each_area_of_a_joint_ampliacion_follows_its_item_on_the_session_pages_and_another_area_does_not(
        engine, demo, sign_in, juridico, transparencia, enlace_area_a, enlace_area_b, comite):
    session_id = comite_session(engine, demo, juridico, datetime(2026, 4, 16, 10, 0))
    instance = raise_joint_ampliacion(engine, demo, transparencia, enlace_area_a, enlace_area_b)
    item = case_item(engine)
    for enlace in ("enlace_da", "enlace_dri"):
        listing = sign_in(enlace).get("/sesiones").text
        mine = listing[listing.index('id="mis-puntos"'):]
        assert f"<td>{item.title}</td>" in mine and f"<td>{BOTH_AREAS}</td>" in mine
    # The Unidad's titular is the enlace of an area that did not propose it.
    listing = sign_in("transparencia").get("/sesiones").text
    assert item.title not in listing[listing.index('id="mis-puntos"'):]
    assert f"Propone: {BOTH_AREAS} · Para aprobación" in sign_in("juridico").get(f"/sesiones/{session_id}").text
    # Resolved in the request's file, the case leaves the orden del día: both areas see it set aside, named with both.
    complete(engine, comite, instance.id, "committee_resolution",
             {"resolucion": "confirma", "numero": "CT/RES/010/2026", "fecha_resolucion": "2026-04-07",
              "fecha_notificacion": "2026-04-07"})
    for enlace in ("enlace_da", "enlace_dri"):
        page = sign_in(enlace).get(f"/sesiones/{session_id}").text
        withdrawn = page[page.index(f'id="punto-{item.id}"'):]
        assert "Retirado del orden del día" in withdrawn[:withdrawn.index("</li>")]
        assert f"({BOTH_AREAS})" in withdrawn[:withdrawn.index("</li>")]
    assert f'id="punto-{item.id}"' not in sign_in("transparencia").get(f"/sesiones/{session_id}").text
