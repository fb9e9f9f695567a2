"""Telling people: an in-app notification (the bell) and, through the outbox, an e-mail.

Both are written in the caller's transaction with the same unique key, so whatever produced
them (an alert step, a moved deadline, a digest) can run twice and still say it once.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Field, Index, Session, SQLModel, select, update

from engine.accounts import User
from engine.clock import utcnow
from engine.db import insert_if_missing
from engine.outbox import enqueue


class Notification(SQLModel, table=True):
    __table_args__ = (Index("ix_notification_unread", "user_id", "read_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    key: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=300)
    body: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


@dataclass(frozen=True)
class Message:
    key: str
    subject: str
    body: str
    link: str = ""
    kind: str = "aviso"


def notify(session: Session, user: User, message: Message, email: bool = True, at: datetime | None = None) -> None:
    """Tell one person, in the app and (when they have an address) by e-mail, once per key (`at`: the
    moment it is told, when the caller works for a given moment, as the deadline sweep does)."""
    key = f"{message.key}:{user.id}"
    insert_if_missing(session, Notification.__table__, dict(
        organization_id=user.organization_id, user_id=user.id, key=key, title=message.subject[:300],
        body=message.body[:2000], link=message.link, created_at=at or utcnow()))
    if email and user.email:
        enqueue(session, organization_id=user.organization_id, key=key, kind=message.kind, to_address=user.email,
                subject=message.subject, body=message.body, recipient_user_id=user.id)


_notification = Notification.__table__
# Every open page asks for it once a minute: built once, run on the session's connection.
_UNREAD = select(func.count()).select_from(_notification).where(
    _notification.c.user_id == bindparam("user_id"), _notification.c.read_at.is_(None))


def unread_count(session: Session, user_id: int) -> int:
    return session.connection().execute(_UNREAD, {"user_id": user_id}).scalar_one()


def recent(session: Session, user_id: int, limit: int = 20) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.user_id == user_id)
                             .order_by(Notification.id.desc()).limit(limit)).all())


def mark_read(session: Session, user_id: int, notification_id: int | None = None) -> None:
    """Mark one (or every) notification of this user as read; another user's are untouched."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    session.exec(query.values(read_at=utcnow()))
