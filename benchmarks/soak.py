"""Soak run: mixed reads and writes from many clients against gunicorn, then look for every write.

    .venv/bin/python benchmarks/soak.py [--database-url URL] [--seconds 60] [--clients 16]

Without --database-url it runs on a fresh SQLite file; with a PostgreSQL URL it empties that
database's public schema first (give it a database of its own). The database is migrated as
`make run` does, filled with the demo business, and a model is trained, so every save is scored.
Two gunicorn sync workers serve it; the clients run in a second process (benchmarks/soak_load.py).

Prints requests/s, p50/p99, responses by status, and how many acknowledged writes (a note logged,
a lead saved, an API intake answered 201) are found in the database afterwards. Goal: no response
of 4xx/5xx and every acknowledged write found.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from sqlalchemy import func, select, text  # noqa: E402

from gunicorn_server import serve  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

PASSWORD = "soak-password-long-enough"


def settings(url: str, folder: Path) -> dict:
    return {"DATABASE_URL": url, "MODEL_DIR": str(folder / "models"), "LEADFLOW_INSTANCE": str(folder),
            "SECRET_KEY": secrets.token_hex(32), "LEADFLOW_SCHEDULER": "off", "LEADFLOW_ENV": "development"}


def prepare(env: dict, scale: float) -> dict:
    """Migrate, load the demo business, train; returns what the clients need to sign in."""
    from flask_migrate import upgrade

    from webapp.api.auth import create_token
    from webapp.demo import load_demo
    from webapp.jobs import create_job, run_job
    from webapp.models import Lead, User
    from webapp.scoring.training import retrain

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "MODEL_DIR": Path(env["MODEL_DIR"]),
                      "SCHEDULER": "off", "JOBS_IN_BACKGROUND": False})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        summary = load_demo(seed=11, password=PASSWORD, scale=scale)
        job = run_job(create_job("retrain").id, retrain)
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        lead_ids = list(db.session.scalars(select(Lead.id).where(Lead.stage.in_(("lead", "prospect"))).order_by(Lead.id)))
        plan = {"email": admin.email, "password": PASSWORD, "token": create_token(admin, "soak"), "lead_ids": lead_ids}
        print(f"database: {db.engine.dialect.name}, {summary.leads:,} leads ({len(lead_ids):,} open); {job.message}")
        db.session.remove()
        db.engine.dispose()
    return plan


def found_afterwards(env: dict, acknowledged: list[dict]) -> Counter:
    """Each acknowledged write looked up in the database: found or missing, by kind."""
    from webapp.models import Activity, Contact, Lead

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SCHEDULER": "off"})
    tally: Counter = Counter()
    last_edit = {a["lead_id"]: a["marker"] for a in acknowledged if a["kind"] == "edit"}  # acknowledged in order per client
    with app.app_context():
        notes = set(db.session.scalars(select(Activity.body).where(Activity.body.like("soak-%"))))
        steps = dict(db.session.execute(select(Lead.id, Lead.next_step).where(Lead.id.in_(list(last_edit) or [0]))).all())
        intakes = set(db.session.scalars(select(Contact.last_name).where(Contact.first_name == "Soak")))
        intake_leads = db.session.scalar(select(func.count(Lead.id)).join(Contact, Lead.contact_id == Contact.id)
                                         .where(Contact.first_name == "Soak"))
        for a in acknowledged:
            if a["kind"] == "note":
                tally["note " + ("found" if a["marker"] in notes else "missing")] += 1
            elif a["kind"] == "intake":
                tally["intake " + ("found" if a["marker"] in intakes else "missing")] += 1
        for lead_id, marker in last_edit.items():
            tally["edit " + ("found" if steps.get(lead_id) == marker else "missing")] += 1
        tally["intake leads in the database"] = intake_leads
    return tally


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="PostgreSQL URL of a database the run may empty")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--scale", type=float, default=0.5, help="size of the demo business")
    parser.add_argument("--port", type=int, default=5111)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="leadflow-soak-"))
    url = args.database_url or f"sqlite:///{folder / 'soak.sqlite'}"
    env = settings(url, folder)
    plan = prepare(env, args.scale)
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan))
    server = serve("webapp:create_app()", args.port, env)
    try:
        out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "soak_load.py"), f"http://127.0.0.1:{args.port}",
                              str(args.seconds), str(args.clients), str(plan_file)],
                             capture_output=True, text=True, check=True)
    finally:
        server.terminate()
        server.wait(30)
    run = json.loads(out.stdout)
    tally = found_afterwards(env, run["acknowledged"])
    errors = {status: n for status, n in run["statuses"].items() if not status.isdigit() or int(status) >= 400}
    missing = sum(n for key, n in tally.items() if key.endswith("missing"))
    print(f"{args.clients} clients, {run['seconds']:.0f} s, 2 gunicorn workers on {url.split(':')[0]}: "
          f"{run['requests'] / run['seconds']:.1f} req/s, p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms")
    print(f"responses by status: {run['statuses']}")
    print(f"errors by status: {errors or 'none'}")
    for failure in run["failures"]:
        print(f"  {failure}")
    expected = sum(a["kind"] != "edit" for a in run["acknowledged"]) + len({a["lead_id"] for a in run["acknowledged"] if a["kind"] == "edit"})
    print(f"acknowledged writes (a lead's edits once, its last saved value): {expected}; found afterwards: "
          f"{sum(n for k, n in tally.items() if k.endswith('found'))}, missing: {missing} ({dict(tally)})")
    ok = not errors and missing == 0
    print("goal met: no errors, nothing lost" if ok else "goal missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
