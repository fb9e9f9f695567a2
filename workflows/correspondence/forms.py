"""One form model per user task of bpmn/correspondence.bpmn."""

from datetime import date, time
from typing import ClassVar, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from engine.forms import today_of

from workflows.correspondence.models import Channel


class RegisterForm(BaseModel):
    remitente: str = Field(min_length=3, max_length=200, title="Nombre de quien envía")
    cargo: str = Field(default="", max_length=200, title="Cargo")
    dependencia: str = Field(default="", max_length=250, title="Dependencia u organización")
    asunto: str = Field(min_length=5, max_length=500, title="Asunto")
    tema: str = Field(default="", max_length=120, title="Tema")
    canal: Channel = Field(title="Medio de recepción")
    fecha_recepcion: date = Field(title="Fecha de recepción")
    hora_recepcion: time = Field(title="Hora de recepción")
    fojas: int = Field(default=1, ge=1, le=100000, title="Número de fojas")
    anexos: str = Field(default="", max_length=500, title="Anexos")
    archivo_id: int | None = Field(default=None, title="Documento escaneado")

    @field_validator("fecha_recepcion")
    @classmethod
    def not_in_the_future(cls, value: date, info: ValidationInfo) -> date:
        if value > today_of(info):
            raise ValueError("La fecha de recepción no puede ser posterior a hoy.")
        if value.year < 2000:
            raise ValueError("Revise el año de la fecha de recepción.")
        return value


class TurnForm(BaseModel):
    areas: list[int] = Field(min_length=1, title="Áreas a las que se turna")
    instruccion: str = Field(min_length=5, max_length=2000, title="Instrucción")
    fecha_limite: date = Field(title="Fecha límite de atención")

    @field_validator("fecha_limite")
    @classmethod
    def not_in_the_past(cls, value: date, info: ValidationInfo) -> date:
        if value < today_of(info):
            raise ValueError("La fecha límite no puede ser anterior a hoy.")
        return value

    @field_validator("areas")
    @classmethod
    def distinct(cls, value: list[int]) -> list[int]:
        return list(dict.fromkeys(value))


class AnswerForm(BaseModel):
    data_key: ClassVar[str] = "respuesta"

    sentido: Literal["atendido", "devuelto"] = Field(title="Resultado")
    respuesta: str = Field(min_length=5, max_length=5000, title="Respuesta o motivo de devolución")
    anexo_id: int | None = Field(default=None, title="Anexo de la respuesta")


class CloseForm(BaseModel):
    conclusion: str = Field(min_length=5, max_length=2000, title="Conclusión")


FORMS: dict[str, type[BaseModel]] = {
    "register": RegisterForm,
    "turn": TurnForm,
    "answer": AnswerForm,
    "close": CloseForm,
}
