"""Sessions of collegiate bodies: plan, orden del día, convocatoria, the session, acta, acuerdos."""

from workflows.board_session import models  # noqa: F401  (tables)
