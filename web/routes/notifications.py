"""The notification bell (an htmx fragment polled every minute) and the list of one's notifications."""

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.response import Redirect, Template
from sqlmodel import Session

from engine import notifications
from engine.accounts import Actor
from engine.db import reading, transaction
from engine.notifications import Notification
from engine.runtime import NotFound

LIST_LIMIT = 100


# The bell is read once a minute by every open page: a count on an index, on the event loop.
@get("/notificaciones/campana", sync_to_thread=False)
def bell(db: Session, actor: Actor) -> Template:
    return Template("notifications/_bell.html", context={"unread": notifications.unread_count(db, actor.user_id)})


@get("/notificaciones", sync_to_thread=True)
def notifications_page(db: Session, actor: Actor) -> Template:
    return Template("notifications/list.html", context=_list_context(db, actor))


def _list_context(session: Session, actor: Actor) -> dict:
    return {"actor": actor, "items": notifications.recent(session, actor.user_id, limit=LIST_LIMIT),
            "unread": notifications.unread_count(session, actor.user_id)}


def _mark(state: State, actor: Actor, notification_id: int | None) -> None:
    with transaction(state.engine) as session:
        if notification_id is not None:
            found = session.get(Notification, notification_id)
            # Another person's notification does not exist for this one.
            if found is None or found.user_id != actor.user_id:
                raise NotFound("No existe esa notificación.")
        notifications.mark_read(session, actor.user_id, notification_id)


def _after_marking(request: Request, state: State, actor: Actor) -> Response:
    """htmx: the list again, and a signal for the bell to recount; plain form: back to the list."""
    if request.headers.get("hx-request") != "true":
        return Redirect("/notificaciones", status_code=303)
    with reading(state.engine) as session:
        context = _list_context(session, actor)
    return Template("notifications/_list.html", context=context, headers={"HX-Trigger": "avisos-cambiaron"})


@post("/notificaciones/{notification_id:int}/leida", sync_to_thread=True, status_code=200)
def mark_one_read(request: Request, state: State, actor: Actor, notification_id: int) -> Response:
    _mark(state, actor, notification_id)
    return _after_marking(request, state, actor)


@post("/notificaciones/leidas", sync_to_thread=True, status_code=200)
def mark_all_read(request: Request, state: State, actor: Actor) -> Response:
    _mark(state, actor, None)
    return _after_marking(request, state, actor)


ROUTES: list = [bell, notifications_page, mark_one_read, mark_all_read]
