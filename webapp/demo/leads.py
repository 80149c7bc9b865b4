"""Lead plans: where each lead came from, what became of it, when, and who owned it meanwhile."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from webapp.demo import campaigns as campaign_mod
from webapp.demo import people, vocab
from webapp.demo.clock import Clock, between, lognormal_days, office
from webapp.demo.outcome import Qualification, qualify
from webapp.demo.words import Words

STALL_SHARE = 0.5  # leads that stop moving before any decision: nurtured or forgotten
CLEANUP_SHARE = 0.5  # forgotten leads that somebody closes after months of silence
REPEAT_SHARE = 0.15  # contacts without a lead of their own; further leads go to returning contacts
INBOUND = ("web_form", "campaign", "trade_fair", "referral", "mailing", "advertisement", "partner")


@dataclass
class LeadPlan:
    contact: int
    org: int | None
    source: str
    campaign: int | None
    t0: datetime
    title: str
    products: tuple[str, ...]
    q: Qualification
    employees: int | None = None
    stage: str = "lead"
    won: bool = False
    t_offer: datetime | None = None  # first offer sent: lead becomes prospect
    t_decide: datetime | None = None  # offer accepted, or lead lost
    t_invoice: datetime | None = None
    closed_at: datetime | None = None
    work_end: datetime | None = None  # last moment anybody worked on it
    lost_reason: str | None = None
    untouched: bool = False  # arrived in the last days, nobody has acted yet
    owners: list[tuple[datetime, int, str, int]] = field(default_factory=list)  # at, user, role, actor
    partner: int | None = None
    partner_at: datetime | None = None
    offers: list[dict] = field(default_factory=list)
    invoice: dict | None = None
    answers: dict[str, str | None] = field(default_factory=dict)  # BANT and reaction as known now
    answer_changes: list[tuple] = field(default_factory=list)  # at, user, field, old, new
    id: int = 0

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def owner_at(self, t: datetime) -> tuple[int, str]:
        current = self.owners[0]
        for entry in self.owners:
            if entry[0] <= t:
                current = entry
        return current[1], current[2]


def plan_leads(rng: random.Random, clock: Clock, n: int, contacts: list[dict], orgs: list[dict],
               campaign_rows: list[dict], staff: list[dict], words: Words) -> list[LeadPlan]:
    sources = [s for s, _share, _e in vocab.SOURCES]
    shares = [share for _s, share, _e in vocab.SOURCES]
    windows = [(c, w) for c in campaign_rows if (w := campaign_mod.window(c, clock))]
    reached = {c["id"]: campaign_mod.targets(c, contacts, orgs) for c, _w in windows}
    used: dict[int, set[int]] = {c["id"]: set() for c, _w in windows}
    pool = list(range(len(contacts)))
    rng.shuffle(pool)
    first_timers = max(1, int((1 - REPEAT_SHARE) * len(pool)))
    fresh = 0
    plans = []
    for _ in range(n):
        source, campaign = rng.choices(sources, shares)[0], None
        if source == "campaign" and windows:
            c, (lo, hi) = rng.choices(windows, [(w[1] - w[0]).days + 1 for _c, w in windows])[0]
            candidates = [k for k in reached[c["id"]] if k not in used[c["id"]]]
            if candidates:
                contact, campaign, t0 = rng.choice(candidates), c["id"], between(rng, lo, hi)
                used[campaign].add(contact)
        if campaign is None:
            source = "web_form" if source == "campaign" else source
            if fresh < first_timers:
                contact, fresh = pool[fresh], fresh + 1
            else:  # loyal customers come back more often than others
                contact = pool[int(first_timers * rng.random() ** 1.6)]
            t0 = _arrival(rng, clock)
        org_index = contacts[contact]["_org"]
        org = orgs[org_index] if org_index is not None else {}
        title, products = rng.choice(vocab.PROJECTS)
        q = qualify(rng, source, org.get("_industry"), org.get("employees"),
                    people.decision_maker_chance(contacts[contact]["_function"]))
        plan = LeadPlan(contact, org_index, source, campaign, t0, words(title), products, q,
                        org.get("employees"))
        _lifecycle(rng, plan, clock)
        plans.append(plan)
    plans.sort(key=lambda p: p.t0)
    _assign_owners(rng, plans, staff, orgs, clock)
    return plans


def _arrival(rng: random.Random, clock: Clock) -> datetime:
    # More leads lately than two years ago: the business is growing.
    u = max(rng.random(), rng.random()) if rng.random() < 0.45 else rng.random()
    t = office(rng, clock.start + (clock.now - clock.start) * u)
    return t if t <= clock.now else clock.now - timedelta(hours=1 + 3 * rng.random())


def _after(rng: random.Random, t: datetime, base: datetime) -> datetime:
    """Office time near t, but strictly after base."""
    snapped = office(rng, t)
    return snapped if snapped > base else base + timedelta(minutes=30 + rng.randrange(90))


def _lifecycle(rng: random.Random, p: LeadPlan, clock: Clock) -> None:
    q = p.q
    p.won = rng.random() < q.p_win
    missing = sum(a is None for a in (q.budget, q.authority, q.need, q.timeline))
    disqualify = not p.won and rng.random() < 0.15 + 0.1 * missing
    if p.won:
        days, offered = lognormal_days(rng, 55, 0.55), True
    else:
        days = lognormal_days(rng, 14 if disqualify else 38, 0.7)
        offered = not disqualify and rng.random() < 0.8
    days = max(days, timedelta(days=1))
    t_offer = _after(rng, p.t0 + days * rng.uniform(0.3, 0.65), p.t0) if offered else None
    t_decide = _after(rng, p.t0 + days, t_offer or p.t0)
    # Weak leads are the ones that get forgotten.
    stalls = rng.random() < 2 * STALL_SHARE * (1 - q.p_win)
    stall_at = p.t0 + lognormal_days(rng, 30, 0.8) if stalls else None

    if stall_at is not None and stall_at < min(t_decide, clock.now):
        p.work_end = max(p.t0, min(clock.now, office(rng, stall_at)))
        cleanup = _after(rng, p.work_end + timedelta(days=rng.uniform(60, 150)), p.work_end)
        if cleanup <= clock.now and rng.random() < CLEANUP_SHARE:
            _close_forgotten(p, t_offer if t_offer and t_offer <= p.work_end else None, cleanup,
                             "No response" if rng.random() < 0.7 else "Timing")
            return
    elif t_decide > clock.now:
        p.work_end = clock.now
        p.untouched = (clock.now - p.t0 < timedelta(days=5) and p.source in INBOUND
                       and rng.random() < 0.5)
    else:
        _close(rng, p, t_offer, t_decide, disqualify, clock)
        return
    p.t_decide = t_decide  # kept for pacing the open lead's history, never shown
    if t_offer is not None and t_offer <= p.work_end and not p.untouched:
        p.stage, p.t_offer = "prospect", t_offer


def _close_forgotten(p: LeadPlan, t_offer: datetime | None, at: datetime, reason: str) -> None:
    """Months of silence: the owner closes the lead."""
    p.won, p.t_offer, p.t_decide, p.closed_at = False, t_offer, at, at
    p.stage, p.lost_reason = ("lost" if t_offer else "disqualified"), reason


def _close(rng: random.Random, p: LeadPlan, t_offer, t_decide: datetime, disqualify: bool,
           clock: Clock) -> None:
    p.t_offer, p.t_decide, p.work_end = t_offer, t_decide, t_decide
    if p.won:
        t_invoice = _after(rng, t_decide + timedelta(days=rng.uniform(2, 35)), t_decide)
        # Won means decided: closed_at is the acceptance, as in the lead lifecycle. Invoicing
        # later makes a debtor; those two entries are the only history after closed_at.
        p.stage, p.closed_at = "customer", t_decide
        if t_invoice <= clock.now and rng.random() < 0.92:
            p.stage, p.t_invoice = "debtor", t_invoice
        return
    p.stage, p.closed_at = ("disqualified" if disqualify else "lost"), t_decide
    reasons = (vocab.DISQUALIFY_REASONS if disqualify
               else vocab.LOST_OFFER_REASONS if t_offer else vocab.LOST_EARLY_REASONS)
    if p.q.calls + p.q.meetings == 0 and rng.random() < 0.3:
        p.lost_reason = "No response"  # nobody ever reached them
    else:
        p.lost_reason = rng.choices([r for r, _w in reasons], [w for _r, w in reasons])[0]


def _assign_owners(rng: random.Random, plans: list[LeadPlan], staff: list[dict], orgs: list[dict],
                   clock: Clock) -> None:
    """Marketing owns new leads, sales prospects, service customers, accounting debtors."""
    by_role: dict[str, list[int]] = {}
    for u in staff:
        by_role.setdefault(u["role"], []).append(u["id"])
    by_email = {u["email"]: u["id"] for u in staff}
    territory_rep = {u["territory"]: u["id"] for u in staff if u["role"] == "sales" and u["territory"]}
    former, admin = by_email[people.FORMER_EMAIL], by_email["admin@example.com"]
    left_at = office(rng, clock.days_ago(people.FORMER_LEFT_DAYS_AGO))
    partner = by_role["partner"][0]

    def active_reps(t: datetime) -> list[int]:
        return [r for r in by_role["sales"] if r != former or t < left_at]

    for k, p in enumerate(plans):
        marketer = by_role["marketing"][k % len(by_role["marketing"])]
        p.owners = [(p.t0, marketer, "marketing", marketer)]
        if p.t_offer is not None:
            reps = active_reps(p.t_offer)
            rep = territory_rep.get(orgs[p.org]["territory"] if p.org is not None else None)
            rep = rep if rep in reps and rng.random() < 0.8 else rng.choice(reps)
            p.owners.append((p.t_offer, rep, "sales", rep))
            end = p.t_decide if p.closed_at is not None else p.work_end
            if rep != former and end - p.t_offer > timedelta(days=12) and rng.random() < 0.07:
                at = between(rng, p.t_offer + timedelta(days=3), end - timedelta(days=3))
                p.owners.append((at, rng.choice([r for r in active_reps(at) if r != rep]), "sales", rep))
            if p.owners[-1][1] == former and (p.closed_at is None or p.t_decide > left_at):
                # His open leads went to colleagues on the day he left.
                p.owners.append((left_at, rng.choice(active_reps(left_at)), "sales", admin))
        if p.stage in ("customer", "debtor"):
            service = by_role["service"][k % len(by_role["service"])]
            p.owners.append((p.t_decide, service, "service", p.owner_at(p.t_decide)[0]))
        if p.stage == "debtor":
            accountant = by_role["accounting"][0]
            p.owners.append((p.t_invoice, accountant, "accounting", accountant))
        if p.is_open and not p.untouched and p.work_end - p.t0 > timedelta(days=3) and rng.random() < 0.05:
            p.partner = partner
            lo = max(p.t0 + timedelta(days=1), p.work_end - timedelta(days=40))
            p.partner_at = between(rng, lo, p.work_end)
