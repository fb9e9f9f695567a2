"""The filters of the request list, read from (and written back to) its query string."""

from dataclasses import dataclass
from urllib.parse import urlencode

from engine.inbox import SOON_BUSINESS_DAYS
from workflows.access_request.models import RequestChannel, RequestKind, RequestStatus

DUE_FILTERS = {"vencidas": "Vencidas", "por_vencer": f"Por vencer ({SOON_BUSINESS_DAYS} días hábiles)"}
# By due date, only a term that still runs has a due day to keep: the requests in course come first,
# soonest due first, and the answered or concluded ones after them, newest first. The label says so.
SORTS = {"vencimiento": "Vencimiento (primero las que están en trámite)", "recepcion": "Fecha de recepción"}


def int_or_none(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _member(enum, raw):
    return enum(raw) if raw in enum._value2member_map_ else None


# Frozen: the request list keeps the statements it built per filters (workflows.access_request.queries).
@dataclass(frozen=True)
class Filters:
    kind: RequestKind | None = None
    status: RequestStatus | None = None
    area_id: int | None = None
    due: str | None = None
    channel: RequestChannel | None = None
    year: int | None = None
    folio: str = ""
    sort: str = "vencimiento"

    @classmethod
    def parse(cls, params) -> "Filters":
        """Filters from query parameters; anything unreadable is ignored rather than refused."""
        year = int_or_none(params.get("anio"))
        return cls(kind=_member(RequestKind, params.get("tipo")), status=_member(RequestStatus, params.get("estado")),
                   area_id=int_or_none(params.get("area")),
                   due=params.get("plazo") if params.get("plazo") in DUE_FILTERS else None,
                   channel=_member(RequestChannel, params.get("canal")),
                   year=year if year is not None and 2000 <= year <= 2100 else None,
                   folio="".join((params.get("folio") or "").split()).upper()[:60],
                   sort=params.get("orden") if params.get("orden") in SORTS else "vencimiento")

    def query_string(self) -> str:
        """The filters as the list's query string (for pages, exports and saved filters)."""
        pairs = {"tipo": self.kind, "estado": self.status, "area": self.area_id, "plazo": self.due,
                 "canal": self.channel, "anio": self.year, "folio": self.folio,
                 "orden": self.sort if self.sort != "vencimiento" else None}
        return urlencode({k: str(v) for k, v in pairs.items() if v not in (None, "")})

    @property
    def any(self) -> bool:
        return bool(self.query_string().replace("orden=recepcion", ""))
