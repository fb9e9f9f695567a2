"""Documents received by the oficialía de partes and their turns to areas."""

from datetime import date, datetime

from sqlalchemy import Text, event
from sqlmodel import Field, SQLModel, UniqueConstraint

from engine.clock import utcnow
from engine.labels import LabeledEnum, unaccented


class Channel(LabeledEnum):
    VENTANILLA = "ventanilla", "Ventanilla"
    CORREO_ELECTRONICO = "correo_electronico", "Correo electrónico"
    MENSAJERIA = "mensajeria", "Mensajería"
    CORREO_POSTAL = "correo_postal", "Correo postal"
    PNT = "pnt", "Plataforma Nacional de Transparencia"


class CorrespondenceStatus(LabeledEnum):
    REGISTERED = "registrado", "Registrado"
    TURNED = "turnado", "Turnado"
    ANSWERED = "atendido", "Atendido"
    CLOSED = "concluido", "Concluido"


class TurnStatus(LabeledEnum):
    PENDING = "pendiente", "Pendiente"
    ANSWERED = "atendido", "Atendido"
    RETURNED = "devuelto", "Devuelto"


class Correspondence(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("organization_id", "folio"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    folio: str = Field(max_length=60, index=True)
    year: int
    seq: int
    sender_name: str = Field(max_length=200)
    sender_position: str = Field(default="", max_length=200)
    sender_organization: str = Field(default="", max_length=250)
    subject: str = Field(max_length=500)
    topic: str = Field(default="", max_length=120, index=True)
    channel: Channel = Field(max_length=30)
    received_at: datetime = Field(index=True)
    pages: int = 1
    annexes: str = Field(default="", max_length=500)
    scan_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    acuse_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    status: CorrespondenceStatus = Field(default=CorrespondenceStatus.REGISTERED, max_length=20, index=True)
    instance_id: int | None = Field(default=None, foreign_key="processinstance.id", index=True)
    registered_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)  # when it was registered: the acuse says it too
    # Why a document was registered días hábiles after it came in (capture.late_capture_problem): without it, folio
    # order and the certified reception dates could contradict each other unexplained. "" when none was given.
    late_capture_reason: str = Field(default="", sa_type=Text)
    closed_at: datetime | None = None
    conclusion: str = Field(default="", sa_type=Text)
    # Folio, subject, sender and their organization, lower case and without accents: what the list's
    # text search reads, the same on SQLite and PostgreSQL (neither folds accents in LIKE).
    search_text: str = Field(default="", sa_type=Text)


def searchable_text(folio: str, *texts: str) -> str:
    """One line per field, so a term never matches across two of them."""
    return "\n".join(unaccented(text or "") for text in (folio, *texts))


@event.listens_for(Correspondence, "before_insert")
@event.listens_for(Correspondence, "before_update")
def _keep_search_text(_mapper, _connection, item: Correspondence) -> None:
    item.search_text = searchable_text(item.folio, item.subject, item.sender_name, item.sender_organization)


class Turn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    correspondence_id: int = Field(foreign_key="correspondence.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    round: int = 1
    instruction: str = Field(sa_type=Text)
    # The day the turn was given with; the deadline row's due_on is the day it ends now (a día
    # inhábil declared later moves it), and every page reads that one.
    due_date: date
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    status: TurnStatus = Field(default=TurnStatus.PENDING, max_length=20)
    overdue: bool = False
    answer: str = Field(default="", sa_type=Text)
    answer_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
