"""Documents received by the oficialía de partes and their turns to areas."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Text
from sqlmodel import Field, SQLModel, UniqueConstraint

from engine.clock import utcnow


class Channel(StrEnum):
    VENTANILLA = "ventanilla"
    CORREO_ELECTRONICO = "correo_electronico"
    MENSAJERIA = "mensajeria"
    CORREO_POSTAL = "correo_postal"
    PNT = "pnt"

    @property
    def label(self) -> str:
        return {"ventanilla": "Ventanilla", "correo_electronico": "Correo electrónico",
                "mensajeria": "Mensajería", "correo_postal": "Correo postal",
                "pnt": "Plataforma Nacional de Transparencia"}[self.value]


class CorrespondenceStatus(StrEnum):
    REGISTERED = "registrado"
    TURNED = "turnado"
    ANSWERED = "atendido"
    CLOSED = "concluido"

    @property
    def label(self) -> str:
        return {"registrado": "Registrado", "turnado": "Turnado", "atendido": "Atendido",
                "concluido": "Concluido"}[self.value]


class TurnStatus(StrEnum):
    PENDING = "pendiente"
    ANSWERED = "atendido"
    RETURNED = "devuelto"

    @property
    def label(self) -> str:
        return {"pendiente": "Pendiente", "atendido": "Atendido", "devuelto": "Devuelto"}[self.value]


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
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    conclusion: str = Field(default="", sa_type=Text)


class Turn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    correspondence_id: int = Field(foreign_key="correspondence.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    round: int = 1
    instruction: str = Field(sa_type=Text)
    due_date: date
    status: TurnStatus = Field(default=TurnStatus.PENDING, max_length=20)
    overdue: bool = False
    answer: str = Field(default="", sa_type=Text)
    answer_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    answered_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
