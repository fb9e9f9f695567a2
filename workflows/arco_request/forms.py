"""One form model per user task of bpmn/arco_request.bpmn; the steps shared with access requests reuse theirs."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from engine.forms import RECEPTION_HOUR_ALREADY_HAPPENED, BlankIsNone, FieldProblem, FormDate, LocalTime, file_field
from engine.labels import plain
from engine.rule_sets import Procedure
from workflows.access_request.forms import (AppealForm, AppealOutcomeForm, AreaAnswerForm, CommitteeResolutionForm,
                                            ComplianceForm, Entidad, PastDate, PreventionAnswerForm, RespondForm,
                                            ReviewForm, not_in_the_future, pnt_has_its_folio,
                                            received_under_the_law)
from workflows.access_request.models import AgeRange, AnswerSense, ArcoRight, RequestChannel, Sex


# Also the import's reasons for refusing an ARCO row, answered or not (pnt_export.parse_row, holder_problem).
HOLDER_MISSING = ("Escriba el nombre del titular de los datos: una solicitud ARCO no puede ser anónima ni "
                  "presentarse con seudónimo.")
# What is written where there is no name (compared as engine.labels.plain compares: «N/A» is «n a»).
NOT_A_NAME = frozenset({"anonimo", "anonima", "anonimos", "anonimo a", "n a", "na", "n d", "nd", "s n", "sn",
                        "sin nombre", "sin dato", "sin datos", "no aplica", "no dice", "no proporciono",
                        "no proporcionado", "no especificado", "no especifica", "prefiere no decir", "desconocido",
                        "desconocida", "ninguno", "ninguna", "seudonimo", "x", "xx", "xxx", "null", "none"})


def holder_problem(name: str) -> str | None:
    """Why `name` cannot be an ARCO holder's (blank, «Anónimo», «N/A», «Sin nombre»…), or None."""
    if not name.strip():
        return HOLDER_MISSING
    key = plain(name)
    if not key or key in NOT_A_NAME or key.startswith(("anonim", "seudonim")):
        shown = name.strip() if len(name.strip()) <= 80 else f"{name.strip()[:80]}…"
        return f"«{shown}» no es el nombre de una persona. {HOLDER_MISSING}"
    return None


IDENTITY_MISSING = ("Indique el documento con que el titular o su representante acreditó su identidad (por ejemplo, "
                    "credencial para votar o pasaporte; y el poder, si actúa un representante).")


class RegisterArcoForm(BaseModel):
    canal: RequestChannel = Field(title="Medio de recepción")
    folio_pnt: str = Field(default="", max_length=40, validate_default=True, title="Folio de la PNT")
    fecha_recepcion: PastDate = Field(title="Fecha de recepción")
    hora_recepcion: LocalTime = Field(title="Hora de recepción")
    derecho: ArcoRight = Field(title="Derecho que ejerce")
    # Blank is refused by the validators below with the reason, not a bare "obligatorio".
    titular: str = Field(default="", max_length=200, validate_default=True, title="Titular de los datos personales")
    representante: str = Field(default="", max_length=200, title="Representante")
    documento_identidad: str = Field(default="", max_length=200, validate_default=True,
                                     title="Documento con que se acreditó la identidad")
    contacto: str = Field(default="", max_length=300, title="Medio para recibir notificaciones")
    descripcion: str = Field(min_length=10, max_length=20000, title="Datos personales y lo que se pide sobre ellos")
    tema: str = Field(default="", max_length=120, title="Tema")
    sexo: Sex = Field(default=Sex.NO_DICE, title="Sexo")
    rango_edad: AgeRange = Field(default=AgeRange.NO_DICE, title="Rango de edad")
    ocupacion: str = Field(default="", max_length=120, title="Ocupación")
    entidad: Entidad = Field(default="", max_length=60, title="Entidad federativa")
    folio_correspondencia: str = Field(default="", max_length=60, title="Folio de la oficialía de partes")
    archivo_id: int | None = file_field("Escrito de solicitud")

    reception_hour = RECEPTION_HOUR_ALREADY_HAPPENED

    @field_validator("folio_pnt", "folio_correspondencia", "representante")
    @classmethod
    def stripped(cls, value: str) -> str:
        return value.strip()

    under_the_law = field_validator("fecha_recepcion")(received_under_the_law(Procedure.ARCO))

    @field_validator("titular")
    @classmethod
    def holder_named(cls, value: str) -> str:
        problem = holder_problem(value)
        if problem:
            raise ValueError(problem)
        return value.strip()

    @field_validator("documento_identidad")
    @classmethod
    def identity_shown(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(IDENTITY_MISSING)
        return value.strip()

    pnt_folio = field_validator("folio_pnt")(pnt_has_its_folio)


# Senses an area may give in ARCO; classification and incompetencia are not the area's to propose.
ARCO_AREA_SENSES = {AnswerSense.ENTREGA_TOTAL, AnswerSense.ENTREGA_PARCIAL, AnswerSense.INEXISTENCIA,
                    AnswerSense.AMPLIACION, "devuelto"}


class ArcoAreaAnswerForm(AreaAnswerForm):
    """The access form, refusing the senses that do not exist for a holder's own data."""

    # Same name as the access validator, so it replaces it: in ARCO only inexistencia goes to the Comité.
    @model_validator(mode="after")
    def reasons_for_the_comite(self) -> "ArcoAreaAnswerForm":
        if self.sentido not in ARCO_AREA_SENSES:
            raise FieldProblem("sentido", "En una solicitud ARCO el área no clasifica los datos ni propone la "
                               "incompetencia: indique si procede, si los datos no existen, si necesita más tiempo, "
                               "o devuélvala.")
        if self.sentido == AnswerSense.INEXISTENCIA and len(self.fundamento.strip()) < 10:
            raise FieldProblem("fundamento", "Funde y motive la inexistencia para el Comité de Transparencia "
                               "(al menos 10 caracteres).")
        if self.sentido == AnswerSense.AMPLIACION and len(self.fundamento.strip()) < 10:
            raise FieldProblem("fundamento", "Explique por qué necesita ampliar el plazo, para que la Unidad lo "
                               "notifique al titular (al menos 10 caracteres).")
        return self


class ArcoExtensionForm(BaseModel):
    """The Unidad notifies the holder that the term is extended (no Comité resolution in ARCO)."""

    # Nested under its own key: "decision" and "fecha_notificacion" are the review's and the answer's too.
    data_key: ClassVar[str] = "aviso_ampliacion"

    decision: Literal["ampliar", "responder"] = Field(title="¿Se amplía el plazo?")
    fecha_notificacion: Annotated[FormDate | None, BlankIsNone] = Field(
        default=None, title="Fecha en que se notificó la ampliación al titular")
    motivo: str = Field(default="", max_length=2000, title="Razones de la ampliación")

    @model_validator(mode="after")
    def notified_with_reasons(self, info: ValidationInfo) -> "ArcoExtensionForm":
        if self.decision == "ampliar":
            if self.fecha_notificacion is None:
                raise FieldProblem("fecha_notificacion", "Indique la fecha en que se notificó la ampliación.")
            if len(self.motivo.strip()) < 10:
                raise FieldProblem("motivo", "Escriba las razones de la ampliación (al menos 10 caracteres).")
            not_in_the_future(self.fecha_notificacion, info, "fecha_notificacion")
        return self


class EffectivenessForm(BaseModel):
    """What was done to make the right effective. Identity is checked by the handler, against the request."""

    data_key: ClassVar[str] = "hecho_efectivo"

    fecha_verificacion_identidad: Annotated[FormDate | None, BlankIsNone] = Field(
        default=None, title="Fecha en que se verificó la identidad del titular o de su representante")
    fecha_efectividad: PastDate = Field(title="Fecha en que se hizo efectivo el derecho")
    descripcion: str = Field(min_length=10, max_length=5000, title="Qué se hizo para hacer efectivo el derecho")

    @field_validator("fecha_verificacion_identidad")
    @classmethod
    def already_happened(cls, value: date | None, info: ValidationInfo) -> date | None:
        return None if value is None else not_in_the_future(value, info)


FORMS: dict[str, type[BaseModel]] = {
    "register": RegisterArcoForm,
    "review": ReviewForm,
    "prevention_answer": PreventionAnswerForm,
    "area_answer": ArcoAreaAnswerForm,
    "committee_resolution": CommitteeResolutionForm,
    "extend": ArcoExtensionForm,
    "respond": RespondForm,
    "make_effective": EffectivenessForm,
    "make_effective_with_costs": EffectivenessForm,
    "appeal": AppealForm,
    "appeal_outcome": AppealOutcomeForm,
    "comply": ComplianceForm,
}
