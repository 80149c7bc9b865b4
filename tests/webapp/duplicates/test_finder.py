"""The duplicate finder lists likely pairs best first (as the last search found them) and forgets
dismissed ones; the merge screen shows both values side by side and merges; partners are not
told the pages exist."""

import pytest
from sqlalchemy import func, select

from webapp.jobs import create_job
from webapp.models import Activity, Contact, Job, Lead
from tests.factories import make_contact, make_lead, make_organization


def test_the_finder_lists_a_likely_pair_and_hides_it_once_dismissed(client, login_as, db):
    login_as("marketing")
    acme = make_organization("Acme GmbH")
    a = make_contact(first_name="Jürgen", last_name="Müller", organization_id=acme.id)
    b = make_contact(first_name="Juergen", last_name="Mueller", organization_id=acme.id, mobile="030 1234567")
    c = make_contact(first_name="Paula", last_name="Other", phone="+49 30 1234567")
    make_contact(first_name="Nobody", last_name="Alike")
    client.post("/duplicates/search")
    page = client.get("/duplicates/").get_data(as_text=True)
    assert "similar name at the same company" in page and "same phone number" in page
    first_merge = page.index(f"/duplicates/contact/{a.id}/{b.id}/merge")
    assert first_merge < page.index(f"/duplicates/contact/{b.id}/{c.id}/merge")  # the better pair first
    assert client.post(f"/duplicates/contact/{a.id}/{b.id}/dismiss").status_code == 302
    again = client.get("/duplicates/").get_data(as_text=True)
    assert f"/duplicates/contact/{a.id}/{b.id}/merge" not in again
    assert f"/duplicates/contact/{b.id}/{c.id}/merge" in again


def test_the_finder_lists_organizations_too(client, login_as, db):
    login_as("admin")
    a, b = make_organization("Müller GmbH"), make_organization("Mueller AG")
    client.post("/duplicates/search?kind=organization")
    page = client.get("/duplicates/?kind=organization").get_data(as_text=True)
    assert f"/duplicates/organization/{a.id}/{b.id}/merge" in page and "same name" in page


def test_the_merge_screen_shows_both_values_and_merges(client, login_as, db):
    login_as("marketing")
    kept = make_contact(first_name="Ada", last_name="King", email="ada@old.example")
    other = make_contact(first_name="Ada", last_name="Lovelace", email="ada@new.example", phone="030 1234567")
    lead = make_lead(other)
    screen = client.get(f"/duplicates/contact/{kept.id}/{other.id}/merge").get_data(as_text=True)
    assert "ada@old.example" in screen and "ada@new.example" in screen
    # The kept record's value by default, the other's where the kept one is empty.
    assert 'name="email" value="kept" checked' in screen and 'name="phone" value="other" checked' in screen
    response = client.post(f"/duplicates/contact/{kept.id}/{other.id}/merge",
                           data={"kept_version": kept.version, "other_version": other.version,
                                 "email": "other", "last_name": "other"})
    assert response.status_code == 302 and response.location.endswith(f"/contacts/{kept.id}")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1
    assert (kept.email, kept.last_name, kept.phone) == ("ada@new.example", "Lovelace", "030 1234567")
    assert db.session.get(Lead, lead.id).contact_id == kept.id
    history = client.get(f"/contacts/{kept.id}").get_data(as_text=True)
    assert f"Contact Ada Lovelace ({other.id}) merged into this contact by" in history


def test_a_merge_from_a_stale_screen_is_refused_clearly(client, login_as, db):
    login_as("admin")
    kept, other = make_contact(last_name="King"), make_contact(last_name="Lovelace")
    stale = other.version
    other.function = "changed meanwhile"
    db.session.commit()
    response = client.post(f"/duplicates/contact/{kept.id}/{other.id}/merge",
                           data={"kept_version": kept.version, "other_version": stale})
    assert response.status_code == 409 and "changed by" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 2
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 0


@pytest.mark.parametrize("role, status", [("partner", 404), ("sales", 403)])
def test_only_admin_and_marketing_reach_the_finder_and_merge(client, login_as, db, role, status):
    login_as(role)
    a, b = make_contact(), make_contact()
    assert client.get("/duplicates/").status_code == status
    assert client.get(f"/duplicates/contact/{a.id}/{b.id}/merge").status_code == status
    assert client.post(f"/duplicates/contact/{a.id}/{b.id}/merge", data={}).status_code == status
    assert client.post(f"/duplicates/contact/{a.id}/{b.id}/dismiss").status_code == status
    assert client.post("/duplicates/search").status_code == status
    job = create_job("duplicate-search")
    assert client.get(f"/duplicates/search/{job.id}").status_code == status
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1  # nothing started
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 2


def test_a_merge_screen_left_open_after_a_colleague_merged_the_pair_says_so(client, login_as, db):
    login_as("marketing")
    kept, other = make_contact(last_name="King"), make_contact(last_name="Lovelace")
    path = f"/duplicates/contact/{kept.id}/{other.id}/merge"
    versions = {"kept_version": kept.version, "other_version": other.version}
    assert client.post(path, data=versions).status_code == 302
    again = client.post(path, data=versions, follow_redirects=True)
    assert again.status_code == 200 and "Already merged" in again.get_data(as_text=True)
    swapped = client.get(f"/duplicates/contact/{other.id}/{kept.id}/merge", follow_redirects=True)
    assert "Already merged" in swapped.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1
    assert client.get(f"/duplicates/contact/{other.id}/999999/merge").status_code == 404  # neither exists
