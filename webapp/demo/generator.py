"""Generate the whole demo business as plain rows, deterministically from a seed; no database."""

import copy
import random
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from webapp.demo import answers, campaigns, commerce, history, leads, people, rows, vocab
from webapp.demo import marketing as marketing_data
from webapp.demo.clock import Clock, between
from webapp.demo.words import Words

ORGANIZATIONS, CONTACTS, LEADS = 600, 2000, 3000


@dataclass
class DemoData:
    """Rows per table, in the order they must be inserted."""

    users: list[dict]
    custom_fields: list[dict]
    organizations: list[dict]
    contacts: list[dict]
    lost_reasons: list[dict]
    materials: list[dict]
    products: list[dict]
    campaigns: list[dict]
    leads: list[dict]
    campaign_members: list[dict]
    offers: list[dict]
    offer_lines: list[dict]
    invoices: list[dict]
    payments: list[dict]
    number_sequences: list[dict]
    activities: list[dict]
    # When each lead answer became known (lead_id, field, old, new, at, by): field history only.
    lead_answers: list[dict] = field(default_factory=list, metadata={"table": False})
    # Settings rows (key, value) the business stores beside the defaults: its name, language, terms.
    settings: list[dict] = field(default_factory=list, metadata={"table": False})

    def tables(self) -> list[tuple[str, list[dict]]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self) if f.metadata.get("table", True)]


def generate(seed: int = 42, today: date | None = None, scale: float = 1.0, locale: str = "en") -> DemoData:
    """The business for a seed; `locale` changes its words, never its story (words.py)."""
    clock = Clock(today or date.today())
    words = Words(locale)

    def stream(name: str) -> random.Random:
        # One generator per part: changing how contacts are made leaves the campaigns alone.
        return random.Random(f"leadflow-demo:{seed}:{name}")

    def count(base: int) -> int:
        return max(1, round(base * scale))

    staff = people.users(clock, words)
    orgs = people.organizations(stream("organizations"), count(ORGANIZATIONS), clock, words)
    contacts = people.contacts(stream("contacts"), orgs, count(CONTACTS), clock, words)
    marketing = [u["id"] for u in staff if u["role"] == "marketing"]
    campaign_rows = campaigns.campaigns(stream("campaigns"), clock, marketing, words)
    plans = leads.plan_leads(stream("leads"), clock, count(LEADS), contacts, orgs, campaign_rows, staff, words)
    for n, plan in enumerate(plans, start=1):  # plans come sorted by arrival
        plan.id = n

    rng = stream("commerce")
    reps = [u["id"] for u in staff if u["role"] == "sales" and u["is_active_user"]]
    accountant = next(u["id"] for u in staff if u["role"] == "accounting")
    for plan in plans:
        commerce.offers_for(rng, plan, plan.employees, reps, clock, words)
        if plan.stage == "debtor":
            commerce.invoice_for(rng, plan, accountant, clock, words)
    offers = [o for p in plans for o in p.offers]
    invoices = [p.invoice for p in plans if p.invoice]
    sequences = (rows.number(offers, "offer", "A", lambda o: o["created_at"].year, lambda o: o["created_at"])
                 + rows.number(invoices, "invoice", "R", lambda i: i["issued_on"].year,
                               lambda i: i["created_at"]))
    offer_rows, line_rows = rows.offer_rows(offers)
    invoice_rows, payment_rows = rows.invoice_rows(invoices)

    rng = stream("history")
    names = {u["id"]: u["name"] for u in staff}
    campaign_names = {c["id"]: c["name"] for c in campaign_rows}
    materials = [(n, words(name)) for n, (name, _kind) in enumerate(vocab.MATERIALS, start=1)]
    sent: dict[int, set[int]] = {}
    acts_by_plan = []
    learning = stream("answers")
    for plan in plans:
        acts = history.lead_history(rng, plan, names, campaign_names, materials, sent, clock, words)
        answers.learn(learning, plan, acts, words)
        extra = history.partner_follow_up(rng, plan, clock, words)
        acts_by_plan.append(acts + ([extra] if extra else []))
    members = campaigns.members(stream("members"), campaign_rows, contacts, orgs, plans, clock, scale)
    loose = campaigns.contact_entries(stream("member-history"), members, campaign_rows, clock, words)

    _date_contacts(stream("dates"), contacts, orgs, plans, members, clock, marketing)
    marketing_data.consent(stream("consent"), contacts, clock)
    org_ids = rows.renumber(orgs)
    contact_ids = rows.renumber(contacts)
    reason_ids = {label: n for n, label in enumerate(vocab.LOST_REASONS, start=1)}
    lead_rows = rows.lead_rows(stream("leads-fields"), plans, acts_by_plan, contact_ids,
                               reason_ids, clock, words)
    activities = rows.activity_rows([a for acts in acts_by_plan for a in acts] + loose, contact_ids)
    rows.last_assignments(staff, plans)
    return DemoData(
        users=staff,
        custom_fields=marketing_data.custom_fields(words),
        organizations=sorted((rows.public(o) for o in orgs), key=lambda o: o["id"]),
        contacts=sorted((rows.public(c, organization_id=org_ids.get(c["_org"])) for c in contacts),
                        key=lambda c: c["id"]),
        lost_reasons=[{"id": n, "label": words(label), "active": True} for label, n in reason_ids.items()],
        materials=[{"id": n, "name": words(name), "kind": kind, "active": True}
                   for n, (name, kind) in enumerate(vocab.MATERIALS, start=1)],
        products=commerce.products(clock, words),
        campaigns=campaign_rows,
        leads=lead_rows,
        campaign_members=[rows.public(m, id=n, contact_id=contact_ids[m["_contact"]],
                                      lead_id=m["_plan"].id if m["_plan"] else None)
                          for n, m in enumerate(members, start=1)],
        offers=offer_rows, offer_lines=line_rows, invoices=invoice_rows, payments=payment_rows,
        number_sequences=[s | {"id": n} for n, s in enumerate(sequences, start=1)],
        activities=activities,
        lead_answers=[{"lead_id": p.id, "field": f, "old": old, "new": new, "at": at, "by": by}
                      for p in plans for at, by, f, old, new in p.answer_changes],
        settings=[{"key": key, "value": copy.deepcopy(value)} for key, value in words.settings().items()],
    )


def _date_contacts(rng: random.Random, contacts: list[dict], orgs: list[dict], plans, members,
                   clock: Clock, marketing: list[int]) -> None:
    """Contacts exist before their first lead or campaign; organizations before their contacts."""
    first_seen = {}
    for plan in plans:
        first_seen[plan.contact] = min(first_seen.get(plan.contact, plan.t0), plan.t0)
    for m in members:
        first_seen[m["_contact"]] = min(first_seen.get(m["_contact"], m["added_at"]), m["added_at"])
    for k, c in enumerate(contacts):
        org = orgs[c["_org"]] if c["_org"] is not None else None
        created = between(rng, org["created_at"] if org else clock.start, clock.now)
        if k in first_seen:
            created = min(created, first_seen[k] - timedelta(minutes=rng.randrange(5, 60 * 24 * 20)))
        c["created_at"] = c["updated_at"] = created
        c["created_by_id"] = marketing[k % len(marketing)]
        if org is not None and created < org["created_at"]:
            org["created_at"] = org["updated_at"] = created - timedelta(minutes=rng.randrange(1, 600))

