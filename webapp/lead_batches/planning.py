"""What marking contacts as leads would do, worked out before anything is written: the new leads,
and each contact skipped with its reason. Needs no request; the preview shows a plan, the commit
works it out again and creates only what the preview showed (webapp.lead_batches.creation).

A contact is skipped when the user may not see it, when it must not be contacted (do-not-contact
or a consent of "no", as webapp.consent.services.may_contact; or unsubscribed from the campaign),
when it has an open lead from the campaign already (without a campaign: an open lead of the same
project title), or when it is the same person as another contact of the selection (the same
e-mail, or a likely duplicate pair the duplicate search found and nobody resolved): one of them
is kept, the first in the selection.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.consent.services import may_contact
from webapp.extensions import db
from webapp.models import OPEN_STAGES, CampaignMember, Contact, DuplicatePair, Lead, User
from webapp.models.contact import normalise_email
from webapp.visibility import visible_contact

CHUNK = 500  # ids per IN (…), well under every database's limit for bound parameters

REASONS = {
    "not_visible": _l("not found or not visible to you"),
    "do_not_contact": _l("do not contact"),
    "no_consent": _l("said no to marketing"),
    "unsubscribed": _l("unsubscribed from this campaign"),
    "open_lead": _l("already has an open lead from this campaign"),
    "open_lead_title": _l("already has an open lead for this project"),
    "duplicate": _l("same person as %(other)s"),
}


@dataclass(frozen=True)
class Options:
    title: str
    campaign_id: int | None = None
    source: str | None = None
    expected_value: Decimal | None = None


@dataclass(frozen=True)
class Candidate:
    contact_id: int
    name: str


@dataclass(frozen=True)
class Skip:
    contact_id: int
    name: str
    reason: str  # a key of REASONS
    other: str | None = None  # for a duplicate: the contact kept in its place

    @property
    def label(self) -> str:
        return str(REASONS[self.reason]) % {"other": self.other or ""}

    def as_row(self) -> dict:
        return {"contact_id": self.contact_id, "name": self.name, "reason": self.reason, "other": self.other}


@dataclass
class Plan:
    options: Options
    new: list[Candidate] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Equal for two plans that would write the same: the preview's promise, checked at commit."""
        o = self.options
        data = [o.title, o.campaign_id, o.source, None if o.expected_value is None else str(o.expected_value),
                [c.contact_id for c in self.new], [(s.contact_id, s.reason, s.other) for s in self.skipped]]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def chunks(ids) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _contacts(user: User, ids: list[int]) -> dict[int, tuple]:
    columns = (Contact.id, Contact.first_name, Contact.last_name, Contact.email, Contact.do_not_contact,
               Contact.marketing_consent)
    found = {}
    for chunk in chunks(ids):
        for row in db.session.execute(select(*columns).where(Contact.id.in_(chunk), visible_contact(user))):
            found[row.id] = row
    return found


def _with_open_lead(ids: list[int], options: Options) -> set[int]:
    if options.campaign_id:
        same = Lead.campaign_id == options.campaign_id
    else:
        same = (Lead.title == options.title) & Lead.campaign_id.is_(None)
    found = set()
    for chunk in chunks(ids):
        found.update(db.session.scalars(select(Lead.contact_id).where(
            Lead.contact_id.in_(chunk), Lead.stage.in_(OPEN_STAGES), same)))
    return found


def _unsubscribed(ids: list[int], campaign_id: int | None) -> set[int]:
    found = set()
    if campaign_id:
        for chunk in chunks(ids):
            found.update(db.session.scalars(select(CampaignMember.contact_id).where(
                CampaignMember.campaign_id == campaign_id, CampaignMember.contact_id.in_(chunk),
                CampaignMember.status == "unsubscribed")))
    return found


def _pairs(ids: set[int], rows: dict[int, tuple]) -> list[tuple[int, int]]:
    """Pairs of the same person within `ids`: the same e-mail, or a stored likely-duplicate pair."""
    pairs, by_email = [], {}
    for contact_id in ids:
        email = normalise_email(rows[contact_id].email)
        if email:
            by_email.setdefault(email, []).append(contact_id)
    for same in by_email.values():
        pairs += [(same[0], other) for other in same[1:]]
    for chunk in chunks(sorted(ids)):
        for low, high in db.session.execute(select(DuplicatePair.low_id, DuplicatePair.high_id).where(
                DuplicatePair.kind == "contact", DuplicatePair.low_id.in_(chunk))):
            if high in ids:
                pairs.append((low, high))
    return pairs


def _keepers(order: list[int], pairs: list[tuple[int, int]]) -> dict[int, int]:
    """contact id → the contact kept for its person (the first of its group in `order`)."""
    position = {contact_id: n for n, contact_id in enumerate(order)}
    parent = {contact_id: contact_id for contact_id in order}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            first, second = (ra, rb) if position[ra] < position[rb] else (rb, ra)
            parent[second] = first
    return {contact_id: root(contact_id) for contact_id in order}


def _name(row) -> str:
    return f"{row.first_name} {row.last_name}".strip()


def make_plan(user: User, contact_ids: Iterable[int], options: Options) -> Plan:
    """The plan for marking `contact_ids` (in the selection's order) as leads with `options`."""
    order = list(dict.fromkeys(contact_ids))  # the same id twice is one contact
    rows = _contacts(user, order)
    plan = Plan(options)
    skips: dict[int, Skip] = {}
    for contact_id in order:
        row = rows.get(contact_id)
        if row is None:
            skips[contact_id] = Skip(contact_id, f"#{contact_id}", "not_visible")
        elif not may_contact(row):  # reads the row's two columns as it reads a contact's
            skips[contact_id] = Skip(contact_id, _name(row), "do_not_contact" if row.do_not_contact else "no_consent")
    remaining = [c for c in order if c not in skips]
    for contact_id in _unsubscribed(remaining, options.campaign_id):
        skips[contact_id] = Skip(contact_id, _name(rows[contact_id]), "unsubscribed")
    remaining = [c for c in remaining if c not in skips]
    reason = "open_lead" if options.campaign_id else "open_lead_title"
    for contact_id in _with_open_lead(remaining, options):
        skips[contact_id] = Skip(contact_id, _name(rows[contact_id]), reason)
    remaining = [c for c in remaining if c not in skips]
    keepers = _keepers(remaining, _pairs(set(remaining), rows))
    for contact_id in remaining:
        kept = keepers[contact_id]
        if kept != contact_id:
            skips[contact_id] = Skip(contact_id, _name(rows[contact_id]), "duplicate", _name(rows[kept]))
        else:
            plan.new.append(Candidate(contact_id, _name(rows[contact_id])))
    plan.skipped = [skips[c] for c in order if c in skips]
    return plan
