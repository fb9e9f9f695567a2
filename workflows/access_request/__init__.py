"""Solicitudes de acceso a la información: register, prevent, turn, Comité, answer, recurso."""

from workflows.access_request import models  # noqa: F401  (tables)
