"""A document registered days after it came in: the oficialía says why, and the acuse and the history show it.

Any past reception date was accepted without a word, so a folio registered later could certify a reception
months earlier than the folio before it, and nothing explained why.
"""

from datetime import datetime

from engine.business_calendar import BusinessCalendar
from engine.clock import to_local
from engine.documents import long_date
from engine.labels import counted

# Días hábiles a document may wait to be registered without a reason: a weekend and a busy day or two.
LATE_AFTER_DAYS = 3
MIN_REASON = 10


def days_late(calendar: BusinessCalendar, received_at: datetime, registered_at: datetime) -> int:
    """Días hábiles from the one the document counts as received to the one it is registered on."""
    return calendar.business_days_between(calendar.received_on(received_at), calendar.received_on(registered_at))


def late_capture_problem(calendar: BusinessCalendar, received_at: datetime, registered_at: datetime,
                         reason: str) -> str | None:
    """Why a registration at `registered_at` cannot go ahead with that reason (the field's message), or None."""
    late = days_late(calendar, received_at, registered_at)
    if late <= LATE_AFTER_DAYS or len(reason.strip()) >= MIN_REASON:
        return None
    received = long_date(to_local(received_at, calendar.timezone))
    return (f"El documento se recibió el {received}, {counted(late, 'día hábil', 'días hábiles')} antes de "
            f"registrarlo: escriba el motivo de la captura extemporánea (al menos {MIN_REASON} caracteres); "
            "el acuse y el historial lo dirán.")
