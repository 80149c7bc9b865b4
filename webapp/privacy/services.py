"""Who may answer a data request, answering it (export, erasure) and the record of each answer."""

from datetime import datetime, timezone
from typing import IO

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Contact, DataRequest, Role, User
from webapp.paging import Page
from webapp.privacy.erase import erase_person
from webapp.privacy.export import write_zip
from webapp.privacy.records import records_of

EXPORT, ERASE = "export", "erase"


def require_admin(user: User) -> None:
    """Admins only. A partner is told nothing exists here (404); colleagues are refused (403)."""
    if user.role == Role.PARTNER:
        abort(404)
    if user.role != Role.ADMIN:
        abort(403, _("Only an admin answers requests about a person's data."))


def get_contact(contact_id: int) -> Contact:
    return db.get_or_404(Contact, contact_id, description=_("No such contact."))


def _record(kind: str, contact: Contact, user: User | None, via: str, summary: dict) -> DataRequest:
    request = DataRequest(kind=kind, contact_id=contact.id, user_id=user.id if user else None, via=via,
                          summary=summary)
    db.session.add(request)
    return request


def export_person(contact: Contact, out: IO[bytes], user: User | None, via: str,
                  now: datetime | None = None) -> DataRequest:
    """Write the person's zip to `out` and record the export."""
    now = now or datetime.now(timezone.utc)
    counts = write_zip(records_of(contact), out, now)
    request = _record(EXPORT, contact, user, via, counts)
    request.created_at = now
    db.session.commit()
    return request


def erase(contact: Contact, user: User | None, via: str) -> DataRequest:
    """Anonymise the person and record it, in one transaction."""
    request = _record(ERASE, contact, user, via, erase_person(contact))
    db.session.commit()
    return request


def is_erased(contact: Contact) -> bool:
    return db.session.scalar(select(func.count()).select_from(DataRequest).where(
        DataRequest.contact_id == contact.id, DataRequest.kind == ERASE)) > 0


def list_requests(page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(DataRequest))
    items = list(db.session.scalars(select(DataRequest).order_by(DataRequest.created_at.desc(), DataRequest.id.desc())
                                    .limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def erase_preview(contact: Contact) -> dict[str, int]:
    """What the confirm screen counts: the records the erasure touches, by kind."""
    counts = records_of(contact).counts()
    counts.pop("requests")
    return counts
