"""The events people are told about, each with who it concerns. Domains call these from the one
place each event happens; every one goes through `notify()`, so none can block the action.

A lead's events never reach a partner the lead is not handed to (webapp.visibility.sees_lead).
"""

from datetime import datetime, timezone

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Invoice, Job, Lead, ModelVersion, Offer, Role, User
from webapp.notifications import texts
from webapp.notifications.services import link_to, notify
from webapp.stored_text import english
from webapp.visibility import sees_lead


def _about(lead: Lead, users) -> list[User]:
    return [user for user in users if user is not None and sees_lead(user, lead)]


def _lead_link(lead: Lead) -> str:
    return link_to("leads.detail", lead_id=lead.id)


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite reads naive UTC
    return f"{moment.timestamp():.0f}"


def team_leads() -> list[User]:
    """Admins and team leads (User.leads_team)."""
    return list(db.session.scalars(select(User).where(
        User.is_active_user.is_(True), (User.role == Role.ADMIN) | User.is_team_lead.is_(True))))


def lead_assigned(lead: Lead, owner: User, by: User | None) -> None:
    """An owner was given the lead; not told when they took it themselves."""
    if by is not None and by.id == owner.id:
        return
    message = texts.ASSIGNED if by is not None else texts.ASSIGNED_BY_APP
    notify(_about(lead, [owner]), "assigned", message, _lead_link(lead), actor=by, lead=lead.title,
           by=by.name if by else "")


def batch_assigned(batch, owner: User, count: int, by: User) -> None:
    """Leads marked in bulk (webapp.lead_batches): one notification per owner, with the number."""
    notify([owner], "assigned", texts.BATCH_ASSIGNED, link_to("lead_batches.detail", batch_id=batch.id), actor=by,
           by=by.name, title=batch.title, count=count)


def handed_to_partner(lead: Lead, partner: User, by: User) -> None:
    notify(_about(lead, [partner]), "assigned", texts.HANDED_TO_PARTNER, _lead_link(lead), actor=by,
           lead=lead.title, by=by.name)


def _window_people(lead: Lead) -> list[User]:
    # The owner answers for the lead; a partner it is handed to works inside the same window.
    return _about(lead, [lead.owner, lead.partner])


def window_ending(lead: Lead, hours: int) -> None:
    notify(_window_people(lead), "window_ending", texts.WINDOW_ENDING, _lead_link(lead),
           key=f"window-ending:{lead.id}:{_stamp(lead.due_at)}", lead=lead.title, hours=hours)


def window_passed(lead: Lead) -> None:
    notify(_window_people(lead), "window_breached", texts.WINDOW_BREACHED, _lead_link(lead),
           key=f"window-passed:{lead.id}:{_stamp(lead.due_at)}", lead=lead.title)


def escalated(lead: Lead) -> None:
    owner = lead.owner.name if lead.owner else english(texts.NOBODY)
    notify(_about(lead, team_leads()), "escalated", texts.ESCALATED, _lead_link(lead),
           key=f"escalated:{lead.id}:{_stamp(lead.due_at)}", lead=lead.title, owner=owner)


def offer_decided(offer: Offer, by: User | None) -> None:
    """Accepted or rejected: the lead's owner and the offer's author."""
    lead = offer.lead
    author = db.session.get(User, offer.created_by_id) if offer.created_by_id else None
    people = _about(lead, [lead.owner, author])
    link = link_to("offers.detail", offer_id=offer.id)
    if offer.status == "accepted":
        notify(people, "offer_accepted", texts.OFFER_ACCEPTED, link, actor=by, number=offer.number, lead=lead.title)
    else:
        notify(people, "offer_rejected", texts.OFFER_REJECTED, link, actor=by, number=offer.number, lead=lead.title,
               reason=offer.rejection_reason or "")


def invoice_overdue(invoice: Invoice) -> None:
    """Accounting and the lead's owner, once per invoice and due date."""
    lead = invoice.lead
    accounting = db.session.scalars(select(User).where(User.role == Role.ACCOUNTING, User.is_active_user.is_(True)))
    notify(_about(lead, [*accounting, lead.owner]), "invoice_overdue", texts.INVOICE_OVERDUE,
           link_to("invoices.detail", invoice_id=invoice.id), key=f"invoice-overdue:{invoice.id}:{invoice.due_on}",
           number=invoice.number, lead=lead.title)


def _admins() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.ADMIN, User.is_active_user.is_(True))))


def model_decided(row: ModelVersion) -> None:
    """A candidate promoted (or a version made current again) or rejected: the admins."""
    promoted = row.status == "current"
    notify(_admins(), "model_promoted" if promoted else "model_rejected",
           texts.MODEL_PROMOTED if promoted else texts.MODEL_REJECTED, link_to("scoring.index"),
           key=f"model-{row.status}:{row.version}:{_stamp(row.promoted_at or row.created_at)}", version=row.version)


JOB_PAGES = {"import": "imports.index", "retrain": "scoring.index", "drift": "scoring.index",
             "rescore": "settings.scoring", "duplicate-search": "duplicate_finder.index"}


def job_finished(job: Job) -> None:
    """Whoever started the job from a page; scheduled runs have nobody to tell."""
    if job.created_by_id is None or job.status not in ("done", "failed"):
        return
    user = db.session.get(User, job.created_by_id)
    name = english(texts.JOB_NAMES.get(job.kind, texts.SOME_JOB))
    page = JOB_PAGES.get(job.kind)
    done = job.status == "done"
    notify([user], "job_done" if done else "job_failed", texts.JOB_DONE if done else texts.JOB_FAILED,
           link_to(page) if page else None, key=f"job:{job.id}", job=name, outcome=job.message or "")
