"""Lead screens as each role sees them."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from webapp.models import Lead, LostReason, User
from tests.factories import make_contact, make_lead, make_user

QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


# Every URL of one lead. A new one is added here once it is known what a partner may do with it.
LEAD_URLS = {
    ("GET", "leads.detail"), ("POST", "leads.update"), ("POST", "leads.hand_to_sales"),
    ("POST", "leads.hand_to_partner"), ("POST", "leads.assign"), ("POST", "leads.close"), ("POST", "leads.demote"),
    ("POST", "leads.reopen"), ("POST", "leads.send_material"), ("POST", "leads.log_activity"),
}


def _lead_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("leads.") and "lead_id" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.endpoint, rule.rule


@pytest.mark.parametrize("guess", ["other", "missing"])
def test_partner_gets_404_for_every_lead_url_not_theirs(app, client, login_as, guess):
    login_as("partner")
    other = make_lead()
    lead_id = other.id if guess == "other" else other.id + 1000
    checked = set()
    for method, endpoint, rule in _lead_rules(app):
        path = re.sub(r"<int:lead_id>", str(lead_id), rule)
        assert client.open(path, method=method).status_code == 404, (method, path)
        checked.add((method, endpoint))
    assert checked == LEAD_URLS


def test_partner_sees_and_edits_leads_handed_to_them(client, login_as, db):
    partner = login_as("partner")
    mine = make_lead(title="Shared deal", partner_id=partner.id)
    make_lead(title="Secret deal")
    listing = client.get("/leads/").get_data(as_text=True)
    assert "Shared deal" in listing and "Secret deal" not in listing
    assert "Shared deal" in client.get("/leads/queue").get_data(as_text=True)
    response = client.post(f"/leads/{mine.id}", data={"title": "Shared deal", "budget": "planned",
                                                       "version": mine.version})
    assert response.status_code == 302
    db.session.refresh(mine)
    assert mine.budget == "planned"


@pytest.mark.parametrize("role,allowed", [("marketing", True), ("sales", False), ("service", False),
                                          ("accounting", False), ("admin", True)])
def test_only_the_responsible_role_changes_a_marketing_lead(client, login_as, db, role, allowed):
    owner = make_user("marketing")
    lead = make_lead(owner_id=owner.id)
    login_as(role)
    assert client.get(f"/leads/{lead.id}").status_code == 200  # everyone inside may look
    response = client.post(f"/leads/{lead.id}", data={"title": "Changed", "version": lead.version})
    assert response.status_code == (302 if allowed else 403)


def test_hand_to_sales_from_the_page_and_blocked_message(client, login_as, db):
    marketing = login_as("marketing")
    make_user("sales", name="Sven Sales")
    incomplete = make_lead(owner_id=marketing.id, budget="confirmed")
    page = client.post(f"/leads/{incomplete.id}/hand-to-sales", follow_redirects=True).get_data(as_text=True)
    assert "fill in: authority, need, timeline" in page
    ready = make_lead(owner_id=marketing.id, **QUALIFIED)
    page = client.post(f"/leads/{ready.id}/hand-to-sales", follow_redirects=True).get_data(as_text=True)
    assert "Handed to Sven Sales" in page
    db.session.refresh(ready)
    assert ready.owner.name == "Sven Sales"


def test_close_without_reason_is_refused_with_a_message(client, login_as, db):
    sales = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=sales.id)
    page = client.post(f"/leads/{lead.id}/close", data={"target": "lost", "reason_id": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Choose a reason" in page
    reason = LostReason(label="Chose a competitor")
    db.session.add(reason)
    db.session.commit()
    client.post(f"/leads/{lead.id}/close", data={"target": "lost", "reason_id": reason.id})
    db.session.refresh(lead)
    assert lead.stage == "lost"


def test_a_lead_closed_as_lost_no_longer_shows_as_due(client, login_as, db):
    sales = login_as("sales")
    lead = make_lead(title="Late deal", stage="prospect", owner_id=sales.id,
                     due_at=datetime.now(timezone.utc) - timedelta(hours=5))
    reason = LostReason(label="Chose a competitor")
    db.session.add(reason)
    db.session.commit()
    assert "Late deal" in client.get("/leads/?overdue=1").get_data(as_text=True)
    assert '<span class="pill overdue">overdue' in client.get(f"/leads/{lead.id}").get_data(as_text=True)
    page = client.post(f"/leads/{lead.id}/close", data={"target": "lost", "reason_id": reason.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Lead closed as lost." in page
    assert "pill overdue" not in page and " · due " not in page
    assert "Late deal" not in client.get("/leads/?overdue=1").get_data(as_text=True)


def test_a_lead_handed_to_a_partner_shows_the_partner_and_their_window(client, login_as, db):
    marketing = login_as("marketing")
    make_user("partner", name="Paula Partner")
    make_user("partner", name="Gone Partner", is_active_user=False)
    lead = make_lead(title="Shared deal", owner_id=marketing.id)
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Hand to a sales partner" in page and "Paula Partner" in page and "Gone Partner" not in page
    partner_id = db.session.scalar(select(User.id).where(User.name == "Paula Partner"))
    page = client.post(f"/leads/{lead.id}/partner", data={"partner_id": partner_id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Handed to partner Paula Partner." in page
    assert "<dt>Sales partner</dt><dd>Paula Partner</dd>" in page and "due in 47 h" in page
    assert "Handed to Paula Partner (partner)" in page  # the project's history
    assert "Choose a sales partner." in client.post(f"/leads/{lead.id}/partner", data={"partner_id": 999_999},
                                                    follow_redirects=True).get_data(as_text=True)


def test_stale_form_shows_conflict_and_keeps_the_other_change(client, login_as, db):
    me = login_as("marketing")
    colleague = make_user("marketing", name="Clara Colleague")
    lead = make_lead(owner_id=me.id)
    opened_version = lead.version
    from webapp.leads.qualification import update_lead

    update_lead(lead, colleague, {"budget": "confirmed"}, opened_version)
    response = client.post(f"/leads/{lead.id}", data={"title": lead.title, "budget": "none",
                                                       "version": opened_version})
    assert response.status_code == 409
    assert "changed by Clara Colleague meanwhile" in response.get_data(as_text=True)
    db.session.refresh(lead)
    assert lead.budget == "confirmed"


def test_invalid_lead_form_re_renders_with_errors(client, login_as, db):
    me = login_as("marketing")
    lead = make_lead(owner_id=me.id, title="Keep")
    response = client.post(f"/leads/{lead.id}", data={"title": "", "expected_value": "lots",
                                                       "version": lead.version})
    assert response.status_code == 422
    assert "This field is required" in response.get_data(as_text=True)
    db.session.refresh(lead)
    assert lead.title == "Keep"


def test_my_queue_puts_overdue_first_then_probability(client, login_as, db):
    sales = login_as("sales")
    now = datetime.now(timezone.utc)
    make_lead(title="High", owner_id=sales.id, probability=0.9)
    make_lead(title="Late", owner_id=sales.id, probability=0.2, due_at=now - timedelta(hours=2))
    make_lead(title="Mid", owner_id=sales.id, probability=0.5)
    make_lead(title="Someone else's", probability=0.99)
    make_lead(title="Closed", owner_id=sales.id, stage="lost", probability=0.95)
    page = client.get("/leads/queue").get_data(as_text=True)
    order = [t for t in re.findall(r"<strong>(.*?)</strong>", page) if t in {"High", "Late", "Mid", "Closed", "Someone else&#39;s"}]
    assert order == ["Late", "High", "Mid"]
    assert "overdue" in page


def test_list_filters_and_sorts(client, login_as):
    login_as("sales")
    make_lead(title="Alpha", abc_class="A", source="referral", probability=0.8)
    make_lead(title="Beta", abc_class="C", source="cold_call", probability=0.1)
    make_lead(title="Gamma", abc_class="A", stage="prospect", probability=0.6)
    make_lead(title="Delta", abc_class="A", stage="lost", probability=0.9)

    def titles(**query):
        body = client.get("/leads/", query_string=query).get_data(as_text=True)
        return [t for t in ("Alpha", "Beta", "Gamma", "Delta") if t in body]

    assert titles() == ["Alpha", "Beta", "Gamma"]  # open leads unless asked otherwise
    assert titles(stage="all") == ["Alpha", "Beta", "Gamma", "Delta"]
    assert titles(**{"class": "A"}) == ["Alpha", "Gamma"]
    assert titles(stage="prospect") == ["Gamma"]
    assert titles(source="cold_call") == ["Beta"]
    body = client.get("/leads/?sort=probability&dir=asc").get_data(as_text=True)
    assert body.index("Beta") < body.index("Gamma") < body.index("Alpha")
    fragment = client.get("/leads/?class=A", headers={"HX-Request": "true", "HX-Target": "lead-results"})
    assert "<html" not in fragment.get_data(as_text=True)


def test_bulk_assign_reports_refusals(client, login_as, db):
    me = login_as("marketing")
    target = make_user("marketing", name="Target")
    mine = make_lead(owner_id=me.id)
    sales_owned = make_lead(owner_id=make_user("sales").id)
    page = client.post("/leads/bulk", data={"lead_ids": [mine.id, sales_owned.id], "action": "assign",
                                            "owner_id": target.id}, follow_redirects=True).get_data(as_text=True)
    assert "1 lead(s) updated" in page and "not yours to change" in page
    db.session.refresh(mine)
    assert mine.owner_id == target.id


def test_marketing_marks_contacts_as_leads_in_bulk(client, login_as, db):
    """The contact list's bulk bar goes through the preview (webapp.lead_batches), then creates."""
    from tests.webapp.lead_batches.flow import preview

    login_as("marketing")
    contacts = [make_contact() for _ in range(3)]
    _, fields = preview(client, {"contact_ids": [c.id for c in contacts[:2]], "title": "Spring fair",
                                 "source": "trade_fair", "campaign_id": 0})
    response = client.post("/lead-batches/create", data=fields)
    assert response.status_code == 302
    assert db.session.query(Lead).filter_by(title="Spring fair").count() == 2


def test_duplicate_material_asks_for_confirmation_on_the_page(client, login_as, db):
    from webapp.models import Material

    me = login_as("sales")
    lead = make_lead(owner_id=me.id)
    brochure = Material(name="Price list 2026")
    db.session.add(brochure)
    db.session.commit()
    client.post(f"/leads/{lead.id}/materials", data={"material_id": brochure.id})
    again = client.post(f"/leads/{lead.id}/materials", data={"material_id": brochure.id})
    assert again.status_code == 409
    assert "was sent to this contact before" in again.get_data(as_text=True)
    client.post(f"/leads/{lead.id}/materials", data={"material_id": brochure.id, "confirm": "y"})
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert page.count("Price list 2026</li>") + page.count("Price list 2026 <small>") >= 2


# Anyone inside may add to the contact history; every other action belongs to the owning role.
OPEN_TO_ALL = {"/leads/<int:lead_id>/activities"}


@pytest.mark.parametrize("role,expected", [("sales", 403), ("service", 403), ("accounting", 403),
                                           ("partner", 404)])
def test_every_lead_action_is_refused_to_roles_that_do_not_own_the_stage(app, client, login_as, role, expected):
    lead = make_lead(owner_id=make_user("marketing").id)
    login_as(role)
    checked = set()
    for method, endpoint, rule in _lead_rules(app):
        if method != "POST" or rule in OPEN_TO_ALL:
            continue
        path = rule.replace("<int:lead_id>", str(lead.id))
        assert client.post(path, data={}).status_code == expected, path
        checked.add((method, endpoint))
    assert checked == LEAD_URLS - {("GET", "leads.detail"), ("POST", "leads.log_activity")}


def test_queue_can_order_by_expected_value_and_urgency(client, login_as):
    sales = login_as("sales")
    now = datetime.now(timezone.utc)
    make_lead(title="Big", owner_id=sales.id, probability=0.5, expected_value=100_000, due_at=now + timedelta(hours=40))
    make_lead(title="Likely", owner_id=sales.id, probability=0.9, expected_value=1_000, due_at=now + timedelta(hours=2))

    def order(key):
        page = client.get(f"/leads/queue?order={key}").get_data(as_text=True)
        return [t for t in re.findall(r"<strong>(.*?)</strong>", page) if t in {"Big", "Likely"}]

    assert order("probability") == ["Likely", "Big"]
    assert order("expected_value") == ["Big", "Likely"]
    assert order("urgency") == ["Likely", "Big"]


def test_portfolio_quadrants_link_to_their_leads(client, login_as):
    login_as("sales")
    make_lead(title="Star", probability=0.8, expected_value=50_000)
    make_lead(title="Longshot", probability=0.2, expected_value=60_000)
    make_lead(title="Quickwin", probability=0.9, expected_value=500)
    make_lead(title="Park", probability=0.1, expected_value=400)
    page = client.get("/leads/portfolio").get_data(as_text=True)
    links = dict(re.findall(r'href="(/leads/\?[^"]+)"[^>]*>\s*<h2>([^<]+)</h2>', page))
    found = {title: client.get(url.replace("&amp;", "&")).get_data(as_text=True) for url, title in links.items()}
    assert "Star" in found["Focus"] and "Longshot" not in found["Focus"]
    assert "Longshot" in found["Develop"] and "Quickwin" in found["Close quickly"] and "Park" in found["Nurture or drop"]


def test_a_large_portfolio_plots_a_sample_and_still_counts_every_lead(client, login_as, monkeypatch):
    from webapp.leads import portfolio

    login_as("sales")
    for i in range(9):
        make_lead(title=f"Deal {i}", probability=0.8, expected_value=1000 + i)
    monkeypatch.setattr(portfolio, "MAX_POINTS", 3)
    page = client.get("/leads/portfolio").get_data(as_text=True)
    assert "A sample of 3 of 9 open leads" in page and "one lead in 3" in page
    assert page.count("<circle") == 3
    assert sum(int(n) for n in re.findall(r'<p class="big">(\d+) lead\(s\)</p>', page)) == 9


def test_portfolio_splits_at_the_median_value_and_sums_each_quadrant(client, login_as):
    login_as("sales")
    for probability, value in [(0.9, 100), (0.8, 300), (0.2, 200), (0.1, 1000)]:
        make_lead(probability=probability, expected_value=value)
    make_lead(title="No value yet", probability=0.7)
    make_lead(title="Closed", stage="customer", probability=0.9, expected_value=5000)
    page = client.get("/leads/portfolio").get_data(as_text=True)
    assert "the median value, €250" in page  # (200 + 300) / 2 over the four open leads with a value
    assert "1 open lead(s) without a value or score are not shown" in page
    found = re.findall(r"<h2>([^<]+)</h2>\s*<p class=\"big\">(\d+) lead\(s\)</p>\s*<p>([^<]+)</p>", page)
    cards = {title: (count, sums) for title, count, sums in found}
    assert cards["Focus"] == ("1", "€300 in all · €240 expected")
    assert cards["Develop"] == ("1", "€1,000 in all · €100 expected")
    assert cards["Close quickly"] == ("1", "€100 in all · €90 expected")
    assert cards["Nurture or drop"] == ("1", "€200 in all · €40 expected")
