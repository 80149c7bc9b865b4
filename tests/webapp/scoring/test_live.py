"""One score per lead, always current: every change that feeds a lead's score rescores it in the
same request, whatever the path; every screen and the API show that stored score; decided leads
show their outcome instead."""

import logging
import math
import re

import pytest
from sqlalchemy import text, update

from tests.factories import make_activity, make_contact, make_lead, make_organization, make_user
from webapp.api.auth import create_token
from webapp.extensions import db as _db
from webapp.models import Activity, Contact, Lead, Material, Organization
from webapp.scoring import service
from webapp.scoring.service import score_lead


def _stored(lead_id: int) -> Lead:
    _db.session.expire_all()  # as the next request sees it
    return _db.session.get(Lead, lead_id)


def _is_current(lead_id: int) -> bool:
    """The stored score is what scoring the lead now gives."""
    lead = _stored(lead_id)
    live = score_lead(lead)
    return (lead.probability == pytest.approx(live.probability, abs=1e-4) and lead.abc_class == live.abc_class
            and lead.model_version == live.model_version and lead.bant_points == live.points)


def _set_score(lead_id: int, **scores) -> None:
    _db.session.execute(update(Lead).where(Lead.id == lead_id).values(**scores))
    _db.session.commit()


def _page_numbers(body: str) -> tuple[str, str]:
    """The header's probability and the one "Why this score" gives."""
    header = re.search(r'<strong class="prob">([^<]*)</strong>', body).group(1)
    why = re.search(r'id="why-title">Why this score</h2>\s*<p><strong>([^<]*)</strong>', body).group(1)
    return header, why


def test_logging_an_email_rescores_the_lead_in_the_same_request(client, login_as, db, trained_model):
    login_as("sales")
    contact = make_contact()
    lead = make_lead(contact, title="Fleet deal", budget="planned", need="identified")
    before = _stored(lead.id).probability
    for _ in range(3):
        response = client.post(f"/contacts/{contact.id}/activities", headers={"HX-Request": "true"},
                               data={"kind": "email", "subject": "Figures", "body": "Sent the figures",
                                     "lead_id": lead.id})
        assert response.status_code == 200
    after = _stored(lead.id)
    assert after.probability != before and _is_current(lead.id)
    header, why = _page_numbers(client.get(f"/leads/{lead.id}").get_data(as_text=True))
    assert header == why == f"{after.probability * 100:.0f}%"
    assert f"Model {trained_model.version}" in client.get(f"/leads/{lead.id}").get_data(as_text=True)


def test_an_activity_edited_moved_or_deleted_rescores_its_leads(db, trained_model):
    contact = make_contact()
    first, second = make_lead(contact, title="One"), make_lead(contact, title="Two")
    activity = make_activity(contact, kind="email", lead_id=first.id)
    assert _is_current(first.id)
    activity.kind = "meeting"
    _db.session.commit()
    assert _is_current(first.id)
    activity.lead_id = second.id  # both leads' counts change
    _db.session.commit()
    assert _is_current(first.id) and _is_current(second.id)
    _db.session.delete(_db.session.get(Activity, activity.id))
    _db.session.commit()
    assert _is_current(second.id)


def test_sending_material_rescores_the_lead(client, login_as, db, trained_model):
    sales = login_as("sales")
    lead = make_lead(owner_id=sales.id)
    material = Material(name="Price list")
    _db.session.add(material)
    _db.session.commit()
    _set_score(lead.id, probability=0.01)  # a stale score
    response = client.post(f"/leads/{lead.id}/materials", data={"material_id": material.id})
    assert response.status_code in (200, 302)
    assert _db.session.query(Activity).filter_by(kind="material_sent").count() == 1
    assert _is_current(lead.id) and _stored(lead.id).probability != 0.01


def test_sending_and_answering_an_offer_rescores_the_lead(db, trained_model):
    from tests.factories import make_offer
    from webapp.offers.decisions import accept_offer, send_offer

    sales = make_user("sales")
    make_user("service")  # takes the customer when the offer is accepted
    lead = make_lead(owner_id=sales.id, budget="confirmed", authority="influencer", need="identified",
                     timeline="within_12_months")
    offer = make_offer(lead)
    _set_score(lead.id, probability=0.01)
    send_offer(_db.session.merge(offer), sales)
    assert _stored(lead.id).stage == "prospect" and _is_current(lead.id)
    _set_score(lead.id, probability=0.01)
    accept_offer(_db.session.get(type(offer), offer.id), sales)
    won = _stored(lead.id)
    assert won.outcome == "won" and won.probability == 0.01  # decided: not rescored, its outcome is shown


def test_a_contact_edit_and_its_opt_out_rescore_its_open_leads_only(client, login_as, db, trained_model):
    login_as("sales")
    contact = make_contact(email="ada@engine.example")
    open_lead = make_lead(contact, title="Open", budget="confirmed")
    won = make_lead(contact, title="Won", stage="customer")
    assert _stored(open_lead.id).model_version == trained_model.version
    _set_score(won.id, probability=0.42)
    response = client.post(f"/contacts/{contact.id}/edit", data={
        "first_name": "Ada", "last_name": "Lovelace", "email": "ada@engine.example", "organization_id": "0",
        "function": "Chief executive", "scoring_opt_out": "y", "version": contact.version})
    assert response.status_code == 302
    assert _db.session.get(Contact, contact.id).scoring_opt_out
    lead = _stored(open_lead.id)
    assert lead.model_version is None and _is_current(open_lead.id)  # opted out: BANT points only
    assert _stored(won.id).probability == 0.42  # a decided lead is not rescored


def test_an_organization_edit_rescores_the_open_leads_of_all_its_people_in_one_batch(db, trained_model,
                                                                                    monkeypatch):
    organization = make_organization(employees=5)
    leads = [make_lead(make_contact(organization_id=organization.id)) for _ in range(3)]
    for lead in leads:
        _set_score(lead.id, probability=0.01)
    batches = []
    real = service.rescore_leads
    monkeypatch.setattr(service, "rescore_leads", lambda ids: (batches.append(sorted(ids)), real(ids))[1])
    found = _db.session.get(Organization, organization.id)
    found.employees, found.territory = 900, "North"
    _db.session.commit()
    assert batches == [sorted(lead.id for lead in leads)]
    assert all(_is_current(lead.id) for lead in leads)


def test_a_scoring_failure_keeps_the_save_and_the_old_score(client, login_as, db, trained_model, monkeypatch,
                                                            caplog):
    sales = login_as("sales")
    lead = make_lead(owner_id=sales.id, title="Kept")
    _set_score(lead.id, probability=0.33)

    def broken(*args, **kwargs):  # a database error: PostgreSQL would refuse the rest of the transaction
        _db.session.execute(text("SELECT no_such_column FROM leads"))

    monkeypatch.setattr(service, "_feature_batch", broken)
    with caplog.at_level(logging.ERROR):
        response = client.post(f"/leads/{lead.id}", data={"title": "Kept", "budget": "confirmed",
                                                          "version": _stored(lead.id).version})
    assert response.status_code == 302
    saved = _stored(lead.id)
    assert saved.budget == "confirmed" and saved.probability == 0.33
    assert "not rescored" in caplog.text


def test_every_screen_and_the_api_show_the_stored_score(client, login_as, db, trained_model):
    sales = login_as("sales")
    lead = make_lead(owner_id=sales.id, title="Shown everywhere", budget="confirmed")
    _set_score(lead.id, probability=0.37, abc_class="B")  # unlike anything scoring would give it now
    token = create_token(sales, "test")
    for path in ("/leads/", "/leads/queue"):
        assert "37%" in client.get(path).get_data(as_text=True), path
    header, why = _page_numbers(client.get(f"/leads/{lead.id}").get_data(as_text=True))
    assert header == why == "37%"
    found = client.get(f"/api/v1/leads/{lead.id}", headers={"Authorization": f"Bearer {token}"}).json
    assert found["probability"] == 0.37 and found["class"] == "B" and found["outcome"] is None


def test_decided_leads_show_their_outcome_not_a_probability(client, login_as, db):
    admin = login_as("admin")
    won = make_lead(owner_id=admin.id, title="Won deal", stage="customer", probability=0.42, abc_class="A")
    lost = make_lead(owner_id=admin.id, title="Lost deal", stage="lost", probability=0.58, abc_class="A")
    listing = client.get("/leads/?stage=all").get_data(as_text=True)
    assert "Won deal" in listing and "42%" not in listing and "58%" not in listing
    assert ">Won<" in listing and ">Lost<" in listing
    page = client.get(f"/leads/{won.id}").get_data(as_text=True)
    assert "42%" not in page and "no close probability" in page
    token = create_token(admin, "test")
    found = client.get(f"/api/v1/leads/{lost.id}", headers={"Authorization": f"Bearer {token}"}).json
    assert found["outcome"] == "lost" and found["probability"] is None and found["class"] is None


def test_the_nightly_job_rescores_open_leads(app, db, trained_model):
    lead = make_lead(budget="confirmed")
    _set_score(lead.id, probability=0.01, abc_class="C")
    result = app.test_cli_runner().invoke(args=["scheduler", "once", "rescore"])
    assert result.exit_code == 0 and "rescore: done" in result.output
    assert _is_current(lead.id)


def test_a_bant_answer_saved_through_the_api_path_is_scored_before_the_response(db, trained_model):
    """No call to remember: a plain ORM change and commit, as any path makes it."""
    owner = make_user("marketing")
    lead = make_lead(owner_id=owner.id)
    found = _db.session.get(Lead, lead.id)
    found.timeline = "within_3_months"
    _db.session.commit()
    assert _is_current(lead.id)


def test_a_long_rescore_never_writes_over_a_score_a_save_made_meanwhile(db, trained_model):
    from webapp.scoring.service import _feature_batch, _Scorer

    lead = make_lead(budget="none", need="none")
    full = _Scorer()  # a full rescore starts and reads the lead as it was
    stale = _feature_batch(Lead.id == lead.id, True, full.now)
    lead.budget, lead.need = "confirmed", "urgent"  # meanwhile a rep saves better answers
    db.session.commit()
    db.session.refresh(lead)
    fresh = (lead.probability, lead.scored_at)
    full.write_rows(*stale)
    db.session.commit()
    db.session.refresh(lead)
    assert (lead.probability, lead.scored_at) == fresh


def test_a_blend_that_marks_down_young_prospects_does_so_in_the_stored_and_the_live_score(db, trained_model):
    """Learned weights read a lead's age and stage alike in a full rescore and in one lead's score."""
    from scoring_model import BlendWeights

    shift = -2.0  # prospects on their first day win far less than the model says; a month on, as it says
    weights = BlendWeights(0.0, 1.0, 0.0, 500, age_knots=(0.0, 30.0), intercepts=(0.0, 0.0),
                           stage_shifts={"prospect": (shift, 0.0)})
    trained_model.meta = {**trained_model.meta, "blend_weights": weights.to_dict()}
    _db.session.commit()
    lead, prospect = make_lead(budget="planned"), make_lead(budget="planned", stage="prospect")
    service.rescore_all()
    for found, expected_shift in ((lead, 0.0), (prospect, shift)):
        assert _is_current(found.id)
        p_model = score_lead(_stored(found.id)).model_probability
        expected = 1 / (1 + (1 - p_model) / p_model * math.exp(-expected_shift))
        assert _stored(found.id).probability == pytest.approx(expected, abs=1e-4)
