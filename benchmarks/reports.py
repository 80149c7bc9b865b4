"""Server time of /reports on 100,000 leads and 1,000,000 activities (printed, not asserted).

    .venv/bin/python benchmarks/reports.py [--database-url URL] [--leads 100000] [--per-lead 10] [--runs 20]

Without --database-url a SQLite file in a temporary folder; with a PostgreSQL URL (its own database:
the tables are dropped and rebuilt) the same on PostgreSQL. Goal: p50 under 300 ms on both.
With --folder (SQLite) or --reuse (PostgreSQL) a later run times the data an earlier run built.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import bindparam, insert, select  # noqa: E402

from app_data import analyze, fill  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.config import TestConfig  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Activity, Lead, User, WindowBreach  # noqa: E402
from webapp.reports import activity_days, lead_days  # noqa: E402

KINDS = ("call", "call", "email", "meeting", "note", "note", "material_sent", "stage_change", "handoff", "email")
CONTACT_KINDS = ("call", "email", "meeting")  # webapp.leads.first_contact: these, by a person
BATCH = 50_000  # rows per INSERT: executemany in big batches is most of the builder's speed


def activities(n_leads: int, per_lead: int, seed: int = 1) -> int:
    """per_lead activities on each lead, by its staff, after its creation, inserted in big Core
    batches; each lead's first contact (webapp.leads.first_contact) is worked out on the way."""
    rng = random.Random(seed)
    staff = list(db.session.scalars(select(User.id)))
    leads = db.session.execute(select(Lead.id, Lead.contact_id, Lead.created_at)).all()
    batch, first, next_id = [], [], 1
    for lead_id, contact_id, created in leads:
        first_contact = None
        for _ in range(per_lead):
            at = created + timedelta(hours=rng.expovariate(1 / 72))
            kind = rng.choice(KINDS)
            user_id = None if kind in ("stage_change", "handoff") else rng.choice(staff)
            batch.append({"id": next_id, "contact_id": contact_id, "lead_id": lead_id, "kind": kind,
                          "user_id": user_id, "occurred_at": at, "created_at": at})
            if kind in CONTACT_KINDS and user_id is not None and (first_contact is None or at < first_contact):
                first_contact = at
            next_id += 1
        if first_contact is not None:
            first.append({"lead": lead_id, "first": first_contact})
        if len(batch) >= BATCH:
            db.session.execute(insert(Activity.__table__), batch)
            batch = []
    if batch:
        db.session.execute(insert(Activity.__table__), batch)
    table = Lead.__table__
    db.session.execute(table.update().where(table.c.id == bindparam("lead"))
                       .values(first_contact_at=bindparam("first")), first)
    activity_days.rebuild(db.session)
    db.session.commit()
    return next_id - 1


def breaches(seed: int = 2) -> int:
    """One window in six passed before anyone acted (a third of those escalated), as the app keeps them."""
    rng = random.Random(seed)
    leads = db.session.execute(select(Lead.id, Lead.owner_id, Lead.created_at)).all()
    rows = []
    for lead_id, owner_id, created in leads:
        if rng.random() < 1 / 6:
            due = created + timedelta(hours=48)
            rows.append({"lead_id": lead_id, "stage": rng.choice(("lead", "prospect")), "owner_id": owner_id,
                         "due_at": due, "ended_at": due + timedelta(hours=rng.uniform(1, 96)),
                         "escalated_at": due + timedelta(hours=24) if rng.random() < 1 / 3 else None})
    db.session.execute(insert(WindowBreach.__table__), rows)
    db.session.commit()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--per-lead", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--folder", help="keep the SQLite database here and reuse it on the next run")
    parser.add_argument("--reuse", action="store_true", help="time the database built by an earlier run (PostgreSQL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.folder or scratch)
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        reuse = args.reuse or (args.folder and not args.database_url and (folder / "bench.sqlite").exists())

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = url

        app = create_app(Config)
        with app.app_context():
            if not reuse:
                build(args)
            admin = db.session.scalar(select(User).where(User.role == "admin"))
            admin_session = admin.get_id()
            db.session.remove()
        time_requests(app, admin_session, args.runs)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def build(args) -> None:
    db.drop_all()
    db.create_all()
    started = time.perf_counter()
    fill(args.leads, with_activities=False)
    count = activities(args.leads, args.per_lead)
    breached = breaches()
    table = Lead.__table__  # scores with signal enough for the win-rate figures
    db.session.execute(table.update().values(probability=(table.c.id % 100) / 100.0, handoff_count=table.c.id % 5))
    lead_days.rebuild(db.session)  # Core writes pass by the hook that keeps the counts per day
    db.session.commit()
    analyze()
    print(f"{db.engine.dialect.name}: {args.leads:,} leads, {count:,} activities, {breached:,} breaches built in "
          f"{time.perf_counter() - started:.0f} s")


def time_requests(app, admin_session: str, runs: int) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = admin_session, True
    for label, query in (("default 90 days", {}), ("one owner", {"owner": 3}), ("a year", {"from": "2025-12-01"})):
        times, cpu = [], []
        for _ in range(runs + 2):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get("/reports/", query_string=query)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, response.status_code
        times, cpu = sorted(times[2:]), sorted(cpu[2:])  # the first requests warm caches
        # CPU time of this process (with SQLite the database's work too) is what a loaded machine
        # inflates least; the load average says how loaded it was.
        p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
        print(f"/reports ({label}): p50 {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
              f"max {times[-1] * 1000:.0f} ms over {runs} requests; CPU p50 {statistics.median(cpu) * 1000:.0f} ms; "
              f"load average {os.getloadavg()[0]:.1f}")

if __name__ == "__main__":
    main()
