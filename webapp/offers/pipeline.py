"""The offer pipeline: open offers weighted by close probability, and how offers were decided.

* Open offers are the sent ones awaiting an answer. Value is the net total (tax is not revenue);
  the expected value is value × the lead's close probability.
* An open offer is expected to close in the month its validity ends: the customer decides by then.
* The accepted/rejected ratio counts final answers only; an offer replaced by a revision is not
  counted as rejected, its revision carries the outcome.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import Contact, Lead, Offer, OfferStatus, User
from webapp.offers.money import ZERO, expected_value
from webapp.offers.services import superseded_clause, visible_offers

NO_DATE = "no validity date"


@dataclass(frozen=True)
class OpenOffer:
    offer: Offer
    value: Decimal
    probability: float | None
    expected: Decimal | None


@dataclass(frozen=True)
class MonthSum:
    month: str
    count: int
    value: Decimal
    expected: Decimal


@dataclass(frozen=True)
class Ratio:
    label: str
    accepted: int
    rejected: int

    @property
    def share(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None


def open_offers(user) -> list[OpenOffer]:
    query = (visible_offers(user).where(Offer.status == OfferStatus.SENT)
             .options(joinedload(Offer.lead).joinedload(Lead.contact).joinedload(Contact.organization),
                      joinedload(Offer.lead).joinedload(Lead.owner)))
    rows = [OpenOffer(o, o.total_net, o.lead.probability, expected_value(o.total_net, o.lead.probability))
            for o in db.session.scalars(query)]
    return sorted(rows, key=lambda r: (r.expected is None, -(r.expected or ZERO), r.offer.id))


def month_of(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else NO_DATE


def by_month(rows: list[OpenOffer]) -> list[MonthSum]:
    sums: dict[str, list] = {}
    for row in rows:
        entry = sums.setdefault(month_of(row.offer.valid_until), [0, ZERO, ZERO])
        entry[0] += 1
        entry[1] += row.value
        entry[2] += row.expected or ZERO
    return [MonthSum(month, *values) for month, values in sorted(sums.items())]


def totals(rows: list[OpenOffer]) -> tuple[Decimal, Decimal]:
    return sum((r.value for r in rows), ZERO), sum((r.expected or ZERO for r in rows), ZERO)


def _ratios(user, label, join_target, on) -> list[Ratio]:
    accepted = func.sum(case((Offer.status == OfferStatus.ACCEPTED, 1), else_=0))
    rejected = func.sum(case((Offer.status == OfferStatus.REJECTED, 1), else_=0))
    query = (select(label, accepted, rejected).select_from(Offer).outerjoin(join_target, on)
             .where(Offer.id.in_(visible_offers(user).with_only_columns(Offer.id)),
                    Offer.status.in_((OfferStatus.ACCEPTED, OfferStatus.REJECTED)), ~superseded_clause())
             .group_by(label).order_by(label))
    return [Ratio(name or "—", int(a or 0), int(r or 0)) for name, a, r in db.session.execute(query)]


def ratio_by_owner(user) -> list[Ratio]:
    """Per sales rep who wrote the offer (the lead's owner moves on to service once it is won)."""
    return _ratios(user, User.name, User, User.id == Offer.created_by_id)


def ratio_by_source(user) -> list[Ratio]:
    return _ratios(user, Lead.source, Lead, Lead.id == Offer.lead_id)
