"""The contact history of one lead: first contact, calls, meetings, materials, stage changes."""

import random
from datetime import timedelta

from webapp.demo.clock import Clock, between, lognormal_days, spread
from webapp.demo.words import Words

# source: (kind, subject, what the first contact could tell: see answers.LEARNS)
FIRST_CONTACT = {
    "web_form": ("email", "Web form enquiry", "form"), "cold_call": ("call", "Cold call", "first"),
    "trade_fair": ("note", "Met at our trade fair stand", "first"),
    "referral": ("call", "Called on a customer's recommendation", "first"),
    "campaign": ("email", "Reply to campaign", "enquiry"),
    "mailing": ("email", "Reply to mailing", "enquiry"),
    "advertisement": ("email", "Enquiry after advertisement", "enquiry"),
    "partner": ("note", "Passed on by our sales partner", "partner"),
}
CALLS = ("Follow-up call", "Clarified requirements", "Left a voicemail", "Discussed budget and timing",
         "Call about the offer", "Answered technical questions")
MEETINGS = ("Demo meeting", "On-site visit", "Video call with the decision makers",
            "Requirements workshop")
# What a call or meeting could tell (answers.LEARNS); a voicemail tells nothing.
TALK_OF = {"Left a voicemail": None, "Discussed budget and timing": "budget_call",
           "Video call with the decision makers": "decision_meeting"}
EMAILS = ("Sent requested information", "Follow-up e-mail", "Meeting summary",
          "Answered open questions", "Proposed meeting dates")
NOTES = ("Competitor is also invited to pitch.", "Decision expected at the next board meeting.",
         "Contact changes department next quarter.", "Wants references from the region.")
NURTURE = ("Newsletter with customer story", "Invitation to our webinar", "Seasonal check-in",
           "Product update e-mail")
STAGE_OF = {"sales": "prospect", "service": "customer", "accounting": "debtor"}


def lead_history(rng: random.Random, plan, names: dict[int, str], campaign_names: dict[int, str],
                 materials: list[tuple[int, str]], sent: dict[int, set[int]], clock: Clock,
                 words: Words) -> list[dict]:
    """Entries as the app writes them (subjects, reasons, details), in time order per lead; what
    the staff wrote themselves in the business's language."""
    acts: list[dict] = []

    def add(kind, at, user, subject, body=None, material=None, details=None, order=5, talk=None):
        acts.append({"_plan": plan, "_contact": plan.contact, "kind": kind, "subject": subject,
                     "body": body, "occurred_at": at, "user_id": user, "material_id": material,
                     "details": details, "_order": order, "_talk": talk})

    def stage_change(at, user, old, new, reason, order=3):
        add("stage_change", at, user, f"{old.capitalize()} → {new.capitalize()}", body=reason,
            details={"from": old, "to": new, "reason": reason}, order=order)

    marketer = plan.owners[0][1]
    stage_change(plan.t0, marketer, "contact", "lead", "new project", order=0)
    kind, subject, talk = FIRST_CONTACT[plan.source]
    subject = words(subject)
    if plan.campaign is not None:
        subject = f"{subject}: {campaign_names[plan.campaign]}"
    add(kind, plan.t0, marketer, subject, body=plan_request(plan, words), order=1, talk=talk)
    if not plan.untouched:
        _work(rng, plan, kind, add, materials, sent, clock, words)

    for offer in plan.offers:
        if offer["sent_at"] is not None:
            what = (f"Revised offer {offer['number']} (revision {offer['revision']})"
                    if offer["revision"] > 1 else f"Offer {offer['number']}")
            add("email", offer["sent_at"], offer["created_by_id"], f"{what} sent", order=2,
                body=f"{offer['total_gross']:,.2f} € gross, valid until {offer['valid_until']:%d %b %Y}.",
                details={"event": "offer_sent", "offer_id": offer["id"], "offer": offer["number"]})
    if plan.t_offer is not None:
        stage_change(plan.t_offer, plan.owners[1][1], "lead", "prospect", _reason(plan, "prospect"))
    if plan.stage in ("customer", "debtor"):
        stage_change(plan.t_decide, plan.owner_at(plan.t_decide - timedelta(seconds=1))[0],
                     "prospect", "customer", _reason(plan, "customer"))
    if plan.stage == "debtor":
        stage_change(plan.t_invoice, plan.owners[-1][1], "customer", "debtor", _reason(plan, "debtor"))
    if plan.stage in ("lost", "disqualified"):
        stage_change(plan.closed_at, plan.owner_at(plan.closed_at)[0],
                     "prospect" if plan.t_offer else "lead", plan.stage, words(plan.lost_reason), order=6)
    _handoffs(plan, names, add)
    return acts


def _work(rng: random.Random, plan, first_kind: str, add, materials, sent, clock: Clock,
          words: Words) -> None:
    """Calls, meetings, e-mails, materials and notes between arrival and the decision."""
    q = plan.q
    lo = plan.t0 + timedelta(minutes=20)
    hi = max(lo, plan.work_end - timedelta(minutes=30))
    frac = 1.0  # an open lead has had only part of the contact it will get
    if plan.is_open and plan.t_decide > plan.t0:
        frac = min(1.0, max(0.15, (plan.work_end - plan.t0) / (plan.t_decide - plan.t0)))
    rep = plan.owners[1][1] if len(plan.owners) > 1 and plan.owners[1][2] == "sales" else None

    times = spread(rng, lo, hi, max(0, round(q.calls * frac) - (first_kind == "call")))
    if times and first_kind != "call":
        # The first call back usually comes within a day or two; the KPI shows the exceptions.
        times[0] = min(times[0], between(rng, lo, min(hi, lo + lognormal_days(rng, 1.0, 1.0))))
    for i, at in enumerate(times):
        # The first call after the first contact asks the BANT questions (its body: answers.learn).
        subject = "Qualification call" if i == 0 else rng.choice(CALLS)
        talk = "qualification" if i == 0 else TALK_OF.get(subject, "call")
        add("call", at, plan.owner_at(at)[0], words(subject), talk=talk)
    for at in spread(rng, lo, hi, round(q.meetings * frac)):
        user = rep if rep and plan.t_offer and at < plan.t_offer else plan.owner_at(at)[0]
        subject = rng.choice(MEETINGS)
        add("meeting", at, user, words(subject), talk=TALK_OF.get(subject, "meeting"))
    for at in spread(rng, lo, hi, round(rng.choice((0, 0, 0, 0, 1, 1)) * frac)):
        add("email", at, plan.owner_at(at)[0], words(rng.choice(EMAILS)))
    received = sent.setdefault(plan.contact, set())
    for at in spread(rng, lo, hi, round(rng.choice((0, 0, 0, 0, 0, 1, 1, 2)) * frac)):
        fresh = [m for m in materials if m[0] not in received]
        # Now and then a brochure goes out twice: the warning the app gives exists for a reason.
        material_id, name = rng.choice(materials if not fresh or rng.random() < 0.03 else fresh)
        add("material_sent", at, plan.owner_at(at)[0], name, material=material_id,
            details={"repeat": material_id in received})
        received.add(material_id)
    if rng.random() < 0.06 * frac:
        at = between(rng, lo, hi)
        add("note", at, plan.owner_at(at)[0], words("Note"), body=words(rng.choice(NOTES)))
    if plan.is_open and plan.stage == "lead" and rng.random() < 0.12:
        _nurture(rng, plan, add, clock, words)


def _nurture(rng: random.Random, plan, add, clock: Clock, words: Words) -> None:
    """B-leads stay with marketing, who keep in touch every month or two."""
    at = plan.work_end + timedelta(days=rng.uniform(40, 80))
    while at < clock.now:
        when = between(rng, at - timedelta(days=3), min(at, clock.now))
        add("email", when, plan.owner_at(when)[0], words(rng.choice(NURTURE)))
        at += timedelta(days=rng.uniform(40, 80))


def _reason(plan, stage: str) -> str:
    """The reason the app writes for an offer- or invoice-driven stage change and its hand-off."""
    if stage == "prospect":
        return f"Offer {plan.offers[0]['number']} sent"
    if stage == "customer":
        return f"Offer {next(o for o in plan.offers if o['status'] == 'accepted')['number']} accepted"
    return f"Invoice {plan.invoice['number']} issued"


def _handoffs(plan, names: dict[int, str], add) -> None:
    changes = [(after, before, _reason(plan, STAGE_OF[after[2]]) if before[2] != after[2] else "assigned")
               for before, after in zip(plan.owners, plan.owners[1:])]
    if plan.partner is not None:
        owner, role = plan.owner_at(plan.partner_at)
        changes.append(((plan.partner_at, plan.partner, "partner", owner), (None, owner, role, None),
                        "handed to sales partner"))
    for (at, user, role, actor), before, reason in changes:
        add("handoff", at, actor, f"Handed to {names[user]} ({role})", body=reason, order=4,
            details={"from_user": before[1], "from_role": before[2], "to_user": user, "to_role": role,
                     "reason": reason})


def partner_follow_up(rng: random.Random, plan, clock: Clock, words: Words) -> dict | None:
    """The partner calls within a few days, unless the hand-off is too recent."""
    if plan.partner is None or clock.now - plan.partner_at < timedelta(days=6):
        return None
    at = between(rng, plan.partner_at + timedelta(hours=4), plan.partner_at + timedelta(days=5))
    return {"_plan": plan, "_contact": plan.contact, "kind": "call", "subject": words("Partner visit agreed"),
            "body": None, "occurred_at": at, "user_id": plan.partner, "material_id": None,
            "details": None, "_order": 5}


def plan_request(plan, words: Words) -> str | None:
    if plan.source == "web_form":
        return words("Interested in: {title}.").format(title=plan.title)
    return None

