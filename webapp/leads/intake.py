"""Leads arriving from web forms and other systems: one contact per e-mail, no double leads.

Two deliveries of the same enquiry at once must still give one contact and one lead: the
database's unique e-mail decides which new contact wins, and the contact row is locked while its
open leads are checked and the new one is added.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.database import lock_for_update
from webapp.extensions import db
from webapp.leads.errors import LeadError
from webapp.leads.lifecycle import create_lead
from webapp.models import OPEN_STAGES, Contact, Lead, Organization, User
from webapp.models.contact import normalise_email

BANT_FIELDS = ("budget", "authority", "need", "timeline", "reaction")


class DuplicateLead(LeadError):
    def __init__(self, lead: Lead):
        self.lead = lead
        super().__init__(_("%(name)s has an open lead “%(title)s” already (id %(id)s).",
                           name=lead.contact.full_name, title=lead.title, id=lead.id))


@dataclass
class IntakeResult:
    lead: Lead
    contact_existed: bool


def organization_named(name: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(func.lower(Organization.name) == name.lower()))


def _organization(name: str | None, industry: str | None, custom: dict | None) -> Organization | None:
    if not name:
        return None
    found = organization_named(name)
    if found is None:
        found = Organization(name=name, industry=industry, custom=custom or {})
        db.session.add(found)
    return found


def intake(data: dict, by: User) -> IntakeResult:
    """Create the lead (and the contact when the e-mail is new) from validated data. Custom values
    ("custom", "organization_custom") go only onto a contact or organization made here."""
    try:
        return _intake(data, by)
    except IntegrityError:
        db.session.rollback()
        if contact_by_email(data["email"]) is None:
            raise
        return _intake(data, by)  # the contact was created by a parallel delivery: use it


def contact_by_email(email: str) -> Contact | None:
    return db.session.scalar(select(Contact).where(Contact.email == normalise_email(email)))


def _intake(data: dict, by: User) -> IntakeResult:
    contact = contact_by_email(data["email"])
    existed = contact is not None
    if not existed:
        organization = _organization(data.get("organization"), data.get("industry"), data.get("organization_custom"))
        contact = Contact(first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                          phone=data.get("phone"), function=data.get("function"),
                          industry=data.get("industry"), organization=organization, created_by_id=by.id,
                          custom=data.get("custom") or {})
        db.session.add(contact)
        db.session.flush()
    contact = lock_for_update(Contact, contact.id)
    open_leads = db.session.scalars(select(Lead).where(Lead.contact_id == contact.id, Lead.stage.in_(OPEN_STAGES)))
    same = next((lead for lead in open_leads if lead.title.lower() == data["title"].lower()), None)
    if same is not None:
        raise DuplicateLead(same)
    lead = create_lead(contact, by, data["title"], data.get("source"), expected_value=data.get("expected_value"),
                       commit=False)
    for name in BANT_FIELDS:
        setattr(lead, name, data.get(name))
    lead.requested = data.get("message")
    db.session.commit()
    return IntakeResult(lead, existed)
