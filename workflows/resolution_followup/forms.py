"""One form model per user task of bpmn/resolution_followup.bpmn."""

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from engine.forms import FormDate, file_field


class ProgressForm(BaseModel):
    # One answer per area's task, kept under this key with who gave it.
    data_key: ClassVar[str] = "reporte"

    avance: int = Field(ge=0, le=100, title="Avance (%)")
    texto: str = Field(min_length=5, max_length=5000, title="Qué se hizo")
    evidencia_id: int | None = file_field("Evidencia")
    # Asked only when the avance is lower than the area's previous report on its term (record_report
    # knows that one): a drop is not an error to hide but a fact Jurídica and the body must read.
    motivo_baja: str = Field(default="", max_length=2000, title="Por qué baja el avance")

    @field_validator("motivo_baja")
    @classmethod
    def stripped(cls, value: str) -> str:
        return value.strip()

    @staticmethod
    def completion_summary(payload: dict[str, Any], title: str) -> str:
        said = f"Informó un avance de {payload['avance']} %"
        return f"{said}; explicó la baja: {payload['motivo_baja']}" if payload.get("motivo_baja") else said


class VerifyForm(BaseModel):
    decision: Literal["cumplido", "devolver"] = Field(title="Resultado de la verificación")
    observaciones: str = Field(default="", max_length=5000, title="Observaciones para las áreas", validate_default=True)
    # Of the acuerdo's areas, those whose compliance is returned (return_to_areas checks them): the others' stands.
    devolver_a: list[int] = Field(default_factory=list, title="Áreas a las que se devuelve")
    fecha_limite: FormDate | None = Field(default=None, title="Nueva fecha límite")

    @field_validator("observaciones")
    @classmethod
    def returned_with_reasons(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("decision") == "devolver" and len(value.strip()) < 5:
            raise ValueError("Escriba las observaciones para las áreas al devolver el acuerdo.")
        return value.strip()


FORMS: dict[str, type[BaseModel]] = {
    "report_progress": ProgressForm,
    "verify_compliance": VerifyForm,
}
