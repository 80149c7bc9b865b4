"""A German demo: the same business in German words, told by the same story as the English one."""

import functools
import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

import webapp.demo
from webapp.demo import database_is_empty, load_demo, vocab, vocab_de
from webapp.demo.generator import generate
from webapp.demo.words import UnknownLocale
from webapp.models import Contact, Lead, LostReason, User
from webapp.settings.services import get_settings

TODAY = date(2026, 3, 16)
WON, LOST = {"customer", "debtor"}, {"lost", "disqualified"}
# Leading digits of a few cities' postal codes, from the Deutsche Post map (not from vocab_de).
POSTAL_REGION = {"Hamburg": "2", "Berlin": "1", "München": "8", "Köln": "5", "Leipzig": "04", "Stuttgart": "7",
                 "Dresden": "01", "Frankfurt am Main": "6"}


@pytest.fixture(scope="module")
def both():
    return (generate(seed=3, today=TODAY, scale=0.15),
            generate(seed=3, today=TODAY, scale=0.15, locale="de"))


def facts(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in rows]


def test_both_languages_tell_the_same_story(both):
    en, de = both
    for data in (en, de):
        assert data.leads and data.offers
    stages = [Counter(lead["stage"] for lead in data.leads) for data in (en, de)]
    assert stages[0] == stages[1]
    assert sum(stages[1][s] for s in WON) > 0 and sum(stages[1][s] for s in LOST) > 0

    def offers_per_stage(data):
        stage = {lead["id"]: lead["stage"] for lead in data.leads}
        return Counter((stage[o["lead_id"]], o["status"]) for o in data.offers)

    assert offers_per_stage(en) == offers_per_stage(de)
    # Not only the counts: the same leads, offers, payments and history entries, at the same moments.
    lead_keys = ("id", "contact_id", "stage", "owner_id", "partner_id", "source", "campaign_id", "budget",
                 "authority", "need", "timeline", "reaction", "expected_value", "lost_reason_id",
                 "created_at", "closed_at", "due_at", "follow_up_on")
    assert facts(en.leads, *lead_keys) == facts(de.leads, *lead_keys)
    offer_keys = ("id", "lead_id", "number", "status", "total_gross", "sent_at", "decided_at")
    assert facts(en.offers, *offer_keys) == facts(de.offers, *offer_keys)
    payment_keys = ("invoice_id", "amount", "paid_on")
    assert facts(en.payments, *payment_keys) == facts(de.payments, *payment_keys)
    activity_keys = ("kind", "occurred_at", "lead_id", "contact_id", "user_id", "material_id")
    assert facts(en.activities, *activity_keys) == facts(de.activities, *activity_keys)
    assert en.lead_answers == de.lead_answers


def test_german_contacts_live_at_german_addresses(both):
    _en, de = both
    orgs = de.organizations
    assert {o["country"] for o in orgs} <= {"Deutschland", "Österreich", "Schweiz"}
    assert Counter(o["country"] for o in orgs).most_common(1)[0][0] == "Deutschland"
    for contact in de.contacts:
        if contact["country"] == "Deutschland":
            assert re.fullmatch(r"\d{5}", contact["postal_code"]), contact
        else:
            assert re.fullmatch(r"\d{4}", contact["postal_code"]), contact
        region = POSTAL_REGION.get(contact["city"])
        assert region is None or contact["postal_code"].startswith(region), contact
        assert contact["postal_code"] in vocab_de.POSTAL_CODES[contact["city"]], contact
    cities = {c["city"] for c in de.contacts}
    assert cities & set(POSTAL_REGION)
    assert not cities & {"Utrecht", "Eindhoven", "Aarhus"}
    functions = Counter(c["function"] for c in de.contacts)
    assert "Geschäftsführerin" in functions and "Geschäftsführer" in functions
    assert not set(functions) & {f for f, _w, _dm in vocab.FUNCTIONS}


def test_german_records_read_german(both):
    en, de = both
    english_texts = {r["label"] for r in en.lost_reasons} | {p["name"] for p in en.products} \
        | {m["name"] for m in en.materials} | {lead["title"] for lead in en.leads} \
        | {o["industry"] for o in en.organizations} | {c["name"] for c in en.campaigns}
    assert {r["label"] for r in de.lost_reasons} >= {"Preis zu hoch", "Kein Budget", "Keine Rückmeldung"}
    assert "Beratungstag" in {p["name"] for p in de.products}
    assert {line["unit"] for line in de.offer_lines} <= {"Tag", "Stk.", "Nutzer", "Monat", "Teilnehmer"}
    assert "Maschinenbau" in {o["industry"] for o in de.organizations}
    assert any(c["name"].startswith("Nachfassaktion Hannover Messe 20") for c in de.campaigns)
    german_texts = {r["label"] for r in de.lost_reasons} | {p["name"] for p in de.products} \
        | {m["name"] for m in de.materials} | {lead["title"] for lead in de.leads} \
        | {o["industry"] for o in de.organizations} | {c["name"] for c in de.campaigns}
    assert not german_texts & (english_texts - {"IT & Software"})  # the one industry named alike
    assert all(o["terms"].startswith("Zahlbar innerhalb von 14 Tagen") for o in de.offers)
    notes = " ".join(a["body"] or "" for a in de.activities if a["kind"] == "call")
    assert "Qualifizierungsgespräch" in {a["subject"] for a in de.activities}
    assert "Bedarf: " in notes and "Need:" not in notes and "BANT not clarified" not in notes
    assert {u["territory"] for u in de.users} == {None, "Nord", "Süd", "Ost", "West"}


def test_the_english_demo_keeps_its_english_words(both):
    en, _de = both
    assert {r["label"] for r in en.lost_reasons} == set(vocab.LOST_REASONS)
    assert {o["country"] for o in en.organizations} >= {"Germany", "Austria"}
    assert "Consulting day" in {p["name"] for p in en.products}
    assert en.settings == []


def test_an_unknown_locale_is_refused():
    with pytest.raises(UnknownLocale, match="fr"):
        generate(seed=3, today=TODAY, scale=0.01, locale="fr")


def test_flask_demo_load_de_makes_a_german_company(app, db, client, monkeypatch):
    monkeypatch.setattr(webapp.demo, "load_demo", functools.partial(load_demo, scale=0.05, today=TODAY))
    result = app.test_cli_runner().invoke(args=["demo", "load", "--locale", "de"])
    assert result.exit_code == 0, result.output
    company = get_settings()["company"]
    assert company["language"] == "de" and company["name"] == "Nordlicht IT-Service GmbH"
    assert get_settings()["offers"]["terms"].startswith("Zahlbar")
    assert "Keine Rückmeldung" in db.session.scalars(select(LostReason.label)).all()
    places = db.session.execute(select(Contact.postal_code, Contact.city, Contact.country)).all()
    assert {country for _code, _city, country in places} <= {"Deutschland", "Österreich", "Schweiz"}
    assert all(code in vocab_de.POSTAL_CODES[city] for code, city, _country in places)
    # The sales rep, whose browser names no language, works the queue in German.
    rep = db.session.scalar(select(User).where(User.email == "sales@example.com"))
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = rep.get_id(), True
    page = client.get("/leads/queue").get_data(as_text=True)
    assert '<html lang="de">' in page and "Mein Arbeitsvorrat" in page
    titles = set(db.session.scalars(select(Lead.title).where(Lead.owner_id == rep.id, Lead.closed_at.is_(None))))
    assert titles and titles <= set(vocab_de.PROJECTS.values())
    assert any(title in page for title in titles)


def test_the_cli_refuses_an_unknown_locale_plainly(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--locale", "fr"])
    assert result.exit_code != 0
    assert "'fr' is not one of 'en', 'de'" in result.output and "Traceback" not in result.output
    assert database_is_empty()


def test_custom_field_values_are_among_their_fields_options_in_both_languages(both):
    for data in both:
        options = {f["key"]: set(f["options"]) for f in data.custom_fields if f["type"] == "choice"}
        assert options, "the demo defines choice fields a target group can filter on"
        values = [(key, value) for c in data.contacts for key, value in c["custom"].items() if key in options]
        assert values and all(value in options[key] for key, value in values)
    en, de = both
    assert [c["custom"].keys() for c in en.contacts] == [c["custom"].keys() for c in de.contacts]


def test_consent_is_the_same_in_both_languages_and_dated_after_the_contact_existed(both):
    en, de = both
    consent_keys = ("id", "marketing_consent", "consent_at", "do_not_contact", "do_not_contact_at")
    assert facts(en.contacts, *consent_keys) == facts(de.contacts, *consent_keys)
    said = Counter(c["marketing_consent"] for c in en.contacts)
    assert said["yes"] and said["no"] and said["unknown"] > said["yes"]
    refused = [c for c in en.contacts if c["do_not_contact"]]
    assert 0 < len(refused) < len(en.contacts) / 10
    for c in en.contacts:
        for key in ("consent_at", "do_not_contact_at"):
            assert c[key] is None or c[key] >= c["created_at"].date()
