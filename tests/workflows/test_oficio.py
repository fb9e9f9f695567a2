"""The Unidad's oficios, built from fixed data and read back: the answer, the prevención and the
notice of notoria incompetencia, and who signs them."""

from datetime import UTC, date, datetime

from engine.business_calendar import Unit
from engine.deadlines import Deadline
from engine.rule_sets import Rule
from engine.documents import text_of
from engine.tenancy import Organization
from workflows.access_request.models import (AnswerSense, ArcoRight, DeliveryMode, RequestChannel, RequestKind,
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
    assert ("En atención a su solicitud SAI-2026-00003, recibida el 2 de marzo de 2026, la Unidad de Transparencia del "
            "sujeto obligado Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas le informa que, para "
            "dar trámite a su solicitud, es necesario que la aclare, precise o complemente en los términos siguientes:\n"
            "Precise el periodo.\nIndique el área que los firmó.\n") in text
    assert ("Con fundamento en LGTAIP 2025, art. 130, cuenta con 10 días hábiles, contados a partir del día hábil "
            "siguiente a la notificación de este oficio, es decir, a más tardar el 19 de marzo de 2026") in text
    assert "volverá a computarse, completo, a partir del día hábil siguiente al desahogo" in text
    assert "recurso de revisión" not in text  # a prevención is not an answer one appeals


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
            "2026, la Unidad de Transparencia del responsable Secretaría Ejecutiva del Sistema Anticorrupción del "
            "Estado de Chiapas, con fundamento en LGPDPPSO, art. 47, le informa que este responsable no es competente "
            "para atender su solicitud") in text
    assert ("le orientamos a presentar su solicitud ante el responsable competente: Instituto Mexicano del Seguro "
            "Social.") in text
    assert "dentro de los 15 días hábiles siguientes a su notificación (LGPDPPSO, art. 104)." in text


def test_an_answer_under_a_law_without_recurso_de_revision_does_not_offer_one():
    text = text_of(build_oficio(organization(), REQUEST, "UT/0003/2026", RECEIVED, "Luis Alberto Pérez Soto"))
    assert "Se entregan los contratos solicitados." in text and "recurso de revisión" not in text


def test_arco_oficios_speak_of_the_responsable_and_access_oficios_of_the_sujeto_obligado():
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
        assert "la Unidad de Transparencia del responsable Secretaría Ejecutiva" in arco
        assert "sujeto obligado" not in arco
        assert "la Unidad de Transparencia del sujeto obligado Secretaría Ejecutiva" in access
