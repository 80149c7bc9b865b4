"""The duplicate finder: likely pairs among all contacts or organizations, best first.

Pairs come from blocks, never from comparing everything with everything: records sharing a
phone key, an organization, a company name key or a website domain, and for names the records
whose last name (company name) starts alike; only within a block are names compared (rapidfuzz's
cdist, in C). One read of the few columns involved feeds every block.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from types import SimpleNamespace

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.duplicates.keys import person_key, text_key
from webapp.duplicates.matching import (
    REASON_SCORES,
    SAME_NAME,
    SAME_PHONE,
    SAME_WEBSITE,
    SIMILAR_NAME,
    SIMILAR_NAME_SAME_COMPANY,
    WARN_AT,
    Evidence,
    contact_name_score,
    website_domain,
)
from webapp.extensions import db
from webapp.models import Contact, DuplicateDismissal, Organization, User

KINDS = ("contact", "organization")
# A phone number shared by more records than this is a switchboard, not a sign of a duplicate.
MAX_KEY_BLOCK = 25


@dataclass
class Pair(Evidence):
    kind: str = "contact"
    low_id: int = 0
    high_id: int = 0


def _collector(kind: str):
    pairs: dict[tuple[int, int], Pair] = {}

    def note(a: int, b: int, reason, score: int) -> None:
        low, high = min(a, b), max(a, b)
        if low != high and score:
            pairs.setdefault((low, high), Pair(kind=kind, low_id=low, high_id=high)).add(reason, score)

    return pairs, note


def _key_blocks(rows, *attributes) -> list[list[int]]:
    """Ids grouped by equal values of any of `attributes` (a value in two columns is one key)."""
    blocks = defaultdict(set)
    for row in rows:
        for attribute in attributes:
            value = getattr(row, attribute)
            if value:
                blocks[value].add(row.id)
    return [sorted(ids) for ids in blocks.values() if 1 < len(ids) <= MAX_KEY_BLOCK]


def _similar_within(ids: list[int], names: dict[int, str], cutoff: float, against: list[int] | None = None):
    """(a, b, similarity) for pairs in the block whose names are at least `cutoff` alike: every
    pair, or only those with one of `against` (a subset of the block)."""
    rows = ids if against is None else against
    if len(ids) < 2 or not rows:
        return
    matrix = process.cdist([names[i] for i in rows], [names[i] for i in ids], scorer=fuzz.token_sort_ratio,
                           score_cutoff=cutoff, workers=1)
    for x, y in zip(*matrix.nonzero()):
        a, b = rows[x], ids[y]
        if a != b and (against is not None or x < y):
            yield a, b, float(matrix[x, y])


def contact_pairs() -> dict[tuple[int, int], Pair]:
    pairs, note = _collector("contact")
    rows = db.session.execute(select(Contact.id, Contact.first_name, Contact.last_name, Contact.organization_id,
                                     Contact.phone_key, Contact.mobile_key)).all()
    for block in _key_blocks(rows, "phone_key", "mobile_key"):
        for a, b in combinations(block, 2):
            note(a, b, SAME_PHONE, REASON_SCORES[SAME_PHONE])
    names = {row.id: person_key(row.first_name, row.last_name) for row in rows}
    company = {row.id: row.organization_id for row in rows}
    by_company, by_initials = defaultdict(list), defaultdict(list)
    for row in rows:
        if row.organization_id:
            by_company[row.organization_id].append(row.id)
        by_initials[text_key(row.last_name)[:2]].append(row.id)
    for block in by_company.values():
        for a, b, similarity in _similar_within(block, names, 85):
            note(a, b, SIMILAR_NAME_SAME_COMPANY, contact_name_score(similarity, True))
    # Across companies only a contact without one is compared: two companies decided above.
    for block in by_initials.values():
        without = [i for i in block if not company[i]]
        for a, b, similarity in _similar_within(block, names, 85, against=without):
            note(a, b, SIMILAR_NAME, contact_name_score(similarity, None))
    return pairs


def organization_pairs() -> dict[tuple[int, int], Pair]:
    pairs, note = _collector("organization")
    rows = db.session.execute(select(Organization.id, Organization.name_key, Organization.phone_key,
                                     Organization.website)).all()
    for block in _key_blocks(rows, "name_key"):
        for a, b in combinations(block, 2):
            note(a, b, SAME_NAME, REASON_SCORES[SAME_NAME])
    for block in _key_blocks(rows, "phone_key"):
        for a, b in combinations(block, 2):
            note(a, b, SAME_PHONE, REASON_SCORES[SAME_PHONE])
    domains = [SimpleNamespace(id=row.id, domain=website_domain(row.website)) for row in rows]
    for block in _key_blocks(domains, "domain"):
        for a, b in combinations(block, 2):
            note(a, b, SAME_WEBSITE, REASON_SCORES[SAME_WEBSITE])
    names = {row.id: row.name_key or "" for row in rows}
    by_initials = defaultdict(list)
    for row in rows:
        if row.name_key:
            by_initials[row.name_key[:2]].append(row.id)
    for block in by_initials.values():
        for a, b, similarity in _similar_within(block, names, 88):
            if names[a] != names[b]:
                note(a, b, SIMILAR_NAME, round(similarity * 0.75))
    return pairs


def likely_pairs(kind: str) -> list[Pair]:
    """Every likely pair of this kind nobody has dismissed, best first."""
    found = contact_pairs() if kind == "contact" else organization_pairs()
    dismissed = set(db.session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)
                                       .where(DuplicateDismissal.kind == kind)).tuples())
    likely = [pair for key, pair in found.items() if pair.score >= WARN_AT and key not in dismissed]
    return sorted(likely, key=lambda pair: (-pair.score, pair.low_id, pair.high_id))


def records_of(kind: str, pairs: list[Pair]) -> dict[int, object]:
    """The records a page of pairs names, by id, in one query."""
    model = Contact if kind == "contact" else Organization
    ids = {i for pair in pairs for i in (pair.low_id, pair.high_id)}
    return {record.id: record for record in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def dismiss(kind: str, a: int, b: int, user: User) -> None:
    """Remember that the two are different records (again is harmless)."""
    low, high = min(a, b), max(a, b)
    exists = db.session.scalar(select(DuplicateDismissal.id).where(
        DuplicateDismissal.kind == kind, DuplicateDismissal.low_id == low, DuplicateDismissal.high_id == high))
    if exists is None:
        db.session.add(DuplicateDismissal(kind=kind, low_id=low, high_id=high, dismissed_by_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # dismissed by a colleague at the same moment: the pair is remembered
        db.session.rollback()
