"""BANT answers, the score they give, and the next step the app proposes."""

from dataclasses import dataclass

from flask_babel import gettext as _

from webapp.locking import editing
from webapp.models import Lead, Role, Stage, User

EDITABLE = ("title", "source", "expected_value", "description", "budget", "authority", "need",
            "timeline", "reaction", "requested", "open_questions", "next_step", "follow_up_on", "campaign_id")


@dataclass(frozen=True)
class Proposal:
    action: str  # hand_to_sales | nurture | demote
    label: str
    why: str


def update_lead(lead: Lead, by: User, data: dict, expected_version: int | None) -> Lead:
    """Save edited fields; EditConflict when someone else saved the lead since the form was
    opened on `expected_version` (None, a form without a version, is refused the same way)."""
    with editing(lead, expected_version, by):
        for name in EDITABLE:
            if name in data:
                setattr(lead, name, data[name] or None)
        note_action(lead, by)  # the score follows on commit (webapp.scoring.live)
    return lead


def note_action(lead: Lead, by: User) -> None:
    """The owner (or the partner holding it) acted: the hand-off window is met."""
    if by.id in (lead.owner_id, lead.partner_id):
        lead.due_at = None
        lead.escalated_at = None


def proposal(lead: Lead) -> Proposal | None:
    """A → hand to sales, B → keep nurturing, C → demote; shown, never done silently."""
    if lead.stage != Stage.LEAD or lead.abc_class is None:
        return None
    if lead.abc_class == "A":
        if lead.owner and lead.owner.role == Role.SALES:
            return None
        return Proposal("hand_to_sales", _("Hand to sales"), _("Class A: a sales opportunity."))
    if lead.abc_class == "B":
        return Proposal("nurture", _("Keep nurturing"), _("Class B: stays with marketing; set a follow-up."))
    return Proposal("demote", _("Demote to contact"), _("Class C: not worth sales time now."))
