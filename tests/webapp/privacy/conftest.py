"""A person with a record of every kind stored about people, and another person beside them."""

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from webapp.api.auth import create_token
from webapp.contacts.services import log_activity
from webapp.extensions import db as _db
from webapp.invoices.services import create_invoice, record_payment
from webapp.leads.materials import send_material
from webapp.models import ApiToken, Campaign, CampaignMember, IdempotencyKey, Material, OfferStatus, Stage
from tests.factories import make_contact, make_lead, make_offer, make_organization, make_user

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=timezone.utc)


@dataclass
class Person:
    contact: object
    won: object  # a lead that became a debtor: offer, invoice, payment
    lost: object  # a lead lost with a typed note
    open: object  # a lead still open
    offer: object
    invoice: object
    name: str
    email: str
    texts: tuple[str, ...]  # personal text that must be gone after an erasure


def _person(first: str, last: str, email: str, street: str, phone: str, company: str, owner, accountant,
            campaign) -> Person:
    organization = make_organization(company, industry="logistics", employees=40, city="Kassel",
                                     street="Hafenweg 2", postal_code="34117")
    mobile = f"0171 555{phone[-4:]}"
    contact = make_contact(first, last, salutation="Ms", email=email, phone=phone, mobile=mobile,
                           street=street, postal_code="34119", city="Kassel", country="DE", function="Head of IT",
                           industry="logistics", notes=f"{first} prefers calls after 10.",
                           custom={"Birthday": f"{phone[-2:]} March", "Hobby": f"{street} sailing club"},
                           organization_id=organization.id)
    won = make_lead(contact, title=f"Network for {last}", stage=Stage.CUSTOMER, owner_id=owner.id,
                    budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months",
                    expected_value=Decimal("12000.00"), description=f"{first} {last} wants a new network.",
                    requested=f"Call {first} back", created_at=datetime(2026, 1, 10, tzinfo=timezone.utc),
                    closed_at=datetime(2026, 3, 1, tzinfo=timezone.utc))
    lost = make_lead(contact, title=f"Printers for {last}", stage=Stage.LOST, owner_id=owner.id, budget="none",
                     expected_value=Decimal("800.00"), lost_note=f"{last} bought elsewhere",
                     created_at=datetime(2026, 1, 20, tzinfo=timezone.utc),
                     closed_at=datetime(2026, 2, 15, tzinfo=timezone.utc))
    open_lead = make_lead(contact, title=f"{last} cloud move", stage=Stage.PROSPECT, owner_id=owner.id,
                          need="identified", next_step=f"Visit {first} in Kassel", campaign_id=campaign.id,
                          open_questions=f"Does {last} own the servers?")
    log_activity(contact, owner, "call", f"Spoke with {first} {last} about the network.", subject=f"Call {last}",
                 lead=won, occurred_at=datetime(2026, 1, 12, 10, 0))
    log_activity(contact, owner, "note", f"{first} mentioned her phone {phone}.", lead=open_lead)
    material = _db.session.scalar(_db.select(Material)) or Material(name="Brochure")
    _db.session.add(material)
    _db.session.commit()
    send_material(open_lead, material, owner, note=f"Sent to {email}", confirm=True)
    offer = make_offer(won, status=OfferStatus.ACCEPTED, customer_note=f"Dear {first}, as discussed.")
    invoice = create_invoice(offer, accountant, date(2026, 3, 1), date(2026, 3, 15), now=NOW)
    record_payment(invoice, accountant, Decimal("1000.00"), date(2026, 3, 10), f"Transfer from {last}", now=NOW)
    _db.session.add(CampaignMember(campaign_id=campaign.id, contact_id=contact.id, lead_id=open_lead.id))
    _db.session.commit()
    return Person(contact=contact, won=won, lost=lost, open=open_lead, offer=offer, invoice=invoice,
                  name=f"{first} {last}", email=email,
                  texts=(last, email, street, phone, mobile, f"{phone[-2:]} March"))


@pytest.fixture
def people(db):
    """(the person who asks, someone else); the person's e-mail is also in a cached API answer."""
    owner, accountant = make_user("service", name="Sam Service"), make_user("accounting", name="Ada Accounts")
    campaign = Campaign(name="Spring fair")
    db.session.add(campaign)
    db.session.commit()
    person = _person("Wilhelmine", "Zwiebelmeister", "w.zwiebel@kunde.example", "Lindenallee 7", "+49 561 7654321",
                     "Nordhessen Logistik GmbH", owner, accountant, campaign)
    other = _person("Konrad", "Quastenflosser", "k.quasten@andere.example", "Birkenweg 3", "+49 561 1112223",
                    "Werra Spedition GmbH", owner, accountant, campaign)
    create_token(owner, "intake")
    token = db.session.scalar(db.select(ApiToken))
    db.session.add(IdempotencyKey(token_id=token.id, key="k1", fingerprint="f" * 64, status_code=201,
                                  body=f'{{"contact": {{"email": "{person.email}"}}}}'))
    db.session.add(IdempotencyKey(token_id=token.id, key="k2", fingerprint="e" * 64, status_code=201,
                                  body=f'{{"contact": {{"email": "{other.email}"}}}}'))
    db.session.commit()
    return person, other
