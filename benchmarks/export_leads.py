"""The lead export at 100,000 leads: seconds and peak memory, streamed CSV and write-only XLSX.

    .venv/bin/python benchmarks/export_leads.py [--leads 100000] [--folder DIR]

Fills a temporary SQLite database with Core inserts (benchmarks/app_data.py), then downloads
/export/leads.csv?stage=all and /export/leads.xlsx?stage=all through the test client as an admin,
reading the response piece by piece as a browser would. Each export runs twice: once timed, once
under tracemalloc for the peak of Python memory (which slows it down). Goal: CSV under 10 s.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from app_data import fill  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import User  # noqa: E402


def make_app(folder: Path):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}", "MODEL_DIR": folder / "models",
                       "SECRET_KEY": "bench", "SCHEDULER": "off", "WTF_CSRF_ENABLED": False,
                       "LEADFLOW_INSTANCE": str(folder)})


def download(client, url: str) -> tuple[float, int]:
    """Seconds until the last byte, and the bytes received."""
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, response.status_code
    size = sum(len(piece) for piece in response.response)
    response.close()
    return time.perf_counter() - start, size


def measure(client, url: str) -> dict:
    seconds, size = download(client, url)
    tracemalloc.start()
    download(client, url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "bytes": size, "peak": peak}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="leadflow-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    app = make_app(folder)
    with app.app_context():
        if not (folder / "bench.sqlite").exists() or not db.inspect(db.engine).has_table("leads"):
            db.create_all()
            start = time.perf_counter()
            fill(args.leads)
            print(f"database: {args.leads:,} leads in {time.perf_counter() - start:.1f} s ({folder})")
        admin_id = db.session.scalar(db.select(User).where(User.role == "admin")).get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = admin_id
        session["_fresh"] = True
    ok = True
    for fmt in ("csv", "xlsx"):
        figures = measure(client, f"/export/leads.{fmt}?stage=all")
        print(f"{fmt}: {figures['seconds']:.2f} s, {figures['bytes'] / 1e6:.1f} MB sent, "
              f"peak Python memory {figures['peak'] / 1e6:.1f} MB (tracemalloc)")
        if fmt == "csv":
            ok &= figures["seconds"] < 10
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (filling included)")
    print("goal met: CSV under 10 s" if ok else "goal missed: CSV took 10 s or more")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
