"""Each list's "Export" links download exactly the rows the list shows, on every page, in its order,
and only what the user may see."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

from openpyxl import load_workbook

from tests.factories import make_contact, make_lead, make_offer, make_organization, make_user
from webapp.models import Invoice, InvoiceStatus, OfferStatus, Stage


def _link(body: str, label: str) -> str:
    return unescape(re.search(rf'<a href="([^"]+)" download>{label}</a>', body).group(1))


def _csv(response, delimiter: str = ",") -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter))


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.data), read_only=True).active.iter_rows(values_only=True))


def _column(rows: list, header: str) -> list:
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


def test_the_lead_lists_links_carry_its_filters_and_sort_and_export_every_page(client, login_as, db):
    login_as("sales")
    referrals = [make_lead(title=f"Referral {i:02d}", source="referral", probability=i / 20) for i in range(13)]
    make_lead(title="Fair lead", source="trade_fair")
    make_lead(title="Lost referral", source="referral", stage=Stage.LOST)  # outside the open list
    body = client.get("/leads/?source=referral&sort=title&dir=desc&page=2").get_data(as_text=True)
    link = _link(body, "Export CSV")
    assert "source=referral" in link and "sort=title" in link and "page=" not in link
    wanted = sorted((lead.title for lead in referrals), reverse=True)  # more than the list's 10 per page
    assert _column(_csv(client.get(link)), "Project") == wanted
    assert _column(_xlsx(client.get(_link(body, "Export XLSX"))), "Project") == wanted


def test_the_lead_export_keeps_the_lists_order_by_probability_and_its_numbers(client, login_as, db):
    login_as("sales")
    make_lead(title="Likely", probability=0.9, expected_value=Decimal("-1500.50"))
    make_lead(title="Unlikely", probability=0.1, expected_value=Decimal("200"))
    rows = _xlsx(client.get("/export/leads.xlsx"))  # the list's default: open leads, most likely first
    assert _column(rows, "Project") == ["Likely", "Unlikely"]
    assert _column(rows, "Close probability (%)") == [90.0, 10.0]
    assert _column(rows, "Expected value") == [-1500.5, 200.0]  # numbers, a negative one too
    assert isinstance(_column(rows, "Created")[0], date)


def test_contacts_export_follows_the_search_and_sort(client, login_as, db):
    login_as("marketing")
    berlin = make_organization("Berliner Bau")
    for i, city in enumerate(["Berlin", "Aachen", "Celle"]):
        make_contact(f"Anna{i}", f"Bauer{i}", city=city, organization_id=berlin.id)
    make_contact("Otto", "Fremd", city="Bonn")
    rows = _csv(client.get("/export/contacts.csv?q=bauer&sort=city&dir=asc"))
    assert _column(rows, "City") == ["Aachen", "Berlin", "Celle"]
    assert _column(rows, "Organization") == ["Berliner Bau"] * 3


def test_organizations_export_follows_the_search(client, login_as, db):
    login_as("sales")
    for name in ("Zeta Logistik", "Alpha Logistik", "Beta Bau"):
        make_organization(name, industry="Logistics" if "Logistik" in name else "Construction")
    rows = _csv(client.get("/export/organizations.csv?q=logistik&sort=name&dir=desc"))
    assert _column(rows, "Name") == ["Zeta Logistik", "Alpha Logistik"]


def test_offers_export_follows_the_status_filter_with_amounts_as_numbers(client, login_as, db):
    login_as("sales")
    sent = make_offer(make_lead(title="Cold room", stage=Stage.PROSPECT), status=OfferStatus.SENT)
    credit = make_offer(make_lead(title="Credit"), status=OfferStatus.SENT, lines=(("Credit", "1", "-50.00", "19"),))
    make_offer(make_lead(title="Forklift"), status=OfferStatus.DRAFT)
    body = client.get("/offers/?status=sent").get_data(as_text=True)
    rows = _xlsx(client.get(_link(body, "Export XLSX")))
    assert _column(rows, "Number") == [credit.number, sent.number]  # the list's order: newest first
    assert _column(rows, "Net") == [-50.0, 2300.0]
    assert _column(_csv(client.get(_link(body, "Export CSV"))), "Gross") == ["-59.50", "2737.00"]


def _invoice(lead, number: str, status: str, due: date) -> Invoice:
    offer = make_offer(lead, status=OfferStatus.ACCEPTED)
    invoice = Invoice(offer_id=offer.id, lead_id=lead.id, number=number, issued_on=due - timedelta(days=14),
                      due_on=due, total_net=offer.total_net, total_tax=offer.total_tax,
                      total_gross=offer.total_gross, status=status,
                      amount_paid=offer.total_gross if status == InvoiceStatus.PAID else Decimal("0"))
    from webapp.extensions import db

    db.session.add(invoice)
    db.session.commit()
    return invoice


def test_invoices_export_follows_the_lists_filter_and_a_partner_gets_403_as_on_the_list(client, login_as, db):
    today = date.today()
    _invoice(make_lead(stage=Stage.DEBTOR), "R-2", InvoiceStatus.OPEN, today + timedelta(days=5))
    _invoice(make_lead(stage=Stage.DEBTOR), "R-1", InvoiceStatus.OPEN, today - timedelta(days=5))
    _invoice(make_lead(stage=Stage.DEBTOR), "R-3", InvoiceStatus.PAID, today)
    login_as("accounting")
    rows = _csv(client.get("/export/invoices.csv"))  # the list's default: open ones, earliest due first
    assert _column(rows, "Number") == ["R-1", "R-2"]
    assert _column(rows, "Due on") == [(today - timedelta(days=5)).isoformat(), (today + timedelta(days=5)).isoformat()]
    assert _column(_xlsx(client.get("/export/invoices.xlsx?show=paid")), "Outstanding") == [0.0]
    login_as("partner")
    assert client.get("/invoices/").status_code == 403
    assert client.get("/export/invoices.csv").status_code == 403


def test_a_partners_exports_hold_only_the_leads_handed_to_them_and_what_belongs_to_those(client, login_as, db):
    partner = login_as("partner")
    mine_org, other_org = make_organization("Partner Kunde"), make_organization("Fremde Firma")
    mine = make_lead(make_contact("Mia", "Mine", organization_id=mine_org.id), title="Mine", partner_id=partner.id)
    other = make_lead(make_contact("Otto", "Other", organization_id=other_org.id), title="Not mine",
                      partner_id=make_user("partner").id)
    make_offer(mine, number="A-MINE")
    make_offer(other, number="A-OTHER")
    assert _column(_csv(client.get("/export/leads.csv")), "Project") == ["Mine"]
    assert _column(_csv(client.get("/export/contacts.csv")), "Last name") == ["Mine"]
    assert _column(_xlsx(client.get("/export/organizations.xlsx")), "Name") == ["Partner Kunde"]
    assert _column(_csv(client.get("/export/offers.csv")), "Number") == ["A-MINE"]


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised_in_csv_and_xlsx(client, login_as, db):
    login_as("admin")
    hostile = ["=HYPERLINK(\"http://evil\")", "+1+2", "-3+4", "@SUM(A1)", "  =1+1", "\t=1", "\r=1", "a=b"]
    for i, text in enumerate(hostile):
        make_contact(f"P{i:02d}", f"Name{i:02d}", function=text)
    expected = ["'" + text for text in hostile[:-1]] + ["a=b"]
    assert _column(_csv(client.get("/export/contacts.csv?sort=name")), "Function") == expected
    assert _column(_xlsx(client.get("/export/contacts.xlsx?sort=name")), "Function") == expected


def test_the_csv_opens_with_umlauts_and_german_headers_for_a_german_user(client, login_as, db):
    login_as("sales", language="de")
    make_contact("Jürgen", "Größe", city="Köln")
    response = client.get("/export/contacts.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    assert response.mimetype == "text/csv"
    assert re.fullmatch(r'attachment; filename=contacts-\d{4}-\d\d-\d\d\.csv', response.headers["Content-Disposition"])
    rows = _csv(response, delimiter=";")  # German Excel splits on semicolons
    assert "Nachname" in rows[0] and ["Größe", "Köln"] == [rows[1][rows[0].index("Nachname")], rows[1][rows[0].index("Ort")]]


def test_a_german_users_csv_has_semicolons_and_decimal_commas_and_an_english_users_points(client, login_as, db):
    make_offer(make_lead(title="Credit"), status=OfferStatus.SENT, lines=(("Credit", "1", "-50.00", "19"),))
    login_as("sales", language="de")
    rows = _csv(client.get("/export/offers.csv"), delimiter=";")
    assert _column(rows, "Brutto") == ["-59,50"]  # a number to German Excel, not a neutralised text
    login_as("sales", language="en")
    assert _column(_csv(client.get("/export/offers.csv")), "Gross") == ["-59.50"]


def test_unknown_lists_and_formats_are_not_found(client, login_as, db):
    login_as("admin")
    for path in ("/export/users.csv", "/export/leads.pdf", "/export/leads"):
        assert client.get(path).status_code == 404, path
