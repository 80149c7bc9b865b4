"""What happens to an offer after drafting: sent, accepted, rejected or expired.

Stage changes and hand-offs go through the lead lifecycle (make_prospect, make_customer,
close_lost, hand_off), which commits the offer's change together with the lead's. When the
lifecycle refuses (e.g. BANT not complete before a lead may become a prospect), everything is
rolled back and its LeadError reaches the caller unchanged.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.formats import format_date
from webapp.labels import stage_word
from webapp.leads import lifecycle
from webapp.leads.errors import LeadError
from webapp.leads.qualification import note_action
from webapp.models import Activity, ActivityKind, LostReason, Offer, OfferStatus, Role, Stage, User
from webapp.notifications import events
from webapp.offers.errors import OfferError
from webapp.offers.labels import offer_status_word
from webapp.offers.services import offer_settings, utcnow


def proposed_follow_up(today: date) -> date:
    return today + timedelta(days=offer_settings()["follow_up_days"])


def _record(offer: Offer, by: User | None, kind: str, subject: str, body: str | None, now: datetime,
            event: str) -> None:
    db.session.add(Activity(contact_id=offer.lead.contact_id, lead_id=offer.lead_id, kind=kind,
                            subject=subject, body=body, occurred_at=now, user_id=by.id if by else None,
                            details={"event": event, "offer_id": offer.id, "offer": offer.number}))


def _commit_with(change: Callable[[], None]) -> None:
    """Run the lifecycle step that commits everything; on a refusal nothing is kept."""
    try:
        change()
        db.session.commit()
    except (LeadError, OfferError):
        db.session.rollback()
        raise
    except StaleDataError:
        db.session.rollback()
        raise OfferError(_("The lead was changed by someone else meanwhile; reload and try again.")) from None


def send_offer(offer: Offer, by: User, follow_up_on: date | None = None, now: datetime | None = None) -> None:
    """Draft → sent: recorded in the history, lead → prospect with sales, follow-up proposed."""
    now = now or utcnow()
    lead = offer.lead
    if offer.status != OfferStatus.DRAFT:
        raise OfferError(_("Offer %(number)s is %(status)s; only a draft can be sent.", number=offer.number,
                           status=offer_status_word(offer.status)))
    if not offer.lines:
        raise OfferError(_("Add at least one line before sending the offer."))
    if offer.valid_until is not None and offer.valid_until < now.date():
        raise OfferError(_("The validity date has passed; set a new one before sending."))
    if lead.stage not in (Stage.LEAD, Stage.PROSPECT):
        raise OfferError(_("This lead is %(stage)s; offers go to open leads only.", stage=stage_word(lead.stage)))
    offer.status, offer.sent_at = OfferStatus.SENT, now
    previous = offer.previous_id and db.session.get(Offer, offer.previous_id)
    if previous and previous.status == OfferStatus.SENT:  # the customer now holds the revision
        previous.status, previous.decided_at = OfferStatus.REJECTED, now
        previous.rejection_reason = f"Replaced by revised offer {offer.number}"
    what = f"Revised offer {offer.number} (revision {offer.revision})" if offer.revision > 1 else f"Offer {offer.number}"
    _record(offer, by, ActivityKind.EMAIL, f"{what} sent",
            f"{offer.total_gross:,.2f} € gross, valid until {offer.valid_until:%d %b %Y}."
            if offer.valid_until else f"{offer.total_gross:,.2f} € gross.", now, "offer_sent")
    lead.last_contact_at = now
    lead.follow_up_on = follow_up_on or proposed_follow_up(now.date())
    lead.next_step = f"Follow up on offer {offer.number}"
    note_action(lead, by)

    def change():
        if lead.stage == Stage.LEAD:
            lifecycle.make_prospect(lead, by, now, reason=f"Offer {offer.number} sent")
        elif not (lead.owner and lead.owner.role == Role.SALES):
            lifecycle.hand_off(lead, Role.SALES, by, now, f"Offer {offer.number} sent")

    _commit_with(change)


def _follow_up_done(offer: Offer) -> None:
    """The answer came: drop the follow-up that sending proposed (one the rep set stays)."""
    lead = offer.lead
    if lead.next_step == f"Follow up on offer {offer.number}":
        lead.next_step, lead.follow_up_on = None, None


def _decided(offer: Offer, by: User, change: Callable[[], None]) -> None:
    """The lifecycle step, then the owner and the author are told (committed with the decision)."""
    change()
    events.offer_decided(offer, by)


def accept_offer(offer: Offer, by: User, now: datetime | None = None) -> None:
    """Sent → accepted: the lead becomes a customer and customer service takes over."""
    now = now or utcnow()
    if offer.status != OfferStatus.SENT:
        raise OfferError(_("Offer %(number)s is %(status)s; only a sent offer can be accepted.", number=offer.number,
                           status=offer_status_word(offer.status)))
    if offer.valid_until is not None and offer.valid_until < now.date():
        raise OfferError(_("Offer %(number)s expired on %(date)s; make a revision with a new validity date.",
                           number=offer.number, date=format_date(offer.valid_until)))
    offer.status, offer.decided_at = OfferStatus.ACCEPTED, now
    _follow_up_done(offer)
    _commit_with(lambda: _decided(offer, by, lambda: lifecycle.make_customer(
        offer.lead, by, now, reason=f"Offer {offer.number} accepted")))


def reject_offer(offer: Offer, by: User, reason_id: int | None, note: str | None, close_lead: bool,
                 now: datetime | None = None) -> None:
    """Sent → rejected, with a reason; optionally the lead is closed as lost with that reason."""
    now = now or utcnow()
    if offer.status != OfferStatus.SENT:
        raise OfferError(_("Offer %(number)s is %(status)s; only a sent offer can be rejected.", number=offer.number,
                           status=offer_status_word(offer.status)))
    reason = db.session.get(LostReason, reason_id) if reason_id else None
    if reason is None and not note:
        raise OfferError(_("Say why the offer was rejected: choose a reason or write a note."))
    if close_lead and (reason is None or not reason.active):
        raise OfferError(_("To close the lead as lost, choose a reason from the list."))
    text = ": ".join(part for part in (reason.label if reason else None, note) if part)
    offer.status, offer.decided_at, offer.rejection_reason = OfferStatus.REJECTED, now, text
    _record(offer, by, ActivityKind.NOTE, f"Offer {offer.number} rejected", text, now, "offer_rejected")
    _follow_up_done(offer)

    def change():
        if close_lead:
            lifecycle.close_lost(offer.lead, by, Stage.LOST, reason.id, note, now)

    _commit_with(lambda: _decided(offer, by, change))


def expire_offers(now: datetime | None = None) -> list[str]:
    """Sent offers past their validity date become expired; the scheduler runs this daily.

    An offer is valid through its `valid_until` day. Returns the numbers that expired.
    """
    now = now or utcnow()
    due = db.session.scalars(select(Offer).where(Offer.status == OfferStatus.SENT,
                                                 Offer.valid_until < now.date()).order_by(Offer.id))
    numbers = []
    for offer in due:
        offer.status = OfferStatus.EXPIRED
        _record(offer, None, ActivityKind.NOTE, f"Offer {offer.number} expired",
                f"No answer by {offer.valid_until:%d %b %Y}.", now, "offer_expired")
        numbers.append(offer.number)
    db.session.commit()
    return numbers
