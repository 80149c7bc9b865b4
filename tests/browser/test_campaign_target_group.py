"""Marketing builds a campaign's target group and watches the count follow each criterion, adds the
group as members, marks them as leads after a preview that skips whom it must, finds the new leads
in the lead list by their campaign, and reverts the batch."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.factories import make_contact, make_lead, make_user
from webapp.extensions import db
from webapp.models import Campaign, CampaignMember, CustomField, Lead

pytestmark = pytest.mark.browser
# An htmx request in flight or a swap not settled yet: until it is gone, new controls lack their handlers.
BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


@pytest.fixture
def fair(live_app):
    """Hamburg contacts who prefer e-mail, one who prefers the phone, one in Berlin; of the Hamburg
    e-mail people one has an open lead from the campaign already and one asked not to be contacted
    (she was put on the campaign by hand before)."""
    with live_app.app_context():
        make_user(role="marketing", email="mara@test.example", name="Mara Marketing")
        db.session.add(CustomField(entity="contact", key="channel", label="Channel", type="choice",
                                   options=["email", "phone"]))
        campaign = Campaign(name="Spring fair", channel="trade_fair", status="active")
        db.session.add(campaign)
        db.session.commit()
        people = {}
        for first, city, channel in (("Anna", "Hamburg", "email"), ("Ben", "Hamburg", "email"),
                                     ("Carla", "Hamburg", "email"), ("Dora", "Hamburg", "email"),
                                     ("Emil", "Hamburg", "phone"), ("Franz", "Berlin", "email")):
            people[first] = make_contact(first, "Fair", city=city, custom={"channel": channel})
        people["Carla"].do_not_contact = True
        lead = make_lead(people["Dora"], title="Stand visit", campaign_id=campaign.id)
        db.session.add_all([CampaignMember(campaign_id=campaign.id, contact_id=people["Carla"].id),
                            CampaignMember(campaign_id=campaign.id, contact_id=people["Dora"].id, status="lead",
                                           lead_id=lead.id)])
        db.session.commit()
        return campaign.id


def test_build_a_group_mark_it_as_leads_find_them_and_revert(live_app, fair, browser, sign_in, output_dir):
    base = live_app.config["LIVE_URL"]
    page = browser.new_context().new_page()
    sign_in(page, base, "mara@test.example")
    page.goto(f"{base}/campaigns/{fair}")
    page.get_by_role("link", name="Build target group").click()
    page.evaluate("window.sameDocument = true")  # gone if the page were reloaded

    page.select_option("#field-0", "city")
    expect(page.locator(BUSY)).to_have_count(0)
    page.locator("#value-0").press_sequentially("Hamburg")  # counted as typed; Carla may not be contacted
    expect(page.locator("#group-count")).to_have_text("4")
    expect(page.locator("#group-skipped")).to_contain_text("1 more meets the criteria")
    page.get_by_role("button", name="Add a criterion").click()
    expect(page.locator(BUSY)).to_have_count(0)
    page.select_option("#field-1", "contact.channel")
    expect(page.locator(BUSY)).to_have_count(0)
    page.select_option("#value-1", "email")
    expect(page.locator("#group-count")).to_have_text("3")  # Anna, Ben, Dora
    expect(page.locator("#group-rows")).not_to_contain_text("Emil")
    assert page.evaluate("window.sameDocument") is True
    page.screenshot(path=str(output_dir / "target-group.png"), full_page=True)
    page.get_by_role("button", name="Save as the campaign's target group").click()
    expect(page.locator("#group-saved")).to_be_visible()

    page.goto(f"{base}/campaigns/{fair}")
    expect(page.locator("#target-group-rules")).to_contain_text("Hamburg")
    page.get_by_role("button", name="Add members from the group").click()
    members = page.locator("#members")
    for name in ("Anna", "Ben", "Carla", "Dora"):
        expect(members).to_contain_text(name)
    expect(members).not_to_contain_text("Emil")

    page.get_by_role("button", name="All members").click()
    expect(page.locator("#plan-summary")).to_contain_text("4 selected: 2 new leads, 2 skipped.")
    skipped = page.locator("#skipped")
    expect(skipped.locator("tr", has_text="Carla")).to_contain_text("not")  # do not contact
    expect(skipped.locator("tr", has_text="Dora")).to_contain_text("open lead")
    page.fill("#title", "Fair follow-up")
    page.get_by_role("button", name="Update preview").click()
    page.screenshot(path=str(output_dir / "preview.png"), full_page=True)
    page.get_by_role("button", name="Create 2 leads").click()
    expect(page.locator(".flash, [role=status], [role=alert]").first).to_contain_text("2 leads created")

    page.goto(f"{base}/leads/?stage=all")
    page.select_option("select[name=campaign]", str(fair))
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**campaign={fair}**")
    results = page.locator("main")
    expect(results).to_contain_text("Fair follow-up")
    expect(results.locator("tr", has_text="Fair follow-up")).to_have_count(2)
    expect(results).to_contain_text("Stand visit")

    page.goto(f"{base}/lead-batches/")
    page.get_by_role("link", name="Fair follow-up").first.click()
    page.get_by_role("link", name="Revert this batch").click()
    page.get_by_role("button", name="Revert: delete 2 leads").click()
    expect(page.locator("#batch-reverted")).to_contain_text("2 leads deleted, 0 kept")
    with live_app.app_context():
        titles = sorted(db.session.scalars(select(Lead.title)))
        statuses = dict(db.session.execute(select(CampaignMember.contact_id, CampaignMember.status)).all())
    assert titles == ["Stand visit"]
    assert sorted(statuses.values()) == ["lead", "targeted", "targeted", "targeted"]
