"""One row of a file read into the values of the records it describes, or the reasons it is
rejected: {row, field, message} with the message in English (stored, translated where shown)."""

import re
from functools import lru_cache
from dataclasses import dataclass, field as dataclass_field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp import labels
from webapp.consent.labels import CONSENT
from webapp.custom_fields.values import from_text
from webapp.duplicates.keys import text_key
from webapp.extensions import db
from webapp.imports.columns import CUSTOM_PREFIX, REQUIRED, custom_fields
from webapp.models import Campaign, Contact, Lead, Organization, Role, User
from webapp.models.contact import normalise_email
from webapp.stored_text import english, stored

MAX_FIELD = 10_000  # longer than any column, shorter than anything that should reach memory twice
CUSTOM_TEXT_MAX = 500  # as the form's text input
# A consent column of the file and the date and source columns it sets on the contact.
CONSENT_COLUMNS = {"marketing_consent": ("consent_at", "consent_source"),
                   "do_not_contact": ("do_not_contact_at", "do_not_contact_source")}
YES = ("yes", "y", "ja", "j", "x", "1", "true", "wahr")
NO = ("no", "n", "nein", "0", "false", "falsch")

REQUIRED_MISSING = stored(_l("Required, but empty"))
TOO_LONG = stored(_l("Longer than %(max)s characters"))
BAD_EMAIL = stored(_l("Not a valid e-mail address"))
BAD_PHONE = stored(_l("Not a phone number (at least 5 digits)"))
BAD_WHOLE_NUMBER = stored(_l("Not a whole number"))
BAD_NUMBER = stored(_l("Not a number"))
UNKNOWN_ANSWER = stored(_l("Unknown answer \"%(value)s\""))
UNKNOWN_OWNER = stored(_l("No active marketing user or admin with this e-mail"))
UNKNOWN_CAMPAIGN = stored(_l("No campaign with this name"))
BAD_DATE = stored(_l("Not a date (e.g. 2026-03-31 or 31.03.2026)"))
BAD_YES_NO = stored(_l("Not yes or no"))

_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_PHONE = re.compile(r"^[0-9+()/.\-\s]+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+([.,]\d{1,2})?$")  # 1234, 1234.5, 1234,50: read the same in both languages
_LENGTHS = {
    "organization": {c.key: c.type.length for c in Organization.__table__.columns if getattr(c.type, "length", None)},
    "contact": {c.key: c.type.length for c in Contact.__table__.columns if getattr(c.type, "length", None)},
    "lead": {c.key: c.type.length for c in Lead.__table__.columns if getattr(c.type, "length", None)},
}
# Which record a field of the file belongs to, per kind.
_CONTACT_ORGANIZATION = {"organization": "name", "website": "website", "employees": "employees"}
_LEAD_ONLY = ("title", "budget", "authority", "need", "timeline", "source", "campaign", "expected_value", "owner",
              "description")


def _words(mapping: dict, extra: dict | None = None) -> dict[str, str]:
    """Code, English and German label of each choice, as compared (text_key) → code."""
    words = {text_key(code): code for code in mapping} | {text_key(code.replace("_", " ")): code for code in mapping}
    for language in ("en", "de"):
        with force_locale(language):
            words |= {text_key(str(label)): code for code, label in mapping.items()}
    return words | (extra or {})


@dataclass
class Lookups:
    """What rows are checked against, loaded once per import."""

    answers: dict = dataclass_field(default_factory=dict)  # question → word → code
    sources: dict = dataclass_field(default_factory=dict)
    salutations: dict = dataclass_field(default_factory=dict)
    campaigns: dict = dataclass_field(default_factory=dict)  # name key → id
    owners: dict = dataclass_field(default_factory=dict)  # e-mail → user id
    custom: dict = dataclass_field(default_factory=dict)  # cf_<key> → CustomField
    consent: dict = dataclass_field(default_factory=dict)  # word → yes/no/unknown
    seen_salutations: dict = dataclass_field(default_factory=dict)  # as written → as stored

    @classmethod
    def load(cls, kind: str) -> "Lookups":
        lookups = cls(salutations=_words(labels.SALUTATIONS), custom=custom_fields(kind),
                      consent=_words(CONSENT, {text_key(w): "yes" for w in YES} | {text_key(w): "no" for w in NO}))
        if kind == "leads":
            lookups.answers = {q: _words(labels.BANT_ANSWERS[q]) for q in ("budget", "authority", "need", "timeline")}
            lookups.sources = _words(labels.SOURCES)
            lookups.campaigns = {text_key(name): id_ for id_, name in
                                 db.session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.id.desc()))}
            # A new lead is in stage "lead", which marketing owns (STAGE_OWNER_ROLE); admins may own any.
            lookups.owners = {email.lower(): id_ for id_, email in db.session.execute(
                select(User.id, func.lower(User.email)).where(User.is_active_user.is_(True),
                                                              User.role.in_((Role.MARKETING, Role.ADMIN))))}
        return lookups


@dataclass
class ParsedRow:
    line: int
    organization: dict = dataclass_field(default_factory=dict)
    contact: dict = dataclass_field(default_factory=dict)
    lead: dict = dataclass_field(default_factory=dict)
    errors: list = dataclass_field(default_factory=list)

    def reject(self, field: str, message, **values) -> None:
        self.errors.append({"row": self.line, "field": field, "message": english(message, **values)})


def parse_row(kind: str, line: int, cells: list[str], mapping: dict[int, str], lookups: Lookups) -> ParsedRow:
    row = ParsedRow(line)
    given = []
    for position, name, target, column, parse, limit, key in _plan(kind, tuple(mapping.items())):
        value = cells[position].strip() if position < len(cells) else ""
        if len(value) > MAX_FIELD:
            row.reject(name, TOO_LONG, max=MAX_FIELD)
        elif value:
            given.append((name, target, column, parse, limit, key, value))
    present = {entry[0] for entry in given}
    for name in REQUIRED[kind]:
        if name not in present and not any(error["field"] == name for error in row.errors):
            row.reject(name, REQUIRED_MISSING)
    records = {"organization": row.organization, "contact": row.contact, "lead": row.lead}
    for name, target, column, parse, limit, key, value in given:
        parsed = parse(row, name, value, lookups) if parse else value
        if parsed is None:
            continue
        if limit and isinstance(parsed, str) and len(parsed) > limit:
            row.reject(name, TOO_LONG, max=limit)
            continue
        if key:  # a custom field's value, among the record's others
            records[target].setdefault("custom", {})[key] = parsed
        else:
            records[target][column] = parsed
    return row


@lru_cache(maxsize=64)
def _plan(kind: str, mapping: tuple) -> tuple:
    """Per mapped column, worked out once per mapping rather than once per row: its position, field,
    the record and column it fills, how it is read (None: as written), its length limit and, for a
    custom field, its key (the field itself is the import's, in Lookups.custom: definitions change)."""
    plan = []
    for position, name in mapping:
        target, column = _target(kind, name)
        if name.startswith(CUSTOM_PREFIX):
            plan.append((position, name, target, "custom", _custom, None, name[len(CUSTOM_PREFIX):]))
        else:
            plan.append((position, name, target, column, _PARSERS.get(name), _LENGTHS[target].get(column), None))
    return tuple(plan)


def _target(kind: str, name: str) -> tuple[str, str]:
    """The record and column a field of the file fills."""
    if kind == "organizations":
        return "organization", name
    if name in _CONTACT_ORGANIZATION:
        return "organization", _CONTACT_ORGANIZATION[name]
    if name in _LEAD_ONLY:
        return "lead", {"campaign": "campaign_id", "owner": "owner_id"}.get(name, name)
    return "contact", name


# Each reader returns the value to store, or None after rejecting it.

def _email(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return normalise_email(value) if _valid_email(value) else row.reject(name, BAD_EMAIL)


def _phone(row: ParsedRow, name: str, value: str, lookups: Lookups):
    if not _PHONE.match(value) or sum(map(str.isdigit, value)) < 5:
        return row.reject(name, BAD_PHONE)
    return value


def _employees(row: ParsedRow, name: str, value: str, lookups: Lookups):
    digits = re.sub(r"(?<=\d)[.,\s'](?=\d{3}(\D|$))", "", value)
    if not digits.isdigit() or int(digits) > 10_000_000:
        return row.reject(name, BAD_WHOLE_NUMBER)
    return int(digits)


def _answer(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return lookups.answers[name].get(text_key(value)) or row.reject(name, UNKNOWN_ANSWER, value=value[:40])


def _source(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return lookups.sources.get(text_key(value)) or row.reject(name, UNKNOWN_ANSWER, value=value[:40])


def _salutation(row: ParsedRow, name: str, value: str, lookups: Lookups):
    # A file says "Frau" or "Herr" thousands of times: each spelling is looked up once.
    known = lookups.seen_salutations.get(value)
    if known is None:
        known = lookups.seen_salutations[value] = lookups.salutations.get(text_key(value)) or value
    return known


def _campaign(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return lookups.campaigns.get(text_key(value)) or row.reject(name, UNKNOWN_CAMPAIGN)


def _owner(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return lookups.owners.get(value.lower()) or row.reject(name, UNKNOWN_OWNER)


def _consent(row: ParsedRow, name: str, value: str, lookups: Lookups):
    said = lookups.consent.get(text_key(value))
    if said is None:
        return row.reject(name, UNKNOWN_ANSWER, value=value[:40])
    if said != "unknown":
        _dated(row, name)
    return said


def _do_not_contact(row: ParsedRow, name: str, value: str, lookups: Lookups):
    said = lookups.consent.get(text_key(value))
    if said not in ("yes", "no"):
        return row.reject(name, BAD_YES_NO)
    if said == "yes":
        _dated(row, name)
    return said == "yes"


def _dated(row: ParsedRow, name: str) -> None:
    """A consent or block said by the file is dated today, on this import's word."""
    at, source = CONSENT_COLUMNS[name]
    row.contact[at] = date.today()
    row.contact[source] = "import"


def _custom(row: ParsedRow, name: str, value: str, lookups: Lookups):
    """A custom field's cell, read by the field's type."""
    field = lookups.custom.get(name)
    if field is None:  # made inactive since the columns were mapped: nothing to fill
        return None
    try:
        parsed = from_text(field, value)
    except ValueError:
        message = {"number": BAD_NUMBER, "date": BAD_DATE, "choice": UNKNOWN_ANSWER}.get(field.type, TOO_LONG)
        return row.reject(name, message, value=value[:40], max=CUSTOM_TEXT_MAX)
    if isinstance(parsed, str) and len(parsed) > CUSTOM_TEXT_MAX:
        return row.reject(name, TOO_LONG, max=CUSTOM_TEXT_MAX)
    return parsed


def _money_field(row: ParsedRow, name: str, value: str, lookups: Lookups):
    return _money(row, value)


_PARSERS = {"email": _email, "phone": _phone, "mobile": _phone, "employees": _employees,
            "expected_value": _money_field, "budget": _answer, "authority": _answer, "need": _answer,
            "timeline": _answer, "source": _source, "salutation": _salutation, "campaign": _campaign,
            "owner": _owner, "marketing_consent": _consent, "do_not_contact": _do_not_contact}


def _valid_email(value: str) -> bool:
    """email_validator's verdict; a plain local part (RFC dot-atom) at a domain seen before skips the
    library's full run, which costs more than the rest of a row (the domain is checked once by it)."""
    local, at, domain = value.rpartition("@")
    if at and _DOT_ATOM.match(local) and _valid_domain(domain):
        return True
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@lru_cache(maxsize=4096)
def _valid_domain(domain: str) -> bool:
    try:
        validate_email(f"x@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _money(row: ParsedRow, value: str):
    text = value.replace("€", "").replace("EUR", "").strip()
    try:
        if _PLAIN_NUMBER.match(text):
            amount = Decimal(text.replace(",", "."))
        else:  # with thousands separators: the last separator is the decimal one
            amount = parse_decimal(text, locale="de" if text.rfind(",") > text.rfind(".") else "en", strict=True)
    except (InvalidOperation, NumberFormatError, ValueError):
        return row.reject("expected_value", BAD_NUMBER)
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        return row.reject("expected_value", BAD_NUMBER)
    return amount.quantize(Decimal("0.01"))
