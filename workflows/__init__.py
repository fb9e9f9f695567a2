"""Business processes. Importing this package registers each process and its service handlers."""

from workflows import correspondence  # noqa: F401
from workflows import access_request  # noqa: F401
from workflows import arco_request  # noqa: F401
from workflows import board_session  # noqa: F401
