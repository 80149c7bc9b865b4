"""Likely pairs among all contacts or organizations, computed from a few columns of each.

Pairs come from blocks, never from comparing everything with everything: records sharing a
phone key, an organization, a company name key or a website domain, and for names the records
whose last name (company name) starts alike; only within a block are names compared (rapidfuzz's
cdist, in C). Many people share a name, so each distinct spelling in a block is compared once and
the records sharing it share the result. One read of the few columns involved feeds every block.

The same rules judge one pair again (`between`) when the finder shows a pair whose records
changed since the list was computed (webapp/duplicates/pair_list.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select

from webapp.duplicates.keys import person_key, text_key
from webapp.duplicates.matching import (
    REASON_SCORES,
    SAME_NAME,
    SAME_PHONE,
    SAME_WEBSITE,
    SECOND_REASON_BONUS,
    SIMILAR_NAME,
    SIMILAR_NAME_SAME_COMPANY,
    WARN_AT,
    contact_name_score,
    website_domain,
)
from webapp.extensions import db
from webapp.models import Contact, Organization

KINDS = ("contact", "organization")
MODELS = {"contact": Contact, "organization": Organization}
# A phone number shared by more records than this is a switchboard, not a sign of a duplicate.
MAX_KEY_BLOCK = 25
# Reasons are stored as these codes and shown as the texts (in the reader's language).
REASONS = {"same_phone": SAME_PHONE, "similar_name_same_company": SIMILAR_NAME_SAME_COMPANY,
           "similar_name": SIMILAR_NAME, "same_name": SAME_NAME, "same_website": SAME_WEBSITE}
_SCORE_OF = {"same_phone": REASON_SCORES[SAME_PHONE], "same_name": REASON_SCORES[SAME_NAME],
             "same_website": REASON_SCORES[SAME_WEBSITE]}
COLUMNS = {
    "contact": (Contact.id, Contact.version, Contact.first_name, Contact.last_name, Contact.organization_id,
                Contact.phone_key, Contact.mobile_key),
    "organization": (Organization.id, Organization.version, Organization.name_key, Organization.phone_key,
                     Organization.website),
}


@dataclass
class Found:
    """A pair's score and its reasons (codes of REASONS, in the order found); scored as
    matching.Evidence scores: the strongest reason, plus a bonus for each further one."""

    score: int = 0
    reasons: list[str] = field(default_factory=list)


class _Pairs(dict):
    """(low id, high id) → Found."""

    def note(self, a: int, b: int, code: str, score: int) -> None:
        if a == b or not score:
            return
        key = (a, b) if a < b else (b, a)
        found = self.get(key)
        if found is None:
            self[key] = Found(min(100, score), [code])
        elif code not in found.reasons:
            found.reasons.append(code)
            found.score = min(100, max(found.score, score) + SECOND_REASON_BONUS)


def _key_blocks(rows, attributes, sizes: dict | None = None) -> list[list[int]]:
    """Ids grouped by equal values of any of `attributes` (a value in two columns is one key).
    A key shared by more than MAX_KEY_BLOCK records says nothing; `sizes` gives how many records
    share each key when `rows` are not all of them."""
    blocks = defaultdict(set)
    for row in rows:
        for attribute in attributes:
            value = getattr(row, attribute)
            if value:
                blocks[value].add(row.id)
    return [sorted(ids) for value, ids in blocks.items()
            if 1 < len(ids) and (sizes.get(value, len(ids)) if sizes else len(ids)) <= MAX_KEY_BLOCK]


def _by_name(ids, names: dict[int, str]) -> dict[str, list[int]]:
    groups = defaultdict(list)
    for i in ids:
        groups[names[i]].append(i)
    return groups


def _similar_within(ids: list[int], names: dict[int, str], cutoff: float, against: list[int] | None = None):
    """(a, b, similarity) for pairs in the block whose names are at least `cutoff` alike: every
    pair, or only those with one of `against` (a subset of the block). Each distinct name is
    compared once with every other."""
    if len(ids) < 2 or (against is not None and not against):
        return
    columns = _by_name(ids, names)
    rows = columns if against is None else _by_name(against, names)
    row_names, column_names = list(rows), list(columns)
    matrix = process.cdist(row_names, column_names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, workers=1)
    for x, y in zip(*matrix.nonzero()):
        similarity = float(matrix[x, y])
        mine, theirs = rows[row_names[x]], columns[column_names[y]]
        if against is not None:
            yield from ((a, b, similarity) for a in mine for b in theirs if a != b)
        elif x == y:  # one spelling: the records sharing it
            yield from ((a, b, similarity) for a, b in combinations(mine, 2))
        elif x < y:
            yield from ((a, b, similarity) for a in mine for b in theirs)


def contact_pairs(rows, sizes: dict | None = None) -> _Pairs:
    pairs = _Pairs()
    for block in _key_blocks(rows, ("phone_key", "mobile_key"), sizes):
        for a, b in combinations(block, 2):
            pairs.note(a, b, "same_phone", _SCORE_OF["same_phone"])
    spelled, initials = {}, {}  # many share a name: spell each once
    names, company = {}, {}
    by_company, by_initials = defaultdict(list), defaultdict(list)
    for row in rows:
        written = (row.first_name, row.last_name)
        if written not in spelled:
            spelled[written] = person_key(*written)
        if row.last_name not in initials:
            initials[row.last_name] = text_key(row.last_name)[:2]
        names[row.id], company[row.id] = spelled[written], row.organization_id
        if row.organization_id:
            by_company[row.organization_id].append(row.id)
        by_initials[initials[row.last_name]].append(row.id)
    for block in by_company.values():
        for a, b, similarity in _similar_within(block, names, 85):
            pairs.note(a, b, "similar_name_same_company", contact_name_score(similarity, True))
    # Across companies only a contact without one is compared: two companies decided above.
    for block in by_initials.values():
        without = [i for i in block if not company[i]]
        for a, b, similarity in _similar_within(block, names, 85, against=without):
            pairs.note(a, b, "similar_name", contact_name_score(similarity, None))
    return pairs


def organization_pairs(rows, sizes: dict | None = None) -> _Pairs:
    pairs = _Pairs()
    for attribute, code in (("name_key", "same_name"), ("phone_key", "same_phone"), ("domain", "same_website")):
        for block in _key_blocks(rows, (attribute,), sizes):
            for a, b in combinations(block, 2):
                pairs.note(a, b, code, _SCORE_OF[code])
    names = {row.id: row.name_key or "" for row in rows}
    by_initials = defaultdict(list)
    for row in rows:
        if row.name_key:
            by_initials[row.name_key[:2]].append(row.id)
    for block in by_initials.values():
        for a, b, similarity in _similar_within(block, names, 88):
            if names[a] != names[b]:
                pairs.note(a, b, "similar_name", round(similarity * 0.75))
    return pairs


@dataclass
class _OrganizationRow:
    id: int
    version: int
    name_key: str | None
    phone_key: str | None
    domain: str | None


def _rows(kind: str, where=None) -> list:
    query = select(*COLUMNS[kind])
    rows = db.session.execute(query if where is None else query.where(where)).all()
    if kind == "organization":
        return [_OrganizationRow(r.id, r.version, r.name_key, r.phone_key, website_domain(r.website)) for r in rows]
    return rows


def likely(kind: str) -> tuple[dict[tuple[int, int], Found], dict[int, int]]:
    """Every likely pair of this kind (dismissed ones included), and each record's version as read."""
    rows = _rows(kind)
    found = (contact_pairs if kind == "contact" else organization_pairs)(rows)
    return {key: pair for key, pair in found.items() if pair.score >= WARN_AT}, {row.id: row.version for row in rows}


def _key_sizes(kind: str, rows) -> dict:
    """How many records in all share each key of `rows`: the switchboard rule for a single pair."""
    sizes = {}
    if kind == "contact":
        for key in {k for row in rows for k in (row.phone_key, row.mobile_key) if k}:
            sizes[key] = db.session.scalar(select(func.count()).select_from(Contact).where(
                or_(Contact.phone_key == key, Contact.mobile_key == key)))
        return sizes
    for row in rows:
        for key, column in ((row.name_key, Organization.name_key), (row.phone_key, Organization.phone_key)):
            if key and key not in sizes:
                sizes[key] = db.session.scalar(select(func.count()).select_from(Organization).where(column == key))
        if row.domain and row.domain not in sizes:
            websites = db.session.scalars(select(Organization.website).where(
                func.lower(Organization.website).contains(row.domain, autoescape=True)))
            sizes[row.domain] = sum(website_domain(website) == row.domain for website in websites)
    return sizes


def between(kind: str, a: int, b: int) -> tuple[Found | None, dict[int, int]]:
    """The two records judged again as the full search would: the pair (None when they are no
    longer alike enough, or one is gone) and their versions now."""
    model = MODELS[kind]
    rows = _rows(kind, model.id.in_((a, b)))
    versions = {row.id: row.version for row in rows}
    if len(rows) < 2:
        return None, versions
    found = (contact_pairs if kind == "contact" else organization_pairs)(rows, _key_sizes(kind, rows))
    pair = found.get((min(a, b), max(a, b)))
    return (pair if pair and pair.score >= WARN_AT else None), versions
