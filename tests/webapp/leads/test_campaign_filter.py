"""The lead list filters by campaign from a drop-down of all campaigns; the choice stays with the
filters, the pager and the export. Partners see no campaigns, and a campaign in the address tells
them nothing."""

import csv
import io
import re
from html import unescape

from tests.factories import make_lead, make_user
from webapp.models import Campaign


def _campaign(db, name: str) -> Campaign:
    campaign = Campaign(name=name, channel="mailing")
    db.session.add(campaign)
    db.session.commit()
    return campaign


def _select(body: str) -> str | None:
    found = re.search(r'<select name="campaign".*?</select>', body, re.S)
    return found.group(0) if found else None


def _titles(body: str) -> list[str]:
    return sorted(set(re.findall(r'>(Spring \d+|Autumn \d+|Plain \d+|Mine|Not in it)</a>', body)))


def _link(body: str, pattern: str) -> str:
    return unescape(re.search(pattern, body).group(1))


def _exported(client, link: str) -> list[str]:
    response = client.get(link)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    index = rows[0].index("Project")
    return sorted(row[index] for row in rows[1:])


def test_the_campaign_drop_down_offers_every_campaign_by_name_and_filters_the_list(client, login_as, db):
    login_as("sales")
    spring, autumn = _campaign(db, "Spring fair"), _campaign(db, "Autumn mailing")
    empty = _campaign(db, "Mailing without leads")
    for i in range(12):  # more than a page (10 in tests)
        make_lead(title=f"Spring {i}", campaign_id=spring.id, probability=i / 20)
    make_lead(title="Autumn 1", campaign_id=autumn.id)
    make_lead(title="Plain 1")

    body = client.get("/leads/").get_data(as_text=True)
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', _select(body))
    assert options == [("", "All campaigns"), (str(autumn.id), "Autumn mailing"),
                       (str(empty.id), "Mailing without leads"),
                       (str(spring.id), "Spring fair")]

    body = client.get(f"/leads/?campaign={autumn.id}").get_data(as_text=True)
    assert _titles(body) == ["Autumn 1"]
    assert f'<option value="{autumn.id}" selected>' in _select(body)
    assert "Narrowed to the leads behind a report figure" not in body  # a filter like any other
    assert body.count('name="campaign"') == 1  # the drop-down, no hidden copy besides it

    body = client.get(f"/leads/?campaign={spring.id}").get_data(as_text=True)
    assert "Page 1 of 2 · 12 in all" in body
    next_page = _link(body, r'<a href="([^"]+)"[^>]*rel="next"')
    assert f"campaign={spring.id}" in next_page
    second = client.get(next_page).get_data(as_text=True)
    assert f'<option value="{spring.id}" selected>' in _select(second) and "Autumn 1" not in second
    assert _exported(client, _link(body, r'<a href="([^"]+)" download>Export CSV</a>')) == \
        sorted(f"Spring {i}" for i in range(12))


def test_a_campaign_that_does_not_exist_filters_nothing(client, login_as, db):
    login_as("sales")
    spring = _campaign(db, "Spring fair")
    make_lead(title="Spring 1", campaign_id=spring.id)
    make_lead(title="Plain 1")
    body = client.get("/leads/?campaign=999999").get_data(as_text=True)
    assert _titles(body) == ["Plain 1", "Spring 1"]
    assert " selected" not in _select(body)  # "All campaigns", as the list shows
    assert client.get("/leads/?campaign=abc").status_code == 200


def test_a_partner_gets_no_campaign_filter_and_a_campaign_in_the_address_tells_them_nothing(client, login_as, db):
    partner = login_as("partner")
    spring = _campaign(db, "Secret spring campaign")
    make_lead(title="Mine", partner_id=partner.id, campaign_id=spring.id)
    make_lead(title="Not in it", partner_id=partner.id)
    make_lead(title="Spring 1", campaign_id=spring.id, partner_id=make_user("partner").id)

    plain = client.get("/leads/").get_data(as_text=True)
    assert _select(plain) is None and "Secret spring campaign" not in plain
    for campaign in (spring.id, 999999):
        body = client.get(f"/leads/?campaign={campaign}").get_data(as_text=True)
        assert _titles(body) == ["Mine", "Not in it"]  # the same leads as without it
        assert 'name="campaign"' not in body and "Secret spring campaign" not in body
        assert _exported(client, f"/export/leads.csv?campaign={campaign}") == ["Mine", "Not in it"]
