"""A small world to build groups on: two organizations, five contacts (one do-not-contact, one who
refused consent), their leads, and custom fields of every type on contacts and organizations."""

import pytest

from tests.factories import make_contact, make_custom_field, make_lead, make_organization
from webapp.models import Campaign


@pytest.fixture
def world(db):
    for key, kind, options in (("budget", "number", []), ("since", "date", []), ("region", "choice", ["Nord", "Süd"]),
                               ("note", "text", [])):
        make_custom_field(key, kind, options=options)
    for key, kind, options in (("founded", "date", []), ("tier", "choice", ["Gold", "Silver"]),
                               ("revenue", "number", []), ("motto", "text", [])):
        make_custom_field(key, kind, entity="organization", options=options)
    acme = make_organization("Acme", industry="Manufacturing", employees=30, territory="North", country="Germany",
                             city="Hannover", postal_code="30159",
                             custom={"founded": "1990-05-01", "tier": "Gold", "revenue": 5000000, "motto": "Quality first"})
    beta = make_organization("Beta", industry="Retail", employees=300, territory="South", country="Austria",
                             city="Wien", postal_code="1010", custom={"founded": "2012-01-01", "tier": "Silver",
                                                                      "revenue": 20000, "motto": "Cheap and fast"})
    people = {
        "Anna": make_contact("Anna", organization_id=acme.id, function="Head of Purchasing",
                             custom={"budget": 1200, "since": "2025-03-01", "region": "Nord", "note": "likes fairs"}),
        "Bert": make_contact("Bert", organization_id=beta.id, industry="Logistics", function="CEO", postal_code="80331",
                             city="München", country="Germany", custom={"budget": 80.5, "since": "2026-01-15",
                                                                        "region": "Süd"}),
        "Cleo": make_contact("Cleo", country="France", postal_code="75001", city="Paris", custom={"budget": "a lot"}),
        "Dora": make_contact("Dora", organization_id=acme.id, do_not_contact=True),
        "Emil": make_contact("Emil", organization_id=beta.id, marketing_consent="no"),
    }
    make_lead(people["Anna"], source="trade_fair", stage="prospect")
    make_lead(people["Bert"], source="referral", stage="customer")
    return people


@pytest.fixture
def campaign(db):
    campaign = Campaign(name="Spring fair", channel="trade_fair")
    db.session.add(campaign)
    db.session.commit()
    return campaign
