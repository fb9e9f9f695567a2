"""One form model per user task of bpmn/board_session.bpmn."""

from pydantic import BaseModel, Field, field_validator


class PrepareAgendaForm(BaseModel):
    confirmar: bool = Field(title="El orden del día está completo: cerrar la recepción de puntos")
    notas: str = Field(default="", max_length=2000, title="Notas")

    @field_validator("confirmar")
    @classmethod
    def confirmed(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Confirme que el orden del día está completo.")
        return value


class SendNoticeForm(BaseModel):
    confirmar: bool = Field(title="Enviar la convocatoria a los integrantes y suplentes")
    # Only for an extraordinary session: the convocatoria says it when it goes out later than an ordinary one may,
    # and it is required once the extraordinary anticipación itself is not met.
    justificacion: str = Field(default="", max_length=2000, title="Motivo de la urgencia")

    @field_validator("confirmar")
    @classmethod
    def confirmed(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Confirme el envío de la convocatoria.")
        return value


class HoldSessionForm(BaseModel):
    """Completed from the room page once the session is celebrada or sin quórum."""

    notas: str = Field(default="", max_length=2000, title="Notas")


class ReviewMinutesForm(BaseModel):
    observaciones: str = Field(default="", max_length=5000, title="Observaciones incorporadas al acta")


class SignMinutesForm(BaseModel):
    confirmar: bool = Field(title="El acta aprobada está firmada: publicarla")

    @field_validator("confirmar")
    @classmethod
    def confirmed(cls, value: bool) -> bool:
        if not value:
            raise ValueError("Confirme que el acta está firmada.")
        return value


FORMS: dict[str, type[BaseModel]] = {
    "prepare_agenda": PrepareAgendaForm,
    "send_notice": SendNoticeForm,
    "hold_session": HoldSessionForm,
    "review_minutes": ReviewMinutesForm,
    "sign_minutes": SignMinutesForm,
}
