"""A term a diagram's timer waits on may move after the timer was set.

A cancelling timer (the requester's days to answer a prevención, the window to appeal, the
members' review of an acta) fires at the moment its term had when it opened. A día inhábil or a
suspension declared since may have moved the term later; then what the timer would end is still
running, and the process must wait again, until the new moment, instead of ending it.
"""

from datetime import datetime

from engine import audit, deadlines
from engine.documents import long_date
from engine.runtime import ServiceCall


def recheck(call: ServiceCall, term: dict, action: str, now: datetime, prefix: str = "") -> dict:
    """The term as the data holds it (`{prefix}plazo_id`, `{prefix}vence`, `{prefix}vence_en`), with
    `{prefix}sigue` true and the new moment when its deadline row still runs at `now`."""
    deadline = deadlines.still_running(call.session, term[f"{prefix}plazo_id"], now)
    if deadline is None:
        return {**term, f"{prefix}sigue": False}
    audit.record(call.session, call.organization_id, call.actor.user_id, call.actor.name, action, "proceso",
                 call.instance_id, summary=f"{deadline.title}: se recorrió al {long_date(deadline.due_on)} "
                                           "y sigue corriendo")
    return {**term, f"{prefix}vence": deadline.due_on.isoformat(), f"{prefix}vence_en": deadline.due_at.isoformat(),
            f"{prefix}sigue": True}
