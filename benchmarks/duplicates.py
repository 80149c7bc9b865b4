"""The duplicate search, the finder page and the check while typing on a large CRM (figures, not
assertions).

    .venv/bin/python benchmarks/duplicates.py [CONTACTS ...]   # default 20000 100000

Contacts get names from lists (a few common surnames and a long tail; many share a name), a company (nine in ten)
among n/15, and a phone number; about 2 % are planted duplicates: the same person again with a
different spelling, or the same number written another way. Prints the seconds (wall and CPU) of
the search job that computes the list, the longest write transaction it held (on SQLite the
database's one write lock: every other user's save waits that long), the milliseconds of the
finder page (first page, a page in the middle, the last page; median of several views through
the test client, as an admin), and per check of one new contact.
"""

import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.duplicates.keys import organization_key, phone_key  # noqa: E402
from webapp.duplicates.matching import contact_candidates  # noqa: E402
from webapp.duplicates.pair_search import search  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.jobs import create_job, run_job  # noqa: E402
from webapp.models import Contact, Job, Organization, User  # noqa: E402

FIRST = ("Anna Ben Carla David Eva Felix Greta Hans Ida Jonas Klara Lukas Marie Nils Olga Paul Rita Sven Tina Uwe "
         "Alexander Birgit Christian Doris Erik Frieda Georg Heike Ingo Jana Karl Lena Moritz Nina Otto Petra Ralf "
         "Sabine Thomas Ute Volker Wiebke Yvonne Zoe").split()
# The most common surnames, and as many again made of common parts: a long tail, as in real life.
COMMON = ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf "
          "Schröder Neumann Schwarz Braun Zimmermann Krüger Hartmann Lange Werner Krause Lehmann Köhler").split()
LAST = COMMON + [head + tail for head in "Berg Hof Lin Stein Wald Roth Feld Brink Kamp Horn Hage Ost".split()
                 for tail in "mann er haus meier ner ing rath ke bach dorf ecker hold".split()]


SYLLABLES = "ba be bo da de di ka ke ko la li lo ma me mo na ne ni ra re ro ta te to".split()
SECTORS = "Technik Logistik Bau Consulting Software Handel Medien Energie Service Systeme Werke Partner".split()


def _company_name(rng: random.Random) -> str:
    """A made-up company name: mostly distinct, now and then one much like another, as in life."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()
    return f"{word} {rng.choice(SECTORS)} {rng.choice(('GmbH', 'AG', 'KG', 'GmbH & Co. KG'))}"


def fill(n: int, rng: random.Random) -> int:
    now = datetime.now(timezone.utc)
    n_orgs = max(n // 15, 10)
    db.session.execute(insert(User.__table__), [{"id": 1, "email": "admin@bench.example", "name": "Admin",
                                                 "role": "admin", "password_hash": "", "is_active_user": True}])
    names = [_company_name(rng) for _ in range(n_orgs)]
    db.session.execute(insert(Organization.__table__), [
        {"id": i + 1, "name": name, "name_key": organization_key(name), "created_at": now, "updated_at": now}
        for i, name in enumerate(names)])
    rows, planted = [], 0
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        phone = f"030 {rng.randrange(10**6, 10**7)}"
        org = rng.randint(1, n_orgs) if rng.random() < 0.9 else None  # one in ten without a company
        if rows and rng.random() < 0.02:  # the same person again, written differently
            twin = rng.choice(rows)
            first, last, org = twin["first_name"], twin["last_name"].replace("ü", "ue").replace("ö", "oe"), twin["organization_id"]
            phone = "+49 30 " + twin["phone"].split()[1] if rng.random() < 0.5 else f"030 {rng.randrange(10**6, 10**7)}"
            planted += 1
        rows.append({"id": i + 1, "organization_id": org, "first_name": first, "last_name": last, "phone": phone,
                     "phone_key": phone_key(phone), "email": f"c{i}@bench.example", "custom": {},
                     "scoring_opt_out": False, "created_at": now, "updated_at": now})
    for start in range(0, n, 5000):
        db.session.execute(insert(Contact.__table__), rows[start:start + 5000])
    db.session.commit()
    return planted


@contextmanager
def write_transactions(engine):
    """Seconds of each write transaction on `engine` while inside: from its first INSERT, UPDATE
    or DELETE to its commit or rollback (on SQLite the time others' writes wait for the lock)."""
    opened, held = {}, []

    def before(connection, _cursor, statement, *_args):
        key = id(connection.connection.dbapi_connection)
        if key not in opened and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            opened[key] = time.perf_counter()

    def ended(connection):
        started = opened.pop(id(connection.connection.dbapi_connection), None)
        if started is not None:
            held.append(time.perf_counter() - started)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", ended)
    event.listen(engine, "rollback", ended)
    try:
        yield held
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", ended)
        event.remove(engine, "rollback", ended)


def _page_ms(client, path: str, views: int = 7) -> tuple[float, float]:
    """Median wall and CPU milliseconds of a page view (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _view in range(views):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        assert response.status_code == 200, response.status_code
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def measure(n: int, database_url: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.sqlite",
                          "SECRET_KEY": "bench", "SCHEDULER": "off", "LEADFLOW_INSTANCE": folder,
                          "JOBS_IN_BACKGROUND": False, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            db.drop_all()
            db.create_all()
            planted = fill(n, random.Random(1))
            job = create_job("duplicate-search")
            started, cpu = time.perf_counter(), time.process_time()
            with app.test_request_context(), write_transactions(db.engine) as held:
                run_job(job.id, search)
            finder, finder_cpu = time.perf_counter() - started, time.process_time() - cpu
            result = db.session.get(Job, job.id).result or {}
            with app.test_request_context():
                admin = db.session.get(User, 1)
                started = time.perf_counter()
                for i in range(20):
                    contact_candidates({"first_name": FIRST[i], "last_name": LAST[i], "phone": f"030 {1000000 + i}",
                                        "organization_id": i + 1}, admin)
                check = (time.perf_counter() - started) / 20
            db.session.remove()
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = "1:1", True
            pages = max(result.get("contacts", 0) // app.config["PAGE_SIZE"], 1)
            pages = {"first": 1, "middle": pages // 2 or 1, "last": pages}
            timed = {name: _page_ms(client, f"/duplicates/?page={page}") for name, page in pages.items()}
            timed["any page (profile, for comparison)"] = _page_ms(client, "/profile")
            print(f"{n:>7} contacts: search job {finder:.2f} s (CPU {finder_cpu:.2f} s) for {result.get('contacts')} "
                  f"likely contact pairs ({planted} planted duplicates) and {result.get('organizations')} among "
                  f"{n // 15} organizations; check of one new contact {check * 1000:.0f} ms")
            print(f"         longest write transaction of the search {max(held, default=0):.2f} s "
                  f"({len(held)} write transactions, {sum(held):.2f} s in all)")
            for name, (wall, cpu) in timed.items():
                print(f"         finder page {name}: {wall:.0f} ms (CPU {cpu:.0f} ms)"
                      + (f", page {pages[name]} of {pages['last']}" if name in pages else ""))
            db.session.remove()  # the page views' session, before its tables go
            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    url = None
    if "--database-url" in arguments:  # e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bench (emptied!)
        at = arguments.index("--database-url")
        url = arguments[at + 1]
        del arguments[at:at + 2]
    for size in [int(a) for a in arguments] or [20_000, 100_000]:
        measure(size, url)
