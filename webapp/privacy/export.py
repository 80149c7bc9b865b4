"""Everything stored about one person as a zip: person.json, JSON and CSV per kind of record, and a
README.txt in the reader's language saying what each file holds (GDPR Art. 15)."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from flask_babel import gettext as _

from webapp.custom_fields.records import labelled
from webapp.json_codec import dumps
from webapp.models import Contact
from webapp.privacy.records import KINDS, PersonRecords
from webapp.utc import as_utc

# A cell a spreadsheet would run as a formula is written as text (as the scoring export does).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def file_name(contact_id: int, today: date) -> str:
    return f"person-{contact_id}-{today.isoformat()}.zip"


def _plain(value):
    """A column value as JSON can hold it: moments in ISO 8601 UTC, money as exact text."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row(record, **extra) -> dict:
    """Every column of a row, then what makes it readable on its own (names behind ids)."""
    values = {column.key: _plain(getattr(record, column.key)) for column in record.__table__.columns}
    return {**values, **{key: _plain(value) for key, value in extra.items()}}


def _name(user) -> str | None:
    return user.name if user else None


def person(records: PersonRecords) -> dict:
    contact = records.contact
    organization = contact.organization
    # Consent and do-not-contact are columns of the contact (row() has them); custom values are
    # named by their fields' labels as well, so the file reads without the app.
    return {**row(contact), "custom_fields": labelled(Contact.tracked_as, contact.custom),
            "organization": None if organization is None else {
                "id": organization.id, "name": organization.name, "industry": organization.industry,
                "employees": organization.employees, "website": organization.website, "phone": organization.phone,
                "street": organization.street, "postal_code": organization.postal_code, "city": organization.city,
                "country": organization.country}}


def rows_by_kind(records: PersonRecords) -> dict[str, list[dict]]:
    return {
        "leads": [row(lead, outcome=lead.outcome, owner=_name(lead.owner), partner=_name(lead.partner),
                      campaign=lead.campaign.name if lead.campaign else None,
                      lost_reason=lead.lost_reason.label if lead.lost_reason else None) for lead in records.leads],
        "activities": [row(a, by=_name(a.user), material=a.material.name if a.material else None)
                       for a in records.activities],
        "offers": [row(offer) for offer in records.offers],
        "offer_lines": [row(line, offer_number=line.offer.number) for line in records.offer_lines],
        "invoices": [row(invoice) for invoice in records.invoices],
        "payments": [row(payment, invoice_number=payment.invoice.number) for payment in records.payments],
        "field_changes": [row(change, changed_by=_name(change.changed_by)) for change in records.field_changes],
        "campaign_memberships": [row(member, campaign=member.campaign.name) for member in records.campaign_memberships],
        "requests": [row(request, by=_name(request.user)) for request in records.requests],
    }


def _cell(value) -> str:
    if isinstance(value, (dict, list)):
        value = dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.writer(out)
        writer.writerow(rows[0].keys())
        writer.writerows([_cell(value) for value in r.values()] for r in rows)
    return out.getvalue()


def _descriptions() -> dict[str, str]:
    return {
        "person": _("The person: every field stored about them, custom attributes included, and a summary of "
                    "their organization."),
        "leads": _("Their projects (leads): stage, outcome, BANT answers, score and its factors, values and dates."),
        "activities": _("Their history: calls, e-mails, meetings, notes, materials sent, stage changes and "
                        "hand-offs."),
        "offers": _("Offers made to them."),
        "offer_lines": _("The lines of those offers."),
        "invoices": _("Invoices issued to them."),
        "payments": _("Payments on those invoices."),
        "field_changes": _("Field history: each recorded change of a tracked field of theirs or of their leads, "
                           "with old and new value, who and when."),
        "campaign_memberships": _("The campaigns they belong to."),
        "requests": _("Earlier requests about their data (exports, erasure): who, when, how many records."),
    }


def readme(records: PersonRecords, exported_at: datetime) -> str:
    described = _descriptions()
    lines = [_("Data stored about person %(id)s, exported %(when)s (UTC).", id=records.contact.id,
               when=as_utc(exported_at).strftime("%Y-%m-%d %H:%M")), "",
             f"person.json — {described['person']}"]
    for kind in KINDS:
        lines.append(f"{kind}.json, {kind}.csv — {described[kind]}")
    lines += ["", _("JSON files hold every value exactly; CSV files hold the same rows for spreadsheets (lists and "
                    "objects as JSON text). Times are UTC, amounts in euros.")]
    return "\n".join(lines) + "\n"


def write_zip(records: PersonRecords, out: IO[bytes], exported_at: datetime) -> dict[str, int]:
    """Write the zip to a binary file object; returns the rows written per kind."""
    tables = rows_by_kind(records)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(records, exported_at))
        archive.writestr("person.json", dumps(person(records), indent=2, ensure_ascii=False))
        for kind in KINDS:
            archive.writestr(f"{kind}.json", dumps(tables[kind], indent=2, ensure_ascii=False))
            archive.writestr(f"{kind}.csv", to_csv(tables[kind]))
    return {kind: len(tables[kind]) for kind in KINDS}
