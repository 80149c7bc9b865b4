"""Likely duplicates of a contact or organization about to be saved, with a score and reasons.

Each match rule reads a few rows through an indexed key (e-mail, phone keys, organization,
name key) or a cheap prefilter (the same last-name initial), and only those rows are compared
by name with rapidfuzz, so a check stays fast with 100,000 contacts. Only records the user may
see are returned: a partner learns nothing about anyone else's contacts.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select

from webapp.duplicates.keys import email_key, organization_key, person_key, phone_key, text_key
from webapp.extensions import db
from webapp.models import Contact, Organization, User
from webapp.visibility import visible_contact, visible_organization

# From this score on a record is named as a likely duplicate.
WARN_AT = 60
# Rows read per fuzzy-name prefilter: beyond that the initial alone says too little.
PREFILTER_ROWS = 5000

SAME_EMAIL = _l("same e-mail")
SAME_PHONE = _l("same phone number")
SIMILAR_NAME_SAME_COMPANY = _l("similar name at the same company")
SIMILAR_NAME = _l("similar name")
SAME_NAME = _l("same name")
SAME_WEBSITE = _l("same website")

# What each reason alone scores; a second reason adds to the strongest.
REASON_SCORES = {SAME_EMAIL: 100, SAME_PHONE: 80, SAME_WEBSITE: 85, SAME_NAME: 90}
SECOND_REASON_BONUS = 10


@dataclass
class Evidence:
    """A score 0–100 and the reasons behind it (lazy strings, read in the reader's language)."""

    score: int = 0
    reasons: list = field(default_factory=list)

    def add(self, reason, score: int) -> None:
        if any(known is reason for known in self.reasons):  # the module's constants: no translating to compare
            return
        self.reasons.append(reason)
        strongest = max(self.score, score)
        self.score = min(100, strongest + (SECOND_REASON_BONUS if len(self.reasons) > 1 else 0))


@dataclass
class Candidate(Evidence):
    """An existing record that is likely the same as what is being saved."""

    record: object = None

    def as_json(self) -> dict:
        return {"id": self.record.id, "name": _display_name(self.record), "score": self.score,
                "reasons": [str(reason) for reason in self.reasons]}


def _display_name(record) -> str:
    return record.full_name if isinstance(record, Contact) else record.name


def _ranked(found: dict[int, Candidate], limit: int) -> list[Candidate]:
    likely = [c for c in found.values() if c.score >= WARN_AT]
    return sorted(likely, key=lambda c: (-c.score, c.record.id))[:limit]


def name_score(a: str, b: str) -> float:
    """0–100: how alike two name keys are, word order aside ("Erika Muster" = "Muster Erika")."""
    return fuzz.token_sort_ratio(a, b)


def contact_name_score(similarity: float, same_company: bool | None) -> int:
    """What a similar name says: much at the same company, nothing when the companies differ,
    a hint when one side names no company and the names are all but equal. Below 85 names are
    not alike enough."""
    if similarity < 85:
        return 0
    if same_company:
        return round(70 + (similarity - 85) * 2)  # 70 … 100
    if same_company is None and similarity >= 95:
        return WARN_AT  # the same name alone: named, never above a real sign
    return 0


def _search(model, visible_to, exclude_id: int | None, region: str | None):
    """What a search for records like the one being saved starts from: the records of `model` the
    user may see (`visible_to`) less the one being edited, the phone region to read numbers in,
    the candidates found so far by id, and `note(record, reason, score)` to add evidence."""
    from webapp.duplicates.stamping import phone_region

    found: dict[int, Candidate] = {}

    def note(record, reason, score: int) -> None:
        found.setdefault(record.id, Candidate(record=record)).add(reason, score)

    visible = select(model).where(visible_to)
    if exclude_id is not None:
        visible = visible.where(model.id != exclude_id)
    return visible, region or phone_region(), found, note


# --- contacts -------------------------------------------------------------------------------------


def contact_candidates(values: dict, user: User, exclude_id: int | None = None, limit: int = 5,
                       region: str | None = None) -> list[Candidate]:
    """Existing contacts like `values` (first_name, last_name, email, phone, mobile, organization_id
    or organization (a name)), best first."""
    visible, region, found, note = _search(Contact, visible_contact(user), exclude_id, region)

    email = email_key(values.get("email"))
    if email:
        for contact in db.session.scalars(visible.where(Contact.email == email).limit(limit)):
            note(contact, SAME_EMAIL, REASON_SCORES[SAME_EMAIL])

    # Phone or mobile of one may be the other's phone or mobile.
    keys = {key for key in (phone_key(values.get("phone"), region), phone_key(values.get("mobile"), region)) if key}
    if keys:
        query = visible.where(or_(Contact.phone_key.in_(keys), Contact.mobile_key.in_(keys)))
        for contact in db.session.scalars(query.limit(limit * 4)):
            note(contact, SAME_PHONE, REASON_SCORES[SAME_PHONE])

    wanted = person_key(values.get("first_name"), values.get("last_name"))
    if wanted:
        companies = _company_ids(values)
        for contact, similarity in _similar_names(visible, wanted, values.get("last_name"), companies):
            same = None if not companies or contact.organization_id is None else contact.organization_id in companies
            score = contact_name_score(similarity, same)
            if score:
                note(contact, SIMILAR_NAME_SAME_COMPANY if same else SIMILAR_NAME, score)
    return _ranked(found, limit)


def _company_ids(values: dict) -> set[int]:
    """The organization the values name: its id, or every organization whose name key matches."""
    if values.get("organization_id"):
        return {int(values["organization_id"])}
    key = organization_key(values.get("organization"))
    if not key:
        return set()
    return set(db.session.scalars(select(Organization.id).where(Organization.name_key == key)))


def _similar_names(visible, wanted: str, last_name: str | None, companies: set[int]):
    """(contact, similarity) for contacts whose name is close to `wanted`, read through the
    prefilter: the same organization, or the same initial of the last name."""
    initial = text_key(last_name)[:1]
    conditions = []
    if companies:
        conditions.append(Contact.organization_id.in_(companies))
    if initial:
        # The index on (last_name, first_name) serves both spellings of the initial.
        conditions += [Contact.last_name.startswith(initial), Contact.last_name.startswith(initial.upper())]
    if not conditions:
        return []
    rows = db.session.execute(
        visible.with_only_columns(Contact.id, Contact.first_name, Contact.last_name)
        .where(or_(*conditions)).limit(PREFILTER_ROWS)
    ).all()
    names = {row.id: person_key(row.first_name, row.last_name) for row in rows}
    hits = process.extract(wanted, names, scorer=fuzz.token_sort_ratio, score_cutoff=85, limit=20)
    if not hits:
        return []
    by_id = {c.id: c for c in db.session.scalars(select(Contact).where(Contact.id.in_([h[2] for h in hits])))}
    return [(by_id[key], similarity) for _name, similarity, key in hits]


# --- organizations --------------------------------------------------------------------------------


def website_domain(url: str | None) -> str | None:
    """example.com for "https://www.Example.com/about"; None when there is no host."""
    text = (url or "").strip().lower()
    if not text:
        return None
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.")
    return host if "." in host else None


def organization_candidates(values: dict, user: User, exclude_id: int | None = None, limit: int = 5,
                            region: str | None = None) -> list[Candidate]:
    """Existing organizations like `values` (name, phone, website), best first."""
    visible, region, found, note = _search(Organization, visible_organization(user), exclude_id, region)

    key = organization_key(values.get("name"))
    if key:
        for organization in db.session.scalars(visible.where(Organization.name_key == key).limit(limit)):
            note(organization, SAME_NAME, REASON_SCORES[SAME_NAME])
        rows = db.session.execute(
            visible.with_only_columns(Organization.id, Organization.name_key)
            .where(Organization.name_key.startswith(key[:1]), Organization.name_key != key).limit(PREFILTER_ROWS)
        ).all()
        hits = process.extract(key, {row.id: row.name_key for row in rows}, scorer=fuzz.token_sort_ratio,
                               score_cutoff=88, limit=10)
        for _name, similarity, organization_id in hits:
            note(db.session.get(Organization, organization_id), SIMILAR_NAME, round(similarity * 0.75))

    phone = phone_key(values.get("phone"), region)
    if phone:
        for organization in db.session.scalars(visible.where(Organization.phone_key == phone).limit(limit)):
            note(organization, SAME_PHONE, REASON_SCORES[SAME_PHONE])

    domain = website_domain(values.get("website"))
    if domain:
        query = visible.where(func.lower(Organization.website).contains(domain, autoescape=True))
        for organization in db.session.scalars(query.limit(limit * 4)):
            if website_domain(organization.website) == domain:
                note(organization, SAME_WEBSITE, REASON_SCORES[SAME_WEBSITE])
    return _ranked(found, limit)
