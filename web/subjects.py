"""The page of what a process is about (a request, a document), where each person sees their part."""

from collections.abc import Callable
from typing import Any, NamedTuple

from sqlmodel import Session

from engine.accounts import Actor
from engine.processes import ProcessInstance
from engine.runtime import NotAllowed, NotFound
from workflows.access_request.detail import request_for
from workflows.correspondence.queries import item_for


class SubjectPage(NamedTuple):
    url: str
    label: str  # the button that opens it: «Ver la solicitud»


_SUBJECT_PAGES = {"correspondence": ("/correspondencia/{}", "Ver el documento"),
                  "solicitud": ("/solicitudes/{}", "Ver la solicitud")}

# What each page checks before it opens (another organization's, another area's is refused).
_OPENS: dict[str, Callable[[Session, Actor, int], Any]] = {"correspondence": item_for, "solicitud": request_for}


def subject_page(instance: ProcessInstance) -> SubjectPage | None:
    found = _SUBJECT_PAGES.get(instance.subject_type or "")
    if found is None or instance.subject_id is None:
        return None
    url, label = found
    return SubjectPage(url.format(instance.subject_id), label)


def visible_subject_page(session: Session, actor: Actor, instance: ProcessInstance) -> SubjectPage | None:
    """The subject's page, only if the actor may open it (a link that answers 403 helps nobody)."""
    page = subject_page(instance)
    if page is None:
        return None
    try:
        _OPENS[instance.subject_type](session, actor, instance.subject_id)
    except (NotFound, NotAllowed):
        return None
    return page
