"""Two people merge the same pair at the same moment, each from the screen they opened: one merge
happens, the other person is told the two were merged already, and nothing is lost. On a SQLite
file and on PostgreSQL (the `shared_app` fixture: a connection per thread)."""

import re
import threading

import pytest
from sqlalchemy import func, select

from tests.concurrency import at_once, committed, signed_in_client
from tests.factories import make_activity, make_contact, make_lead, make_offer, make_user
from tests.html_forms import form_fields
from webapp.duplicate_finder import routes as finder_routes
from webapp.duplicates import merge as merging
from webapp.extensions import db
from webapp.models import Activity, ActivityKind, Contact, Lead, Offer

ALREADY_MERGED = "Already merged"


@pytest.fixture
def pair(shared_app):
    """Two contacts alike, each with a lead, an offer and activities; two marketing people signed in."""
    with shared_app.app_context():
        kept = make_contact(first_name="Ada", last_name="Lovelace", email="ada@one.example")
        other = make_contact(first_name="Ada", last_name="Lovelac", email="ada@two.example")
        for contact in (kept, other):
            lead = make_lead(contact, title=f"Project of {contact.last_name}")
            make_offer(lead)
            make_activity(contact, lead_id=lead.id)
            make_activity(contact, kind="call")
        ids = {"kept": kept.id, "other": other.id,
               "logins": [make_user("marketing").get_id(), make_user("admin").get_id()]}
        db.session.remove()
    path = f"/duplicates/contact/{ids['kept']}/{ids['other']}/merge"
    return shared_app, ids, path, [signed_in_client(shared_app, login) for login in ids["logins"]]


def _counts() -> dict:
    count = lambda model, *where: committed(select(func.count()).select_from(model).where(*where))[0][0]  # noqa: E731
    return {"contacts": count(Contact), "leads": count(Lead), "offers": count(Offer),
            "activities": count(Activity, Activity.kind != ActivityKind.MERGE),
            "merges": count(Activity, Activity.kind == ActivityKind.MERGE)}


def _screens(clients, path: str) -> list:
    """Each person opens the merge screen first: both see the same versions."""
    forms = [form_fields(client.get(path).get_data(as_text=True), path, path) for client, _ in clients]
    assert all(form.get("kept_version") for form in forms)
    return [lambda c=c, h=h, f=f: c.post(path, data={**f, "csrf_token": h["X-CSRFToken"]}, follow_redirects=True)
            for (c, h), f in zip(clients, forms)]


def _one_merged_and_the_other_told(app, ids, before: dict, responses) -> None:
    assert [response.status_code for response in responses] == [200, 200]
    said = sorted(re.findall(r'<p class="flash[^"]*">([^<]*)</p>', response.get_data(as_text=True))[0]
                  for response in responses)
    assert said[0].startswith(ALREADY_MERGED) and said[1].startswith("Merged: everything of the other"), said
    with app.app_context():
        after = _counts()
        assert after == {**before, "contacts": before["contacts"] - 1, "merges": 1}
        moved = committed(select(Lead.contact_id))
        assert {row.contact_id for row in moved} == {ids["kept"]}


def test_two_people_merging_one_pair_at_once(pair):
    app, ids, path, clients = pair
    with app.app_context():
        before = _counts()
    responses = at_once(_screens(clients, path))
    _one_merged_and_the_other_told(app, ids, before, responses)


def test_a_merge_that_starts_while_the_other_is_being_written_waits_and_is_told(pair, monkeypatch):
    """The second merge begins (both records loaded, versions as on its screen) while the first
    one's transaction is still open, so it cannot have read what the first one wrote."""
    app, ids, path, clients = pair
    with app.app_context():
        before = _counts()
    first, second = _screens(clients, path)
    started, entered, results = threading.Event(), threading.Event(), {}
    real_merge, real_pass_on = finder_routes.merge, merging.pass_on

    def merge(*args, **kwargs):
        if started.is_set():  # the second merge
            entered.set()
        return real_merge(*args, **kwargs)

    def pass_on(*args, **kwargs):
        # Inside the first merge's transaction, before its commit: the second one starts now.
        if not started.is_set():
            started.set()
            thread = threading.Thread(target=lambda: results.update(second=second()))
            thread.start()
            results["thread"] = thread
            assert entered.wait(30), "the second merge did not begin"
        return real_pass_on(*args, **kwargs)

    monkeypatch.setattr(finder_routes, "merge", merge)
    monkeypatch.setattr(merging, "pass_on", pass_on)
    results["first"] = first()
    results["thread"].join(60)
    assert not results["thread"].is_alive()
    _one_merged_and_the_other_told(app, ids, before, [results["first"], results["second"]])
