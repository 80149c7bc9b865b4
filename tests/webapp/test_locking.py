"""Two colleagues edit the same record: the second save is refused with a 409 naming the first,
keeps what the second typed, and leaves the first's change intact. A form without a version is
refused. Nothing of this is ever a 500."""

import html
import re
from dataclasses import dataclass
from typing import Callable

import pytest

from webapp.extensions import db as _db
from webapp.locking import EditConflict, VERSION_MISSING
from webapp.models import Contact, Lead, Offer, OfferLine, Organization, User
from webapp.settings.services import get_settings
from tests.factories import make_contact, make_lead, make_offer, make_organization, make_user

VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')


def signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def version_on(page: str, after: str = "") -> str:
    """The version the page's form carries (the first one after `after`)."""
    match = VERSION.search(page, page.index(after) if after else 0)
    assert match, "the form carries no version"
    return match.group(1)


@dataclass
class Case:
    role: str
    make: Callable  # () -> (form page url, post url, form fields, marker before the version)
    edits: tuple[dict, dict]  # what the first and the second colleague type
    stored: Callable  # () -> the value the first colleague saved, as stored
    model: type = None

    def version(self) -> int:
        return _db.session.scalars(_db.select(self.model)).one().version


def _lead():
    lead = make_lead(title="Scanners")
    return f"/leads/{lead.id}", f"/leads/{lead.id}", {"title": lead.title}, 'action="/leads/'


def _contact():
    contact = make_contact(first_name="Erika", last_name="Muster")
    url = f"/contacts/{contact.id}/edit"
    return url, url, {"first_name": "Erika", "last_name": "Muster", "salutation": "", "organization_id": "0"}, ""


def _organization():
    organization = make_organization(name="Kühl GmbH")
    url = f"/organizations/{organization.id}/edit"
    return url, url, {"name": "Kühl GmbH"}, ""


def _offer_header():
    offer = make_offer(make_lead(stage="prospect"))
    return f"/offers/{offer.id}", f"/offers/{offer.id}", {"valid_until": "2099-01-01"}, f'action="/offers/{offer.id}"'


def _offer_line():
    offer = make_offer(make_lead(stage="prospect"))
    url = f"/offers/{offer.id}/lines/{offer.lines[0].id}"
    return url, url, {"product_id": "0", "quantity": "1", "unit_price": "10", "tax_rate": "19"}, ""


def _settings(page: str, fields: Callable[[], dict]):
    def make():
        return page, page, fields(), ""
    return make


def _company_fields():
    return {**get_settings()["company"], **get_settings()["offers"]}


def _main_fields():
    from webapp.settings.forms import form_data_from

    return form_data_from(get_settings())


def _scoring_fields():
    from webapp.settings.forms import scoring_form_data

    return {key: str(value) if not isinstance(value, list) else value
            for key, value in scoring_form_data(get_settings()["scoring"]).items()}


def _only(model, attribute):
    return lambda: getattr(_db.session.scalars(_db.select(model)).one(), attribute)


CASES = {
    "lead": Case("admin", _lead, ({"title": "Scanners, 40 units"}, {"title": "Scanners, 12 units"}),
                 _only(Lead, "title"), Lead),
    "contact": Case("sales", _contact, ({"function": "Head of IT"}, {"function": "Buyer"}),
                    _only(Contact, "function"), Contact),
    "organization": Case("sales", _organization, ({"city": "Kiel"}, {"city": "Lübeck"}),
                         _only(Organization, "city")),
    "offer header": Case("sales", _offer_header, ({"customer_note": "Thanks, Anna"}, {"customer_note": "Best, Ben"}),
                         _only(Offer, "customer_note")),
    "offer line": Case("sales", _offer_line, ({"description": "Setup day"}, {"description": "Training day"}),
                       _only(OfferLine, "description"), OfferLine),
    "company settings": Case("admin", _settings("/settings/company", _company_fields),
                             ({"name": "Nordlicht IT"}, {"name": "Südwind IT"}),
                             lambda: get_settings()["company"]["name"]),
    "main settings": Case("admin", _settings("/settings/", _main_fields),
                          ({"mql": "MQL-A"}, {"mql": "MQL-B"}), lambda: get_settings()["funnel_names"]["mql"]),
    "scoring settings": Case("admin", _settings("/settings/scoring", _scoring_fields),
                             ({"retrain_cron": "0 3 * * *"}, {"retrain_cron": "0 4 * * *"}),
                             lambda: get_settings()["scoring"]["retrain_cron"]),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_second_of_two_saves_is_refused_naming_the_first_and_keeping_both(app, db, case):
    anna, ben = make_user(case.role, name="Anna Early"), make_user(case.role, name="Ben Late")
    page_url, post_url, fields, marker = case.make()
    first, second = signed_in(app, anna), signed_in(app, ben)
    opened = [version_on(client.get(page_url).get_data(as_text=True), marker) for client in (first, second)]

    saved = first.post(post_url, data={**fields, **case.edits[0], "version": opened[0]})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    refused = second.post(post_url, data={**fields, **case.edits[1], "version": opened[1]})
    body = refused.get_data(as_text=True)

    assert refused.status_code == 409, body
    assert "changed by Anna Early meanwhile" in body
    typed = next(iter(case.edits[1].values()))
    assert html.escape(typed) in body  # what Ben typed is still in his form
    db.session.expire_all()
    assert case.stored() == next(iter(case.edits[0].values()))
    # The form now carries the current version: a deliberate second save applies Ben's entries.
    again = second.post(post_url, data={**fields, **case.edits[1], "version": version_on(body, marker)})
    assert again.status_code == 302
    db.session.expire_all()
    assert case.stored() == typed


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "1.0", "99999999999"])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_save_without_a_readable_version_is_refused(app, db, case, version):
    user = make_user(case.role, name="Anna Early")
    _page, post_url, fields, _marker = case.make()
    before = case.stored()
    data = {**fields, **case.edits[0]}
    if version is not None:
        data["version"] = version
    response = signed_in(app, user).post(post_url, data=data)
    assert response.status_code == 422
    assert str(VERSION_MISSING) in response.get_data(as_text=True)
    db.session.expire_all()
    assert case.stored() == before


def test_removing_a_line_a_colleague_changed_meanwhile_is_refused(app, db):
    anna, ben = make_user("sales", name="Anna Early"), make_user("sales", name="Ben Late")
    offer = make_offer(make_lead(stage="prospect"))
    line = offer.lines[0]
    remove = f"/offers/{offer.id}/lines/{line.id}/remove"
    shown = version_on(signed_in(app, ben).get(f"/offers/{offer.id}").get_data(as_text=True), remove)
    edit = f"/offers/{offer.id}/lines/{line.id}"
    assert signed_in(app, anna).post(edit, data={"product_id": "0", "description": "Two days", "quantity": "2",
                                                 "unit_price": "1150", "tax_rate": "19",
                                                 "version": line.version}).status_code == 302
    for headers in ({}, {"HX-Request": "true", "HX-Target": f"offer-{offer.id}-lines"}):
        refused = signed_in(app, ben).post(remove, data={"version": shown}, headers=headers)
        assert refused.status_code == 409
        assert "changed by Anna Early meanwhile" in refused.get_data(as_text=True)
    missing = signed_in(app, ben).post(remove)
    assert missing.status_code == 422 and str(VERSION_MISSING) in missing.get_data(as_text=True)
    db.session.expire_all()
    assert [line.description for line in db.session.get(Offer, offer.id).lines] == ["Two days"]


def test_adding_a_line_with_htmx_keeps_the_header_form_on_the_new_version(app, db):
    sales = make_user("sales")
    offer = make_offer(make_lead(stage="prospect"))
    client = signed_in(app, sales)
    headers = {"HX-Request": "true", "HX-Target": f"offer-{offer.id}-lines"}
    fragment = client.post(f"/offers/{offer.id}/lines", headers=headers, data={
        "product_id": "0", "description": "Extra", "quantity": "1", "unit_price": "5", "tax_rate": "19"})
    db.session.expire_all()
    oob = re.search(rf'id="offer-{offer.id}-version" value="(\d+)" hx-swap-oob="true"', fragment.get_data(as_text=True))
    assert oob and int(oob.group(1)) == db.session.get(Offer, offer.id).version
    saved = client.post(f"/offers/{offer.id}", data={"valid_until": "2099-01-01", "version": oob.group(1)})
    assert saved.status_code == 302


def test_a_service_save_that_loses_the_race_after_its_check_is_a_conflict(app, db):
    """Both sessions read version 1; the winner commits first, the loser's UPDATE finds no row."""
    from webapp.leads.qualification import update_lead

    anna_id = make_user("marketing", name="Anna Early").id
    ben_id = make_user("marketing", name="Ben Late").id
    lead_id = make_lead(owner_id=anna_id).id
    db.session.remove()
    mine = db.session.get(Lead, lead_id)  # Ben's session has the lead loaded at version 1
    with app.app_context():  # Anna's request, with its own session
        update_lead(db.session.get(Lead, lead_id), db.session.get(User, anna_id), {"budget": "confirmed"}, 1)
        db.session.remove()
    with pytest.raises(EditConflict, match="changed by Anna Early meanwhile"):
        update_lead(mine, db.session.get(User, ben_id), {"budget": "none"}, 1)
    assert mine.budget == "confirmed" and mine.version > 1


def test_an_action_that_loses_a_race_is_a_409_page_not_a_500(app, db, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from webapp.leads import lifecycle

    admin = make_user("admin")
    lead = make_lead()

    def lost_race(*_args, **_kw):
        raise StaleDataError("UPDATE statement on table 'leads' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(lifecycle, "demote_to_contact", lost_race)
    response = signed_in(app, admin).post(f"/leads/{lead.id}/demote")
    assert response.status_code == 409 and "Someone else changed this record" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["lead", "contact", "offer line"])
def test_simultaneous_saves_one_wins_the_others_get_409_naming_the_winner(shared_app, name):
    import threading

    case = CASES[name]
    users = [make_user(case.role, name=f"Colleague {n}") for n in range(8)]
    _page, post_url, fields, _marker = case.make()
    version = str(case.version())
    key = next(iter(case.edits[0]))
    clients = [signed_in(shared_app, user) for user in users]
    tokens = [client.csrf_token() for client in clients]
    start, results = threading.Barrier(len(clients)), [None] * len(clients)

    def save(n: int) -> None:
        start.wait()
        response = clients[n].post(post_url, csrf=False, data={**fields, key: f"Typed by {n}", "version": version,
                                                               "csrf_token": tokens[n]})
        results[n] = (response.status_code, response.get_data(as_text=True))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _body in results)
    assert statuses == [302] + [409] * 7, statuses
    winner = next(n for n, (status, _body) in enumerate(results) if status == 302)
    _db.session.expire_all()
    assert case.stored() == f"Typed by {winner}"
    for n, (status, body) in enumerate(results):
        if status == 409:
            assert f"changed by Colleague {winner} meanwhile" in body and f"Typed by {n}" in body
