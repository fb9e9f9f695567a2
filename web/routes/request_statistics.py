"""Statistics of access and ARCO requests, the quarterly report for the órgano garante, open data."""

from dataclasses import dataclass
from datetime import date

from litestar import Response, get
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.response import Template
from sqlmodel import Session, select

from engine.accounts import Actor, Role
from engine.clock import today_in
from engine.runtime import NotFound
from engine.tenancy import Organization
from web.periods import asked_quarter, asked_year
from web.routes.files import content_disposition
from workflows.access_request import report, statistics
from workflows.access_request.models import RequestKind
from workflows.access_request.statistics import Period

# Statistics carry no personal data, but they are the Unidad's and the Comité's working figures.
READERS = {Role.TRANSPARENCIA, Role.COMITE, Role.JURIDICO, Role.ADMIN}
# A chosen range longer than this is cut: one bar per day stops being readable long before.
LONGEST_RANGE_DAYS = 731
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _require_reader(actor: Actor) -> None:
    if not actor.roles & READERS:
        raise PermissionDeniedException("Las estadísticas de solicitudes son de la Unidad de Transparencia, "
                                        "el Comité de Transparencia, la Dirección Jurídica y la administración.")


def _date_or_none(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@dataclass
class Filters:
    year: int
    quarter: int | None
    start: date | None
    end: date | None
    kind: RequestKind | None
    notice: str = ""

    @classmethod
    def parse(cls, today: date, anio: str | None, trimestre: str | None, desde: str | None, hasta: str | None,
              tipo: str | None) -> "Filters":
        """Filters from query parameters; an impossible year, quarter or range is said with what is shown instead."""
        kind = RequestKind(tipo) if tipo in RequestKind._value2member_map_ else None
        notices = []
        try:
            year = asked_year(anio, today) or today.year
        except ValueError as error:
            year = today.year
            notices.append(f"{error} Se muestra {year}.")
        try:
            quarter = asked_quarter(trimestre)
        except ValueError as error:
            quarter = None
            notices.append(f"{error} Se muestra todo el año." if not (desde or hasta) else str(error))
        filters = cls(year, quarter, None, None, kind)
        start, end = _date_or_none(desde), _date_or_none(hasta)
        if desde or hasta:
            if start is None or end is None or end < start:
                notices.append("El rango de fechas no es válido; se muestra el año elegido.")
            else:
                if (end - start).days >= LONGEST_RANGE_DAYS:
                    end = date.fromordinal(start.toordinal() + LONGEST_RANGE_DAYS - 1)
                    notices.append("El rango se recortó a dos años.")
                filters.start, filters.end = start, end
        filters.notice = " ".join(notices)
        return filters

    @property
    def period(self) -> Period:
        if self.start is not None:
            return Period(self.start, self.end, self.kind)
        if self.quarter is not None:
            return Period.of_quarter(self.year, self.quarter, self.kind)
        return Period.of_year(self.year, self.kind)


def _series(counts: list) -> dict:
    return {"etiquetas": [c.label for c in counts], "valores": [c.count for c in counts]}


@get("/solicitudes/estadisticas", sync_to_thread=True)
def statistics_page(db: Session, actor: Actor, anio: str | None = None, trimestre: str | None = None,
                    desde: str | None = None, hasta: str | None = None, tipo: str | None = None) -> Template:
    _require_reader(actor)
    organization = db.get(Organization, actor.organization_id)
    today = today_in(organization.timezone)
    filters = Filters.parse(today, anio, trimestre, desde, hasta, tipo)
    stats = statistics.statistics_for(db, organization, filters.period)
    days = stats.per_day
    charts = {
        "dia": {"etiquetas": [f"{c.label[8:10]}/{c.label[5:7]}" for c in days], "valores": [c.count for c in days]},
        "mes": _series(stats.per_month), "anio": _series(stats.per_year), "area": _series(stats.areas),
        "tema": _series(stats.topics), "canal": _series(stats.channels), "sexo": _series(stats.sexes),
        "sentido": _series(stats.senses),
        "tiempo": {"etiquetas": [str(d) for d in sorted(stats.times.days)],
                   "valores": [stats.times.days[d] for d in sorted(stats.times.days)]},
    }
    years = sorted(set(stats.years) | {today.year, filters.year}, reverse=True)
    report_quarter = filters.quarter or ((today.month - 1) // 3 + 1 if filters.year == today.year else 4)
    return Template("requests/statistics.html", context={
        "actor": actor, "stats": stats, "charts": charts, "filters": filters, "years": years,
        "organization": organization, "report_quarter": report_quarter})


@get("/solicitudes/informe-trimestral", sync_to_thread=True)
def quarterly_report_download(db: Session, actor: Actor, anio: str | None = None, trimestre: str | None = None,
                              formato: str | None = None) -> Response:
    _require_reader(actor)
    organization = db.get(Organization, actor.organization_id)
    today = today_in(organization.timezone)
    chosen = (formato or "xlsx").strip().lower()
    if chosen not in FORMATS:
        raise HTTPException(status_code=400, detail="Formato desconocido: elija xlsx (Excel) o docx (Word).")
    try:
        year = asked_year(anio, today) or today.year
        quarter = asked_quarter(trimestre) or (today.month - 1) // 3 + 1
    except ValueError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    figures = report.quarterly_report(db, organization, year, quarter, today, made_by=actor.name)
    content = report.build_xlsx(figures) if chosen == "xlsx" else report.build_docx(figures, organization)
    return Response(content, media_type=FORMATS[chosen], headers={
        "Content-Disposition": content_disposition(f"informe-trimestral-{year}-T{quarter}.{chosen}"),
        "Cache-Control": "private, no-store"})


@get("/datos-abiertos/solicitudes.csv", sync_to_thread=True)
def open_data(db: Session, anio: str | None = None, organizacion: str | None = None) -> Response:
    """Public, without signing in: the requests of a year with no personal data."""
    query = select(Organization).where(Organization.active)
    slug = (organizacion or "").strip().lower()[:60]
    found = db.exec(query.where(Organization.slug == slug) if slug else query.limit(2)).all()
    if len(found) != 1:
        raise NotFound("No existe esa institución." if slug else
                       "Indique la institución con ?organizacion=<clave>, p. ej. ?organizacion=sesaech.")
    organization = found[0]
    today = today_in(organization.timezone)
    try:
        year = asked_year(anio, today) or today.year
    except ValueError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    content = report.open_data_csv(db, organization, Period.of_year(year))
    return Response(content, media_type="text/csv", headers={
        "Content-Disposition": content_disposition(f"solicitudes-{organization.slug}-{year}.csv")})


ROUTES: list = [statistics_page, quarterly_report_download, open_data]
