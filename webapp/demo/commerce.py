"""Catalogue, offers with lines, invoices and payments; money in Decimal, rounded half-up."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from webapp.demo import vocab
from webapp.demo.clock import UTC, Clock, between
from webapp.demo.words import Words
from webapp.offers.money import CENT, cents, compute_totals

VALIDITY_DAYS = 30
TERMS = "Payment within 14 days of invoice, net. Prices plus statutory VAT."
PRODUCT_IDS = {key: n for n, (key, *_rest) in enumerate(vocab.PRODUCTS, start=1)}


def products(clock: Clock, words: Words) -> list[dict]:
    created = clock.start - timedelta(days=90)
    return [{"id": PRODUCT_IDS[key], "name": words(name), "unit": words(unit), "unit_price": Decimal(price),
             "tax_rate": Decimal(rate), "active": key != "legacy_fax",
             "created_at": created, "updated_at": created}
            for key, name, unit, price, rate in vocab.PRODUCTS]


def totals(lines: list[dict]) -> tuple[Decimal, Decimal, Decimal]:
    """The offer module's own rounding rules, so demo offers add up exactly like real ones."""
    result = compute_totals(lines)
    return result.net, result.tax, result.gross


def lines_for(rng: random.Random, keys: tuple[str, ...], employees: int | None, words: Words,
              discount: int = 0) -> list[dict]:
    staff = employees or 3
    catalogue = {key: rest for key, *rest in vocab.PRODUCTS}
    chosen = [keys[0]] + [k for k in keys[1:] if rng.random() < 0.6]
    rows = []
    for position, key in enumerate(chosen, start=1):
        name, unit, price, rate = catalogue[key]
        rows.append({"position": position, "product_id": PRODUCT_IDS[key], "description": words(name),
                     "quantity": Decimal(_quantity(rng, key, staff)).quantize(Decimal("0.001")),
                     "unit": words(unit), "unit_price": Decimal(price), "tax_rate": Decimal(rate),
                     "discount_pct": Decimal(discount or rng.choice((0, 0, 0, 0, 0, 5, 10)))
                     .quantize(CENT)})
    return rows


def _quantity(rng: random.Random, key: str, staff: int) -> int:
    if key in ("consulting", "pm"):
        return max(1, min(60, round((2 + staff / 15) * rng.lognormvariate(0, 0.5))))
    if key.startswith("licence"):
        return max(3, min(300, round(staff * rng.uniform(0.3, 1.0))))
    if key == "hardware":
        return max(1, min(80, round(staff * rng.uniform(0.1, 0.5))))
    if key.startswith("support"):
        return rng.choice((12, 12, 24, 36))
    if key == "training":
        return max(2, min(40, round(staff * rng.uniform(0.1, 0.4))))
    if key == "handbook":
        return max(5, min(200, staff))
    return rng.randint(1, 3)


def offers_for(rng: random.Random, plan, employees: int | None, reps: list[int], clock: Clock,
               words: Words) -> None:
    """Attach the lead's offers (unnumbered yet) to plan.offers; sets nothing else."""
    if plan.t_offer is None:
        busy = plan.stage == "lead" and not plan.untouched and plan.work_end == clock.now
        if busy and rng.random() < 0.15:
            # A sales rep is preparing the first offer.
            created = between(rng, max(plan.t0, clock.now - timedelta(days=14)), plan.work_end)
            plan.offers.append(_offer(rng, plan, employees, created, None, "draft", rng.choice(reps), words))
        return
    rep = plan.owner_at(plan.t_offer)[0]
    created = between(rng, max(plan.t0, plan.t_offer - timedelta(days=3)), plan.t_offer)
    first = _offer(rng, plan, employees, created, plan.t_offer, "sent", rep, words)
    plan.offers.append(first)
    decided = plan.t_decide if plan.closed_at is not None else None
    last = first
    if decided and decided - plan.t_offer > timedelta(days=35) and rng.random() < 0.6:
        sent = between(rng, plan.t_offer + timedelta(days=20), decided - timedelta(days=2))
        # The customer asked for changes: a revision replaces the first offer (or it had expired).
        first["status"] = "expired" if first["valid_until"] < sent.date() else "rejected"
        first["decided_at"] = None if first["status"] == "expired" else sent
        last = _offer(rng, plan, employees, sent - timedelta(hours=2), sent, "sent",
                      plan.owner_at(sent)[0], words, discount=rng.choice((5, 10, 15)))
        last["revision"], last["_previous"], first["_replaced_by"] = 2, first, last
        plan.offers.append(last)
    if plan.stage in ("customer", "debtor"):
        last["status"], last["decided_at"] = "accepted", decided
        last["valid_until"] = max(last["valid_until"], decided.date())
    elif plan.stage == "lost":
        if plan.lost_reason == "No response":
            # Closed without an answer: expired by then, else closing the lead withdrew it.
            last["status"] = "expired" if last["valid_until"] < decided.date() else "withdrawn"
            last["decided_at"] = None if last["status"] == "expired" else decided
        else:
            last["status"], last["decided_at"] = "rejected", decided
            last["rejection_reason"] = words(plan.lost_reason)
    elif last["valid_until"] < clock.today:
        last["status"] = "expired"  # as the nightly expiry job would have marked it


def _offer(rng: random.Random, plan, employees: int | None, created: datetime,
           sent: datetime | None, status: str, user: int, words: Words, discount: int = 0) -> dict:
    lines = lines_for(rng, plan.products, employees, words, discount)
    net, tax, gross = totals(lines)
    valid_from = (sent or created).date()
    return {"_plan": plan, "_lines": lines, "_previous": None, "revision": 1, "status": status,
            "valid_until": valid_from + timedelta(days=VALIDITY_DAYS), "terms": words(TERMS),
            "customer_note": words("Thank you for the good conversation. We look forward to working with you.")
            if rng.random() < 0.3 else None,
            "total_net": net, "total_tax": tax, "total_gross": gross, "sent_at": sent,
            "decided_at": None, "rejection_reason": None, "created_by_id": user,
            "created_at": created}


def invoice_for(rng: random.Random, plan, accountant: int, clock: Clock, words: Words) -> None:
    """The debtor's invoice from the accepted offer and what has been paid so far."""
    accepted = next(o for o in plan.offers if o["status"] == "accepted")
    issued = plan.t_invoice.date()
    due = issued + timedelta(days=30 if accepted["total_gross"] > 20000 else 14)
    gross = accepted["total_gross"]
    yesterday = clock.now.date()
    payments: list[tuple[Decimal, date]] = []
    roll = rng.random()
    if due < clock.today and roll < 0.75 or due >= clock.today and roll < 0.35:
        day = min(yesterday, issued + timedelta(days=rng.randint(3, (due - issued).days + 20)))
        if rng.random() < 0.15 and day > issued + timedelta(days=2):  # paid in two instalments
            part = cents(gross * Decimal(rng.choice((30, 40, 50))) / 100)
            middle = issued + (day - issued) / 2
            payments += [(part, middle), (gross - part, day)]
        else:
            payments.append((gross, day))
    elif roll < 0.87:
        part = cents(gross * Decimal(rng.randint(20, 70)) / 100)
        payments.append((part, min(yesterday, issued + timedelta(days=rng.randint(3, 25)))))
    paid = sum((a for a, _d in payments), Decimal("0"))
    status = "paid" if paid == gross else "partly_paid" if paid else "open"
    plan.invoice = {
        "_plan": plan, "_offer": accepted, "issued_on": issued, "due_on": due,
        "total_net": accepted["total_net"], "total_tax": accepted["total_tax"], "total_gross": gross,
        "status": status, "amount_paid": paid, "created_at": plan.t_invoice,
        "updated_at": max([plan.t_invoice] + [morning_of(d) for _a, d in payments]),
        "_payments": [{"amount": a, "paid_on": d, "recorded_by_id": accountant,
                       "note": words("Bank transfer" if len(payments) == 1 else "Instalment")}
                      for a, d in payments],
    }


def morning_of(day: date) -> datetime:
    """When a payment entered the books: the morning of its day."""
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
