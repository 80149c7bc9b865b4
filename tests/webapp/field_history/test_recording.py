"""Every change of a tracked field is recorded with who, when, old and new value, on every path."""

from sqlalchemy import func, select

from webapp.api.auth import create_token
from webapp.field_history import changes_for
from webapp.models import Campaign, Contact, FieldChange, Lead, LostReason, Organization
from tests.factories import make_contact, make_lead, make_organization, make_user


def recorded(entity, entity_id) -> dict:
    """field → (old, new, via, changed_by_id) of the newest change of each field."""
    result = {}
    for change in reversed(changes_for(entity, entity_id)):
        result[change.field] = (change.old_value, change.new_value, change.via, change.changed_by_id)
    return result


def history_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(FieldChange))


LEAD_EDIT = {"title": "Webshop", "budget": "confirmed", "authority": "decision_maker", "need": "urgent",
             "timeline": "within_3_months", "reaction": "enthusiastic", "source": "referral",
             "expected_value": "12500.50"}


def _edit_lead(client, lead, headers=None, **changes):
    data = {**LEAD_EDIT, "version": lead.version, **changes}
    return client.post(f"/leads/{lead.id}", data=data, headers=headers or {})


def test_the_lead_form_records_each_changed_field_with_who_and_old_value(client, db, login_as):
    rep = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=rep.id, title="Webshop", budget="planned", source="web_form")
    response = _edit_lead(client, lead)
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    changes = recorded("lead", lead.id)
    assert changes["budget"] == ("planned", "confirmed", "form", rep.id)
    assert changes["source"] == ("web_form", "referral", "form", rep.id)
    for field, value in (("authority", "decision_maker"), ("need", "urgent"), ("timeline", "within_3_months"),
                         ("reaction", "enthusiastic")):
        assert changes[field] == (None, value, "form", rep.id)
    assert changes["expected_value"][:2] == (None, 12500.5)


def test_untracked_fields_and_unchanged_values_write_nothing(client, db, login_as):
    rep = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=rep.id, **{k: v for k, v in LEAD_EDIT.items()})
    before = history_count(db)
    response = _edit_lead(client, lead, title="Renamed", next_step="Call on Monday", description="Longer text")
    assert response.status_code in (302, 303)
    db.session.refresh(lead)
    assert lead.title == "Renamed" and lead.next_step == "Call on Monday"
    assert history_count(db) == before


def test_an_htmx_save_is_recorded_as_such(client, db, login_as):
    rep = login_as("sales")
    lead = make_lead(stage="prospect", owner_id=rep.id, title="Webshop")
    _edit_lead(client, lead, headers={"HX-Request": "true"})
    assert recorded("lead", lead.id)["need"] == (None, "urgent", "htmx", rep.id)


def test_a_bulk_assignment_records_each_leads_new_owner(client, db, login_as):
    admin = login_as("admin")
    first_owner, new_owner = make_user("marketing"), make_user("marketing")
    leads = [make_lead(owner_id=first_owner.id) for _ in range(3)]
    response = client.post("/leads/bulk", data={"lead_ids": [lead.id for lead in leads], "action": "assign",
                                                "owner_id": new_owner.id})
    assert response.status_code == 302
    for lead in leads:
        assert recorded("lead", lead.id)["owner_id"] == (first_owner.id, new_owner.id, "form", admin.id)


def test_creating_leads_in_bulk_records_their_initial_values(client, db, login_as):
    marketer = login_as("marketing")
    campaign = Campaign(name="Spring fair")
    db.session.add(campaign)
    db.session.commit()
    contacts = [make_contact(), make_contact()]
    from tests.webapp.lead_batches.flow import preview

    _, fields = preview(client, {"contact_ids": [c.id for c in contacts], "title": "Fair follow-up",
                                 "source": "trade_fair", "campaign_id": campaign.id, "expected_value": "900"})
    response = client.post("/lead-batches/create", data=fields)
    assert response.status_code == 302
    for contact in contacts:
        lead = db.session.scalar(select(Lead).where(Lead.contact_id == contact.id))
        changes = recorded("lead", lead.id)
        assert changes["campaign_id"] == (None, campaign.id, "form", marketer.id)
        assert changes["source"][:2] == (None, "trade_fair") and changes["stage"][:2] == (None, "lead")
        assert changes["expected_value"][:2] == (None, 900)
        assert "budget" not in changes  # not answered: nothing to record


def test_stage_and_partner_changes_are_recorded(client, db, login_as):
    admin = login_as("admin")
    partner = make_user("partner")
    handed, closed = make_lead(), make_lead()
    reason = LostReason(label="No budget")
    db.session.add(reason)
    db.session.commit()
    client.post(f"/leads/{handed.id}/partner", data={"partner_id": partner.id})
    client.post(f"/leads/{closed.id}/close", data={"target": "lost", "reason_id": reason.id})
    assert recorded("lead", handed.id)["partner_id"] == (None, partner.id, "form", admin.id)
    assert recorded("lead", closed.id)["stage"] == ("lead", "lost", "form", admin.id)


def test_api_intake_records_the_new_lead_contact_and_organization(client, db):
    user = make_user("marketing")
    token = create_token(user, "crm")
    response = client.post("/api/v1/leads", headers={"Authorization": f"Bearer {token}"}, json={
        "first_name": "Ina", "last_name": "Intake", "email": "ina@shop.example", "organization": "Shop GmbH",
        "industry": "Retail", "title": "Webshop", "source": "web_form", "budget": "confirmed", "need": "urgent"})
    assert response.status_code == 201, response.json
    lead = db.session.get(Lead, response.json["lead"]["id"])
    changes = recorded("lead", lead.id)
    assert changes["budget"] == (None, "confirmed", "api", user.id)
    assert changes["need"][:3] == (None, "urgent", "api") and changes["stage"][:2] == (None, "lead")
    assert changes["owner_id"][:2] == (None, lead.owner_id)
    contact = recorded("contact", lead.contact_id)
    assert contact["organization_id"][:3] == (None, lead.contact.organization_id, "api")


def test_contact_and_organization_edits_are_recorded(client, db, login_as):
    rep = login_as("sales")
    organization = make_organization(industry="Retail", employees=12)
    other = make_organization()
    contact = make_contact(organization_id=organization.id, function="Buyer", email="c@x.example")
    response = client.post(f"/contacts/{contact.id}/edit", data={
        "first_name": contact.first_name, "last_name": contact.last_name, "email": "c@x.example",
        "function": "Head of IT", "organization_id": other.id, "industry": "Logistics", "country": "Austria",
        "scoring_opt_out": "y", "version": contact.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    changes = recorded("contact", contact.id)
    assert changes["function"] == ("Buyer", "Head of IT", "form", rep.id)
    assert changes["organization_id"][:2] == (organization.id, other.id)
    assert changes["industry"][:2] == (None, "Logistics") and changes["country"][:2] == (None, "Austria")
    assert changes["scoring_opt_out"][:2] == (False, True)
    response = client.post(f"/organizations/{organization.id}/edit", data={
        "name": organization.name, "industry": "Wholesale", "employees": "40", "territory": "South",
        "country": "Germany", "version": organization.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    changes = recorded("organization", organization.id)
    assert changes["industry"] == ("Retail", "Wholesale", "form", rep.id)
    assert changes["employees"][:2] == (12, 40)
    assert changes["territory"][:2] == (None, "South") and changes["country"][:2] == (None, "Germany")


def test_a_command_line_change_is_recorded_without_a_user(app, db):
    lead = make_lead()

    @app.cli.command("qualify-for-test")
    def qualify():
        db.session.get(Lead, lead.id).timeline = "later"
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["qualify-for-test"])
    assert result.exit_code == 0, result.output
    assert recorded("lead", lead.id)["timeline"] == (None, "later", "cli", None)


def test_a_change_made_while_the_field_was_unloaded_still_knows_its_old_value(db):
    lead = make_lead(budget="none")
    db.session.expire(lead)  # as after a commit: the next read would load it again
    lead.budget = "planned"
    db.session.commit()
    assert recorded("lead", lead.id)["budget"][:3] == ("none", "planned", "job")


def test_demo_data_comes_with_its_field_history(app, db):
    from datetime import date

    from webapp.demo import load_demo
    from webapp.field_history import value_as_of

    load_demo(seed=3, password="demo-password", today=date(2026, 6, 1), scale=0.03)
    won = db.session.scalar(select(Lead).where(Lead.stage == "customer").order_by(Lead.id))
    assert value_as_of(Lead, won.id, "stage", won.created_at) == "lead"
    assert value_as_of(Lead, won.id, "stage", won.closed_at) == "customer"
    assert value_as_of(Lead, won.id, "source", won.created_at) == won.source
    organization = db.session.scalar(select(Organization).order_by(Organization.id))
    assert recorded("organization", organization.id)["employees"][:3] == (None, organization.employees, "demo")
    contact = db.session.scalar(select(Contact).order_by(Contact.id))
    assert recorded("contact", contact.id)["scoring_opt_out"][:2] == (None, contact.scoring_opt_out)
