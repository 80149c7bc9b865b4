"""The target group's live count over 100,000 contacts (printed, not asserted).

    .venv/bin/python benchmarks/target_group_count.py [--database-url URL [--reuse]] [--contacts 100000] [--runs 30]

Without --database-url a SQLite file in a temporary folder; with a PostgreSQL URL (its own database:
the tables are dropped and rebuilt) the same on PostgreSQL. The CRM comes from app_data.fill (two
leads per contact), then contacts get a country, a postcode, consent and a custom number field.
Times the count (matching and skipped for consent, one query) of typical groups and of the
builder's first rows. Goal: p50 under 100 ms on both.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import bindparam  # noqa: E402

from app_data import analyze, fill  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.config import TestConfig  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Contact, CustomField  # noqa: E402
from webapp.target_groups.criteria import Group, read_rule  # noqa: E402
from webapp.target_groups.fields import available_fields  # noqa: E402
from webapp.target_groups.services import counts, preview  # noqa: E402

COUNTRIES = ["Germany"] * 6 + ["Austria", "Switzerland", "France", None]
GROUPS = {
    "industry + size + custom number": ("all", [("industry", "equals", "Manufacturing", None, None),
                                                ("size", "at_least", "10-49", None, None),
                                                ("contact.budget", "between", None, "5000", None)]),
    "country + postcode range + lead source": ("all", [("country", "equals", "Germany", None, None),
                                                       ("postcode", "between", None, "30000", "59999"),
                                                       ("source", "equals", "trade_fair", None, None)]),
    "any of: custom number, stage": ("any", [("contact.budget", "between", None, "9000", None),
                                             ("stage", "equals", "customer", None, None)]),
}


def build(n_contacts: int) -> None:
    db.drop_all()
    db.create_all()
    started = time.perf_counter()
    fill(n_contacts * 2, with_activities=False)  # app_data makes one contact per two leads
    db.session.add(CustomField(entity="contact", key="budget", label="Budget", type="number", options=[]))
    rng = random.Random(3)
    rows = [{"key": i, "country": rng.choice(COUNTRIES), "postal_code": f"{rng.randint(1000, 99999):05d}",
             "consent": rng.choice(["unknown"] * 6 + ["yes"] * 3 + ["no"]), "dnc": rng.random() < 0.03,
             "custom": {"budget": rng.randint(0, 10000)} if rng.random() < 0.8 else {}}
            for i in range(1, n_contacts + 1)]
    table = Contact.__table__
    db.session.execute(table.update().where(table.c.id == bindparam("key")).values(
        country=bindparam("country"), postal_code=bindparam("postal_code"), marketing_consent=bindparam("consent"),
        do_not_contact=bindparam("dnc"), custom=bindparam("custom")), rows)
    db.session.commit()
    analyze()
    print(f"{db.engine.dialect.name}: {n_contacts:,} contacts, {n_contacts * 2:,} leads built in "
          f"{time.perf_counter() - started:.0f} s")


def _ms(times: list[float], cpu: list[float]) -> str:
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    return f"p50 {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms (CPU p50 {statistics.median(cpu) * 1000:.0f} ms)"


def _timed(call, times: list[float], cpu: list[float]):
    started, started_cpu = time.perf_counter(), time.process_time()
    result = call()
    times.append(time.perf_counter() - started)
    cpu.append(time.process_time() - started_cpu)
    return result


def time_groups(runs: int) -> None:
    fields = available_fields()
    for label, (match, rules) in GROUPS.items():
        group = Group(match, [read_rule(fields[key], op, value, low, high) for key, op, value, low, high in rules])
        count, count_cpu, shown, shown_cpu = [], [], [], []
        for _ in range(runs + 2):
            matching, skipped = _timed(lambda: counts(group, fields), count, count_cpu)
            _timed(lambda: preview(group, fields), shown, shown_cpu)
            db.session.rollback()  # each run in a fresh transaction, as each request is
        # The first runs warm caches. CPU time of this process (with SQLite the database's work too)
        # is what a loaded machine inflates least; the load average says how loaded it was.
        print(f"{label}: {matching - skipped:,} in the group, {skipped:,} skipped for consent\n"
              f"  count {_ms(count[2:], count_cpu[2:])}; count + first rows {_ms(shown[2:], shown_cpu[2:])}; "
              f"{runs} runs, load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="time the database built by an earlier run (PostgreSQL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.sqlite"

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = url

        app = create_app(Config)
        with app.test_request_context():
            if not (args.reuse and args.database_url):
                build(args.contacts)
            time_groups(args.runs)
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
