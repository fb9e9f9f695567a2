"""One form model per user task of bpmn/correspondence.bpmn."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from engine.forms import RECEPTION_HOUR_ALREADY_HAPPENED, BlankIsNone, FormDate, LocalTime, file_field, today_of

from workflows.correspondence.models import Channel


class RegisterForm(BaseModel):
    remitente: str = Field(min_length=3, max_length=200, title="Nombre de quien envía")
    cargo: str = Field(default="", max_length=200, title="Cargo")
    dependencia: str = Field(default="", max_length=250, title="Dependencia u organización")
    asunto: str = Field(min_length=5, max_length=500, title="Asunto")
    tema: str = Field(default="", max_length=120, title="Tema")
    canal: Channel = Field(title="Medio de recepción")
    fecha_recepcion: FormDate = Field(title="Fecha de recepción")
    hora_recepcion: LocalTime = Field(title="Hora de recepción")
    fojas: int = Field(default=1, ge=1, le=100000, title="Número de fojas")
    anexos: str = Field(default="", max_length=500, title="Anexos")
    archivo_id: int | None = file_field("Documento escaneado")
    # Asked when the reception is days before the registration (capture.late_capture_problem, which needs the
    # organization's calendar and so is checked when the folio is assigned). Short enough for the history's line.
    captura_extemporanea: str = Field(default="", max_length=300, title="Motivo de la captura extemporánea")

    @field_validator("fecha_recepcion")
    @classmethod
    def not_in_the_future(cls, value: date, info: ValidationInfo) -> date:
        if value > today_of(info):
            raise ValueError("La fecha de recepción no puede ser posterior a hoy.")
        return value

    reception_hour = RECEPTION_HOUR_ALREADY_HAPPENED


class TurnForm(BaseModel):
    """Turn the document to areas, or conclude it without turning: a document received for
    knowledge only, or one whose returned part another area already answered."""

    # Declared first: the validators of the other fields read it.
    decision: Literal["turnar", "concluir"] = Field(default="turnar", title="Qué procede")
    areas: list[int] = Field(default_factory=list, validate_default=True, title="Áreas a las que se turna")
    instruccion: str = Field(default="", max_length=2000, validate_default=True, title="Instrucción")
    fecha_limite: Annotated[FormDate | None, BlankIsNone] = Field(default=None, validate_default=True,
                                                                 title="Fecha límite de atención")
    conclusion: str = Field(default="", max_length=2000, validate_default=True, title="Conclusión")

    @field_validator("areas")
    @classmethod
    def some_distinct_areas(cls, value: list[int], info: ValidationInfo) -> list[int]:
        if _turning(info) and not value:
            raise ValueError("Elija al menos un área a la cual turnar.")
        return list(dict.fromkeys(value))

    @field_validator("instruccion")
    @classmethod
    def instruction_when_turning(cls, value: str, info: ValidationInfo) -> str:
        if _turning(info) and len(value.strip()) < 5:
            raise ValueError("Escriba la instrucción para las áreas (al menos 5 caracteres).")
        return value

    @field_validator("fecha_limite")
    @classmethod
    def not_in_the_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        if _turning(info) and value is None:
            raise ValueError("Indique la fecha límite de atención.")
        if value is not None and value < today_of(info):
            raise ValueError("La fecha límite no puede ser anterior a hoy.")
        return value

    @field_validator("conclusion")
    @classmethod
    def conclusion_when_concluding(cls, value: str, info: ValidationInfo) -> str:
        if not _turning(info) and len(value.strip()) < 5:
            raise ValueError("Escriba cómo se concluye el asunto (al menos 5 caracteres).")
        return value


def _turning(info: ValidationInfo) -> bool:
    return info.data.get("decision", "turnar") == "turnar"


class AnswerForm(BaseModel):
    data_key: ClassVar[str] = "respuesta"

    sentido: Literal["atendido", "devuelto"] = Field(title="Resultado")
    respuesta: str = Field(min_length=5, max_length=5000, title="Respuesta o motivo de devolución")
    anexo_id: int | None = file_field("Anexo de la respuesta")


class CloseForm(BaseModel):
    conclusion: str = Field(min_length=5, max_length=2000, title="Conclusión")


FORMS: dict[str, type[BaseModel]] = {
    "register": RegisterForm,
    "turn": TurnForm,
    "answer": AnswerForm,
    "close": CloseForm,
}
