"""Small factories in the spirit of gen_*: explicit keyword arguments, no magic."""

import itertools

from sqlalchemy import update

from webapp.extensions import db
from webapp.models import Activity, Contact, CustomField, Lead, Organization, User
from webapp.scoring.service import SCORE_COLUMNS

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_user(role: str = "sales", email: str | None = None, name: str | None = None,
              password: str = PASSWORD, **kw) -> User:
    n = next(_seq)
    user = User(email=email or f"user{n}@test.example", name=name or f"{role.title()} User {n}",
                role=role, **kw)
    user.password_hash = _fast_hash(password)
    db.session.add(user)
    db.session.commit()
    return user


def _fast_hash(password: str) -> str:
    # The default scrypt cost is right for production and needlessly slow for tests.
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_organization(name: str | None = None, **kw) -> Organization:
    organization = Organization(name=name or f"Org {next(_seq)} GmbH", **kw)
    db.session.add(organization)
    db.session.commit()
    return organization


def make_custom_field(key: str, type: str = "text", entity: str = "contact", **kw) -> CustomField:
    field = CustomField(entity=entity, key=key, label=kw.pop("label", key.replace("_", " ").capitalize()),
                        type=type, options=kw.pop("options", []), required=kw.pop("required", False),
                        position=kw.pop("position", 0), active=kw.pop("active", True),
                        in_list=kw.pop("in_list", False), **kw)
    db.session.add(field)
    db.session.commit()
    return field


def make_contact(first_name: str = "Erika", last_name: str | None = None, **kw) -> Contact:
    contact = Contact(first_name=first_name, last_name=last_name or f"Muster{next(_seq)}", **kw)
    db.session.add(contact)
    db.session.commit()
    return contact


def make_lead(contact: Contact | None = None, title: str | None = None, **kw) -> Lead:
    contact = contact or make_contact()
    scores = {name: kw.pop(name) for name in SCORE_COLUMNS if name in kw}
    lead = Lead(contact_id=contact.id, title=title or f"Project {next(_seq)}", **kw)
    db.session.add(lead)
    db.session.commit()  # scored as the app scores it
    if scores:  # a score the test sets, written over the computed one as a rescore writes it
        db.session.execute(update(Lead).where(Lead.id == lead.id).values(**scores))
        db.session.commit()
    return lead


def make_activity(contact: Contact, kind: str = "note", body: str = "Spoke briefly.", **kw) -> Activity:
    activity = Activity(contact_id=contact.id, kind=kind, body=body, **kw)
    db.session.add(activity)
    db.session.commit()
    return activity


def make_product(name: str | None = None, unit_price: str = "100.00", tax_rate: str = "19.00",
                 unit: str = "pc", **kw):
    from decimal import Decimal

    from webapp.models import Product

    product = Product(name=name or f"Product {next(_seq)}", unit=unit, unit_price=Decimal(unit_price),
                      tax_rate=Decimal(tax_rate), **kw)
    db.session.add(product)
    db.session.commit()
    return product


def make_offer(lead: Lead | None = None, lines=(("Consulting day", "2", "1150.00", "19"),),
               status: str = "draft", number: str | None = None, **kw):
    """An offer with lines given as (description, quantity, unit price, tax rate[, discount %])."""
    from decimal import Decimal

    from webapp.models import Offer, OfferLine
    from webapp.offers.money import compute_totals

    lead = lead or make_lead()
    offer = Offer(lead_id=lead.id, number=number or f"T-{next(_seq):05d}", status=status, **kw)
    for position, (description, quantity, price, rate, *discount) in enumerate(lines, start=1):
        offer.lines.append(OfferLine(position=position, description=description, quantity=Decimal(quantity),
                                     unit_price=Decimal(price), tax_rate=Decimal(rate),
                                     discount_pct=Decimal(discount[0] if discount else "0")))
    totals = compute_totals(offer.lines)
    offer.total_net, offer.total_tax, offer.total_gross = totals.net, totals.tax, totals.gross
    db.session.add(offer)
    db.session.commit()
    return offer
