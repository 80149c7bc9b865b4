"""One `notify()` for every event, the reader's list and unread count, and the e-mails.

A notification is written in the caller's transaction (inside a savepoint), so it exists exactly
when the action it reports was committed; its e-mail "at once" leaves after that commit. Anything
going wrong here is logged and never costs the action.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app, render_template
from flask_babel import ngettext
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from webapp.extensions import db
from webapp.mail import MailNotSent, in_language_of, send
from webapp.models import Notification, User
from webapp.models.notification import EMAIL_AT_ONCE, EMAIL_CHOICES, EMAIL_DAILY
from webapp.notifications.texts import TITLES
from webapp.stored_text import english, translated

logger = logging.getLogger(__name__)
_PENDING = "notification_mail"  # session.info: messages waiting for the commit


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    text: str
    html: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def link_to(endpoint: str, **values) -> str:
    """A path within the app, also from the scheduler where no request gives url_for a host."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def notify(recipients: Iterable[User | None], kind: str, message, /, link: str | None = None,
           key: str | None = None, actor: User | None = None, **values) -> list[Notification]:
    """Tell each recipient (once; never the person who acted; never an inactive user) `message`
    with its `values`. With a `key`, a recipient already told under that key is not told again."""
    try:
        return _notify(recipients, kind, message, link, key, actor, values)
    except Exception:
        logger.exception("Notification %s could not be recorded; the action stands.", kind)
        return []


def _notify(recipients, kind, message, link, key, actor, values) -> list[Notification]:
    users = {user.id: user for user in recipients
             if user is not None and user.is_active and (actor is None or user.id != actor.id)}
    if key and users:
        told = db.session.scalars(select(Notification.user_id).where(
            Notification.key == key, Notification.user_id.in_(list(users))))
        for user_id in told:
            users.pop(user_id, None)
    if not users:
        return []
    text, now = english(message, **values), _now()
    rows = []
    with db.session.begin_nested():  # PostgreSQL refuses the rest of a transaction after an error
        for user in users.values():
            row = Notification(user_id=user.id, kind=kind, text=text, link=link, key=key, created_at=now)
            if user.notify_email == EMAIL_AT_ONCE:
                row.emailed_at = now
            db.session.add(row)
            rows.append(row)
        db.session.flush()
    letters = [_letter_at_once(users[row.user_id], row) for row in rows if row.emailed_at is not None]
    db.session.info.setdefault(_PENDING, []).extend(letters)
    return rows


def absolute(link: str | None) -> str:
    return current_app.config["BASE_URL"] + (link or link_to("notifications.index"))


def _letter_at_once(user: User, row: Notification) -> Letter:
    with in_language_of(user):
        subject, text = str(TITLES.get(row.kind, row.kind)), translated(row.text)
        context = {"user": user, "text": text, "link": absolute(row.link), "title": subject,
                   "settings_link": absolute(link_to("auth.profile"))}
        return Letter(user.email, subject, render_template("mail/notification.txt", **context),
                      render_template("mail/notification.html", **context))


def _deliver(letters: list[Letter]) -> None:
    for letter in letters:
        try:
            send([letter.to], letter.subject, letter.text, html=letter.html)
        except MailNotSent as exc:  # kept in the outbox for `flask mail retry`
            logger.error("Notification e-mail to %s not sent: %s", letter.to, exc)
        except Exception:
            logger.exception("Notification e-mail to %s not sent", letter.to)


def _after_commit(session: Session) -> None:
    letters = session.info.pop(_PENDING, None)
    if letters:
        _deliver(letters)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)  # the action did not happen: nothing to tell


def init_app(app) -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


# --- the reader's side -------------------------------------------------------------------------

def _mine(user: User):
    return select(Notification).where(Notification.user_id == user.id)


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def page_for(user: User, page: int, per_page: int):
    query = _mine(user).order_by(Notification.created_at.desc(), Notification.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_for(user: User, notification_id: int) -> Notification:
    return db.first_or_404(_mine(user).where(Notification.id == notification_id))


def mark_read(row: Notification) -> None:
    if row.read_at is None:
        row.read_at = _now()
        db.session.commit()


def mark_all_read(user: User) -> int:
    result = db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=_now()))
    db.session.commit()
    return result.rowcount


def set_email_preference(user: User, choice: str) -> None:
    if choice not in EMAIL_CHOICES:
        raise ValueError(choice)
    user.notify_email = choice
    db.session.commit()


# --- the daily digest --------------------------------------------------------------------------

def send_digests(now: datetime | None = None) -> dict:
    """One e-mail per "daily" reader with everything not mailed yet; read or not, each row is
    mailed once. A reader whose mail fails keeps their rows for the next digest."""
    now = now or _now()
    waiting = db.session.scalars(
        select(Notification).join(User, User.id == Notification.user_id)
        .where(Notification.emailed_at.is_(None), User.notify_email == EMAIL_DAILY, User.is_active_user.is_(True))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)).all()
    by_user: dict[int, list[Notification]] = {}
    for row in waiting:
        by_user.setdefault(row.user_id, []).append(row)
    sent = 0
    for user_id, rows in by_user.items():
        user = db.session.get(User, user_id)
        try:
            send([user.email], *_digest(user, rows))
        except MailNotSent as exc:
            logger.error("Digest for %s not sent: %s", user.email, exc)
            continue
        for row in rows:
            row.emailed_at = now
        db.session.commit()
        sent += 1
    return {"message": f"{sent} digest(s) sent", "count": sent}


def _digest(user: User, rows: list[Notification]) -> tuple[str, str, str]:

    with in_language_of(user):
        subject = ngettext("%(num)s notification from leadflow", "%(num)s notifications from leadflow", len(rows))
        items = [{"title": str(TITLES.get(row.kind, row.kind)), "text": translated(row.text),
                  "link": absolute(row.link), "at": row.created_at} for row in rows]
        context = {"user": user, "items": items, "title": subject,
                   "settings_link": absolute(link_to("auth.profile"))}
        return subject, render_template("mail/digest.txt", **context), render_template("mail/digest.html", **context)
