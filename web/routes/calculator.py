"""The public calculadora de plazos: a page for people and GET /api/v1/plazos for programs."""

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.params import Parameter
from litestar.response import Template
from sqlmodel import Session, select

from engine.accounts import actor_for
from engine.calculator import MAX_DAYS, CalculationError, calculate
from engine.rule_sets import Procedure
from engine.tenancy import Organization
from web.deps import signed_in_user
from web.routes.api import error_responses


class SkippedDayOut(msgspec.Struct):
    fecha: date
    motivo: str


class TermOut(msgspec.Struct):
    inicio: date
    vence: date
    omitidos: list[SkippedDayOut]
    fundamento: str


def _bad_input(_request: Request, exc: CalculationError) -> Response:
    return Response({"error": str(exc)}, status_code=400)


@get("/api/v1/plazos", sync_to_thread=True, summary="Calcular un plazo",
     response_description="Lo que se pidió", tags=["API v1"],
     description="Público, sin token: cuenta un plazo en el calendario de la institución y explica cada día "
                 "que no contó.",
     responses=error_responses(400, described={400: "Datos inválidos, con un mensaje en español"}),
     exception_handlers={CalculationError: _bad_input}, include_in_schema=True)
def term_api(db: Session,
             # The three a term cannot be counted without: required as the schema declares them.
             organizacion: Annotated[str, Parameter(
                 min_length=1, description="Clave de la institución, p. ej. sesaech")],
             desde: Annotated[str, Parameter(
                 min_length=1, description="Fecha (AAAA-MM-DD) o fecha y hora (AAAA-MM-DDTHH:MM) de recepción o "
                                           "notificación")],
             dias: Annotated[str, Parameter(min_length=1, description=f"Número de días, de 1 a {MAX_DAYS}")],
             tipo: Annotated[str | None, Parameter(description="habiles (predeterminado) o naturales")] = None,
             procedimiento: Annotated[str | None, Parameter(description="acceso (predeterminado), arco, "
                                                            "obligaciones, correspondencia o sesiones")] = None,
             ) -> TermOut:
    found = calculate(db, organizacion, desde, dias, tipo, procedimiento)
    return TermOut(inicio=found.counted_from, vence=found.due, fundamento=found.basis,
                   omitidos=[SkippedDayOut(fecha=day.day, motivo=day.reason) for day in found.skipped])


def _organizations(session: Session) -> list[tuple[str, str]]:
    return list(session.exec(select(Organization.slug, Organization.name).where(Organization.active)
                             .order_by(Organization.name)).all())


@get("/calculadora", sync_to_thread=True, include_in_schema=False)
def calculator_page(request: Request, db: Session, organizacion: str | None = None, fecha: str | None = None,
                    hora: str | None = None, dias: str | None = None, tipo: str | None = None,
                    procedimiento: str | None = None) -> Template:
    """Anyone may count a term; a signed-in person keeps the menu and their institution preselected."""
    user = signed_in_user(request, db)
    actor = actor_for(db, user) if user else None
    organizations = _organizations(db)
    default_slug = db.get(Organization, user.organization_id).slug if user else (
        organizations[0][0] if len(organizations) == 1 else "")
    values = {"organizacion": (organizacion or default_slug).strip(), "fecha": (fecha or "").strip(),
              "hora": (hora or "").strip(), "dias": (dias or "").strip(), "tipo": (tipo or "habiles").strip(),
              # Each procedure counts on its own calendar: a suspension may cover ARCO and not access.
              "procedimiento": (procedimiento or Procedure.ACCESO.value).strip()}
    context: dict[str, Any] = {"actor": actor, "organizations": organizations, "values": values,
                               "procedures": list(Procedure), "result": None, "error": None}
    status = 200
    if fecha is not None or dias is not None:
        desde = values["fecha"] + ("T" + values["hora"] if values["fecha"] and values["hora"] else "")
        try:
            context["result"] = calculate(db, values["organizacion"], desde, values["dias"], values["tipo"],
                                          values["procedimiento"])
        except CalculationError as exc:
            context["error"], status = str(exc), 400
    fragment = request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "resultado"
    return Template("calculator/_result.html" if fragment else "calculator/calculator.html", context=context,
                    status_code=status)


ROUTES: list = [term_api, calculator_page]
