"""Every stage pair: the lifecycle table of the brief, allowed or refused with a reason."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.leads import lifecycle
from webapp.leads.errors import LeadError
from webapp.models import Lead, LostReason, Stage
from tests.concurrency import committed
from tests.factories import make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")

# The brief: lead → prospect (offer) → customer (accepted) → debtor (invoiced); any open stage →
# lost / disqualified with a reason; a lost or disqualified lead can be reopened as a lead.
ALLOWED = {
    ("lead", "prospect"), ("lead", "lost"), ("lead", "disqualified"),
    ("prospect", "customer"), ("prospect", "lost"), ("prospect", "disqualified"),
    ("customer", "debtor"),
    ("lost", "lead"), ("disqualified", "lead"),
}

# Why a refused step is refused, as the user reads it after "A lead cannot go from X to Y: ".
BECAUSE = {
    ("lead", "customer"): "a lead becomes a customer only by accepting an offer; make an offer first",
    ("lead", "debtor"): "only an invoiced customer becomes a debtor",
    ("prospect", "debtor"): "the offer must be accepted and invoiced first",
    ("customer", "lost"): "a customer is no longer an open lead; it cannot be marked lost",
    ("debtor", "lost"): "a debtor is no longer an open lead; it cannot be marked lost",
}
REOPEN_FIRST = "reopen it first; it then starts again as a lead"
NOT_A_STEP = "that step is not in the lifecycle"


def refusal_text(start: str, target: str) -> str:
    if start == target:
        return f"The lead is already {target}."
    because = BECAUSE.get((start, target)) or (REOPEN_FIRST if start in ("lost", "disqualified") else NOT_A_STEP)
    return f"A lead cannot go from {start} to {target}: {because}."


def _move(lead, target, user, reason_id):
    if target in ("lost", "disqualified"):
        return lifecycle.close_lost(lead, user, target, reason_id, now=NOW)
    return {
        "lead": lifecycle.reopen,
        "prospect": lifecycle.make_prospect,
        "customer": lifecycle.make_customer,
        "debtor": lifecycle.make_debtor,
    }[target](lead, user, now=NOW)


@pytest.mark.parametrize("start", list(Stage))
@pytest.mark.parametrize("target", list(Stage))
def test_transition(shared_app, start, target):
    """Each step is committed (another process sees it) or refused with its reason."""
    admin = make_user("admin")
    for role in ("marketing", "sales", "service", "accounting"):
        make_user(role)
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(stage=start, owner_id=admin.id, **QUALIFIED)
    if (start, target) in ALLOWED:
        _move(lead, target, admin, reason.id)
        assert committed(select(Lead.stage).where(Lead.id == lead.id)) == [(target,)]
    else:
        with pytest.raises(LeadError) as refused:
            _move(lead, target, admin, reason.id)
        assert str(refused.value) == refusal_text(start, target)
        db.session.rollback()
        db.session.refresh(lead)
        assert lead.stage == start
