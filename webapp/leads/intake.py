"""Leads arriving from web forms and other systems: one contact per e-mail, no double leads."""

from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.leads.errors import LeadError
from webapp.leads.lifecycle import create_lead
from webapp.leads.qualification import rescore
from webapp.models import OPEN_STAGES, Contact, Lead, Organization, User

BANT_FIELDS = ("budget", "authority", "need", "timeline", "reaction")


class DuplicateLead(LeadError):
    def __init__(self, lead: Lead):
        self.lead = lead
        super().__init__(f"{lead.contact.full_name} has an open lead “{lead.title}” already (id {lead.id}).")


@dataclass
class IntakeResult:
    lead: Lead
    contact_existed: bool


def _organization(name: str | None, industry: str | None) -> Organization | None:
    if not name:
        return None
    found = db.session.scalar(select(Organization).where(func.lower(Organization.name) == name.lower()))
    if found is None:
        found = Organization(name=name, industry=industry)
        db.session.add(found)
    return found


def intake(data: dict, by: User) -> IntakeResult:
    """Create the lead (and the contact when the e-mail is new) from validated data."""
    email = data["email"].strip().lower()
    contact = db.session.scalar(select(Contact).where(func.lower(Contact.email) == email).limit(1))
    existed = contact is not None
    if existed:
        same = next((lead for lead in contact.leads
                     if lead.stage in OPEN_STAGES and lead.title.lower() == data["title"].lower()), None)
        if same is not None:
            raise DuplicateLead(same)
    else:
        organization = _organization(data.get("organization"), data.get("industry"))
        contact = Contact(first_name=data["first_name"], last_name=data["last_name"], email=email,
                          phone=data.get("phone"), function=data.get("function"),
                          industry=data.get("industry"), organization=organization, created_by_id=by.id)
        db.session.add(contact)
        db.session.flush()
    lead = create_lead(contact, by, data["title"], data.get("source"), expected_value=data.get("expected_value"),
                       commit=False)
    for name in BANT_FIELDS:
        setattr(lead, name, data.get(name))
    lead.requested = data.get("message")
    rescore(lead)
    db.session.commit()
    return IntakeResult(lead, existed)
