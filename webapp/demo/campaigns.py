"""Campaigns with their channels and target groups, and the contacts each one reached."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from webapp.demo import vocab
from webapp.demo.clock import UTC, Clock, between, office
from webapp.demo.words import Words


# How each campaign reached people (the words in its description) → the channel it is filed under,
# and what a campaign on that channel is budgeted at.
CHANNEL = {"mailing": "mailing", "webinar": "event", "phone": "trade_fair", "email": "web",
           "social": "advertisement", "event": "event"}
BUDGET = {"mailing": Decimal("6500"), "event": Decimal("3800"), "trade_fair": Decimal("18000"),
          "web": Decimal("2400"), "advertisement": Decimal("5200")}


def _cost(budget: Decimal, n: int, starts, ends, today) -> Decimal | None:
    """Spent so far: nothing entered before the start, a share of the budget while it runs, and
    at the end between 85 % and 105 % of it (the same for the same campaign, no random draw)."""
    if starts > today:
        return None
    share = Decimal("0.85") + Decimal("0.05") * (n % 5)
    if ends >= today:
        share *= Decimal((today - starts).days + 1) / Decimal((ends - starts).days + 1)
    return (budget * share).quantize(Decimal("0.01"))


def campaigns(rng: random.Random, clock: Clock, marketing_ids: list[int], words: Words) -> list[dict]:
    rows = []
    for n, (name, how, offset, length, industries) in enumerate(vocab.CAMPAIGNS, start=1):
        starts = clock.today - timedelta(days=offset)
        ends = starts + timedelta(days=length)
        status = "planned" if starts > clock.today else "active" if ends >= clock.today else "done"
        channel = CHANNEL[how]
        created = office(rng, min(clock.now, clock.days_ago(offset + 20)))
        kind, sectors = words(f"{how.title()} campaign"), [words(i) for i in industries]
        description = (words("{campaign} for {industries}.").format(campaign=kind, industries=", ".join(sectors))
                       if sectors else words("{campaign} for all customers.").format(campaign=kind))
        rows.append({
            "id": n, "name": words(name).format(year=starts.year), "channel": channel,
            "description": description,
            "criteria": {"match": "any", "rules": [{"field": "industry", "op": "equals", "value": sector}
                                                   for sector in sectors]} if sectors else {},
            "starts_on": starts, "ends_on": ends, "status": status,
            "budget": BUDGET[channel], "actual_cost": _cost(BUDGET[channel], n, starts, ends, clock.today),
            "owner_id": marketing_ids[n % len(marketing_ids)],
            "created_by_id": marketing_ids[n % len(marketing_ids)],
            "created_at": created, "updated_at": created,
        })
    return rows


def targets(campaign: dict, contacts: list[dict], orgs: list[dict]) -> list[int]:
    """Indexes of the contacts the campaign's target-group filter selects."""
    wanted = {rule["value"] for rule in campaign["criteria"].get("rules", ())}
    return [k for k, c in enumerate(contacts)
            if c["_org"] is not None and (not wanted or orgs[c["_org"]]["industry"] in wanted)]


def window(campaign: dict, clock: Clock) -> tuple[datetime, datetime] | None:
    """When responses to a campaign arrive: from its start until three weeks after its end."""
    lo = datetime.combine(campaign["starts_on"], time(8, 30), UTC)
    hi = min(clock.now, lo + timedelta(days=(campaign["ends_on"] - campaign["starts_on"]).days + 21))
    return (lo, hi) if lo < hi else None


def members(rng: random.Random, campaign_rows: list[dict], contacts: list[dict], orgs: list[dict],
            plans: list, clock: Clock, scale: float) -> list[dict]:
    """Contacts who became leads through a campaign plus those it reached without a lead."""
    rows = []
    for campaign in campaign_rows:
        span = window(campaign, clock)
        added = span[0] - timedelta(days=3) if span else clock.now - timedelta(days=2)
        seen = set()
        for plan in plans:
            if plan.campaign == campaign["id"]:
                seen.add(plan.contact)
                rows.append(_member(campaign, plan.contact, "lead", plan, added))
        pool = [k for k in targets(campaign, contacts, orgs) if k not in seen]
        extra = min(len(pool), round(rng.randint(30, 70) * scale))
        for k in sorted(rng.sample(pool, extra)):
            # reached once the campaign has started; a quarter of them answered
            status = "targeted" if span is None else "contacted" if rng.random() < 0.75 else "responded"
            rows.append(_member(campaign, k, status, None, added))
    return rows


def _member(campaign: dict, contact: int, status: str, plan, added: datetime) -> dict:
    return {"campaign_id": campaign["id"], "_contact": contact, "status": status,
            "_plan": plan, "added_at": added}


def contact_entries(rng: random.Random, member_rows: list[dict], campaign_rows: list[dict],
                    clock: Clock, words: Words) -> list[dict]:
    """History without a lead: replies from members who did not become leads (yet)."""
    by_id = {c["id"]: c for c in campaign_rows}
    rows = []
    for m in member_rows:
        campaign = by_id[m["campaign_id"]]
        if m["status"] != "responded":
            continue
        replied = between(rng, m["added_at"] + timedelta(days=3), m["added_at"] + timedelta(days=20))
        if replied <= clock.now:
            rows.append({"_contact": m["_contact"], "_plan": None, "kind": "email",
                         "subject": f"{words('Reply to campaign')}: {campaign['name']}",
                         "body": words(rng.choice(("Interested, but not this year.", "Asked to stay on the list.",
                                                   "Forwarded to a colleague.", "Wants the webinar recording."))),
                         "occurred_at": replied, "user_id": campaign["created_by_id"],
                         "material_id": None, "details": None})
    return rows
