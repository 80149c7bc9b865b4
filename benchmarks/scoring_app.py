"""Scoring inside the app, each figure beside its bare reference measured in the same run.

    .venv/bin/python benchmarks/scoring_app.py [--leads 100000] [--seconds 10] [--folder DIR] [--only 1,2,3]

--folder keeps the database and model in DIR and reuses them on the next run (filling 100,000
leads and training take a few minutes); --only runs some of the measurements.

1. Full rescore of all open leads (`flask scoring rescore`'s path) vs the bare path: one raw SQL
   query of the same features through sqlite3, the same model's predict_proba, the same score
   columns written with one executemany in one transaction: goal at most 2x.
2. Rescoring on save: p99 of the lead save request with scoring vs with scoring switched off:
   goal at most 10 ms apart.
3. The lead list (50 rows, sorted by probability, filtered by stage) under gunicorn with two sync
   workers, load from a second process, vs a bare Flask view rendering the same 50 rows (the same
   cells, printed as stored) from one raw SQL query: goal at least 50 % of its requests/s and p99
   under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

import gunicorn_server  # noqa: E402
from app_data import fill  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.jobs import create_job, run_job  # noqa: E402

PASSWORD = "bench-password"


def make_app(folder: Path):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}", "MODEL_DIR": folder / "models",
                       "SECRET_KEY": "bench", "SCHEDULER": "off", "WTF_CSRF_ENABLED": False,
                       "LEADFLOW_INSTANCE": str(folder)})


# The features of every open lead as of now, in one query of the database's own SQL (no ORM, no
# app code): what the app's rescore reads, the reference it is measured against.
BARE_FEATURES = """
WITH acts AS (
  SELECT lead_id, SUM(kind = 'call') AS calls,
         SUM(kind = 'email' AND COALESCE(json_extract(details, '$.event'), '') <> 'offer_sent') AS emails,
         SUM(kind = 'meeting') AS meetings, SUM(kind = 'note') AS notes, SUM(kind = 'material_sent') AS materials_sent
  FROM activities WHERE occurred_at < :now GROUP BY lead_id),
sent AS (SELECT lead_id, COUNT(*) AS offers_sent FROM offers WHERE sent_at < :now GROUP BY lead_id)
SELECT l.id AS lead_id, l.source, cp.channel AS campaign_channel, COALESCE(c.industry, o.industry) AS industry,
       o.employees, o.territory, COALESCE(c.country, o.country) AS country, c.function, l.budget, l.authority,
       l.need, l.timeline, l.reaction, l.expected_value, CAST(strftime('%m', l.created_at) AS INTEGER) AS created_month,
       c.salutation, c.email, COALESCE(a.calls, 0) AS calls, COALESCE(a.emails, 0) AS emails,
       COALESCE(a.meetings, 0) AS meetings, COALESCE(a.notes, 0) AS notes,
       COALESCE(a.materials_sent, 0) AS materials_sent, COALESCE(s.offers_sent, 0) AS offers_sent, l.stage,
       MAX(julianday(:now) - julianday(l.created_at), 0) AS age_days
FROM leads l JOIN contacts c ON c.id = l.contact_id LEFT JOIN organizations o ON o.id = c.organization_id
LEFT JOIN campaigns cp ON cp.id = l.campaign_id LEFT JOIN acts a ON a.lead_id = l.id LEFT JOIN sent s ON s.lead_id = l.id
WHERE l.stage IN ('lead', 'prospect')
"""
BARE_UPDATE = ("UPDATE leads SET bant_points = ?, abc_class = ?, probability = ?, model_version = ?, score_factors = ?, "
               "is_sales_opportunity = ?, scored_at = ?, top_factor = ?, top_factor_weight = ? WHERE id = ?")


def bare_rescore(model, version: str, database: Path) -> float:
    """One raw SQL read of the features (sqlite3, not the app), the same model's predict_proba, and
    the same score columns written with one executemany in one transaction."""
    import sqlite3
    from datetime import datetime, timezone

    import pandas as pd

    start = time.perf_counter()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    connection = sqlite3.connect(database)
    try:
        frame = pd.read_sql_query(BARE_FEATURES, connection, params={"now": now})
        p = model.predict_proba(frame)
        grade = np.where(p >= 0.5, "A", np.where(p >= 0.2, "B", "C"))
        with connection:
            connection.executemany(BARE_UPDATE, [
                (0, str(g), float(v), version, None, bool(g == "A"), now, None, None, int(i))
                for i, v, g in zip(frame["lead_id"], p, grade)])
    finally:
        connection.close()
    return time.perf_counter() - start


def save_p99(client, lead_ids: list[int], n: int) -> tuple[float, float]:
    """Saves of the lead form, each on the lead's current edit version (read before the clock starts)."""
    from webapp.models import Lead

    times = []
    for i in range(n):
        lead_id = lead_ids[i % len(lead_ids)]
        with client.application.app_context():
            version = db.session.get(Lead, lead_id).version
        start = time.perf_counter()
        response = client.post(f"/leads/{lead_id}", data={"title": f"Project {lead_id}", "version": version,
                                                          "budget": "confirmed" if i % 2 else "planned"})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def measure_rescoring(app) -> dict:
    from webapp.scoring import registry
    from webapp.scoring.service import rescore_all

    with app.app_context():
        active = registry.active()
        bare = bare_rescore(active.model, active.version, Path(db.engine.url.database))
        start = time.perf_counter()
        count = rescore_all()
        full = time.perf_counter() - start
    return {"open_leads": count, "app_s": full, "bare_s": bare, "ratio": full / bare}


def measure_save(app) -> dict:
    from sqlalchemy import select

    from webapp.models import Lead, User
    from webapp.scoring import service

    with app.app_context():
        owner = db.session.scalar(select(User).where(User.role == "admin"))
        ids = list(db.session.scalars(select(Lead.id).where(Lead.stage == "lead").limit(200)))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()
        session["_fresh"] = True
    save_p99(client, ids, 30)  # warm up: model loaded, caches filled
    with_scoring = save_p99(client, ids, 400)
    original = service.rescore_leads
    service.rescore_leads = lambda lead_ids: 0  # scoring switched off (webapp.scoring.live calls it)
    try:
        without = save_p99(client, ids, 400)
    finally:
        service.rescore_leads = original
    return {"with_p50": with_scoring[0], "with_p99": with_scoring[1], "without_p50": without[0], "without_p99": without[1]}


def serve(folder: Path, module: str, port: int):
    return gunicorn_server.serve(module, port, {"BENCH_DB": str(folder / "bench.sqlite"),
                                                "BENCH_MODELS": str(folder / "models"), "LEADFLOW_SCHEDULER": "off"})


def load(url: str, seconds: float, cookie: str | None) -> dict:
    """Requests from a second process, so the load generator does not share the servers' GIL."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "http_load.py"), url, str(seconds), cookie or ""],
                         capture_output=True, text=True, check=True)
    rps, p50, p99 = (float(x) for x in out.stdout.split())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--folder", type=Path, help="keep (and reuse) the database and model here")
    parser.add_argument("--only", default="1,2,3", help="which measurements, e.g. 1,3")
    args = parser.parse_args()
    only = {int(x) for x in args.only.split(",")}
    folder = args.folder or Path(tempfile.mkdtemp(prefix="leadflow-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    reuse = (folder / "bench.sqlite").exists()
    app = make_app(folder)
    if reuse:
        print(f"database: reusing {folder}")
    else:
        build(app, folder, args.leads)
    ok = True
    if 1 in only:
        rescoring = measure_rescoring(app)
        print(f"1. rescore {rescoring['open_leads']:,} open leads: app {rescoring['app_s']:.2f} s, bare {rescoring['bare_s']:.2f} s, "
              f"ratio {rescoring['ratio']:.2f}x (goal <= 2x)")
        ok &= rescoring["ratio"] <= 2
    if 2 in only:
        save = measure_save(app)
        print(f"2. save request p99: with scoring {save['with_p99']:.1f} ms (p50 {save['with_p50']:.1f}), without {save['without_p99']:.1f} ms "
              f"(p50 {save['without_p50']:.1f}); apart {save['with_p99'] - save['without_p99']:.1f} ms (goal <= 10 ms)")
        ok &= save["with_p99"] - save["without_p99"] <= 10
    if 3 in only:
        listing = measure_list(folder, args.seconds)
        print(f"3. lead list: app {listing['app']['rps']:.0f} req/s p99 {listing['app']['p99_ms']:.0f} ms; bare {listing['bare']['rps']:.0f} req/s "
              f"p99 {listing['bare']['p99_ms']:.0f} ms; {listing['share']:.0%} of bare (goal >= 50 %, p99 < 100 ms)")
        ok &= listing["share"] >= 0.5 and listing["app"]["p99_ms"] < 100
    print("all goals met" if ok else "some goals missed")
    return 0 if ok else 1


def build(app, folder: Path, n_leads: int) -> None:
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        fill(n_leads, password_hash=generate_password_hash(PASSWORD))
        print(f"database: {n_leads:,} leads in {time.perf_counter() - start:.1f} s ({folder})")
        from webapp.scoring.training import retrain

        start = time.perf_counter()
        job = run_job(create_job("retrain").id, retrain)
        print(f"training: {job.message} ({time.perf_counter() - start:.1f} s)")


def measure_list(folder: Path, seconds: float) -> dict:
    app_server = serve(folder, "bench_wsgi:app", 5101)
    bare_server = serve(folder, "bench_wsgi:bare", 5102)
    try:
        cookie = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "http_load.py"), "login",
                                 "http://127.0.0.1:5101", "admin0@bench.example", PASSWORD],
                                capture_output=True, text=True, check=True).stdout.strip()
        app_list = load("http://127.0.0.1:5101/leads/?stage=lead&sort=probability&dir=desc&per=50", seconds, cookie)
        bare_list = load("http://127.0.0.1:5102/bare", seconds, None)
    finally:
        app_server.terminate()
        bare_server.terminate()
    return {"app": app_list, "bare": bare_list, "share": app_list["rps"] / bare_list["rps"]}


if __name__ == "__main__":
    sys.exit(main())
