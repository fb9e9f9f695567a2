"""The Unidad's oficios, built from fixed data and read back: the answer, the prevención and the
notice of notoria incompetencia, and who signs them."""

from datetime import UTC, date, datetime

import pytest

from engine.business_calendar import Unit
from engine.deadlines import Deadline
from engine.rule_sets import Rule, RuleSetVariant, apply_variant, builtin_rule_sets
from engine.documents import text_of
from engine.tenancy import Organization
from workflows.access_request.models import (AnswerSense, ArcoRight, CommitteeCase, CommitteeCaseKind,
                                             CommitteeResolution, DeliveryMode, RequestChannel, RequestKind,
                                             TransparencyRequest)
from workflows.access_request.oficio import (Extension, build_extension_oficio, build_incompetence_oficio, build_oficio,
                                             build_prevention_oficio)


def organization(**overrides) -> Organization:
    values = dict(id=1, slug="sesaech", name="Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas",
                  short_name="SESAECH", address="Tuxtla Gutiérrez, Chiapas", timezone="America/Mexico_City")
    return Organization(**(values | overrides))


REQUEST = TransparencyRequest(
    id=3, organization_id=1, kind=RequestKind.ACCESO, folio="SAI-2026-00003", year=2026, seq=3,
    channel=RequestChannel.PNT, received_at=datetime(2026, 3, 2, 17, 0, tzinfo=UTC), description="Contratos 2025",
    requester_name="María López Hernández", rule_set_code="lgtaip", answer_sense=AnswerSense.ENTREGA_TOTAL,
    answer_text="Se entregan los contratos solicitados.", answered_on=date(2026, 3, 20),
    delivery_mode=DeliveryMode.ELECTRONICA, oficio_number="UT/0003/2026")
# How the oficios name its filing (reception.filing_words): Monday 2 March 2026 at 11:00, a día hábil.
RECEIVED = "recibida el 2 de marzo de 2026"


def closing(text: str) -> list[str]:
    """The five lines of the signature block (text_of lists the table's cells after the paragraphs)."""
    return text[text.index("Atentamente"):].split("\n")[:5]


def test_the_oficio_is_signed_by_the_titular_of_the_unidad_with_the_cargo_on_record():
    titular = organization(transparency_head_name="Mtra. Ana Ruiz Gómez",
                           transparency_head_title="Titular de la Unidad de Transparencia y Archivo")
    text = text_of(build_oficio(titular, REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))
    assert closing(text) == ["Atentamente", "", "_" * 40, "Mtra. Ana Ruiz Gómez",
                             "Titular de la Unidad de Transparencia y Archivo"]
    assert "Luis Alberto Pérez Soto" not in text  # who typed the answer does not sign for the titular


def test_without_a_titular_on_record_the_person_who_answers_signs_for_the_unidad():
    text = text_of(build_oficio(organization(), REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))
    assert closing(text) == ["Atentamente", "", "_" * 40, "Luis Alberto Pérez Soto", "Unidad de Transparencia"]


def test_a_blank_cargo_falls_back_to_the_titular_of_the_unidad():
    text = text_of(build_oficio(organization(transparency_head_name="  Mtra. Ana Ruiz Gómez ",
                                             transparency_head_title=" "), REQUEST, "UT/0003/2026", RECEIVED,
                                "Luis Alberto Pérez Soto"))
    assert closing(text)[-2:] == ["Mtra. Ana Ruiz Gómez", "Titular de la Unidad de Transparencia"]


def test_the_prevention_oficio_says_what_to_clarify_by_which_day_and_what_follows_if_not():
    answer_term = Deadline(days=10, unit=Unit.BUSINESS_DAYS, basis="LGTAIP 2025, art. 130", due_on=date(2026, 3, 19))
    text = text_of(build_prevention_oficio(organization(), REQUEST, "UT/0002/2026", RECEIVED, date(2026, 3, 5),
                                           "Precise el periodo.\n\nIndique el área que los firmó.", answer_term,
                                           "Luis Alberto Pérez Soto"))
    assert text.split("\n")[2:7] == ["Unidad de Transparencia", "Oficio núm. UT/0002/2026",
                                     "Asunto: prevención de la solicitud SAI-2026-00003",
                                     "Tuxtla Gutiérrez, Chiapas, a 5 de marzo de 2026", "María López Hernández"]
    assert ("En atención a su solicitud SAI-2026-00003, recibida el 2 de marzo de 2026, la Unidad de Transparencia de "
            "la Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas le informa que, para "
            "dar trámite a su solicitud, es necesario que la aclare, precise o complemente en los términos siguientes:\n"
            "Precise el periodo.\nIndique el área que los firmó.\n") in text
    assert ("Con fundamento en LGTAIP 2025, art. 130, cuenta con 10 días hábiles, contados a partir del día hábil "
            "siguiente a la notificación de este oficio, es decir, a más tardar el 19 de marzo de 2026") in text
    assert "volverá a computarse, completo, a partir del día hábil siguiente al desahogo" in text
    assert "recurso de revisión" not in text  # a prevención is not an answer one appeals


@pytest.mark.parametrize("address, place_line", [
    ("Av. Insurgentes Sur 3211, Coyoacán, C.P. 04530, Ciudad de México", "Ciudad de México, a 20 de marzo de 2026"),
    ("Av. Insurgentes Sur 3211, Col. Insurgentes Cuicuilco, 04530 Coyoacán, CDMX",
     "Ciudad de México, a 20 de marzo de 2026"),
    ("Blvd. Belisario Domínguez 1713, Col. Xamaipak, Tuxtla Gutiérrez, Chiapas, C.P. 29060",
     "Tuxtla Gutiérrez, Chiapas, a 20 de marzo de 2026"),
])
def test_the_oficio_is_dated_in_the_city_of_the_address_without_its_postal_code(address, place_line):
    """The place line names the city as the acta does (engine.documents.city_of), not the address's last parts."""
    text = text_of(build_oficio(organization(address=address), REQUEST, "UT/0003/2026", RECEIVED,
                                "Luis Alberto Pérez Soto"))
    assert text.split("\n")[5] == place_line


def test_the_incompetence_oficio_orients_an_arco_holder_to_the_competent_body():
    holder = TransparencyRequest(**(REQUEST.model_dump() | {
        "kind": RequestKind.ARCO, "arco_right": ArcoRight.ACCESO, "holder_name": "María López Hernández",
        "representative_name": "Lic. Jorge Ruiz", "pnt_folio": "330024626000124"}))
    notice = Deadline(days=3, unit=Unit.BUSINESS_DAYS, basis="LGPDPPSO, art. 47", due_on=date(2026, 3, 5))
    appeal = Rule("recurso", "Interposición del recurso de revisión", 15, Unit.BUSINESS_DAYS, "LGPDPPSO, art. 104")
    text = text_of(build_incompetence_oficio(organization(), holder, "UT/0004/2026", RECEIVED, date(2026, 3, 4),
                                             "Instituto Mexicano del Seguro Social", notice, "Luis Alberto Pérez Soto",
                                             appeal))
    assert "Asunto: incompetencia, solicitud SAI-2026-00003" in text  # «notoria» is the access law's word
    assert "María López Hernández, por conducto de Lic. Jorge Ruiz" in text
    assert ("En atención a su solicitud SAI-2026-00003 (folio de la Plataforma Nacional de Transparencia "
            "330024626000124) para ejercer el derecho de acceso a sus datos personales, recibida el 2 de marzo de "
            "2026, la Unidad de Transparencia de la Secretaría Ejecutiva del Sistema Anticorrupción del "
            "Estado de Chiapas, con fundamento en LGPDPPSO, art. 47, le informa que este responsable no es competente "
            "para atender su solicitud") in text
    assert ("le orientamos a presentar su solicitud ante el responsable competente: Instituto Mexicano del Seguro "
            "Social.") in text
    assert "dentro de los 15 días hábiles siguientes a su notificación (LGPDPPSO, art. 104)." in text


@pytest.mark.parametrize("kind,sense", [
    (RequestKind.ARCO, AnswerSense.INEXISTENCIA), (RequestKind.ARCO, AnswerSense.INCOMPETENCIA),
    (RequestKind.ARCO, AnswerSense.IMPROCEDENTE), (RequestKind.ACCESO, AnswerSense.INEXISTENCIA),
    (RequestKind.ACCESO, AnswerSense.INCOMPETENCIA),
])
def test_an_answer_that_delivers_nothing_has_no_delivery_modality(kind, sense):
    """Nothing is delivered nor made effective: a «Modalidad» row (nor the hojas) would mean nothing there."""
    answer = TransparencyRequest(**(REQUEST.model_dump() | {
        "kind": kind, "answer_sense": sense, "delivery_mode": DeliveryMode.COPIA_SIMPLE, "pages": 12,
        "answer_text": "No se localizó la información en los archivos de las áreas."}))
    text = text_of(build_oficio(organization(), answer, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))
    assert f"Sentido de la respuesta | {answer.answer_label}" in text
    assert "Modalidad" not in text and "Hojas" not in text and "Copia simple" not in text


@pytest.mark.parametrize("kind,row", [
    (RequestKind.ARCO, "Modalidad en que se hace efectivo el derecho | Medio electrónico (PNT o correo)"),
    (RequestKind.ACCESO, "Modalidad de entrega | Medio electrónico (PNT o correo)"),
])
def test_an_answer_that_delivers_says_how(kind, row):
    answer = TransparencyRequest(**(REQUEST.model_dump() | {"kind": kind}))
    assert row in text_of(build_oficio(organization(), answer, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))


def test_an_answer_under_a_law_without_recurso_de_revision_does_not_offer_one():
    text = text_of(build_oficio(organization(), REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))
    assert "Se entregan los contratos solicitados." in text and "recurso de revisión" not in text


def test_every_oficio_names_the_organization_with_its_article_and_arco_ones_never_say_sujeto_obligado():
    holder = TransparencyRequest(**(REQUEST.model_dump() | {
        "kind": RequestKind.ARCO, "arco_right": ArcoRight.ACCESO, "holder_name": "María López Hernández"}))
    rule = Rule("ampliacion", "Ampliación del plazo", 10, Unit.BUSINESS_DAYS, "LGPDPPSO, art. 51")
    extension = Extension(date(2026, 3, 20), rule, "Búsqueda en el archivo.", date(2026, 4, 6))
    notice = Deadline(days=3, unit=Unit.BUSINESS_DAYS, basis="LGPDPPSO, art. 47", due_on=date(2026, 3, 5))
    answer_term = Deadline(days=10, unit=Unit.BUSINESS_DAYS, basis="LGPDPPSO, art. 52", due_on=date(2026, 3, 19))
    signer = "Luis Alberto Pérez Soto"
    builders = (lambda r: build_oficio(organization(), r, "UT/1", RECEIVED, signer),
                lambda r: build_extension_oficio(organization(), r, "UT/2", RECEIVED, extension, signer),
                lambda r: build_incompetence_oficio(organization(), r, "UT/3", RECEIVED, date(2026, 3, 4), "IMSS",
                                                    notice, signer),
                lambda r: build_prevention_oficio(organization(), r, "UT/4", RECEIVED, date(2026, 3, 5),
                                                  "Precise el periodo.", answer_term, signer))
    for build in builders:
        arco, access = text_of(build(holder)), text_of(build(REQUEST))
        for text in (arco, access):  # «del sujeto obligado Secretaría…» lacked the name's own article
            assert "la Unidad de Transparencia de la Secretaría Ejecutiva del Sistema Anticorrupción" in text
            assert "del responsable Secretaría" not in text and "del sujeto obligado Secretaría" not in text
        assert "sujeto obligado" not in arco


# -- the Comité's resolutions, notified with the answer under the provisions of the request's law -------------

def resolved(kind: CommitteeCaseKind, resolution=CommitteeResolution.CONFIRMA) -> CommitteeCase:
    return CommitteeCase(organization_id=1, request_id=3, kind=kind, resolution=resolution,
                         resolution_number="CT/RES/004/2026", resolved_on=date(2026, 4, 8))


ARCO_HOLDER = TransparencyRequest(**(REQUEST.model_dump() | {
    "kind": RequestKind.ARCO, "arco_right": ArcoRight.ACCESO, "holder_name": "María López Hernández"}))


@pytest.mark.parametrize("request_, matter, code, sentence", [
    (REQUEST, CommitteeCaseKind.CLASIFICACION, "MX-LGTAIP-2025",
     "con fundamento en LGTAIP 2025, arts. 40 fr. II y 139, confirmó la clasificación de la información."),
    (REQUEST, CommitteeCaseKind.INEXISTENCIA, "MX-LGTAIP-2025",
     "con fundamento en LGTAIP 2025, arts. 40 fr. II, 140 y 141, confirmó la declaración de inexistencia de la "
     "información."),
    (REQUEST, CommitteeCaseKind.INCOMPETENCIA, "MX-LGTAIP-2025",
     "con fundamento en LGTAIP 2025, art. 40 fr. II, confirmó la declaración de incompetencia."),
    (REQUEST, CommitteeCaseKind.CLASIFICACION, "MX-LGTAIP-2015",
     "con fundamento en LGTAIP 2015, arts. 44 fr. II y 137, confirmó la clasificación de la información."),
    (REQUEST, CommitteeCaseKind.INEXISTENCIA, "MX-LGTAIP-2015",
     "con fundamento en LGTAIP 2015, arts. 44 fr. II, 138 y 139, confirmó la declaración de inexistencia de la "
     "información."),
    (ARCO_HOLDER, CommitteeCaseKind.INEXISTENCIA, "MX-LGPDPPSO",
     "con fundamento en LGPDPPSO, art. 47, confirmó la declaración de inexistencia de los datos "
     "personales."),
])
def test_the_answer_cites_the_provision_under_which_the_comite_resolved_each_matter(request_, matter, code, sentence):
    text = text_of(build_oficio(organization(), request_, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto",
                                committee=[resolved(matter)], law=builtin_rule_sets()[code]))
    assert f"El Comité de Transparencia, en su resolución CT/RES/004/2026 del 8 de abril de 2026, {sentence}" in text


def test_a_state_variant_cites_its_own_provision_for_the_comites_resolution():
    variant = RuleSetVariant(organization_id=1, code="CHIS-LTAIP", name="Ley de Transparencia de Chiapas",
                             base_code="MX-LGTAIP-2025", overrides={"comite_clasificacion": {
                                 "basis": "Ley de Transparencia del Estado de Chiapas, arts. 59 y 150"}})
    law = apply_variant(builtin_rule_sets()["MX-LGTAIP-2025"], variant)
    text = text_of(build_oficio(organization(), REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto",
                                committee=[resolved(CommitteeCaseKind.CLASIFICACION, CommitteeResolution.MODIFICA)],
                                law=law))
    assert ("del 8 de abril de 2026, con fundamento en Ley de Transparencia del Estado de Chiapas, arts. 59 y 150, "
            "modificó la clasificación de la información.") in text
    assert law.basis_of("comite_inexistencia") == "LGTAIP 2025, arts. 40 fr. II, 140 y 141"  # the rest, the base's


def test_under_a_law_that_names_no_provision_the_resolution_is_notified_without_one():
    text = text_of(build_oficio(organization(), REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto",
                                committee=[resolved(CommitteeCaseKind.CLASIFICACION)],
                                law=builtin_rule_sets()["CO-1755"]))
    assert ("El Comité de Transparencia, en su resolución CT/RES/004/2026 del 8 de abril de 2026, confirmó la "
            "clasificación de la información.") in text


# -- costs ---------------------------------------------------------------------------------------------------

def test_an_arco_answer_with_costs_tells_the_holder_the_window_to_pay_with_its_basis_before_the_right_is_effective():
    holder = TransparencyRequest(**(ARCO_HOLDER.model_dump() | {
        "delivery_mode": DeliveryMode.COPIA_SIMPLE, "pages": 300, "cost": 150.0}))
    payment = Deadline(days=15, unit=Unit.BUSINESS_DAYS, basis="LGPDPPSO, arts. 45 y 50",
                       due_on=date(2026, 4, 13))
    effective = Deadline(days=15, unit=Unit.BUSINESS_DAYS, basis="LGPDPPSO, art. 45", due_on=date(2026, 4, 13))
    text = text_of(build_oficio(organization(), holder, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto",
                                payment=payment, effective=effective))
    assert ("Con fundamento en LGPDPPSO, arts. 45 y 50, para que el derecho se haga efectivo deberá "
            "cubrir el costo de $150.00 MXN dentro de los 15 días hábiles siguientes a la notificación de esta "
            "respuesta, es decir, a más tardar el 13 de abril de 2026.") in text
    assert ("a más tardar el 13 de abril de 2026, previa acreditación del pago de los costos y de la identidad del "
            "titular y, en su caso, de la identidad y personalidad de su representante.") in text
    assert "Para recibir la información" not in text  # an ARCO right is made effective
