"""A large synthetic CRM in a SQLite file, inserted with Core for speed (benchmarks only)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, text

from webapp.extensions import db
from webapp.models import Activity, Contact, Lead, Organization, User

SOURCES = ["campaign", "mailing", "trade_fair", "advertisement", "referral", "web_form", "cold_call", "partner"]
INDUSTRIES = ["Manufacturing", "Retail", "Logistics", "Healthcare", "IT services", "Construction"]
ANSWERS = {"budget": ["confirmed", "planned", "none", None], "authority": ["decision_maker", "influencer", "none", None],
           "need": ["urgent", "identified", "none", None], "timeline": ["within_3_months", "within_12_months", "later", None],
           "reaction": ["enthusiastic", "reserved", "sceptical", None]}
EFFECT = {"confirmed": 0.8, "decision_maker": 0.6, "urgent": 0.7, "within_3_months": 0.5, "enthusiastic": 0.5,
          "none": -0.7, "later": -0.4, "sceptical": -0.5, "referral": 0.8, "trade_fair": 0.4, "cold_call": -0.6}


def fill(n_leads: int, seed: int = 0, password_hash: str = "", with_activities: bool = True) -> dict:
    """Users, organizations, contacts and n_leads leads (about 60 % closed, outcome with signal);
    about five activities per lead unless the caller writes its own."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    users = [{"id": i + 1, "email": f"{role}{i}@bench.example", "name": f"{role.title()} {i}", "role": role,
              "password_hash": password_hash, "is_active_user": True}
             for i, role in enumerate(["admin", "marketing", "sales", "sales", "sales", "service", "accounting"])]
    db.session.execute(insert(User.__table__), users)
    n_orgs, n_contacts = max(n_leads // 20, 10), max(n_leads // 2, 10)
    db.session.execute(insert(Organization.__table__), [
        {"id": i + 1, "name": f"Company {i}", "industry": rng.choice(INDUSTRIES), "employees": int(rng.lognormvariate(3, 1.2)),
         "territory": rng.choice(["North", "South", "East", "West"]), "created_at": now, "updated_at": now}
        for i in range(n_orgs)])
    db.session.execute(insert(Contact.__table__), [
        {"id": i + 1, "organization_id": rng.randint(1, n_orgs), "first_name": f"First{i}", "last_name": f"Last{i}",
         "email": f"c{i}@bench.example", "custom": {}, "scoring_opt_out": False, "created_at": now, "updated_at": now}
        for i in range(n_contacts)])
    sales_ids = [u["id"] for u in users if u["role"] == "sales"]
    rows, batch = 0, []
    for i in range(n_leads):
        answers = {q: rng.choice(options) for q, options in ANSWERS.items()}
        source = rng.choice(SOURCES)
        logit = -0.3 + sum(EFFECT.get(v, 0) for v in (*answers.values(), source)) + rng.gauss(0, 1.0)
        created = now - timedelta(days=rng.uniform(1, 700))
        closed = rng.random() < 0.6
        won = rng.random() < 1 / (1 + 2.718281828 ** -logit)
        stage = ("customer" if won else "lost") if closed else rng.choice(["lead", "prospect"])
        furthest = "prospect" if stage == "lost" and rng.random() < 0.5 else stage.replace("lost", "lead")
        batch.append({"id": i + 1, "contact_id": rng.randint(1, n_contacts), "title": f"Project {i}", "stage": stage,
                      "furthest_stage": furthest, "owner_id": rng.choice(sales_ids), "source": source, "expected_value": round(rng.lognormvariate(9, 1), 2),
                      **answers, "handoff_count": 1, "version": 1, "is_sales_opportunity": False,
                      "due_at": now + timedelta(hours=rng.uniform(-48, 72)) if not closed else None,
                      "closed_at": created + timedelta(days=rng.uniform(5, 90)) if closed else None,
                      "created_at": created, "updated_at": created})
        if len(batch) == 5000:
            db.session.execute(insert(Lead.__table__), batch)
            rows, batch = rows + len(batch), []
    if batch:
        db.session.execute(insert(Lead.__table__), batch)
    if with_activities:
        _activities(rng, n_leads, n_contacts, now)
    db.session.commit()
    return {"users": users, "leads": n_leads}


def _activities(rng: random.Random, n_leads: int, n_contacts: int, now: datetime) -> None:
    """About five activities per lead, some of them the notice an offer goes out with."""
    kinds = ("call", "call", "email", "meeting", "note", "material_sent", "stage_change")
    batch, next_id = [], 1
    for lead_id in range(1, n_leads + 1):
        for _ in range(rng.randint(1, 9)):
            kind = rng.choice(kinds)
            notice = kind == "email" and rng.random() < 0.3
            at = now - timedelta(days=rng.uniform(0, 700))
            batch.append({"id": next_id, "contact_id": rng.randint(1, n_contacts), "lead_id": lead_id, "kind": kind,
                          "occurred_at": at, "created_at": at, "details": {"event": "offer_sent"} if notice else None})
            next_id += 1
        if len(batch) >= 20000:
            db.session.execute(insert(Activity.__table__), batch)
            batch = []
    if batch:
        db.session.execute(insert(Activity.__table__), batch)


def analyze() -> None:
    """Table statistics (and on PostgreSQL the visibility map) as autovacuum would leave them after a
    bulk fill, so the planner sees the data the timings run on."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
