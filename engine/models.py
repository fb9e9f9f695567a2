"""Every table Pleno owns, imported in one place for Alembic and the test database."""

from sqlmodel import SQLModel

from engine.alert_policy import AlertPolicy  # noqa: F401
from engine.accounts import ApiToken, LoginAttempt, LoginSession, Membership, User  # noqa: F401
from engine.audit import AuditChainHead, AuditEvent  # noqa: F401
from engine.calendar_feeds import CalendarFeed  # noqa: F401
from engine.deadlines import Deadline, DeadlineEvent  # noqa: F401
from engine.files import StoredFile  # noqa: F401
from engine.folios import FolioCounter  # noqa: F401
from engine.job_runs import JobRun  # noqa: F401
from engine.legal_calendar import NonWorkingDay, Suspension  # noqa: F401
from engine.notifications import Notification  # noqa: F401
from engine.outbox import OutboxMessage  # noqa: F401
from engine.processes import BpmnDefinition, OpenTask, ProcessInstance  # noqa: F401
from engine.rule_sets import ProcedureRuleSet, RuleSetVariant  # noqa: F401
from engine.sent_forms import SentForm  # noqa: F401
from engine.tenancy import Area, Organization  # noqa: F401

metadata = SQLModel.metadata
