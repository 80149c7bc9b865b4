"""Stage transitions and hand-offs. Each function checks the rules, changes the lead, writes the
history and commits; a refusal raises a LeadError that says why and changes nothing."""

from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.labels import stage_word
from webapp.leads import history, routing
from webapp.leads.errors import HandoffBlocked, TransitionRefused
from webapp.leads.stages import RESPONSIBLE_ROLE, ownership_refusal, refusal
from webapp.models import (
    CLOSED_LOST_STAGES,
    Activity,
    ActivityKind,
    Contact,
    Lead,
    LostReason,
    Offer,
    OfferStatus,
    Role,
    Stage,
    User,
)
from webapp.notifications import events
from webapp.settings.services import get_settings

# Stored as a lost reason (data, in English); pages translate it (webapp.activity_text.REASONS).
DEMOTED_REASON = "Demoted to contact (class C)"


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def missing_for(lead: Lead, target: str) -> list[str]:
    """What must still be known before a hand-off to `target` (a role or stage)."""
    required = get_settings()["handoff_requirements"].get(target, [])
    return [name for name in required if not getattr(lead, name, None)]


def _check_transition(lead: Lead, target: str) -> None:
    reason = refusal(lead.stage, target)
    if reason:
        raise TransitionRefused(reason)


def _change_stage(lead: Lead, target: str, by: User | None, now: datetime, reason: str | None = None):
    old = lead.stage
    lead.stage = target
    history.record_stage_change(lead, by, old, target, now, reason)


def hand_off(lead: Lead, role: str, by: User | None, now: datetime | None = None,
             reason: str | None = None, window: str | None = None) -> User:
    """Give the lead to the next available user of `role` and start their time window."""
    now = _now(now)
    settings = get_settings()
    owner = routing.pick_owner(lead, role, now, settings["routing_rules"])
    _assign(lead, owner, by, now, reason, window or lead.stage)
    return owner


def _assign(lead: Lead, owner: User, by: User | None, now: datetime, reason: str | None, window: str):
    if lead.owner_id == owner.id:
        return
    old_owner = lead.owner
    lead.owner = owner
    lead.handoff_count = (lead.handoff_count or 0) + 1
    hours = get_settings()["sla_hours"].get(window, 48)
    lead.due_at = now + timedelta(hours=hours)
    lead.escalated_at = None
    history.record_handoff(lead, by, old_owner, owner, now, reason)
    events.lead_assigned(lead, owner, by)


def assign_to(lead: Lead, owner: User, by: User, now: datetime | None = None) -> None:
    """Explicit assignment by a person (bulk assign, reassign); same window rules as a hand-off.
    Only to an active user whose role may own the lead's stage (stages.owner_roles)."""
    reason = ownership_refusal(owner, lead)
    if reason:
        raise TransitionRefused(reason)
    _assign(lead, owner, by, _now(now), "assigned", lead.stage)
    db.session.commit()


def create_lead(contact: Contact, by: User, title: str, source: str | None = None,
                campaign_id: int | None = None, expected_value=None, now: datetime | None = None,
                commit: bool = True) -> Lead:
    """contact → lead: a new project file, owned by marketing."""
    now = _now(now)
    lead = Lead(contact=contact, title=title, source=source, campaign_id=campaign_id,
                expected_value=expected_value, stage=Stage.LEAD, created_at=now, updated_by=by)
    db.session.add(lead)
    db.session.flush()
    history.record_stage_change(lead, by, "contact", Stage.LEAD, now, "new project")
    if by.role == Role.MARKETING:
        _assign(lead, by, by, now, "created", Stage.LEAD)
    else:
        hand_off(lead, Role.MARKETING, by, now, "new lead")
    if commit:
        db.session.commit()
    return lead


def hand_to_sales(lead: Lead, by: User, now: datetime | None = None) -> User:
    """A qualified lead goes to sales (a SAL); all required answers must be known."""
    if lead.stage != Stage.LEAD:
        raise TransitionRefused(_("Only a lead in stage 'lead' can be handed to sales; this one is %(stage)s.",
                                  stage=stage_word(lead.stage)))
    if lead.owner and lead.owner.role == Role.SALES:
        raise TransitionRefused(_("Sales has this lead already (%(name)s).", name=lead.owner.name))
    missing = missing_for(lead, "sales")
    if missing:
        raise HandoffBlocked("sales", missing)
    owner = hand_off(lead, Role.SALES, by, now, "qualified, handed to sales", window="sales")
    db.session.commit()
    return owner


def hand_to_partner(lead: Lead, partner: User, by: User, now: datetime | None = None) -> None:
    if partner.role != Role.PARTNER or not partner.is_active:
        raise TransitionRefused(_("Choose an active sales partner."))
    if not lead.is_open:
        raise TransitionRefused(_("Only open leads can be handed to a partner."))
    now = _now(now)
    lead.partner = partner
    lead.due_at = now + timedelta(hours=get_settings()["sla_hours"].get("partner", 48))
    lead.escalated_at = None
    lead.handoff_count = (lead.handoff_count or 0) + 1
    history.record_handoff(lead, by, lead.owner, partner, now, "handed to sales partner")
    events.handed_to_partner(lead, partner, by)
    db.session.commit()


def make_prospect(lead: Lead, by: User | None, now: datetime | None = None, reason: str = "offer made"):
    """lead → prospect when an offer is made; sales owns prospects."""
    now = _now(now)
    _check_transition(lead, Stage.PROSPECT)
    missing = missing_for(lead, Stage.PROSPECT)
    if missing:
        raise HandoffBlocked("prospect", missing)
    _change_stage(lead, Stage.PROSPECT, by, now, reason)
    if not (lead.owner and lead.owner.role == RESPONSIBLE_ROLE[Stage.PROSPECT]):
        hand_off(lead, Role.SALES, by, now, reason)
    db.session.commit()


def make_customer(lead: Lead, by: User | None, now: datetime | None = None, reason: str = "offer accepted"):
    """prospect → customer when the offer is accepted; customer service takes over."""
    now = _now(now)
    _check_transition(lead, Stage.CUSTOMER)
    _change_stage(lead, Stage.CUSTOMER, by, now, reason)
    lead.closed_at = now
    hand_off(lead, Role.SERVICE, by, now, reason)
    db.session.commit()


def make_debtor(lead: Lead, by: User | None, now: datetime | None = None, reason: str = "invoiced"):
    """customer → debtor when the order is invoiced; accounting takes over."""
    now = _now(now)
    _check_transition(lead, Stage.DEBTOR)
    _change_stage(lead, Stage.DEBTOR, by, now, reason)
    hand_off(lead, Role.ACCOUNTING, by, now, reason)
    db.session.commit()


def close_lost(lead: Lead, by: User, target: str, reason_id: int | None, note: str | None = None,
               now: datetime | None = None) -> None:
    """Any open stage → lost / disqualified, only with a reason from the list."""
    now = _now(now)
    if target not in CLOSED_LOST_STAGES:
        raise TransitionRefused(_("'%(stage)s' is not a closing stage.", stage=target))
    _check_transition(lead, target)
    reason = db.session.get(LostReason, reason_id) if reason_id else None
    if reason is None or not reason.active:
        raise TransitionRefused(_("Choose a reason from the list."))
    lead.lost_reason = reason
    lead.lost_note = note
    lead.closed_at = now
    lead.due_at = None
    _change_stage(lead, target, by, now, reason.label + (f": {note}" if note else ""))
    withdraw_open_offers(lead, by, now)
    db.session.commit()


# Offers still in play when a lead closes as lost: a draft that will never go out, a sent one the
# customer will not answer. Left as they were, they would stay in the pipeline and its sums.
WITHDRAWABLE = (OfferStatus.DRAFT, OfferStatus.SENT)


def withdraw_open_offers(lead: Lead, by: User | None, now: datetime) -> list[Offer]:
    """Mark the lead's draft and sent offers withdrawn, each with an entry in the history."""
    offers = list(db.session.scalars(select(Offer).where(Offer.lead_id == lead.id,
                                                         Offer.status.in_(WITHDRAWABLE)).order_by(Offer.id)))
    for offer in offers:
        offer.status, offer.decided_at = OfferStatus.WITHDRAWN, now
        # Stored in English, as all history; pages word it for the reader (webapp.activity_text).
        db.session.add(Activity(contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.NOTE,
                                subject=f"Offer {offer.number} withdrawn", body=None, occurred_at=now,
                                user_id=by.id if by else None,
                                details={"event": "offer_withdrawn", "offer_id": offer.id, "offer": offer.number}))
    return offers


def mark_paid(lead: Lead, by: User | None, now: datetime) -> None:
    """Every invoice of the project is paid: its end state. The time window closes, so the lead
    leaves the open worklists and never escalates. The caller commits (with the payment)."""
    if lead.paid_at is not None:
        return
    lead.paid_at = now
    lead.due_at = None
    lead.escalated_at = None
    db.session.add(Activity(contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.NOTE,
                            subject="Paid in full", body=None, occurred_at=now, user_id=by.id if by else None,
                            details={"event": "project_paid"}))


def demote_to_contact(lead: Lead, by: User, now: datetime | None = None) -> None:
    """A C-lead leaves the funnel; the person stays a plain contact, the file is kept."""
    if lead.stage != Stage.LEAD or lead.abc_class != "C":
        raise TransitionRefused(_("Only a lead in class C can be demoted to a plain contact."))
    reason = db.session.scalar(select(LostReason).where(LostReason.label == DEMOTED_REASON))
    if reason is None:
        reason = LostReason(label=DEMOTED_REASON, active=True)
        db.session.add(reason)
        db.session.flush()
    close_lost(lead, by, Stage.DISQUALIFIED, reason.id, None, now)


def reopen(lead: Lead, by: User, now: datetime | None = None) -> None:
    """A lost or disqualified lead starts again as a lead, with marketing."""
    now = _now(now)
    _check_transition(lead, Stage.LEAD)
    _change_stage(lead, Stage.LEAD, by, now, "reopened")
    lead.closed_at = None
    lead.lost_reason = None
    lead.lost_note = None
    # Its withdrawn offers stay withdrawn: a new offer is written for the new attempt.
    if by.role == Role.MARKETING:
        _assign(lead, by, by, now, "reopened", Stage.LEAD)
    else:
        hand_off(lead, Role.MARKETING, by, now, "reopened")
    db.session.commit()
