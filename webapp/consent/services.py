"""Who may be contacted for marketing. Do-not-contact and a consent of "no" exclude a contact;
"unknown" does not (whether a mailing needs "yes" is the campaign's decision, made on the columns)."""

from datetime import date

from sqlalchemy import ColumnElement, and_

from webapp.consent.labels import FIELDS
from webapp.locking import editing
from webapp.models import Contact, User


def may_contact(contact: Contact) -> bool:
    return not contact.do_not_contact and contact.marketing_consent != "no"


def contactable() -> ColumnElement[bool]:
    """The SQL twin of may_contact(): `select(Contact).where(contactable())`."""
    return and_(Contact.do_not_contact.is_(False), Contact.marketing_consent != "no")


def status_clause(status: str) -> ColumnElement[bool] | None:
    """The contact list's consent filter: contactable, yes, no, unknown or do-not-contact."""
    if status == "contactable":
        return contactable()
    if status == "dnc":
        return Contact.do_not_contact.is_(True)
    if status in ("yes", "no", "unknown"):
        return Contact.marketing_consent == status
    return None


def save_consent(contact: Contact, data: dict, by: User, version: int | None, today: date | None = None) -> None:
    """Set consent and do-not-contact from the contact page; a change without a date is dated
    today. EditConflict if the contact was saved since the page was opened. The field history
    records the change (the columns are among Contact.tracked_fields)."""
    today = today or date.today()
    with editing(contact, version, by):
        if data["marketing_consent"] != contact.marketing_consent and not data.get("consent_at"):
            data = {**data, "consent_at": today}
        if data["do_not_contact"] and not contact.do_not_contact and not data.get("do_not_contact_at"):
            data = {**data, "do_not_contact_at": today}
        for name in FIELDS:
            setattr(contact, name, data.get(name) or (False if name == "do_not_contact" else None))
        contact.marketing_consent = data["marketing_consent"] or "unknown"


def merged(kept: Contact, other: Contact) -> dict:
    """When two contacts become one, the stricter word stands: do-not-contact from either, then a
    "no", then a "yes", each with its own date and source."""
    values = {}
    dnc = next((c for c in (kept, other) if c.do_not_contact), None)
    if dnc is not None:
        values.update(do_not_contact=True, do_not_contact_at=dnc.do_not_contact_at,
                      do_not_contact_source=dnc.do_not_contact_source)
    for answer in ("no", "yes"):
        said = next((c for c in (kept, other) if c.marketing_consent == answer), None)
        if said is not None:
            values.update(marketing_consent=answer, consent_at=said.consent_at, consent_source=said.consent_source)
            break
    return values
