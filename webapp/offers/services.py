"""Offers: who sees and writes them, drafting header and lines, totals, revisions, the queue.

Every change checks the rules first and refuses with an OfferError before touching anything, so a
refusal never leaves half a change behind. Sending, accepting and rejecting live in decisions.py.
"""

from datetime import date, datetime, timedelta, timezone

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import aliased, joinedload

from webapp.extensions import db
from webapp.locking import editing
from webapp.models import (
    OPEN_STAGES,
    Contact,
    Lead,
    Offer,
    OfferLine,
    OfferStatus,
    Product,
    Role,
    Stage,
    User,
)
from webapp.offers import numbering
from webapp.offers.errors import OfferError
from webapp.labels import stage_word
from webapp.offers.labels import line_field_word, offer_status_word
from webapp.offers.money import MAX_AMOUNT, compute_totals, format_amount
from webapp.request_args import choice_arg, text_arg
from webapp.search import matches_all_words
from webapp.settings.services import get_settings
from webapp.visibility import on_visible_leads

HEADER_FIELDS = ("valid_until", "terms", "customer_note")
LINE_FIELDS = ("product_id", "description", "quantity", "unit", "unit_price", "discount_pct", "tax_rate")
REVISABLE = (OfferStatus.SENT, OfferStatus.EXPIRED, OfferStatus.REJECTED)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def offer_settings() -> dict:
    return get_settings()["offers"]


# --- who sees and who writes ---------------------------------------------------------------

def visible_offers(user: User) -> Select:
    """Offers on the leads the user may see: a partner only those on leads handed to them."""
    return select(Offer).where(on_visible_leads(user, Offer.lead_id))


def get_offer_for(user: User, offer_id: int) -> Offer:
    return db.first_or_404(visible_offers(user).where(Offer.id == offer_id),
                           description=_("No such offer, or it is not shared with you."))


def may_write(user: User) -> bool:
    """Sales writes, sends and decides offers; admins may do everything."""
    return user.has_role(Role.SALES)


def require_writer(user: User) -> None:
    if not may_write(user):
        abort(403, _("Offers are written by sales; your role may view them but not change them."))


def may_offer_on(user: User, lead: Lead) -> bool:
    return may_write(user) and lead.stage in OPEN_STAGES


# --- lists ---------------------------------------------------------------------------------

def superseded_clause():
    """True for an offer that a later revision replaces (it no longer counts on its own)."""
    later = aliased(Offer)
    return exists().where(later.previous_id == Offer.id)


def list_params() -> dict:
    """The list's filters from the query string: the list page and its export read them here."""
    return {"status": choice_arg("status", set(OfferStatus)), "q": text_arg("q")}


def list_query(user: User, status: str = "", q: str = "") -> Select:
    """Every offer of the list, newest first, with its lead, contact and organization."""
    query = (visible_offers(user).join(Offer.lead).join(Lead.contact)
             .options(joinedload(Offer.lead).joinedload(Lead.contact).joinedload(Contact.organization)))
    if status:
        query = query.where(Offer.status == status)
    if q:
        query = query.where(matches_all_words(q, Offer.number, Lead.title, Contact.first_name,
                                              Contact.last_name))
    return query.order_by(Offer.created_at.desc(), Offer.id.desc())


def list_offers(user: User, status: str, q: str, page: int, per_page: int):
    return db.paginate(list_query(user, status, q), page=page, per_page=per_page, error_out=False)


def offers_of_lead(lead: Lead) -> list[Offer]:
    query = select(Offer).where(Offer.lead_id == lead.id).order_by(Offer.created_at, Offer.id)
    return list(db.session.scalars(query))


def revision_of(offer: Offer) -> Offer | None:
    """The revision that replaced this offer, if any."""
    return db.session.scalar(select(Offer).where(Offer.previous_id == offer.id))


def unanswered_offers(user: User, now: datetime | None = None) -> list[Offer]:
    """Sent offers on the user's leads with no answer after the configured number of days."""
    cutoff = (now or utcnow()) - timedelta(days=offer_settings()["unanswered_days"])
    mine = Lead.partner_id == user.id if user.role == Role.PARTNER else Lead.owner_id == user.id
    query = (visible_offers(user).join(Offer.lead).where(mine, Offer.status == OfferStatus.SENT,
                                                          Offer.sent_at <= cutoff)
             .options(joinedload(Offer.lead).joinedload(Lead.contact)).order_by(Offer.sent_at))
    return list(db.session.scalars(query.limit(50)))


# --- drafting ------------------------------------------------------------------------------

def default_valid_until(today: date) -> date:
    return today + timedelta(days=offer_settings()["validity_days"])


def _require_open_lead(lead: Lead) -> None:
    if lead.stage in OPEN_STAGES:
        return
    if lead.stage in (Stage.LOST, Stage.DISQUALIFIED):
        raise OfferError(_("This lead is %(stage)s; reopen it before making an offer.", stage=stage_word(lead.stage)))
    raise OfferError(_("This lead is a %(stage)s already; a new order starts as a new project (lead).",
                       stage=stage_word(lead.stage)))


def _require_draft(offer: Offer) -> None:
    if offer.status != OfferStatus.DRAFT:
        raise OfferError(_("Offer %(number)s is %(status)s and frozen; make a revision to change it.",
                           number=offer.number, status=offer_status_word(offer.status)))


def create_offer(lead: Lead, by: User, valid_until: date | None = None, terms: str | None = None,
                 customer_note: str | None = None, now: datetime | None = None) -> Offer:
    """A new draft with the next number of the year; lines are added afterwards."""
    now = now or utcnow()
    _require_open_lead(lead)
    offer = Offer(lead=lead, number=numbering.next_number(numbering.OFFER, now.year),
                  status=OfferStatus.DRAFT, valid_until=valid_until or default_valid_until(now.date()),
                  terms=terms if terms is not None else offer_settings()["terms"],
                  customer_note=customer_note, created_by_id=by.id, created_at=now)
    db.session.add(offer)
    db.session.commit()
    return offer


def update_header(offer: Offer, data: dict, by: User | None = None, version: int | None = None) -> None:
    """Save the header of a draft opened on `version`; EditConflict if someone saved it since."""
    with editing(offer, version, by):
        _require_draft(offer)
        for name in HEADER_FIELDS:
            if name in data:
                setattr(offer, name, data[name])


def line_values(data: dict, product: Product | None) -> dict:
    """A line from form data; blanks are filled from the catalogue product when one is chosen."""
    values = {name: data.get(name) for name in LINE_FIELDS}
    values["product_id"] = product.id if product else None
    if product is not None:
        for name, default in (("description", product.name), ("unit", product.unit),
                              ("unit_price", product.unit_price), ("tax_rate", product.tax_rate)):
            if values[name] in (None, ""):
                values[name] = default
    values["unit"] = values["unit"] or _("pc")  # stored as if typed, in the writer's language
    values["discount_pct"] = values["discount_pct"] or 0
    missing = [n for n in ("description", "quantity", "unit_price", "tax_rate") if values[n] in (None, "")]
    if missing:
        raise OfferError(_("Choose a product or fill in: %(fields)s.", fields=", ".join(map(line_field_word, missing))))
    return values


def _check_total(lines: list) -> None:
    if compute_totals(lines).gross > MAX_AMOUNT:
        raise OfferError(_("The offer total would exceed %(amount)s; split it into several offers.",
                           amount=format_amount(MAX_AMOUNT)))


def _store_totals(offer: Offer) -> None:
    totals = compute_totals(offer.lines)
    offer.total_net, offer.total_tax, offer.total_gross = totals.net, totals.tax, totals.gross


def add_line(offer: Offer, data: dict, product: Product | None = None) -> OfferLine:
    _require_draft(offer)
    values = line_values(data, product)
    _check_total([*offer.lines, values])
    position = max((line.position for line in offer.lines), default=0) + 1
    line = OfferLine(position=position, **values)
    offer.lines.append(line)
    _store_totals(offer)
    db.session.commit()
    return line


def update_line(line: OfferLine, data: dict, product: Product | None = None, by: User | None = None,
                version: int | None = None) -> None:
    """Change a line opened on `version`; EditConflict if someone saved it (or the offer) since."""
    offer = line.offer
    with editing(line, version, by):
        _require_draft(offer)
        values = line_values(data, product)
        _check_total([values if other is line else other for other in offer.lines])
        for name, value in values.items():
            setattr(line, name, value)
        _store_totals(offer)


def remove_line(line: OfferLine, by: User | None = None, version: int | None = None) -> None:
    """Remove the line as shown at `version`; EditConflict if it was changed or removed since."""
    offer = line.offer
    with editing(line, version, by):
        _require_draft(offer)
        offer.lines.remove(line)
        for position, other in enumerate(offer.lines, start=1):
            other.position = position
        _store_totals(offer)


def get_line(offer: Offer, line_id: int) -> OfferLine:
    line = next((line for line in offer.lines if line.id == line_id), None)
    if line is None:
        abort(404, _("No such line on this offer."))
    return line


def revise(offer: Offer, by: User, now: datetime | None = None) -> Offer:
    """A frozen offer is changed by a new draft revision that links back to it; the old one stays."""
    now = now or utcnow()
    later = revision_of(offer)
    if later is not None:
        if later.status == OfferStatus.DRAFT:
            return later  # one open revision at a time: keep working on it
        raise OfferError(_("Offer %(number)s was revised already as %(revision)s.", number=offer.number,
                           revision=later.number))
    if offer.status not in REVISABLE:
        raise OfferError(_("A draft is edited directly.") if offer.status == OfferStatus.DRAFT
                         else _("Offer %(number)s is %(status)s; it cannot be revised.", number=offer.number,
                                status=offer_status_word(offer.status)))
    _require_open_lead(offer.lead)
    revision = Offer(lead=offer.lead, number=numbering.next_number(numbering.OFFER, now.year),
                     revision=offer.revision + 1, previous_id=offer.id, status=OfferStatus.DRAFT,
                     valid_until=default_valid_until(now.date()), terms=offer.terms,
                     customer_note=offer.customer_note, created_by_id=by.id, created_at=now)
    for line in offer.lines:
        revision.lines.append(OfferLine(**{name: getattr(line, name) for name in ("position", *LINE_FIELDS)}))
    _store_totals(revision)
    db.session.add(revision)
    db.session.commit()
    return revision

