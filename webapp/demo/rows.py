"""Turn lead plans, offers and history entries into table rows with explicit primary keys."""

import random
from datetime import timedelta
from decimal import Decimal

from webapp.demo import commerce, vocab
from webapp.demo.clock import Clock
from webapp.demo.words import Words
from webapp.models.lead import furthest_of

CONTACT_KINDS = ("call", "email", "meeting")
DUE_AFTER = {"lead": timedelta(hours=48), "partner": timedelta(hours=48)}  # the default windows


def public(row: dict, **extra) -> dict:
    """The row without the generator's private keys (those starting with an underscore)."""
    return {k: v for k, v in row.items() if not k.startswith("_")} | extra


def renumber(items: list[dict]) -> dict[int, int]:
    """Ids in order of creation, as a live system would have handed them out; index -> id."""
    order = sorted(range(len(items)), key=lambda k: (items[k]["created_at"], k))
    ids = {k: n for n, k in enumerate(order, start=1)}
    for k, item in enumerate(items):
        item["id"] = ids[k]
    return ids


def number(items: list[dict], kind: str, prefix: str, year_of, key) -> list[dict]:
    """Gap-free numbers per year (A-2025-0001, …) and the counters that continue them."""
    last: dict[int, int] = {}
    for item in sorted(items, key=key):
        year = year_of(item)
        last[year] = last.get(year, 0) + 1
        item["number"] = f"{prefix}-{year}-{last[year]:04d}"
    return [{"kind": kind, "year": year, "last_value": n} for year, n in sorted(last.items())]


def activity_rows(acts: list[dict], contact_ids: dict[int, int]) -> list[dict]:
    acts.sort(key=lambda a: (a["occurred_at"], a["_plan"].id if a["_plan"] else 0, a.get("_order", 5)))
    return [public(a, id=n, contact_id=contact_ids[a["_contact"]],
                   lead_id=a["_plan"].id if a["_plan"] else None, created_at=a["occurred_at"])
            for n, a in enumerate(acts, start=1)]


def offer_rows(offers: list[dict]) -> tuple[list[dict], list[dict]]:
    offers.sort(key=lambda o: o["created_at"])
    for n, offer in enumerate(offers, start=1):
        offer["id"] = n
    result, lines = [], []
    for offer in offers:
        updated = max(t for t in (offer["created_at"], offer["sent_at"], offer["decided_at"]) if t)
        if offer.get("_replaced_by") and offer["status"] == "rejected":
            offer["rejection_reason"] = f"Replaced by revised offer {offer['_replaced_by']['number']}"
        result.append(public(offer, lead_id=offer["_plan"].id, updated_at=updated,
                             previous_id=offer["_previous"]["id"] if offer["_previous"] else None))
        for line in offer["_lines"]:
            lines.append(line | {"id": len(lines) + 1, "offer_id": offer["id"]})
    return result, lines


def invoice_rows(invoices: list[dict]) -> tuple[list[dict], list[dict]]:
    invoices.sort(key=lambda i: i["created_at"])
    result, payments = [], []
    for n, invoice in enumerate(invoices, start=1):
        result.append(public(invoice, id=n, offer_id=invoice["_offer"]["id"], lead_id=invoice["_plan"].id))
        for payment in invoice["_payments"]:
            payments.append(payment | {"id": len(payments) + 1, "invoice_id": n})
    return result, payments


def last_assignments(staff: list[dict], plans) -> None:
    latest = {}
    for plan in plans:
        handed = [(at, user) for at, user, _role, _actor in plan.owners]
        if plan.partner is not None:
            handed.append((plan.partner_at, plan.partner))
        for at, user in handed:
            latest[user] = max(latest.get(user, at), at)
    for user in staff:
        user["last_assigned_at"] = latest.get(user["id"])


def lead_rows(rng: random.Random, plans, acts_by_plan: list[list[dict]], contact_ids: dict[int, int],
              reason_ids: dict[str, int], clock: Clock, words: Words) -> list[dict]:
    result = []
    for plan, acts in zip(plans, acts_by_plan):
        contacted = [a["occurred_at"] for a in acts if a["kind"] in CONTACT_KINDS]
        last_act = sorted(acts, key=lambda a: (a["occurred_at"], a.get("_order", 5)))[-1]
        latest = last_act["occurred_at"]
        # The rep's estimate when qualifying: near what an offer would come to, in round figures.
        estimate = commerce.totals(commerce.lines_for(rng, plan.products, plan.employees, words))[0]
        estimate *= Decimal(str(round(rng.uniform(0.75, 1.3), 2)))
        value = max(Decimal("500.00"), round(estimate, -2).quantize(commerce.CENT))
        row = {
            "id": plan.id, "contact_id": contact_ids[plan.contact], "title": plan.title,
            "stage": plan.stage,
            "furthest_stage": furthest_of(plan.stage, *(a["details"]["to"] for a in acts if a["kind"] == "stage_change")),
            "owner_id": plan.owners[-1][1], "partner_id": plan.partner,
            "source": plan.source, "campaign_id": plan.campaign, "expected_value": value,
            "description": words("{title} for about {staff} staff.").format(title=plan.title, staff=plan.employees)
            if plan.org is not None and rng.random() < 0.5 else None,
            **plan.answers,
            "requested": words(rng.choice(vocab.REQUESTS)) if rng.random() < 0.35 else None,
            "open_questions": "\n".join(map(words, rng.sample(vocab.OPEN_QUESTIONS, rng.randint(1, 2))))
            if rng.random() < (0.4 if plan.is_open else 0.1) else None,
            "bant_points": None, "probability": None, "abc_class": None,
            "model_version": None, "scored_at": None, "is_sales_opportunity": False,
            "temperature": None, "escalated_at": None,
            "last_contact_at": max(contacted) if contacted else None,
            "first_contact_at": min((a["occurred_at"] for a in acts if a["kind"] in CONTACT_KINDS
                                     and a.get("user_id") is not None), default=None),
            "handoff_count": sum(a["kind"] == "handoff" for a in acts),
            "lost_reason_id": reason_ids.get(plan.lost_reason),
            "lost_note": words(_lost_note(rng)) if plan.lost_reason and rng.random() < 0.35 else None,
            "closed_at": plan.closed_at, "paid_at": _paid_at(plan), "version": 1,
            "created_at": plan.t0, "updated_at": max(latest, plan.t0),
            "updated_by_id": last_act["user_id"],
        }
        row |= _working_fields(rng, plan, latest, clock, words)
        result.append(row)
    return result


def _paid_at(plan):
    """A project whose invoice is paid in full ended with its last payment (its end state)."""
    invoice = plan.invoice
    if not invoice or invoice["status"] != "paid":
        return None
    return commerce.morning_of(max(p["paid_on"] for p in invoice["_payments"]))


def _working_fields(rng: random.Random, plan, latest, clock: Clock, words: Words) -> dict:
    """Next step, follow-up date and due time; only open leads have them, some are overdue."""
    fields = {"next_step": None, "follow_up_on": None, "due_at": None}
    if not plan.is_open:
        return fields
    if plan.untouched:
        return {"next_step": words("Call back and qualify"), "due_at": plan.t0 + DUE_AFTER["lead"],
                "follow_up_on": (plan.t0 + DUE_AFTER["lead"]).date()}
    stale = plan.work_end < clock.now - timedelta(days=21)
    if rng.random() < (0.45 if stale else 0.9):
        fields["next_step"] = words(rng.choice(vocab.NEXT_STEPS))
        fields["follow_up_on"] = latest.date() + timedelta(days=rng.randint(3, 21))
    if plan.partner is not None and clock.now - plan.partner_at < timedelta(days=6):
        fields["due_at"] = plan.partner_at + DUE_AFTER["partner"]
    return fields


def _lost_note(rng: random.Random) -> str:
    return rng.choice(("Went with the incumbent supplier.", "Budget moved to next year.",
                       "Project on hold after a management change.", "Wanted on-premise only.",
                       "Never called back after the first contact."))
