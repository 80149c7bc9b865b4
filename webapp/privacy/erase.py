"""Erasing a person by anonymising them (GDPR Art. 17).

Erased: their name, salutation, e-mail, phones (and the duplicate keys made from them), address,
notes and custom attributes; the free texts of their history (subjects and bodies of what people
logged, typed reasons of system entries); the texts of their leads (title, description, requests,
open questions, next step, lost note); the notes of their offers and payments; field history values
of any field erased here that is tracked; cached API answers that quote them.

Kept, so KPIs and the scoring's training rows stay as they were: every lead's stage, outcome, owner,
BANT answers, reaction, source, campaign, values, dates and scores; the counts and kinds of
activities; offers' and invoices' numbers, lines and figures; the contact's function, industry,
country, organization and scoring opt-out (fields of the deal, not of the person). Issued invoices
keep the address lines they were issued to: German law requires keeping an issued invoice unchanged
(§ 14 UStG, § 147 AO), which Art. 17(3)(b) GDPR allows.
"""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_

from webapp.extensions import db
from webapp.models import ActivityKind, Contact, IdempotencyKey, Lead
from webapp.offers.document import recipient
from webapp.privacy.records import PersonRecords, records_of
from webapp.settings.locale import company_language

ERASED_NAME = _l("Erased person")
ERASED_PROJECT = _l("Project of an erased person")

# Fields blanked (None) on each record; names and lead titles get a placeholder instead.
CONTACT_FIELDS = ("salutation", "email", "phone", "mobile", "street", "postal_code", "city", "notes",
                  "phone_key", "mobile_key")
LEAD_FIELDS = ("description", "requested", "open_questions", "next_step", "lost_note")
OFFER_FIELDS = ("customer_note", "rejection_reason")
# Entries the app writes from codes ("Lead → Prospect"); their subject names no one.
SYSTEM_KINDS = (ActivityKind.STAGE_CHANGE, ActivityKind.HANDOFF, ActivityKind.ESCALATION)


def placeholders() -> tuple[str, str]:
    """The placeholders in the company's language: they are stored, and read by the whole team."""
    with force_locale(company_language()):
        return str(ERASED_NAME), str(ERASED_PROJECT)


def _blank(record, fields) -> None:
    for field in fields:
        setattr(record, field, None)


def _keep_invoice_addresses(records: PersonRecords) -> None:
    # Invoices issued before invoices kept their address lines get them now, before the erasure.
    for invoice in records.invoices:
        if invoice.issued_to is None:
            invoice.issued_to = recipient(invoice.offer)


def _erase_history(records: PersonRecords) -> int:
    """Blank field history values of erased fields that are tracked (none are today: names and
    addresses are not tracked; a field added to `tracked_fields` later is covered)."""
    erased = {Contact.tracked_as: {*CONTACT_FIELDS, "first_name", "last_name", "custom"},
              Lead.tracked_as: {*LEAD_FIELDS, "title"}}
    blanked = 0
    for change in records.field_changes:
        if change.field in erased.get(change.entity_type, ()):
            change.old_value = change.new_value = None
            blanked += 1
    return blanked


def _forget_api_answers(contact: Contact) -> int:
    """Answers kept for retried API requests (24 hours) may quote the person; they are dropped."""
    quotes = [IdempotencyKey.body.contains(text, autoescape=True)
              for text in (contact.email, contact.full_name) if text]
    if not quotes:
        return 0
    return db.session.execute(delete(IdempotencyKey).where(or_(*quotes))).rowcount or 0


def erase_person(contact: Contact) -> dict[str, int]:
    """Anonymise the contact and what is stored about them (the caller commits). Returns how many
    records of each kind were anonymised or kept: counts only, nothing of the person."""
    records = records_of(contact)
    name, project = placeholders()
    _keep_invoice_addresses(records)
    dropped = _forget_api_answers(contact)
    contact.first_name, contact.last_name, contact.custom = "", name, {}
    _blank(contact, CONTACT_FIELDS)
    for lead in records.leads:
        lead.title = project
        _blank(lead, LEAD_FIELDS)
    for activity in records.activities:
        activity.body = None
        if activity.kind in SYSTEM_KINDS:
            if activity.details and activity.details.get("reason"):
                activity.details = {**activity.details, "reason": None}
        else:
            activity.subject = None
    for offer in records.offers:
        _blank(offer, OFFER_FIELDS)
    for payment in records.payments:
        payment.note = None
    summary = records.counts()
    summary.pop("requests")
    return {**summary, "field_changes_blanked": _erase_history(records), "api_answers_dropped": dropped}

