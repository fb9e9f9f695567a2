"""The page of what a process is about (a request, a document), where each person sees their part."""

from typing import NamedTuple

from engine.processes import ProcessInstance


class SubjectPage(NamedTuple):
    url: str
    label: str  # the button that opens it: «Ver la solicitud»


_SUBJECT_PAGES = {"correspondence": ("/correspondencia/{}", "Ver el documento"),
                  "solicitud": ("/solicitudes/{}", "Ver la solicitud")}


def subject_page(instance: ProcessInstance) -> SubjectPage | None:
    found = _SUBJECT_PAGES.get(instance.subject_type or "")
    if found is None or instance.subject_id is None:
        return None
    url, label = found
    return SubjectPage(url.format(instance.subject_id), label)
