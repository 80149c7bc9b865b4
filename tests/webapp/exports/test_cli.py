"""flask data export KIND [--out FILE] [--format csv|xlsx]: every row of a list, as an admin sees it."""

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.factories import make_contact, make_lead, make_offer, make_organization, make_user
from webapp.models import Invoice, OfferStatus, Stage

KINDS = {"leads": ("Project", "Won deal"), "contacts": ("Last name", "Größe"),
         "organizations": ("Name", "Müller AG"), "offers": ("Number", "A-CLI-1"), "invoices": ("Number", "R-CLI-1")}


@pytest.fixture
def data(db):
    """One row of each kind, partly beyond a list's default filter (a won lead, a paid invoice)."""
    organization = make_organization("Müller AG")
    lead = make_lead(make_contact("Jürgen", "Größe", organization_id=organization.id), title="Won deal",
                     stage=Stage.CUSTOMER, partner_id=make_user("partner").id)
    offer = make_offer(lead, number="A-CLI-1", status=OfferStatus.ACCEPTED)
    db.session.add(Invoice(offer_id=offer.id, lead_id=lead.id, number="R-CLI-1", issued_on=date.today(),
                           due_on=date.today() + timedelta(days=14), total_net=offer.total_net,
                           total_tax=offer.total_tax, total_gross=offer.total_gross, status="paid",
                           amount_paid=offer.total_gross))
    db.session.commit()


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_goes_to_standard_output_as_csv(app, data, kind):
    result = app.test_cli_runner().invoke(args=["data", "export", kind])
    assert result.exit_code == 0, result.output
    header, value = KINDS[kind]
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert header in rows[0] and [value] == [row[rows[0].index(header)] for row in rows[1:]]


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_goes_to_a_file_as_xlsx_or_csv(app, data, kind, tmp_path):
    header, value = KINDS[kind]
    target = tmp_path / f"{kind}.xlsx"
    result = app.test_cli_runner().invoke(args=["data", "export", kind, "--out", str(target)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(target, read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()  # a read-only workbook keeps its file open until closed
    assert [value] == [row[rows[0].index(header)] for row in rows[1:]]
    as_csv = tmp_path / f"{kind}.txt"
    result = app.test_cli_runner().invoke(args=["data", "export", kind, "--out", str(as_csv), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert as_csv.read_bytes().startswith(b"\xef\xbb\xbf") and value in as_csv.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args, message", [
    (["users"], "'users' is not one of"),
    (["leads", "--format", "pdf"], "'pdf' is not one of"),
    (["leads", "--format", "xlsx"], "needs --out"),
])
def test_a_wrong_kind_or_format_is_a_clear_error(app, db, args, message):
    result = app.test_cli_runner().invoke(args=["data", "export", *args])
    assert result.exit_code == 2 and message in result.output
