"""The contact history of one lead: first contact, calls, meetings, materials, stage changes."""

import random
from datetime import timedelta

from webapp.demo.clock import Clock, between, lognormal_days, spread

FIRST_CONTACT = {
    "web_form": ("email", "Web form enquiry"), "cold_call": ("call", "Cold call"),
    "trade_fair": ("note", "Met at our trade fair stand"),
    "referral": ("call", "Called on a customer's recommendation"),
    "campaign": ("email", "Reply to campaign"), "mailing": ("email", "Reply to mailing"),
    "advertisement": ("email", "Enquiry after advertisement"),
    "partner": ("note", "Passed on by our sales partner"),
}
CALLS = ("Follow-up call", "Clarified requirements", "Left a voicemail", "Discussed budget and timing",
         "Call about the offer", "Answered technical questions")
MEETINGS = ("Demo meeting", "On-site visit", "Video call with the decision makers",
            "Requirements workshop")
EMAILS = ("Sent requested information", "Follow-up e-mail", "Meeting summary",
          "Answered open questions", "Proposed meeting dates")
NOTES = ("Competitor is also invited to pitch.", "Decision expected at the next board meeting.",
         "Contact changes department next quarter.", "Wants references from the region.")
LABELS = {"decision_maker": "decision maker", "within_3_months": "within 3 months",
          "within_12_months": "within 12 months"}


def lead_history(rng: random.Random, plan, campaign_names: dict[int, str],
                 materials: list[tuple[int, str]], sent: dict[int, set[int]], clock: Clock) -> list[dict]:
    acts: list[dict] = []

    def add(kind, at, user, subject, body=None, material=None, details=None, order=5):
        acts.append({"_plan": plan, "_contact": plan.contact, "kind": kind, "subject": subject,
                     "body": body, "occurred_at": at, "user_id": user, "material_id": material,
                     "details": details, "_order": order})

    q, marketer = plan.q, plan.owners[0][1]
    kind, subject = FIRST_CONTACT[plan.source]
    if plan.campaign is not None:
        subject = f"{subject}: {campaign_names[plan.campaign]}"
    add(kind, plan.t0, marketer, subject, body=plan_request(plan), order=1)
    if plan.untouched:
        return acts

    lo, hi = plan.t0 + timedelta(minutes=20), max(plan.t0 + timedelta(minutes=20),
                                                     plan.work_end - timedelta(minutes=30))
    frac = 1.0
    if plan.is_open and plan.t_decide > plan.t0:
        frac = min(1.0, max(0.15, (plan.work_end - plan.t0) / (plan.t_decide - plan.t0)))
    rep = plan.owners[1][1] if len(plan.owners) > 1 and plan.owners[1][2] == "sales" else None

    n_calls = max(0, round(q.calls * frac) - (kind == "call"))
    times = spread(rng, lo, hi, n_calls)
    if times and kind != "call":
        # The first call back usually comes within a day or two; the KPI shows the exceptions.
        times[0] = min(times[0], between(rng, lo, min(hi, lo + lognormal_days(rng, 1.0, 1.0))))
    for i, at in enumerate(times):
        first = i == 0 and kind != "call"
        add("call", at, plan.owner_at(at)[0], "Qualification call" if first else rng.choice(CALLS),
            body=bant_summary(q) if first else None)
    for at in spread(rng, lo, hi, round(q.meetings * frac)):
        user = rep if rep and plan.t_offer and at < plan.t_offer else plan.owner_at(at)[0]
        add("meeting", at, user, rng.choice(MEETINGS))
    for at in spread(rng, lo, hi, round(rng.choice((0, 0, 1, 1, 1, 2)) * frac)):
        add("email", at, plan.owner_at(at)[0], rng.choice(EMAILS))
    received = sent.setdefault(plan.contact, set())
    for at in spread(rng, lo, hi, round(rng.choice((0, 0, 1, 1, 1, 2)) * frac)):
        fresh = [m for m in materials if m[0] not in received]
        # Now and then a brochure goes out twice: the warning the app gives exists for a reason.
        material_id, name = rng.choice(materials if not fresh or rng.random() < 0.03 else fresh)
        received.add(material_id)
        add("material_sent", at, plan.owner_at(at)[0], f"Sent: {name}", material=material_id)
    if rng.random() < 0.15 * frac:
        at = between(rng, lo, hi)
        add("note", at, plan.owner_at(at)[0], "Note", body=rng.choice(NOTES))

    for offer in plan.offers:
        if offer["sent_at"] is not None:
            what = "Revised offer" if offer["revision"] > 1 else "Offer"
            add("email", offer["sent_at"], offer["created_by_id"], f"{what} {offer['number']} sent", order=2)
    if plan.t_offer is not None:
        add("stage_change", plan.t_offer, rep, "Lead became prospect", order=3,
            details={"from": "lead", "to": "prospect", "reason": f"Offer {plan.offers[0]['number']} sent"})
    _handoffs(plan, add)
    _closing(rng, plan, add)
    return acts


def _closing(rng: random.Random, plan, add) -> None:
    if plan.stage in ("customer", "debtor"):
        accepted = next(o for o in plan.offers if o["status"] == "accepted")
        add("stage_change", plan.t_decide, plan.owner_at(plan.t_decide - timedelta(seconds=1))[0],
            "Offer accepted", order=3,
            details={"from": "prospect", "to": "customer", "reason": f"Offer {accepted['number']} accepted"})
    if plan.stage == "debtor":
        if plan.t_invoice - plan.t_decide > timedelta(days=1) and rng.random() < 0.5:
            at = between(rng, plan.t_decide + timedelta(hours=2), plan.t_invoice - timedelta(hours=2))
            add("note", at, plan.owner_at(at)[0], "Kick-off",
                body="Kick-off agreed, delivery scheduled.")
        add("stage_change", plan.t_invoice, plan.owners[-1][1], "Invoiced", order=3,
            details={"from": "customer", "to": "debtor",
                     "reason": f"Invoice {plan.invoice['number']} issued"})
    if plan.stage in ("lost", "disqualified"):
        add("stage_change", plan.closed_at, plan.owner_at(plan.closed_at)[0],
            "Lead disqualified" if plan.stage == "disqualified" else "Lead lost", order=6,
            details={"from": "prospect" if plan.t_offer else "lead", "to": plan.stage,
                     "reason": plan.lost_reason})


def _handoffs(plan, add) -> None:
    for before, after in zip(plan.owners, plan.owners[1:]):
        add("handoff", after[0], after[3], f"Handed to {after[2]}", order=4,
            details={"from_user": before[1], "to_user": after[1],
                     "from_role": before[2], "to_role": after[2]})
    if plan.partner is not None:
        owner, role = plan.owner_at(plan.partner_at)
        add("handoff", plan.partner_at, owner, "Handed to sales partner", order=4,
            details={"from_user": owner, "to_user": plan.partner, "from_role": role, "to_role": "partner"})


def partner_follow_up(rng: random.Random, plan, clock: Clock) -> dict | None:
    """The partner calls within a few days, unless the hand-off is too recent."""
    if plan.partner is None or clock.now - plan.partner_at < timedelta(days=6):
        return None
    at = between(rng, plan.partner_at + timedelta(hours=4), plan.partner_at + timedelta(days=5))
    return {"_plan": plan, "_contact": plan.contact, "kind": "call", "subject": "Partner visit agreed",
            "body": None, "occurred_at": at, "user_id": plan.partner, "material_id": None,
            "details": None, "_order": 5}


def bant_summary(q) -> str:
    parts = [f"{name.title()}: {LABELS.get(value, value)}" for name, value in
             (("budget", q.budget), ("authority", q.authority), ("need", q.need), ("timeline", q.timeline))
             if value is not None]
    return ". ".join(parts) + "." if parts else "BANT not clarified yet."


def plan_request(plan) -> str | None:
    if plan.source == "web_form":
        return f"Interested in: {plan.title}."
    return None

