"""One form model per user task of bpmn/access_request.bpmn (and the ARCO process that shares them)."""

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (AfterValidator, BaseModel, Field, ValidationInfo, field_validator, model_serializer,
                      model_validator)

from engine.documents import long_date
from engine.forms import (RECEPTION_HOUR_ALREADY_HAPPENED, BlankIsNone, FieldProblem, FormDate, LocalTime,
                          file_field, today_of)
from engine.rule_sets import Procedure, before_the_first_law

from workflows.access_request.entidades import canonical_entidad
from workflows.access_request.models import (COPIES, AgeRange, AnswerSense, CommitteeResolution, DeliveryMode,
                                             RequestChannel, RequesterKind, Sex)


def not_in_the_future(value: date, info: ValidationInfo, field: str | None = None) -> date:
    """`field`: the date's field, when checked by a model validator (a field validator knows it)."""
    # A year before 2000 is refused by every form's date (engine.forms.FormDate).
    if value > today_of(info):
        problem = "La fecha no puede ser posterior a hoy."
        raise FieldProblem(field, problem) if field else ValueError(problem)
    return value


def pnt_has_its_folio(cls, folio: str, info: ValidationInfo) -> str:
    """A request that came through the PNT is known there by its folio (for a form whose `canal`
    comes before its `folio_pnt`)."""
    if info.data.get("canal") == RequestChannel.PNT and not folio:
        raise ValueError("Una solicitud de la PNT necesita su folio de la PNT.")
    return folio


# A request as the refusal of its reception date names it.
_REQUEST_OF = {Procedure.ACCESO: "solicitud de acceso a la información", Procedure.ARCO: "solicitud ARCO"}


def received_before_the_law(procedure: Procedure | str, received_on: date) -> str | None:
    """Why a request (access or ARCO) received that day cannot be registered: before the first law Pleno
    knows for it took effect (the LGTAIP of 2015, the LGPDPPSO), its terms would be counted under a law not
    yet in force. None if it can. Also the import's reason for refusing the row (pnt_export.parse_row)."""
    law = before_the_first_law(procedure, received_on)
    if law is None:
        return None
    return (f"Una {_REQUEST_OF[Procedure(procedure)]} no puede tener fecha de recepción anterior al "
            f"{long_date(law.valid_from)}, día en que entró en vigor la {law.name}, cuyos plazos aplica Pleno. "
            "Revise la fecha.")


def received_under_the_law(procedure: Procedure):
    """The registration form's check of its reception date, for a field validator of `fecha_recepcion`."""
    def under_the_law(cls, value: date) -> date:
        problem = received_before_the_law(procedure, value)
        if problem:
            raise ValueError(problem)
        return value
    return under_the_law


# A date of something that already happened (a filing, a notification, a resolution).
PastDate = Annotated[FormDate, AfterValidator(not_in_the_future)]
# Where the requester lives, stored under one name however it was written (or imported).
Entidad = Annotated[str, AfterValidator(canonical_entidad)]


class RegisterRequestForm(BaseModel):
    canal: RequestChannel = Field(title="Medio de recepción")
    # Checked even when left empty (validate_default), with the other fields: every problem of the
    # form is reported at once, not the missing folio or name only after the rest was fixed.
    folio_pnt: str = Field(default="", max_length=40, validate_default=True, title="Folio de la PNT")
    fecha_recepcion: PastDate = Field(title="Fecha de recepción")
    hora_recepcion: LocalTime = Field(title="Hora de recepción")
    tipo_solicitante: RequesterKind = Field(default=RequesterKind.NOMBRE, title="Solicitante")
    nombre: str = Field(default="", max_length=200, validate_default=True, title="Nombre o seudónimo")
    contacto: str = Field(default="", max_length=300, title="Medio para recibir notificaciones")
    descripcion: str = Field(min_length=10, max_length=20000, title="Información solicitada")
    tema: str = Field(default="", max_length=120, title="Tema")
    sexo: Sex = Field(default=Sex.NO_DICE, title="Sexo")
    rango_edad: AgeRange = Field(default=AgeRange.NO_DICE, title="Rango de edad")
    ocupacion: str = Field(default="", max_length=120, title="Ocupación")
    entidad: Entidad = Field(default="", max_length=60, title="Entidad federativa")
    folio_correspondencia: str = Field(default="", max_length=60, title="Folio de la oficialía de partes")
    archivo_id: int | None = file_field("Escrito de solicitud")


    @field_validator("folio_pnt", "folio_correspondencia", "nombre")
    @classmethod
    def stripped(cls, value: str) -> str:
        return value.strip()

    reception_hour = RECEPTION_HOUR_ALREADY_HAPPENED
    pnt_folio = field_validator("folio_pnt")(pnt_has_its_folio)
    under_the_law = field_validator("fecha_recepcion")(received_under_the_law(Procedure.ACCESO))

    @field_validator("nombre")
    @classmethod
    def named_unless_anonymous(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("tipo_solicitante") != RequesterKind.ANONIMO and not value:
            raise ValueError("Escriba el nombre o el seudónimo, o marque la solicitud como anónima.")
        return value


class ReviewForm(BaseModel):
    """The Unidad de Transparencia decides what the request needs next."""

    # "responder": with what the areas already answered (one returned it, another answered), or
    # directly, when the Unidad holds the information or it is already public.
    decision: Literal["turnar", "prevenir", "incompetencia", "responder"] = Field(title="Siguiente paso")
    areas: list[int] = Field(default_factory=list, title="Áreas a las que se turna")
    instruccion: str = Field(default="", max_length=2000, title="Instrucción a las áreas")
    requerimiento: str = Field(default="", max_length=5000, title="Requerimiento de información adicional")
    fecha_prevencion: Annotated[FormDate | None, BlankIsNone] = Field(default=None,
                                                                     title="Fecha en que se notificó la prevención")
    # The desahogo, when the prevención is recorded after it already arrived: given here, the step
    # records both (ProcessDescriptor.follow_up), and a requester's window that has since ended does
    # not make the request «no presentada» before the desahogo can be recorded.
    fecha_desahogo: Annotated[FormDate | None, BlankIsNone] = Field(default=None, title="Fecha del desahogo")
    hora_desahogo: Annotated[LocalTime | None, BlankIsNone] = Field(default=None,
                                                                    title="Hora en que se recibió el desahogo")
    desahogo: str = Field(default="", max_length=5000, title="Información que aportó")
    organo_competente: str = Field(default="", max_length=250, title="Sujeto obligado competente")
    fecha_notificacion: Annotated[FormDate | None, BlankIsNone] = Field(
        default=None, title="Fecha en que se notificó la incompetencia")

    @field_validator("areas", mode="before")
    @classmethod
    def one_or_many(cls, value):
        if value in (None, ""):
            return []
        return [value] if not isinstance(value, list) else list(dict.fromkeys(value))

    @model_validator(mode="after")
    def what_each_decision_needs(self, info: ValidationInfo) -> "ReviewForm":
        if self.decision == "turnar" and not self.areas:
            raise FieldProblem("areas", "Elija al menos un área a la cual turnar.")
        if self.decision == "prevenir":
            if len(self.requerimiento.strip()) < 10:
                raise FieldProblem("requerimiento", "Escriba el requerimiento (al menos 10 caracteres).")
            if self.fecha_prevencion is None:
                raise FieldProblem("fecha_prevencion", "Indique la fecha en que se notificó la prevención.")
            if self.fecha_desahogo is None and (self.hora_desahogo is not None or self.desahogo.strip()):
                raise FieldProblem("fecha_desahogo", "Indique la fecha en que se recibió el desahogo, o deje "
                                                     "vacíos los datos del desahogo si aún no llega.")
            if self.fecha_desahogo is not None:
                if self.fecha_desahogo < self.fecha_prevencion:
                    raise FieldProblem("fecha_desahogo", "El desahogo no puede ser anterior a la prevención.")
                if len(self.desahogo.strip()) < 5:
                    raise FieldProblem("desahogo", "Escriba la información que se aportó al desahogar la prevención "
                                                   "(al menos 5 caracteres).")
        if self.decision == "incompetencia":
            if not self.organo_competente.strip():
                raise FieldProblem("organo_competente", "Indique el sujeto obligado competente.")
            if self.fecha_notificacion is None:
                raise FieldProblem("fecha_notificacion", "Indique la fecha en que se notificó al solicitante.")
        for field in ("fecha_prevencion", "fecha_desahogo", "fecha_notificacion"):
            if getattr(self, field) is not None:
                not_in_the_future(getattr(self, field), info, field)
        return self

    @model_serializer(mode="wrap")
    def a_desahogo_only_with_its_prevention(self, handler) -> dict[str, Any]:
        # Without one, the process data gets no empty desahogo: after a prevención answered in its own
        # step, the next analysis would blank the desahogo that step recorded.
        dumped = handler(self)
        if self.decision != "prevenir" or self.fecha_desahogo is None:
            for name in PREVENTION_ANSWER_FIELDS:
                dumped.pop(name, None)
        return dumped


PREVENTION_ANSWER_FIELDS = ("fecha_desahogo", "hora_desahogo", "desahogo")


def with_its_desahogo(task_name: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A prevención given with its desahogo also answers «Registrar el desahogo» (ProcessDescriptor.follow_up)."""
    if task_name == "review" and data.get("decision") == "prevenir" and data.get("fecha_desahogo"):
        return "prevention_answer", {name: data.get(name) for name in PREVENTION_ANSWER_FIELDS}
    return None


class PreventionAnswerForm(BaseModel):
    fecha_desahogo: PastDate = Field(title="Fecha en que el solicitante desahogó la prevención")
    # Optional: after office hours (or on an inhábil day) the desahogo counts the next día hábil.
    hora_desahogo: Annotated[LocalTime | None, BlankIsNone] = Field(default=None,
                                                                    title="Hora en que se recibió el desahogo")
    desahogo: str = Field(min_length=5, max_length=5000, title="Información que aportó")



AREA_SENSES = [sense for sense in AnswerSense] + ["devuelto"]


class AreaAnswerForm(BaseModel):
    data_key: ClassVar[str] = "respuesta"

    sentido: AnswerSense | Literal["devuelto"] = Field(title="Sentido de la respuesta")
    respuesta: str = Field(min_length=5, max_length=20000, title="Respuesta o motivo")
    fundamento: str = Field(default="", max_length=2000, title="Fundamento y motivación")
    anexo_id: int | None = file_field("Anexo")

    @model_validator(mode="after")
    def reasons_for_the_comite(self) -> "AreaAnswerForm":
        if self.sentido in (AnswerSense.RESERVADA, AnswerSense.CONFIDENCIAL, AnswerSense.INEXISTENCIA,
                            AnswerSense.AMPLIACION) and len(self.fundamento.strip()) < 10:
            raise FieldProblem("fundamento",
                               "Funde y motive la propuesta para el Comité de Transparencia (al menos 10 caracteres).")
        return self


class CommitteeResolutionForm(BaseModel):
    data_key: ClassVar[str] = "resolucion_caso"

    resolucion: CommitteeResolution = Field(title="Resolución del Comité")
    numero: str = Field(min_length=3, max_length=80, title="Número de la resolución")
    fecha_resolucion: PastDate = Field(title="Fecha de la resolución")
    fecha_notificacion: Annotated[PastDate | None, BlankIsNone] = Field(default=None,
                                                                       title="Fecha en que se notificó al solicitante")
    notas: str = Field(default="", max_length=5000, title="Consideraciones")

    @model_validator(mode="after")
    def says_how_it_modified_or_why_it_revoked(self) -> "CommitteeResolutionForm":
        refusal = considerations_refusal(self.resolucion, self.notas)
        if refusal:
            raise FieldProblem("notas", refusal)
        return self


# What a modification or a revocation must say: the oficio de respuesta cites a modification «en los términos
# siguientes», and the answer form tells the Unidad what the area must do after a revocation.
CONSIDERATIONS_NEEDED = {
    CommitteeResolution.MODIFICA: "Escriba las consideraciones: los términos en que el Comité modifica la propuesta "
                                  "del área. El oficio de respuesta los cita.",
    CommitteeResolution.REVOCA: "Escriba las consideraciones: por qué el Comité revoca la propuesta del área y qué "
                                "debe hacer el área en su lugar.",
}


def considerations_refusal(resolution: CommitteeResolution, notes: str) -> str | None:
    """Why a resolution of the Comité cannot be recorded with these considerations, or None: a modification
    or a revocation without them leaves the oficio and the area without its terms."""
    return CONSIDERATIONS_NEEDED.get(resolution) if not notes.strip() else None


# The respond form's fields that make the answer; going back to the analysis takes none of them.
ANSWER_FIELDS = ("sentido", "respuesta", "modalidad", "costo", "hojas", "fecha_notificacion", "leyenda",
                 "version_publica_id")


class RespondForm(BaseModel):
    """The Unidad's answer; or, instead, going back to analyse the request again (an area's answer falls
    short, another area holds the information), with the reason, where the diagram has that way back."""

    # Declared first: the answer's fields are required only when answering (their validators read it).
    accion: Literal["responder", "volver"] = Field(default="responder", title="Qué hace la Unidad")
    motivo: str = Field(default="", max_length=2000, validate_default=True,
                        title="Motivo para volver a analizar la solicitud")
    sentido: AnswerSense | None = Field(default=None, validate_default=True, title="Sentido de la respuesta")
    respuesta: str | None = Field(default=None, min_length=10, max_length=50000, validate_default=True,
                                  title="Respuesta al solicitante")
    modalidad: DeliveryMode | None = Field(default=None, validate_default=True, title="Modalidad de entrega")
    costo: float = Field(default=0, ge=0, le=10_000_000, title="Costo de reproducción y envío (MXN)")
    hojas: Annotated[int | None, BlankIsNone] = Field(default=None, ge=1, le=1_000_000, validate_default=True,
                                                      title="Número de hojas que se entregan en copia")
    fecha_notificacion: PastDate | None = Field(default=None, validate_default=True,
                                                title="Fecha de notificación de la respuesta")
    leyenda: str = Field(default="", max_length=2000, title="Leyenda de la versión pública")
    version_publica_id: int | None = file_field("Versión pública")

    @model_validator(mode="before")
    @classmethod
    def nothing_of_the_answer_when_going_back(cls, data: Any) -> Any:
        # What was typed in the answer's fields before choosing to go back is neither checked nor kept.
        if isinstance(data, dict) and data.get("accion") == "volver":
            return {name: value for name, value in data.items() if name not in ANSWER_FIELDS}
        return data

    @field_validator("motivo")
    @classmethod
    def reason_to_go_back(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("accion") == "volver" and len(value.strip()) < 10:
            raise ValueError("Escriba el motivo para volver a analizar la solicitud (al menos 10 caracteres).")
        return value.strip()

    @field_validator("sentido", "respuesta", "modalidad", "fecha_notificacion")
    @classmethod
    def needed_to_answer(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.data.get("accion") == "responder":
            raise ValueError("Este campo es obligatorio.")
        return value

    @model_validator(mode="after")
    def final_sense(self) -> "RespondForm":
        if self.sentido == AnswerSense.AMPLIACION:
            raise FieldProblem("sentido", "La ampliación no es una respuesta: elija el sentido de la respuesta final.")
        return self

    @field_validator("hojas")
    @classmethod
    def copies_are_counted(cls, value: int | None, info: ValidationInfo) -> int | None:
        # The law makes a few hojas simples free: what may be charged depends on how many there are.
        if value is None and info.data.get("modalidad") in COPIES:
            raise ValueError("Indique cuántas hojas se entregan en copia.")
        return value

    @staticmethod
    def completion_summary(payload: dict[str, Any], title: str) -> str | None:
        # Going back answers nothing: the history must not say the answer step was completed.
        if payload.get("accion") == "volver":
            return f"Dejó «{title}» sin responder para volver a analizar la solicitud"
        return None

    @model_serializer(mode="wrap")
    def only_the_reason_when_going_back(self, handler) -> dict[str, Any]:
        # The process data then holds no empty answer: the answer is given later, whole.
        dumped = handler(self)
        if self.accion == "volver":
            return {"accion": self.accion, "motivo": self.motivo}
        return dumped


class AppealForm(BaseModel):
    numero: str = Field(min_length=3, max_length=80, title="Número del recurso de revisión")
    fecha_presentacion: PastDate = Field(title="Fecha de presentación del recurso")


# A resolution that modifies or revokes the answer orders the body to comply, in the term it sets.
ORDERS_COMPLIANCE = ("modifica", "revoca")


class AppealOutcomeForm(BaseModel):
    resolucion: Literal["confirma", "modifica", "revoca", "sobresee", "desecha"] = Field(title="Resolución del órgano garante")
    fecha_resolucion: PastDate = Field(title="Fecha de la resolución")
    fecha_cumplimiento: Annotated[PastDate | None, BlankIsNone] = Field(default=None,
                                                                       title="Fecha en que se cumplió la resolución")
    dias_cumplimiento: Annotated[int | None, BlankIsNone] = Field(
        default=None, ge=1, le=60, title="Plazo para cumplir que fija la resolución (días hábiles)")

    @model_validator(mode="after")
    def compliance_is_tracked(self) -> "AppealOutcomeForm":
        if self.resolucion in ORDERS_COMPLIANCE and self.fecha_cumplimiento is None and self.dias_cumplimiento is None:
            raise FieldProblem("dias_cumplimiento", "La resolución ordena cumplir: indique el plazo que fija para "
                               "hacerlo, o la fecha en que ya se cumplió.")
        return self


class ComplianceForm(BaseModel):
    fecha_cumplimiento: PastDate = Field(title="Fecha en que se cumplió la resolución")
    cumplimiento: str = Field(min_length=10, max_length=5000, title="Cómo se cumplió")


FORMS: dict[str, type[BaseModel]] = {
    "register": RegisterRequestForm,
    "review": ReviewForm,
    "prevention_answer": PreventionAnswerForm,
    "area_answer": AreaAnswerForm,
    "committee_resolution": CommitteeResolutionForm,
    "respond": RespondForm,
    "appeal": AppealForm,
    "appeal_outcome": AppealOutcomeForm,
    "comply": ComplianceForm,
}
