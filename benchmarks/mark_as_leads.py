"""Marking 10,000 members of one campaign as leads, as one batch (figures, not assertions).

    .venv/bin/python benchmarks/mark_as_leads.py [--members 10000] [--database-url URL]

Without --database-url a SQLite file in a temporary folder; with a PostgreSQL URL its own database
(emptied!). A campaign gets the members, a few of them do-not-contact or with an open lead from it
already; an admin marks all of them through the pages (the preview, then "Create N leads"), so the
leads go round the marketing team. Prints the seconds of the preview and of the commit (the plan
worked out again, the leads with their history, field history, members and scores, in one
transaction), then of reverting the batch.
"""

import argparse
import re
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Campaign, CampaignMember, Contact, Lead, LeadBatch, User  # noqa: E402


def fill(members: int) -> int:
    now = datetime.now(timezone.utc)
    users = [{"id": 1, "email": "admin@bench.example", "name": "Admin", "role": "admin"}] + [
        {"id": n, "email": f"m{n}@bench.example", "name": f"Marketing {n}", "role": "marketing"} for n in (2, 3, 4)]
    db.session.execute(insert(User.__table__), [{**u, "password_hash": "", "is_active_user": True} for u in users])
    db.session.execute(insert(Campaign.__table__), [{"id": 1, "name": "Spring fair", "channel": "trade_fair",
                                                     "status": "active", "criteria": {}, "created_at": now,
                                                     "updated_at": now}])
    contacts = [{"id": i, "first_name": f"First{i}", "last_name": f"Last{i}", "email": f"c{i}@bench.example",
                 "custom": {}, "scoring_opt_out": False, "do_not_contact": i % 500 == 0,
                 "marketing_consent": "unknown", "created_at": now, "updated_at": now}
                for i in range(1, members + 1)]
    with_lead = [i for i in range(1, members + 1) if i % 700 == 1]
    for start in range(0, members, 5000):
        db.session.execute(insert(Contact.__table__), contacts[start:start + 5000])
    db.session.execute(insert(Lead.__table__), [
        {"contact_id": i, "title": "Asked at the booth", "stage": "lead", "furthest_stage": "lead", "campaign_id": 1,
         "owner_id": 2, "handoff_count": 1, "created_at": now, "updated_at": now} for i in with_lead])
    db.session.execute(insert(CampaignMember.__table__), [
        {"campaign_id": 1, "contact_id": i, "status": "targeted", "added_at": now} for i in range(1, members + 1)])
    db.session.commit()
    return len(with_lead)


def fields(page: str) -> dict[str, list[str]]:
    form = page[page.index('id="batch-form"'):page.index("</form>", page.index('id="batch-form"'))]
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        found.setdefault(name, []).append(value)
    return {**found, "title": ["Spring fair"], "campaign_id": ["1"], "source": ["campaign"]}


def measure(members: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.sqlite",
                          "SECRET_KEY": "bench", "SCHEDULER": "off", "LEADFLOW_INSTANCE": folder,
                          "JOBS_IN_BACKGROUND": False, "WTF_CSRF_ENABLED": False, "MODEL_DIR": Path(folder) / "models"})
        with app.app_context():
            db.drop_all()
            db.create_all()
            open_leads = fill(members)
            db.session.remove()
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = "1:1", True
            started = time.perf_counter()
            shown = client.post("/lead-batches/preview", data={"members_of": 1, "scope": "all"})
            previewed = time.perf_counter() - started
            assert shown.status_code == 200, shown.status_code
            started, cpu = time.perf_counter(), time.process_time()
            created = client.post("/lead-batches/create", data=fields(shown.get_data(as_text=True)))
            committed, committed_cpu = time.perf_counter() - started, time.process_time() - cpu
            assert created.status_code == 302, created.get_data(as_text=True)[:2000]
            batch = db.session.scalar(select(LeadBatch))
            scored = db.session.scalar(select(func.count()).select_from(Lead).where(Lead.scored_at.is_not(None),
                                                                                  Lead.title == "Spring fair"))
            print(f"{members:,} members ({open_leads} with an open lead, {members // 500} do-not-contact): "
                  f"preview {previewed:.2f} s; create {committed:.2f} s (CPU {committed_cpu:.2f} s) for one batch of "
                  f"{batch.created_count:,} leads, {batch.skipped_count} skipped, {scored:,} scored")
            started = time.perf_counter()
            client.post(f"/lead-batches/{batch.id}/revert")
            reverted = time.perf_counter() - started
            db.session.expire_all()
            left = db.session.scalar(select(func.count()).select_from(Lead))
            print(f"revert {reverted:.2f} s; {left} leads left (the {open_leads} that were there before)")
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bench (emptied!)")
    arguments = parser.parse_args()
    measure(arguments.members, arguments.database_url)
