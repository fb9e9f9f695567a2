"""The analysis form tells the Unidad the last day to prevent and to give notice of incompetence.

A request filed Monday 23 March 2026 at 10:00 counts from that day: the prevención may be issued
until 30 March (5 días hábiles: 24, 25, 26, 27, 30) and the notoria incompetencia notified until
26 March (3 días hábiles), LGTAIP 2025 arts. 130 and 138.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.calendar_overlay import SuspensionScope, declare_suspension
from engine.db import reading, transaction
from engine.legal_calendar import calendar_for
from engine.deadlines import DeadlineKind
from engine.documents import long_date
from tests.access_request_steps import complete, deadline_rows, file_request, request_of, task_named, turn
from tests.arco_request_steps import file_arco
from tests.today import demo_workday
from tests.web.conftest import csrf_of, hidden_value
from workflows.access_request import handlers
from workflows.access_request.analysis import analysis_limits
from workflows.access_request.models import RequestStatus

HTMX = {"HX-Request": "true", "HX-Target": "tarea"}


def analysis_page(sign_in, engine, instance_id) -> str:
    task = task_named(engine, instance_id, "review")
    return sign_in("transparencia").get(f"/tareas/{task.id}").text


def test_the_analysis_form_gives_the_last_day_to_prevent_and_to_declare_incompetence(
        engine, demo, transparencia, sign_in):
    instance = file_request(engine, transparencia)
    with reading(engine) as session:
        limits = analysis_limits(session, request_of(engine, instance.id), today=date(2026, 3, 24))
    assert (limits.prevent.due_on, limits.prevent.passed) == (date(2026, 3, 30), False)
    assert (limits.incompetence.due_on, limits.incompetence.passed) == (date(2026, 3, 26), False)
    assert limits.prevent.rule == "5 días hábiles; LGTAIP 2025, art. 130"
    page = analysis_page(sign_in, engine, instance.id)  # today, long after March
    assert "El plazo para prevenir venció el 30 de marzo de 2026 (5 días hábiles; LGTAIP 2025, art. 130)" in page
    assert "El plazo para avisar la incompetencia venció el 26 de marzo de 2026" in page
    # A late notice of incompetence is still owed; a late prevención would not interrupt anything.
    assert "prevenir venció el 30 de marzo de 2026 (5 días hábiles; LGTAIP 2025, art. 130); una prevención fuera " \
           "de plazo no interrumpe el plazo de respuesta; turne la solicitud a las áreas." in page
    assert "incompetencia venció el 26 de marzo de 2026 (3 días hábiles; LGTAIP 2025, art. 138); si lo hace " \
           "ahora, quedará registrado fuera de plazo." in page


def test_a_request_filed_today_shows_the_days_still_ahead(engine, demo, transparencia, sign_in):
    today = datetime.now(ZoneInfo(demo.organization.timezone)).date()
    instance = file_request(engine, transparencia, fecha_recepcion=today.isoformat(), hora_recepcion="00:01")
    with reading(engine) as session:
        limits = analysis_limits(session, request_of(engine, instance.id), today=today)
    page = analysis_page(sign_in, engine, instance.id)
    assert not limits.prevent.passed and limits.prevent.due_on > today
    assert f"Para prevenir tiene hasta el {limits.prevent.due_on.day} de " in page
    assert "fuera de plazo" not in page


def test_after_a_prevention_the_form_says_a_second_one_is_not_allowed(engine, demo, transparencia, sign_in):
    # All on one día hábil, so the requester's 10 días hábiles to answer are still running on the real clock.
    today = demo_workday().isoformat()
    instance = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos.", "fecha_prevencion": today})
    complete(engine, transparencia, instance.id, "prevention_answer",
             {"fecha_desahogo": today, "desahogo": "Los de 2025."})
    page = analysis_page(sign_in, engine, instance.id)
    assert "Ya se previno una vez: la ley permite una sola prevención." in page
    assert "Para prevenir" not in page and "El plazo para prevenir" not in page


def test_an_arco_requests_analysis_counts_its_own_law(engine, demo, transparencia, sign_in):
    instance = file_arco(engine, transparencia)
    with reading(engine) as session:
        limits = analysis_limits(session, request_of(engine, instance.id), today=date(2026, 3, 24))
    assert (limits.prevent.rule, limits.prevent.due_on) == ("5 días hábiles; LGPDPPSO, art. 46", date(2026, 3, 30))
    assert (limits.incompetence.rule, limits.incompetence.due_on) == ("3 días hábiles; LGPDPPSO, art. 47",
                                                                      date(2026, 3, 26))
    assert "El plazo para avisar la incompetencia venció el 26 de marzo de 2026" in analysis_page(
        sign_in, engine, instance.id)


def test_the_answer_form_reads_the_areas_answers_in_words_and_takes_centavos(
        engine, demo, transparencia, enlace_area_a, sign_in):
    instance = file_request(engine, transparencia)
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "entrega_parcial", "respuesta": "Se entregan los contratos de 2025."}, area_id=demo.areas["DA"].id)
    page = sign_in("transparencia").get(f"/tareas/{task_named(engine, instance.id, 'respond').id}").text
    assert "Entrega parcial — Se entregan los contratos de 2025." in page and "entrega_parcial —" not in page
    assert 'name="costo" type="number" value="" step="0.01"' in page


def test_the_desahogo_form_names_the_requester_or_the_holder_and_their_last_day(engine, demo, transparencia,
                                                                               sign_in):
    # Prevented today (or the last día hábil), so the requester's 10 días hábiles are still running on the real clock.
    today = demo_workday().isoformat()
    access = file_request(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    arco = file_arco(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    for instance in (access, arco):
        complete(engine, transparencia, instance.id, "review", {
            "decision": "prevenir", "requerimiento": "Precise el periodo de los contratos.", "fecha_prevencion": today})
    for instance, who in ((access, "solicitante"), (arco, "titular")):
        last_day = deadline_rows(engine, request_of(engine, instance.id).folio)[DeadlineKind.DESAHOGO][0].due_on
        page = sign_in("transparencia").get(f"/tareas/{task_named(engine, instance.id, 'prevention_answer').id}").text
        assert (f"El {who} tiene hasta el <strong>{last_day:%d/%m/%Y}</strong> para desahogar la prevención; si no "
                "lo hace, la solicitud se tendrá por no presentada.") in page
        assert f"Información que aportó el {who}" in page
        # The response term does not run while the prevención waits: no stale day for it.
        assert "<dt>Vence la respuesta</dt><dd>En pausa: corre de nuevo cuando se desahogue la prevención</dd>" in page
        assert "<strong>Requerimiento:</strong> Precise el periodo de los contratos." in page


def test_the_forms_show_the_terms_as_a_suspension_moved_them_not_as_the_data_wrote_them(
        engine, demo, transparencia, admin, sign_in, monkeypatch):
    instance = file_request(engine, transparencia)  # due 20 April; the area's turn 13 April
    # Turned on 24 March (given today, long after 20 April, the turn would end with the legal term).
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime(2026, 3, 24, 16, 0, tzinfo=UTC))
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    folio = request_of(engine, instance.id).folio
    with transaction(engine) as session:
        declare_suspension(session, admin, date(2026, 4, 6), date(2026, 4, 10), SuspensionScope.ACCESO,
                           "Acuerdo CT/07/2026")
    rows = deadline_rows(engine, folio)
    response, internal = rows[DeadlineKind.RESPUESTA][0], rows[DeadlineKind.TURNADO_INTERNO][0]
    assert (response.due_on, internal.due_on) == (date(2026, 4, 27), date(2026, 4, 20))
    task = task_named(engine, instance.id, "area_answer")
    form = sign_in("enlace_da").get(f"/tareas/{task.id}").text
    assert "<dt>Vence la respuesta</dt><dd>27/04/2026</dd>" in form and "13/04/2026" not in form
    assert "<dt>Vence para el área</dt><dd>20/04/2026 (antes del vencimiento legal)</dd>" in form


def test_a_turn_given_too_late_to_end_before_the_legal_day_does_not_say_it_ends_before(
        engine, demo, transparencia, sign_in):
    # Received so that the legal term ends on the next día hábil: the area's 5 días before it cannot be
    # given, and the turn ends that same day.
    today = datetime.now(ZoneInfo(demo.organization.timezone)).date()
    with reading(engine) as session:
        calendar = calendar_for(session, demo.organization.id, "acceso")
    received = calendar.subtract_business_days(calendar.next_business_day(today), 20)
    instance = file_request(engine, transparencia, fecha_recepcion=received.isoformat(), hora_recepcion="10:00")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    rows = deadline_rows(engine, request_of(engine, instance.id).folio)
    legal, internal = rows[DeadlineKind.RESPUESTA][0], rows[DeadlineKind.TURNADO_INTERNO][0]
    assert internal.due_on == legal.due_on
    form = sign_in("enlace_da").get(f"/tareas/{task_named(engine, instance.id, 'area_answer').id}").text
    assert (f"<dt>Vence para el área</dt><dd>{legal.due_on:%d/%m/%Y} (el mismo día del vencimiento legal)</dd>"
            in form)


# -- a prevención recorded after its notification --------------------------------------------------
#
# Filed Thursday 1 October 2026 and prevented Monday 5 October: the requester had until 19 October
# (10 días hábiles: 6–9, 12–16, 19), long over on the real clock when these tests run.

def preview(client, request_id, **params):
    return client.get(f"/solicitudes/{request_id}/plazo-para-desahogar", params=params,
                      headers={"HX-Request": "true"})


def test_the_prevention_form_warns_that_a_window_already_over_closes_the_request(engine, demo, transparencia,
                                                                                sign_in):
    request = request_of(engine, file_request(engine, transparencia, fecha_recepcion="2026-10-01").id)
    client = sign_in("transparencia")
    ended = " ".join(preview(client, request.id, fecha_prevencion="2026-10-05").text.split())
    assert ("con esa fecha de notificación, el plazo del solicitante para desahogar la prevención (10 días hábiles, "
            "LGTAIP 2025, art. 130) ya venció: el <strong>19 de octubre de 2026</strong>.") in ended
    assert "Si no la desahogó, al enviar la solicitud se tendrá por no presentada y se concluirá." in ended
    assert "Si la desahogó a tiempo, anote abajo la fecha del desahogo y lo que aportó" in ended
    # With the desahogo that came in time: the response term it restarts, as the step will count it.
    answered = " ".join(preview(client, request.id, fecha_prevencion="2026-10-05", fecha_desahogo="2026-10-14",
                                hora_desahogo="12:00").text.split())
    assert "El desahogo llegó dentro del plazo para desahogar, que venció el 19 de octubre de 2026." in answered
    assert "corre de nuevo, completo, del 15 de octubre de 2026 al <strong>11 de noviembre de 2026</strong>" in answered
    late = preview(client, request.id, fecha_prevencion="2026-10-05", fecha_desahogo="2026-10-20").text
    assert "El desahogo llegó después del cierre del último día para desahogar (19 de octubre de 2026)" in late
    too_late = preview(client, request.id, fecha_prevencion="2026-10-09").text
    assert "El plazo para prevenir venció el 8 de octubre de 2026: una prevención fuera de plazo" in too_late
    assert "Escriba la fecha en que se notificó la prevención" in preview(client, request.id).text


@pytest.mark.parametrize("kind, who", [("acceso", "el solicitante"), ("arco", "el titular")])
def test_the_prevention_forecast_names_the_requester_or_the_titular(engine, demo, transparencia, sign_in, kind, who):
    file = file_request if kind == "acceso" else file_arco
    request = request_of(engine, file(engine, transparencia, fecha_recepcion="2026-10-01").id)
    client = sign_in("transparencia")
    assert preview(client, request.id).text.strip() == (
        f"Escriba la fecha en que se notificó la prevención para ver hasta cuándo puede desahogarla {who}.")
    ended = " ".join(preview(client, request.id, fecha_prevencion="2026-10-05").text.split())
    assert f"con esa fecha de notificación, el plazo del {who[3:]} para desahogar la prevención" in ended


def test_the_prevention_form_gives_the_last_day_to_answer_a_prevention_notified_today(engine, demo, transparencia,
                                                                                     sign_in):
    today = demo_workday().isoformat()  # an oficio is dated on a día hábil
    instance = file_arco(engine, transparencia, fecha_recepcion=today, hora_recepcion="00:01")
    request = request_of(engine, instance.id)
    text = " ".join(preview(sign_in("transparencia"), request.id, fecha_prevencion=today).text.split())
    # The day the prevención then gives (counted from the next día hábil, if today is inhábil).
    complete(engine, transparencia, instance.id, "review", {
        "decision": "prevenir", "requerimiento": "Precise el expediente.", "fecha_prevencion": today})
    last_day = deadline_rows(engine, request.folio)[DeadlineKind.DESAHOGO][0].due_on
    assert f"El titular tendrá hasta el <strong>{last_day.day} de " in text
    assert "(10 días hábiles, LGPDPPSO, art. 46); si no lo hace, la solicitud se tendrá por no presentada." in text
    assert "ya venció" not in text


def test_the_prevention_form_says_beforehand_that_its_oficio_cannot_be_dated_on_a_saturday(engine, demo, transparencia,
                                                                                           sign_in):
    request = request_of(engine, file_request(engine, transparencia, fecha_recepcion="2026-10-01").id)  # a Thursday
    text = " ".join(preview(sign_in("transparencia"), request.id, fecha_prevencion="2026-10-03").text.split())
    assert text == ("El 3 de octubre de 2026 es día inhábil en el calendario de la institución (sábado): un oficio se "
                    "fecha en día hábil. Indique el día hábil en que se notifica; el siguiente es el 5 de octubre de "
                    "2026.")


def test_only_the_unidad_asks_the_prevention_forecast(engine, demo, transparencia, sign_in):
    request = request_of(engine, file_request(engine, transparencia, fecha_recepcion="2026-10-01").id)
    assert preview(sign_in("enlace_da"), request.id, fecha_prevencion="2026-10-05").status_code == 403


def test_the_analysis_form_asks_for_the_desahogo_beside_the_prevention_and_forecasts_it(engine, demo, transparencia,
                                                                                       sign_in):
    for instance, who in ((file_request(engine, transparencia, fecha_recepcion="2026-10-01"), "solicitante"),
                          (file_arco(engine, transparencia, fecha_recepcion="2026-10-01"), "titular")):
        request = request_of(engine, instance.id)
        page = analysis_page(sign_in, engine, instance.id)
        assert f'hx-get="/solicitudes/{request.id}/plazo-para-desahogar"' in page
        assert ('hx-include="#campo-fecha_prevencion, #campo-fecha_desahogo, #campo-hora_desahogo"') in page
        assert 'name="fecha_desahogo" type="date"' in page and 'name="hora_desahogo" type="time"' in page
        assert f"Información que aportó el {who}" in page and f"Si el {who} ya desahogó la prevención" in page


def test_a_late_prevention_sent_with_its_desahogo_leaves_the_request_in_process(engine, demo, transparencia, sign_in):
    instance = file_request(engine, transparencia, fecha_recepcion="2026-10-01")
    task = task_named(engine, instance.id, "review")
    client = sign_in("transparencia")
    page = client.get(f"/tareas/{task.id}").text
    prevention = {"decision": "prevenir", "requerimiento": "Precise el periodo de los contratos que solicita.",
                  "fecha_prevencion": "2026-10-05", "version": hidden_value(page, "version"),
                  "_csrf_token": csrf_of(client)}
    late = client.post(f"/tareas/{task.id}", headers=HTMX, data={
        **prevention, "fecha_desahogo": "2026-10-20", "desahogo": "Los contratos de 2025."})
    assert late.status_code == 422
    assert ('id="error-fecha_desahogo">El desahogo llegó después del cierre del último día para desahogar '
            '(19 de octubre de 2026)') in late.text
    assert "Los contratos de 2025.</textarea>" in late.text
    done = client.post(f"/tareas/{task.id}", headers=HTMX, data={
        **prevention, "fecha_desahogo": "2026-10-14", "desahogo": "Los contratos de 2025."})
    assert done.status_code == 200 and "Tarea completada" in done.text
    assert request_of(engine, instance.id).status == RequestStatus.REGISTERED
    assert task_named(engine, instance.id, "review").id != task.id  # analysed again, with the full term


# -- an answer pointing to information already public ----------------------------------------------

def test_the_analysis_form_gives_the_last_day_to_answer_that_the_information_is_already_public(
        engine, demo, transparencia, sign_in):
    # Pointing to information already public is owed within 5 días hábiles (LGTAIP 2025 art. 132):
    # 24, 25, 26, 27 and 30 March.
    instance = file_request(engine, transparencia)
    with reading(engine) as session:
        limits = analysis_limits(session, request_of(engine, instance.id), today=date(2026, 3, 24))
    assert (limits.public.due_on, limits.public.rule, limits.public.passed) == (
        date(2026, 3, 30), "5 días hábiles; LGTAIP 2025, art. 132", False)
    page = analysis_page(sign_in, engine, instance.id)  # today, long after March
    assert ("Si la información ya es pública: el plazo para responder así venció el 30 de marzo de 2026 (5 días "
            "hábiles; LGTAIP 2025, art. 132); una respuesta «Información pública disponible» se mide contra ese "
            "plazo y quedará registrada fuera de plazo.") in page


def test_a_request_filed_today_shows_until_when_it_may_be_answered_as_information_already_public(
        engine, demo, transparencia, sign_in):
    today = datetime.now(ZoneInfo(demo.organization.timezone)).date()
    instance = file_request(engine, transparencia, fecha_recepcion=today.isoformat(), hora_recepcion="00:01")
    with reading(engine) as session:
        limit = analysis_limits(session, request_of(engine, instance.id), today=today).public
    assert not limit.passed and limit.due_on > today
    assert (f"Si la información ya es pública: responder a más tardar el {long_date(limit.due_on)} (5 días "
            "hábiles; LGTAIP 2025, art. 132).") in analysis_page(sign_in, engine, instance.id)


def test_an_arco_request_has_no_term_for_information_already_public(engine, demo, transparencia, sign_in):
    instance = file_arco(engine, transparencia)
    with reading(engine) as session:
        assert analysis_limits(session, request_of(engine, instance.id), today=date(2026, 3, 24)).public is None
    assert "Si la información ya es pública" not in analysis_page(sign_in, engine, instance.id)


def an_area_answered_that_it_is_public(engine, demo, transparencia, enlace_area_a):
    """Filed today (the last día hábil, so that it can be answered the same day), turned to DA, which answered
    that the information is already published."""
    today = datetime.now(ZoneInfo(demo.organization.timezone)).date()
    instance = file_request(engine, transparencia, fecha_recepcion=demo_workday().isoformat(), hora_recepcion="00:01")
    turn(engine, transparencia, instance.id, demo.areas["DA"])
    complete(engine, enlace_area_a, instance.id, "area_answer",
             {"sentido": "publica", "respuesta": "Los contratos están publicados en el portal de transparencia."},
             area_id=demo.areas["DA"].id)
    with reading(engine) as session:
        limit = analysis_limits(session, request_of(engine, instance.id), today=today).public
    return instance, limit


def test_an_area_answering_that_the_information_is_public_shows_its_shorter_term_on_the_answer_form_and_the_page(
        engine, demo, transparencia, enlace_area_a, sign_in, monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance, limit = an_area_answered_that_it_is_public(engine, demo, transparencia, enlace_area_a)
    said = (f"Si la información ya es pública: responder a más tardar el {long_date(limit.due_on)} (5 días "
            "hábiles; LGTAIP 2025, art. 132).")
    why = (f"{demo.areas['DA'].name} respondió que la información ya es pública: una respuesta «Información pública "
           "disponible» se mide contra su propio plazo, más corto que el de la solicitud.")
    client = sign_in("transparencia")
    form = client.get(f"/tareas/{task_named(engine, instance.id, 'respond').id}").text
    assert said in form and why in form
    page = client.get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert said in page and why in page


def test_an_answer_pointing_to_published_information_says_which_term_it_was_measured_against(
        engine, demo, transparencia, enlace_area_a, sign_in, monkeypatch):
    monkeypatch.setattr(handlers, "utcnow", lambda: datetime.now(UTC))
    instance, limit = an_area_answered_that_it_is_public(engine, demo, transparencia, enlace_area_a)
    complete(engine, transparencia, instance.id, "respond", {
        "sentido": "publica", "respuesta": "Los contratos están publicados en https://example.org/contratos.",
        "modalidad": "electronica", "costo": "0", "fecha_notificacion": demo_workday().isoformat()})
    page = sign_in("transparencia").get(f"/solicitudes/{request_of(engine, instance.id).id}").text
    assert (f"respondida dentro del plazo de 5 días hábiles (LGTAIP 2025, art. 132) para orientar a información ya "
            f"publicada, que vencía el {long_date(limit.due_on)}") in page
    assert "Si la información ya es pública" not in page  # answered: no last day ahead
