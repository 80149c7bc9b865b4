"""A campaign's members as CSV or XLSX: from the campaign page (the list's order and status filter)
and from `flask data export campaign-members --campaign ID`; partners never get one."""

import csv
import io
import re
from datetime import datetime
from html import unescape

import pytest
from openpyxl import load_workbook

from tests.factories import make_contact, make_lead, make_organization
from webapp.models import Campaign, CampaignMember, Stage


def _csv(response, delimiter: str = ",") -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter))


def _xlsx(data: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    return rows


def _column(rows: list, header: str) -> list:
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def campaign(db) -> Campaign:
    """Three members (one became a lead, one may not be contacted) and a stranger on another campaign."""
    campaign, other = Campaign(name="Herbstmailing", channel="mailing"), Campaign(name="Other", channel="web")
    db.session.add_all([campaign, other])
    db.session.commit()
    müller = make_organization("Müller AG")
    zoe = make_contact("Zoë", "Zander", email="zoe@example.de", phone="0511 123456", organization_id=müller.id,
                       marketing_consent="yes")
    anna = make_contact("Anna", "Adler", email="anna@example.de", do_not_contact=True)
    bert = make_contact("=1+1", "Bauer")  # a name a spreadsheet would run as a formula
    lead = make_lead(zoe, title="Kühlhaus", stage=Stage.PROSPECT, campaign_id=campaign.id)
    stranger = make_contact("Sam", "Stranger")
    for contact, status, lead_id, added in ((zoe, "lead", lead.id, datetime(2026, 3, 2, 9, 30)),
                                            (anna, "unsubscribed", None, datetime(2026, 3, 1, 8)),
                                            (bert, "contacted", None, datetime(2026, 3, 1, 8))):
        db.session.add(CampaignMember(campaign_id=campaign.id, contact_id=contact.id, status=status,
                                      lead_id=lead_id, added_at=added))
    db.session.add(CampaignMember(campaign_id=other.id, contact_id=stranger.id, status="targeted"))
    db.session.commit()
    return campaign


def _links(body: str) -> dict[str, str]:
    return {label: unescape(href) for href, label in
            re.findall(r'<a href="([^"]*campaign-members[^"]*)" download>(Export \w+)</a>', body)}


def test_the_campaign_page_links_to_its_members_in_the_lists_order_with_every_column(client, login_as, campaign):
    login_as("sales")
    links = _links(client.get(f"/campaigns/{campaign.id}").get_data(as_text=True))
    assert set(links) == {"Export CSV", "Export XLSX"}
    response = client.get(links["Export CSV"])
    assert re.fullmatch(rf"attachment; filename=campaign-members-{campaign.id}-\d{{4}}-\d\d-\d\d\.csv",
                        response.headers["Content-Disposition"])
    rows = _csv(response)
    assert _column(rows, "Last name") == ["Adler", "Bauer", "Zander"]  # the members list's order
    assert _column(rows, "First name") == ["Anna", "'=1+1", "Zoë"]  # neutralised
    assert _column(rows, "Organization") == ["", "", "Müller AG"]
    assert _column(rows, "Member status") == ["Unsubscribed", "Contacted", "Lead"]
    assert _column(rows, "Lead") == ["", "", "Kühlhaus"]
    assert _column(rows, "Lead stage") == ["", "", "Prospect"]
    assert _column(rows, "Marketing consent") == ["Unknown", "Unknown", "Yes"]
    assert _column(rows, "Do not contact") == ["Yes", "No", "No"]
    assert _column(rows, "Phone")[2] == "0511 123456"
    sheet = _xlsx(client.get(links["Export XLSX"]).data)
    assert _column(sheet, "E-mail") == ["anna@example.de", None, "zoe@example.de"]
    assert isinstance(_column(sheet, "Lead ID")[2], int) and isinstance(_column(sheet, "Added")[0], datetime)


def test_the_status_filter_of_the_members_list_is_kept_by_its_export(client, login_as, campaign):
    login_as("marketing")
    body = client.get(f"/campaigns/{campaign.id}?status=lead").get_data(as_text=True)
    assert "Zander" in body and "Adler" not in body
    links = _links(body)
    assert "status=lead" in links["Export CSV"]
    assert _column(_csv(client.get(links["Export CSV"])), "Last name") == ["Zander"]
    assert _column(_xlsx(client.get(links["Export XLSX"]).data), "Last name") == ["Zander"]


def test_a_german_user_gets_semicolons_and_german_headers_and_words(client, login_as, campaign):
    login_as("sales", language="de")
    rows = _csv(client.get(f"/export/campaign-members.csv?campaign={campaign.id}"), delimiter=";")
    assert _column(rows, "Nachname") == ["Adler", "Bauer", "Zander"]
    assert _column(rows, "Firma")[2] == "Müller AG"
    assert _column(rows, "Nicht kontaktieren") == ["Ja", "Nein", "Nein"]


def test_partners_and_unknown_campaigns_get_404(client, login_as, campaign):
    login_as("partner")
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/export/campaign-members.{fmt}?campaign={campaign.id}").status_code == 404
    login_as("admin")
    for query in ("", "?campaign=999999", "?campaign=abc", "?campaign=99999999999999"):
        assert client.get(f"/export/campaign-members.csv{query}").status_code == 404, query


def test_the_command_line_exports_one_campaigns_members(app, campaign, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["data", "export", "campaign-members", "--campaign", str(campaign.id)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert _column(rows, "Last name") == ["Adler", "Bauer", "Zander"]
    target = tmp_path / "members.xlsx"
    result = runner.invoke(args=["data", "export", "campaign-members", "--campaign", str(campaign.id),
                                 "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert _column(_xlsx(target.read_bytes()), "Lead") == [None, None, "Kühlhaus"]


@pytest.mark.parametrize("args, message", [
    (["campaign-members"], "needs --campaign ID"),
    (["campaign-members", "--campaign", "999999"], "No campaign with ID 999999"),
    (["campaign-members", "--campaign", "abc"], "'abc' is not a valid integer"),
    (["leads", "--campaign", "1"], "--campaign goes only with campaign-members"),
])
def test_a_missing_or_unknown_campaign_is_a_clear_error(app, db, args, message):
    result = app.test_cli_runner().invoke(args=["data", "export", *args])
    assert result.exit_code == 2 and message in result.output, result.output
