"""Every stage pair: the lifecycle table of the brief, allowed or refused with a reason."""

from datetime import datetime, timezone

import pytest

from webapp.leads import lifecycle
from webapp.leads.errors import LeadError
from webapp.models import LostReason, Stage
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
def test_transition(db, start, target):
    admin = make_user("admin")
    for role in ("marketing", "sales", "service", "accounting"):
        make_user(role)
    reason = LostReason(label="Timing")
    db.session.add(reason)
    db.session.commit()
    lead = make_lead(stage=start, owner_id=admin.id, **QUALIFIED)
    if (start, target) in ALLOWED:
        _move(lead, target, admin, reason.id)
        assert lead.stage == target
    else:
        with pytest.raises(LeadError) as refused:
            _move(lead, target, admin, reason.id)
        assert len(str(refused.value)) > 20  # a sentence, not a code
        db.session.rollback()
        db.session.refresh(lead)
        assert lead.stage == start
