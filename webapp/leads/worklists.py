"""What each person should pick up today besides their open leads: follow-ups that fell due and,
for customer service, the customers handed over after an accepted offer. Accounting's lists
(offers to invoice, overdue invoices) live with the invoices (webapp.invoices.worklists)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select
from sqlalchemy.orm import contains_eager

from webapp.extensions import db
from webapp.leads.services import visible_leads
from webapp.models import CLOSED_LOST_STAGES, Contact, Lead, Role, Stage, User

LIMIT = 50
# Shown for a customer whose service owner has not set a next step yet.
ONBOARDING_STEP = _l("Onboarding: call the customer to agree the kick-off and who to talk to")


@dataclass(frozen=True)
class FollowUp:
    lead: Lead
    days_late: int  # 0: due today

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


def days_late(follow_up_on: date | None, today: date) -> int | None:
    """Days a follow-up date lies in the past (0 today); None when none is set or it lies ahead."""
    if follow_up_on is None or follow_up_on > today:
        return None
    return (today - follow_up_on).days


def _mine(user: User):
    """Admins work the queue like anyone else: the leads they own."""
    return Lead.partner_id == user.id if user.role == Role.PARTNER else Lead.owner_id == user.id


def _with_contact(query: Select) -> Select:
    return query.join(Lead.contact).options(contains_eager(Lead.contact).joinedload(Contact.organization))


def follow_ups_due(user: User, today: date) -> list[FollowUp]:
    """The user's leads whose follow-up date is today or past, oldest first; a lead closed as lost
    or a project paid in full needs no follow-up."""
    query = _with_contact(visible_leads(user)).where(
        _mine(user), Lead.follow_up_on.is_not(None), Lead.follow_up_on <= today,
        Lead.stage.not_in(CLOSED_LOST_STAGES), Lead.paid_at.is_(None))
    leads = db.session.scalars(query.order_by(Lead.follow_up_on, Lead.id).limit(LIMIT))
    return [FollowUp(lead, days_late(lead.follow_up_on, today)) for lead in leads]


@dataclass(frozen=True)
class Takeover:
    lead: Lead
    next_step: str


def customers_to_take_over(user: User) -> list[Takeover]:
    """Customers handed to customer service after an accepted offer and not yet invoiced, each
    with its onboarding step: the one set on the lead, else the first step every customer needs."""
    query = _with_contact(visible_leads(user)).where(Lead.stage == Stage.CUSTOMER, Lead.owner_id == user.id)
    leads = db.session.scalars(query.order_by(Lead.closed_at.desc(), Lead.id).limit(LIMIT))
    return [Takeover(lead, lead.next_step or str(ONBOARDING_STEP)) for lead in leads]
