"""The room page: who may enter, a vote through the page, refusals in the fragment, the JSON vote."""

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from engine.db import transaction
from engine.tenancy import Organization
from tests.board_quarter import Item, make_boards, member, open_with_quorum, plan_called
from tests.web.conftest import csrf_of
from workflows.board_session import room
from workflows.board_session.models import (AgendaItem, Board, BoardMember, BoardSession, Resolution, SessionKind,
                                            SessionStatus, Vote)
from workflows.board_session.sessions import items_of

POLICY = Item("Propuesta de Política Estatal Anticorrupción", "Se aprueba la Política Estatal Anticorrupción.")
WHEN = datetime(2021, 4, 9, 10, 0)


@pytest.fixture
def convened(engine, demo, juridico):
    """The CC's Primera Sesión Extraordinaria, convocada, not yet opened."""
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        return plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, WHEN, [POLICY])


@pytest.fixture
def in_quorum(engine, convened, juridico):
    with transaction(engine) as db:
        open_with_quorum(db, juridico, db.get(BoardSession, convened.id))
    return convened


def policy_item(engine, board_session) -> AgendaItem:
    with transaction(engine) as db:
        return next(i for i in items_of(db, board_session) if i.title == POLICY.title)


def seat_ids(engine, board_session) -> dict[str, int]:
    with transaction(engine) as db:
        return {m.name: m.id for m in db.exec(select(BoardMember).where(
            BoardMember.board_id == board_session.board_id, BoardMember.substitute_for_id.is_(None))).all()}


def hx(client, url, data):
    """A click in the page: htmx sends the CSRF token in a header."""
    return client.post(url, data=data, headers={"x-csrftoken": csrf_of(client), "hx-request": "true"})


@pytest.mark.parametrize("username, status", [("juridico", 200), ("admin", 200), ("oficialia", 403),
                                              ("transparencia", 403), ("enlace_da", 403), ("integrante", 403),
                                              ("comite", 403)])
def test_only_legal_staff_and_administrators_enter_the_room(sign_in, convened, username, status):
    response = sign_in(username).get(f"/sesiones/{convened.id}/sala")
    assert response.status_code == status
    if status == 200:
        assert "Sala: Primera Sesión Extraordinaria del Comité Coordinador" in response.text
        assert "Abrir la sesión y pasar lista" in response.text
        assert "Sin conexión: no se guardó; vuelva a intentarlo" in response.text
    else:
        assert "Solo la Dirección Jurídica conduce la sesión" in response.text


def test_another_organizations_session_does_not_exist(engine, sign_in, juridico):
    with transaction(engine) as db:
        other = Organization(slug="otro", name="Otro ente", short_name="OTRO")
        db.add(other)
        db.flush()
        board = Board(organization_id=other.id, name="Comité Ajeno", short_name="CA")
        db.add(board)
        db.flush()
        foreign = BoardSession(organization_id=other.id, board_id=board.id, kind=SessionKind.ORDINARY, year=2021,
                               number=1, scheduled_at=WHEN.replace(tzinfo=UTC), status=SessionStatus.IN_PROGRESS)
        db.add(foreign)
    client = sign_in("juridico")
    assert client.get(f"/sesiones/{foreign.id}/sala").status_code == 404
    assert hx(client, f"/sesiones/{foreign.id}/sala/abrir", {}).status_code == 404


def test_a_session_convened_for_a_later_day_cannot_be_opened_and_the_room_says_when(engine, demo, juridico,
                                                                                     sign_in):
    with transaction(engine) as db:
        cc = make_boards(db, demo)["CC"]
        later = plan_called(db, juridico, cc, SessionKind.EXTRAORDINARY, datetime(2099, 1, 5, 11, 0), [POLICY])
    client = sign_in("juridico")
    page = client.get(f"/sesiones/{later.id}/sala")
    convened = "La sesión está convocada para el 5 de enero de 2099 a las 11:00; no puede abrirse antes de ese día"
    assert convened in page.text and "Abrir la sesión y pasar lista" not in page.text
    response = hx(client, f"/sesiones/{later.id}/sala/abrir", {"version": str(later.version)})
    assert response.status_code == 400 and convened in response.text
    with transaction(engine) as db:
        board_session = db.get(BoardSession, later.id)
        assert (board_session.status, board_session.opened_at) == (SessionStatus.CALLED, None)


def test_a_session_convened_for_later_today_cannot_be_opened_before_its_hour(engine, convened, sign_in,
                                                                               monkeypatch):
    # 02:46 on the day convened (10:00 in Mexico City, UTC-5 in April 2021).
    monkeypatch.setattr(room, "utcnow", lambda: datetime(2021, 4, 9, 7, 46, tzinfo=UTC))
    client = sign_in("juridico")
    page = client.get(f"/sesiones/{convened.id}/sala")
    convened_for = ("La sesión está convocada para hoy, 9 de abril de 2021, a las 10:00; no puede abrirse antes de "
                    "esa hora (son las 02:46)")
    assert convened_for in page.text and "Abrir la sesión y pasar lista" not in page.text
    response = hx(client, f"/sesiones/{convened.id}/sala/abrir", {"version": str(convened.version)})
    assert response.status_code == 400 and convened_for in response.text
    with transaction(engine) as db:
        board_session = db.get(BoardSession, convened.id)
        assert (board_session.status, board_session.opened_at) == (SessionStatus.CALLED, None)


def test_a_session_is_held_and_an_acuerdo_numbered_through_the_page(engine, sign_in, convened):
    client = sign_in("juridico")
    base = f"/sesiones/{convened.id}/sala"
    opened = hx(client, f"{base}/abrir", {"version": str(convened.version)})
    assert opened.status_code == 200 and "Lista de asistencia y quórum" in opened.text
    # The invitado's role already says it: «voz sin voto» once, not again as a tag.
    assert "<td>Invitado con voz sin voto</td>" in opened.text
    seats = seat_ids(engine, convened)
    for name, seat_id in seats.items():
        answer = hx(client, f"{base}/asistencia/{seat_id}", {"estado": "presente"})
        assert answer.status_code == 200
    assert "Hay quórum legal en primera convocatoria: 7 de 7 integrantes con voto presentes" in answer.text
    version = re.search(r'sala/quorum".*?name="version" value="(\d+)"', answer.text, re.S).group(1)
    declared = hx(client, f"{base}/quorum", {"version": version})
    assert declared.status_code == 200 and "Quórum declarado." in declared.text
    item = policy_item(engine, convened)
    voting = [seat_id for name, seat_id in seats.items() if "Domínguez" not in name and "Cruz" not in name]
    for seat_id in voting:
        sense = "en_contra" if seat_id == voting[-1] else "a_favor"
        voted = hx(client, f"{base}/puntos/{item.id}/votos", {"integrante_id": str(seat_id), "sentido": sense,
                                                               "voto_particular": "Faltó consultar a los municipios."
                                                               if sense == "en_contra" else ""})
        assert voted.status_code == 200, voted.text
    assert "Van 6 votos a favor, 1 en contra y 0 abstenciones." in voted.text
    assert "Al cerrar: <strong>aprobado</strong> (mayoría simple de votos)" in voted.text
    closed = hx(client, f"{base}/puntos/{item.id}/cerrar", {"version": str(item.version)})
    assert closed.status_code == 200
    assert "Acuerdo <strong>001/CC/SAECH/2021</strong>" in closed.text
    assert "6 votos a favor, 1 en contra y 0 abstenciones (mayoría simple de votos)" in closed.text
    assert 'id="version-notas-' in closed.text and 'hx-swap-oob="true"' in closed.text
    # A reload shows what was recorded, the voto particular included.
    page = client.get(base)
    assert "001/CC/SAECH/2021" in page.text and "Voto particular: Faltó consultar a los municipios." in page.text


def test_a_vote_recorded_twice_comes_back_refused_in_the_fragment(engine, sign_in, in_quorum):
    client = sign_in("juridico")
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    url = f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/votos"
    assert hx(client, url, {"integrante_id": str(auditor), "sentido": "a_favor"}).status_code == 200
    again = hx(client, url, {"integrante_id": str(auditor), "sentido": "en_contra"})
    assert again.status_code == 400
    assert "El voto de C.P. Alberto Ruiz Zenteno en este punto ya está registrado (a favor)." in again.text
    assert 'id="votacion-' in again.text
    wrong = hx(client, url, {"integrante_id": str(auditor), "sentido": "tal vez"})
    assert wrong.status_code == 400 and "a favor, en contra o abstención" in wrong.text
    with transaction(engine) as db:
        assert len(db.exec(select(Vote)).all()) == 1


def test_declaring_quorum_without_it_says_how_many_are_missing(engine, sign_in, convened):
    client = sign_in("juridico")
    base = f"/sesiones/{convened.id}/sala"
    hx(client, f"{base}/abrir", {"version": str(convened.version)})
    refused = hx(client, f"{base}/quorum", {})
    assert refused.status_code == 400
    assert "0 de 7 integrantes con voto presentes; se requieren 4" in refused.text


def test_a_stale_notes_edit_is_refused_with_409_and_keeps_what_was_typed(engine, sign_in, in_quorum):
    first, second = sign_in("juridico"), sign_in("admin")
    item = policy_item(engine, in_quorum)
    url = f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/notas"
    saved = hx(first, url, {"notas": "La Presidenta expuso el proyecto.", "version": str(item.version)})
    assert saved.status_code == 200 and "Notas guardadas." in saved.text
    stale = hx(second, url, {"notas": "El Auditor pidió la palabra.", "version": str(item.version)})
    assert stale.status_code == 409
    assert "Otra persona modificó las notas de este punto" in stale.text
    assert "El Auditor pidió la palabra." in stale.text and "La Presidenta expuso el proyecto." in stale.text
    with transaction(engine) as db:
        assert db.get(AgendaItem, item.id).notes == "La Presidenta expuso el proyecto."


def test_without_javascript_a_click_comes_back_to_the_page(engine, sign_in, convened):
    client = sign_in("juridico")
    response = client.post(f"/sesiones/{convened.id}/sala/abrir",
                           data={"version": str(convened.version), "_csrf_token": csrf_of(client)},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/sesiones/{convened.id}/sala#sala"


def test_a_vote_is_recorded_through_the_api_once(engine, client, token_of, in_quorum):
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        cc = db.get(Board, in_quorum.board_id)
        auditor, tecnico = member(db, cc, "Alberto Ruiz").id, member(db, cc, "Rafael Domínguez").id
    url = f"/api/v1/sesiones/{in_quorum.id}/votos"
    body = {"punto_id": item.id, "integrante_id": auditor, "sentido": "en_contra",
            "voto_particular": "Propongo otra redacción."}
    created = client.post(url, json=body, headers=token_of("juridico"))
    assert created.status_code == 201, created.text
    assert created.json() | {"id": 0, "registrado": ""} == {
        "id": 0, "punto_id": item.id, "integrante_id": auditor, "emitido_por_id": auditor,
        "emitido_por": "C.P. Alberto Ruiz Zenteno", "sentido": "en_contra",
        "voto_particular": "Propongo otra redacción.", "registrado": ""}
    twice = client.post(url, json=body, headers=token_of("juridico"))
    assert twice.status_code == 400 and "ya está registrado" in twice.json()["error"]
    voice = client.post(url, json=body | {"integrante_id": tecnico}, headers=token_of("juridico"))
    assert voice.status_code == 400 and voice.json()["error"].endswith("participa con voz pero sin voto.")
    incomplete = client.post(url, json={"punto_id": item.id}, headers=token_of("juridico"))
    assert incomplete.status_code == 400
    assert incomplete.json() == {"error": "Falta el campo obligatorio «integrante_id»."}
    assert client.post(url, json=body, headers=token_of("enlace_da")).status_code == 403
    assert client.post(url, json=body).status_code == 401
    assert client.post(f"/api/v1/sesiones/{in_quorum.id + 99}/votos", json=body,
                       headers=token_of("juridico")).status_code == 404
    with transaction(engine) as db:
        assert len(db.exec(select(Vote)).all()) == 1 and db.exec(select(Resolution)).all() == []


def test_a_dissent_over_the_limit_is_refused_through_the_api_and_nothing_is_saved(engine, client, token_of,
                                                                                   in_quorum):
    """It was cut at 5,000 characters without a word: the member's legal text for the acta, shortened."""
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    url, headers = f"/api/v1/sesiones/{in_quorum.id}/votos", token_of("juridico")
    body = {"punto_id": item.id, "integrante_id": auditor, "sentido": "en_contra"}
    refused = client.post(url, json=body | {"voto_particular": "x" * 5001}, headers=headers)
    assert refused.status_code == 400
    assert refused.json() == {"error": "El campo «voto_particular» debe tener como máximo 5000 caracteres."}
    with transaction(engine) as db:
        assert db.exec(select(Vote)).all() == []
    whole = client.post(url, json=body | {"voto_particular": "x" * 5000}, headers=headers)
    assert whole.status_code == 201 and whole.json()["voto_particular"] == "x" * 5000
    schema = client.get("/api/v1/schema/openapi.json").json()["components"]["schemas"]["VoteIn"]
    assert schema["properties"]["voto_particular"]["maxLength"] == 5000


def test_a_dissent_over_the_limit_is_refused_in_the_room_keeping_the_text_typed(engine, sign_in, in_quorum):
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    client = sign_in("juridico")
    page = client.get(f"/sesiones/{in_quorum.id}/sala")
    assert f'id="particular-{item.id}-{auditor}" name="voto_particular" rows="2" maxlength="5000"' in page.text
    url, long_text = f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/votos", "Disiento. " * 500 + "Fin."
    refused = hx(client, url, {"integrante_id": str(auditor), "sentido": "en_contra", "voto_particular": long_text})
    assert refused.status_code == 400
    assert ("El voto particular admite como máximo 5,000 caracteres y este tiene 5,004; acórtelo. "
            "No se registró el voto.") in refused.text
    assert f"{long_text.strip()}</textarea>" in refused.text
    with transaction(engine) as db:
        assert db.exec(select(Vote)).all() == []
    # 5,000 characters as the textarea counts them, each line break sent as CR LF.
    paragraphs = "\r\n".join(["y" * 99] * 50)
    recorded = hx(client, url, {"integrante_id": str(auditor), "sentido": "en_contra", "voto_particular": paragraphs})
    assert recorded.status_code == 200, recorded.text
    with transaction(engine) as db:
        assert db.exec(select(Vote.dissent)).one() == paragraphs


def test_a_dissent_sent_with_control_characters_is_recorded_without_them(engine, client, token_of, in_quorum):
    """A NUL failed PostgreSQL's insert (500); on SQLite it went on to the acta, which no .docx can hold."""
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    response = client.post(f"/api/v1/sesiones/{in_quorum.id}/votos", headers=token_of("juridico"), json={
        "punto_id": item.id, "integrante_id": auditor, "sentido": "en_contra",
        "voto_particular": "Propongo\u0000 otra redacción.\u2028Segundo\u0008 párrafo."})
    assert response.status_code == 201, response.text
    assert response.json()["voto_particular"] == "Propongo otra redacción.\nSegundo párrafo."
    with transaction(engine) as db:
        assert db.exec(select(Vote.dissent)).one() == "Propongo otra redacción.\nSegundo párrafo."


def test_a_dissent_typed_in_the_room_with_control_characters_is_recorded_without_them(engine, sign_in, in_quorum):
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    recorded = hx(sign_in("juridico"), f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/votos", {
        "integrante_id": str(auditor), "sentido": "en_contra", "voto_particular": "Otra\u0000 redacción\u000b."})
    assert recorded.status_code == 200, recorded.text
    with transaction(engine) as db:
        assert db.exec(select(Vote.dissent)).one() == "Otra redacción\n."


def test_a_vote_recorded_on_another_laptop_shows_when_the_vote_refreshes(engine, sign_in, in_quorum):
    item = policy_item(engine, in_quorum)
    with transaction(engine) as db:
        auditor = member(db, db.get(Board, in_quorum.board_id), "Alberto Ruiz").id
    first, second = sign_in("juridico"), sign_in("admin")
    box = f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/votacion"
    before = first.get(box)
    assert before.status_code == 200 and f'data-refrescar="{box}"' in before.text
    assert "Van 0 votos a favor, 0 en contra y 0 abstenciones." in before.text
    recorded = hx(second, f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/votos",
                  {"integrante_id": str(auditor), "sentido": "abstencion"})
    assert recorded.status_code == 200
    after = first.get(box)
    assert "Van 0 votos a favor, 0 en contra y 1 abstención." in after.text
    assert sign_in("enlace_da").get(box).status_code == 403


def row_of(page: str, member_id: int) -> str:
    return re.search(rf'<tr id="asiento-{member_id}">.*?</tr>', page, re.S).group(0)


def test_the_lista_de_asistencia_names_each_role_as_the_woman_or_man_holding_it(engine, sign_in, in_quorum):
    from workflows.board_session.models import Gender, MemberRole
    with transaction(engine) as db:
        seats = db.exec(select(BoardMember).where(BoardMember.board_id == in_quorum.board_id,
                                                  BoardMember.substitute_for_id.is_(None))).all()
        # «Lic.» says nothing of the person: only the gender recorded words the role.
        presidenta = next(m for m in seats if m.role == MemberRole.PRESIDENTE)
        presidenta.name, presidenta.gender = "Lic. Lucía Hernández Vázquez", Gender.FEMININE
        secretario = next(m for m in seats if m.role == MemberRole.SECRETARIO_TECNICO)
        secretario.name, secretario.gender = "Lic. Rafael Domínguez Solís", Gender.MASCULINE
        ids = presidenta.id, secretario.id
    page = sign_in("juridico").get(f"/sesiones/{in_quorum.id}/sala").text
    woman, man = row_of(page, ids[0]), row_of(page, ids[1])
    assert "<td>Presidenta</td>" in woman and "<td>Presidente</td>" not in woman
    assert "<td>Secretario Técnico <span" in man and "Secretaria Técnica" not in man
    with transaction(engine) as db:
        db.get(BoardMember, ids[0]).gender, db.get(BoardMember, ids[1]).gender = Gender.MASCULINE, Gender.FEMININE
    page = sign_in("juridico").get(f"/sesiones/{in_quorum.id}/sala").text
    assert "<td>Presidente</td>" in row_of(page, ids[0])
    assert "<td>Secretaria Técnica <span" in row_of(page, ids[1])


def test_members_marked_absent_after_the_quorum_leave_the_room_without_votes_and_say_why(engine, sign_in,
                                                                                          in_quorum):
    client = sign_in("juridico")
    base = f"/sesiones/{in_quorum.id}/sala"
    seats = seat_ids(engine, in_quorum)
    leaving = [seat_id for name, seat_id in seats.items()
               if any(part in name for part in ("Alfaro", "Moreno", "Villatoro", "Ortiz"))]
    for seat_id in leaving:
        answer = hx(client, f"{base}/asistencia/{seat_id}", {"estado": "ausente"})
        assert answer.status_code == 200
    assert "Quórum perdido." in answer.text and "hay 3 de 7 integrantes con voto presentes" in answer.text
    assert "Puede sesionar en segunda convocatoria" not in answer.text
    item = policy_item(engine, in_quorum)
    refused = hx(client, f"{base}/puntos/{item.id}/votos",
                 {"integrante_id": str(seats["Mtra. Lucía Hernández Vázquez"]), "sentido": "a_favor"})
    assert refused.status_code == 400
    assert "Se perdió el quórum legal: hay 3 de 7 integrantes con voto presentes y, en primera convocatoria, se " \
           "requieren 4." in refused.text
    with transaction(engine) as db:
        assert db.exec(select(Vote)).all() == []


def test_the_room_defers_an_item_with_its_reason_through_the_page(engine, sign_in, in_quorum):
    client = sign_in("juridico")
    item = policy_item(engine, in_quorum)
    url = f"/sesiones/{in_quorum.id}/sala/puntos/{item.id}/diferir"
    page = client.get(f"/sesiones/{in_quorum.id}/sala").text
    assert f'hx-post="{url}"' in page and "Diferir a una sesión posterior" in page
    deferred = hx(client, url, {"motivo": "Falta el dictamen de la Comisión Ejecutiva.", "version": str(item.version)})
    assert deferred.status_code == 200
    assert ("<strong>Diferido a una sesión posterior</strong>. Motivo: Falta el dictamen de la Comisión "
            "Ejecutiva.") in deferred.text
    # Nothing left to vote or defer on it.
    assert "Cerrar votación" not in deferred.text and f'hx-post="{url}"' not in deferred.text
    again = hx(client, url, {"motivo": "Otra vez", "version": str(policy_item(engine, in_quorum).version)})
    assert again.status_code == 400 and "Este punto ya se difirió a una sesión posterior." in again.text
    with transaction(engine) as db:
        stored = db.get(AgendaItem, item.id)
        assert (stored.result, stored.deferred_reason) == ("diferido", "Falta el dictamen de la Comisión Ejecutiva.")
        assert not db.exec(select(Resolution).where(Resolution.item_id == item.id)).all()


def test_an_item_is_not_deferred_through_the_page_before_the_quorum_nor_by_an_enlace(
        engine, sign_in, convened, juridico):
    with transaction(engine) as db:
        room.open_session(db, juridico, db.get(BoardSession, convened.id), None)
    client = sign_in("juridico")
    item = policy_item(engine, convened)
    assert "Diferir a una sesión posterior" not in client.get(f"/sesiones/{convened.id}/sala").text
    refused = hx(client, f"/sesiones/{convened.id}/sala/puntos/{item.id}/diferir",
                 {"motivo": "Falta el dictamen.", "version": str(item.version)})
    assert refused.status_code == 400
    assert "La sesión no tiene quórum declarado: no se puede votar." in refused.text
    with transaction(engine) as db:
        assert db.get(AgendaItem, item.id).result is None
    enlace = hx(sign_in("enlace_da"), f"/sesiones/{convened.id}/sala/puntos/{item.id}/diferir",
                {"motivo": "x", "version": str(item.version)})
    assert enlace.status_code == 403 and "Solo la Dirección Jurídica conduce la sesión" in enlace.text
    with transaction(engine) as db:
        assert db.get(AgendaItem, item.id).result is None
