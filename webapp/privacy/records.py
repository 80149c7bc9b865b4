"""Every row stored about one person (a contact), found once for both the export and the erasure,
so the two can never disagree about what "their data" is."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from webapp.extensions import db
from webapp.models import (
    Activity,
    CampaignMember,
    Contact,
    DataRequest,
    FieldChange,
    Invoice,
    Lead,
    Offer,
    OfferLine,
    Payment,
)


@dataclass
class PersonRecords:
    contact: Contact
    leads: list[Lead]
    activities: list[Activity]
    offers: list[Offer]
    offer_lines: list[OfferLine]
    invoices: list[Invoice]
    payments: list[Payment]
    field_changes: list[FieldChange]
    campaign_memberships: list[CampaignMember]
    requests: list[DataRequest]

    def counts(self) -> dict[str, int]:
        """How many rows of each kind: what a data request records (never their contents)."""
        return {name: len(getattr(self, name)) for name in KINDS}


# The kinds of record about a person besides the contact itself, in the export's order.
KINDS = ("leads", "activities", "offers", "offer_lines", "invoices", "payments", "field_changes",
         "campaign_memberships", "requests")


def _all(statement) -> list:
    return list(db.session.scalars(statement))


def records_of(contact: Contact) -> PersonRecords:
    leads = _all(select(Lead).where(Lead.contact_id == contact.id).order_by(Lead.id))
    lead_ids = [lead.id for lead in leads]
    offers = _all(select(Offer).where(Offer.lead_id.in_(lead_ids)).order_by(Offer.id))
    offer_ids = [offer.id for offer in offers]
    invoices = _all(select(Invoice).where(Invoice.lead_id.in_(lead_ids)).order_by(Invoice.id))
    # Their own history and that of their leads (the contact's tracked fields: function, industry…).
    changes = select(FieldChange).where(or_(
        and_(FieldChange.entity_type == Contact.tracked_as, FieldChange.entity_id == contact.id),
        and_(FieldChange.entity_type == Lead.tracked_as, FieldChange.entity_id.in_(lead_ids)),
    )).order_by(FieldChange.changed_at, FieldChange.id)
    return PersonRecords(
        contact=contact,
        leads=leads,
        activities=_all(select(Activity).where(or_(Activity.contact_id == contact.id, Activity.lead_id.in_(lead_ids)))
                        .order_by(Activity.occurred_at, Activity.id)),
        offers=offers,
        offer_lines=_all(select(OfferLine).where(OfferLine.offer_id.in_(offer_ids))
                         .order_by(OfferLine.offer_id, OfferLine.position)),
        invoices=invoices,
        payments=_all(select(Payment).where(Payment.invoice_id.in_([i.id for i in invoices])).order_by(Payment.id)),
        field_changes=_all(changes),
        campaign_memberships=_all(select(CampaignMember).where(CampaignMember.contact_id == contact.id)
                                  .order_by(CampaignMember.id)),
        requests=_all(select(DataRequest).where(DataRequest.contact_id == contact.id).order_by(DataRequest.id)),
    )
