"""Demo data: deterministic, believable, consistent, learnable, and loadable on both databases."""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from webapp.auth.services import authenticate
from webapp.demo import DemoError, database_is_empty, load_demo, people
from webapp.demo.clock import Clock
from webapp.demo.generator import generate
from webapp.models import (
    STAGE_OWNER_ROLE,
    Activity,
    Contact,
    Lead,
    NumberSequence,
    Offer,
    Stage,
    User,
)

TODAY = date(2026, 3, 16)
PASSWORD = "demo-secret-42"
WON, LOST = {"customer", "debtor"}, {"lost", "disqualified"}


@pytest.fixture(scope="module")
def full():
    return generate(seed=42, today=TODAY, scale=1.0)


def by_id(rows):
    return {r["id"]: r for r in rows}


def test_same_seed_and_day_give_identical_rows():
    assert generate(seed=7, today=TODAY, scale=0.1) == generate(seed=7, today=TODAY, scale=0.1)


def test_another_seed_gives_another_business():
    a, b = generate(seed=1, today=TODAY, scale=0.1), generate(seed=2, today=TODAY, scale=0.1)
    assert [c["email"] for c in a.contacts] != [c["email"] for c in b.contacts]
    assert [lead["stage"] for lead in a.leads] != [lead["stage"] for lead in b.leads]


def test_full_scale_has_the_promised_size_and_shape(full):
    assert len(full.organizations) == 600
    assert len(full.contacts) == 2000
    assert len(full.leads) == 3000
    stages = Counter(lead["stage"] for lead in full.leads)
    assert set(stages) == set(Stage)
    closed = [lead for lead in full.leads if lead["closed_at"] is not None]
    assert len(closed) >= 1500
    assert {lead["stage"] for lead in closed} == WON | LOST
    assert 15_000 <= len(full.activities) <= 25_000
    assert len(full.campaign_members) >= 300
    assert all(lead["bant_points"] is None and lead["probability"] is None for lead in full.leads)


def test_users_cover_every_role_and_one_is_unavailable(full):
    emails = {u["email"] for u in full.users}
    assert {f"{role}@example.com" for role in
            ("admin", "marketing", "sales", "service", "accounting", "partner")} <= emails
    assert Counter(u["role"] for u in full.users)["sales"] >= 3
    assert any(not u["is_active_user"] for u in full.users)
    assert any(u["absent_until"] and u["absent_until"] > TODAY for u in full.users)


def test_the_sales_head_leads_the_team(full):
    assert [u["email"] for u in full.users if u["is_team_lead"]] == ["sales@example.com"]


def test_every_worklist_and_end_state_has_examples(full):
    leads, invoices = by_id(full.leads), by_id(full.invoices)
    invoiced = {i["offer_id"] for i in full.invoices}
    to_invoice = [o for o in full.offers if o["status"] == "accepted" and o["id"] not in invoiced]
    assert to_invoice and all(leads[o["lead_id"]]["stage"] == "customer" for o in to_invoice)
    assert any(i["status"] != "paid" and i["due_on"] < TODAY for i in full.invoices)
    paid_leads = {i["lead_id"] for i in invoices.values() if i["status"] == "paid"}
    assert paid_leads and {lead["id"] for lead in full.leads if lead["paid_at"]} == paid_leads
    assert all(leads[i]["due_at"] is None for i in paid_leads)
    withdrawn = [o for o in full.offers if o["status"] == "withdrawn"]
    assert withdrawn and all(leads[o["lead_id"]]["stage"] == "lost" for o in withdrawn)


def test_a_contact_can_be_customer_in_one_project_and_lead_in_another(full):
    stages = defaultdict(set)
    for lead in full.leads:
        stages[lead["contact_id"]].add(lead["stage"])
    assert sum(len(s) > 1 for s in stages.values()) > 100
    assert any(s & WON and s & {"lead", "prospect"} for s in stages.values())
    emails = [c["email"] for c in full.contacts]
    assert len(set(emails)) == len(emails)


def test_outcomes_carry_signal_but_are_not_certain(full):
    """A plain logistic regression on the lead's data separates won from lost, imperfectly."""
    pd = pytest.importorskip("pandas")
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    orgs, contacts = by_id(full.organizations), by_id(full.contacts)
    engagement = Counter(a["lead_id"] for a in full.activities if a["kind"] in ("call", "meeting"))
    rows = []
    for lead in full.leads:
        if lead["closed_at"] is None:
            continue
        org = orgs.get(contacts[lead["contact_id"]]["organization_id"], {})
        row = {f: lead[f] or "unknown" for f in ("source", "budget", "authority", "need", "timeline",
                                                 "reaction")}
        rows.append(row | {"industry": org.get("industry", "unknown"),
                           "size": _band(org.get("employees")),
                           "engagement": engagement[lead["id"]],
                           "won": int(lead["stage"] in WON)})
    frame = pd.DataFrame(rows)
    categorical = [c for c in frame.columns if c not in ("engagement", "won")]
    model = make_pipeline(
        ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), categorical)],
                          remainder="passthrough"),
        LogisticRegression(max_iter=2000))
    auc = cross_val_score(model, frame.drop(columns="won"), frame["won"], scoring="roc_auc",
                          cv=StratifiedKFold(5, shuffle=True, random_state=0)).mean()
    assert 0.3 < frame["won"].mean() < 0.6
    assert 0.68 < auc < 0.92, auc


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _band(employees):
    if employees is None:
        return "unknown"
    return "1-9" if employees < 10 else "10-49" if employees < 50 else "50-249" if employees < 250 else "250+"


def test_history_is_ordered_in_time_and_matches_the_lead(full):
    now = Clock(TODAY).now
    leads = by_id(full.leads)
    acts = defaultdict(list)
    for a in full.activities:
        assert a["occurred_at"] <= now
        if a["lead_id"] is not None:
            acts[a["lead_id"]].append(a)
    for lead in full.leads:
        history = acts[lead["id"]]
        assert history, lead["id"]
        assert all(a["occurred_at"] >= lead["created_at"] for a in history)
        if lead["closed_at"] is not None:
            # Invoicing a won lead later (customer → debtor) is the only step after the decision.
            after = [a for a in history if a["occurred_at"] > lead["closed_at"]]
            assert all(a["kind"] in ("stage_change", "handoff") and lead["stage"] == "debtor"
                       and (a["details"].get("to") == "debtor" or a["details"].get("to_role") == "accounting")
                       for a in after), after
        handoffs = [a for a in history if a["kind"] == "handoff"]
        assert lead["handoff_count"] == len(handoffs)
        assert lead["updated_by_id"] == history[-1]["user_id"]
        contacted = [a["occurred_at"] for a in history if a["kind"] in ("call", "email", "meeting")]
        assert lead["last_contact_at"] == (max(contacted) if contacted else None)
        changes = [a["details"] for a in history if a["kind"] == "stage_change"]
        assert changes[0]["from"] == "contact" and changes[-1]["to"] == lead["stage"]
        assert all(a["to"] == b["from"] for a, b in zip(changes, changes[1:]))
        assert all(c["reason"] for c in changes)
        assert all({"from_user", "to_user", "from_role", "to_role", "reason"} <= set(h["details"])
                   for h in handoffs)
    assert max(lead["handoff_count"] for lead in leads.values()) >= 3


def test_owners_follow_the_stage_and_are_still_employed(full):
    users = by_id(full.users)
    for lead in full.leads:
        owner = users[lead["owner_id"]]
        if lead["stage"] in STAGE_OWNER_ROLE:
            assert owner["role"] == STAGE_OWNER_ROLE[lead["stage"]], lead
        if lead["closed_at"] is None:
            assert owner["is_active_user"]
    left = [u["id"] for u in full.users if not u["is_active_user"]]
    last_day = Clock(TODAY).now - timedelta(days=people.FORMER_LEFT_DAYS_AGO - 1)
    assert all(a["occurred_at"] < last_day for a in full.activities if a["user_id"] in left)
    open_leads = [lead for lead in full.leads if lead["closed_at"] is None]
    handed = [lead for lead in open_leads if lead["partner_id"]]
    assert 0.02 < len(handed) / len(open_leads) < 0.1
    assert all(users[lead["partner_id"]]["role"] == "partner" for lead in handed)
    now = Clock(TODAY).now
    assert any(lead["due_at"] and lead["due_at"] < now for lead in open_leads)
    assert any(lead["follow_up_on"] and lead["follow_up_on"] < TODAY for lead in open_leads)
    assert all(lead["lost_reason_id"] for lead in full.leads if lead["stage"] in LOST)


def test_materials_are_rarely_sent_twice_to_the_same_contact(full):
    sent = Counter((a["contact_id"], a["material_id"]) for a in full.activities
                   if a["kind"] == "material_sent")
    assert sent
    assert sum(n > 1 for n in sent.values()) / len(sent) < 0.1


def test_offers_invoices_and_number_sequences_add_up(full):
    lines = defaultdict(list)
    for line in full.offer_lines:
        lines[line["offer_id"]].append(line)
    for offer in full.offers:
        net_by_rate = defaultdict(Decimal)
        for li in lines[offer["id"]]:
            discounted = li["quantity"] * li["unit_price"] * (100 - li["discount_pct"]) / 100
            net_by_rate[li["tax_rate"]] += cents(discounted)
        assert offer["total_net"] == sum(net_by_rate.values())
        assert offer["total_tax"] == sum(cents(net * rate / 100) for rate, net in net_by_rate.items())
        assert offer["total_gross"] == offer["total_net"] + offer["total_tax"]
    assert {o["status"] for o in full.offers} == {"draft", "sent", "accepted", "rejected", "expired", "withdrawn"}
    for offer in full.offers:
        assert (offer["sent_at"] is None) == (offer["status"] == "draft")
        assert offer["sent_at"] is None or offer["created_at"] <= offer["sent_at"]
        assert offer["decided_at"] is None or offer["sent_at"] <= offer["decided_at"]
        assert (offer["status"] == "rejected") == bool(offer["rejection_reason"])
    for kind, prefix, rows in (("offer", "A", full.offers), ("invoice", "R", full.invoices)):
        per_year = defaultdict(list)
        for row in rows:
            _p, year, n = row["number"].split("-")
            assert _p == prefix
            per_year[int(year)].append(int(n))
        sequences = {s["year"]: s["last_value"] for s in full.number_sequences if s["kind"] == kind}
        assert sequences == {year: len(ns) for year, ns in per_year.items()}
        assert all(sorted(ns) == list(range(1, len(ns) + 1)) for ns in per_year.values())
    leads = by_id(full.leads)
    assert all(leads[i["lead_id"]]["stage"] == "debtor" for i in full.invoices)
    invoices = by_id(full.invoices)
    paid = defaultdict(Decimal)
    for payment in full.payments:
        paid[payment["invoice_id"]] += payment["amount"]
        assert invoices[payment["invoice_id"]]["issued_on"] <= payment["paid_on"] < TODAY
    for invoice in full.invoices:
        status = {Decimal(0): "open", invoice["total_gross"]: "paid"}.get(paid[invoice["id"]], "partly_paid")
        assert invoice["status"] == status
        assert invoice["amount_paid"] == paid[invoice["id"]] <= invoice["total_gross"]
    assert {i["status"] for i in full.invoices} == {"open", "partly_paid", "paid"}
    assert any(i["status"] != "paid" and i["due_on"] < TODAY for i in full.invoices)


def test_every_contact_has_its_own_normalised_email(full):
    emails = [c["email"] for c in full.contacts if c["email"] is not None]
    assert all(email == email.strip().lower() and email for email in emails)
    assert len(set(emails)) == len(emails) == len(full.contacts)


def test_campaign_leads_are_campaign_members(full):
    members = {(m["campaign_id"], m["contact_id"]): m for m in full.campaign_members}
    assert len(members) == len(full.campaign_members)
    campaign_leads = [lead for lead in full.leads if lead["source"] == "campaign"]
    assert campaign_leads
    for lead in campaign_leads:
        member = members[(lead["campaign_id"], lead["contact_id"])]
        assert member["status"] == "lead" and member["lead_id"] == lead["id"]
    assert all(lead["campaign_id"] is None for lead in full.leads if lead["source"] != "campaign")


def test_load_demo_fills_an_empty_database(app, db):
    assert database_is_empty()
    summary = load_demo(seed=5, password=PASSWORD, scale=0.05)
    assert not database_is_empty()
    assert summary.leads == db.session.scalar(select(func.count()).select_from(Lead)) > 0
    assert f"{summary.leads:,} leads" in summary.describe()
    assert authenticate("sales@example.com", PASSWORD) is not None
    assert authenticate("sales@example.com", "wrong password") is None
    assert authenticate("tobias.brandt@example.com", PASSWORD) is None  # left the company

    with_history = db.session.scalar(
        select(func.count(func.distinct(Contact.id))).join(Lead, Lead.contact_id == Contact.id)
        .join(Activity, Activity.lead_id == Lead.id))
    assert with_history > 0
    now = datetime.now(timezone.utc)
    for occurred in db.session.scalars(select(Activity.occurred_at)):
        assert (occurred if occurred.tzinfo else occurred.replace(tzinfo=timezone.utc)) <= now
    late = select(Lead.stage, Activity.kind).join(Lead, Activity.lead_id == Lead.id).where(
        Lead.closed_at.is_not(None), Activity.occurred_at > Lead.closed_at)
    after_decision = Counter(db.session.execute(late).all())
    debtors = db.session.scalar(select(func.count()).select_from(Lead).where(Lead.stage == "debtor"))
    # Only invoicing a won lead (customer → debtor, hand-off to accounting) comes after closed_at.
    assert after_decision == {("debtor", "stage_change"): debtors, ("debtor", "handoff"): debtors}


def test_new_rows_after_loading_get_fresh_ids(app, db):
    load_demo(seed=5, password=PASSWORD, scale=0.05)
    highest = db.session.scalar(select(func.max(Contact.id)))
    contact = Contact(first_name="Neu", last_name="Kundin")
    db.session.add(contact)
    db.session.commit()
    assert contact.id > highest
    user = User(email="new@example.com", name="New", role="sales", password_hash="x")
    db.session.add(user)
    db.session.add(NumberSequence(kind="credit_note", year=2026, last_value=0))
    db.session.commit()
    offer_count = db.session.scalar(select(func.count()).select_from(Offer))
    assert offer_count > 0


def test_load_demo_refuses_a_database_with_data(app, db):
    db.session.add(User(email="someone@example.com", name="Someone", role="admin", password_hash="x"))
    db.session.commit()
    with pytest.raises(DemoError):
        load_demo(password=PASSWORD, scale=0.05)
