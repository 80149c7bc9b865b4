"""Import speed: a dry run and an import of 100,000 contacts (with 5,000 companies) from a
semicolon-separated Windows-1252 CSV on SQLite; prints rows/s for each and the peak memory.

    .venv/bin/python benchmarks/import_contacts.py [--rows 100000]
Goal: at least 5,000 rows/s dry run, 2,000 rows/s import, peak memory under 500 MB.
"""

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from webapp import create_app  # noqa: E402
from webapp.config import TestConfig  # noqa: E402


def make_csv(rows: int) -> bytes:
    """The file as German Excel saves it, written line by line: the peak memory printed at the end
    is the import's, not a list of the file's lines."""
    out = io.BytesIO()
    out.write("Anrede;Vorname;Nachname;E-Mail;Telefon;Firma;Straße;PLZ;Ort;Position\n".encode("cp1252"))
    for i in range(rows):
        out.write(f"Frau;Jürgen{i};Müller{i};person{i}@example.de;030/{1000000 + i};Firma {i % 5000} GmbH;"
                  f"Hauptstraße {i % 200};{10000 + i % 8999};Köln;Einkauf\n".encode("cp1252"))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    data = make_csv(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder}/bench.sqlite"

        app = create_app(Config)
        baseline = _peak_mb()
        with app.app_context():
            from webapp.extensions import db
            from webapp.imports.columns import guess_mapping
            from webapp.imports.reading import read_table
            from webapp.imports.services import run_import
            from webapp.models import Import

            db.create_all()
            for dry_run in (True, False):
                started = time.perf_counter()
                table = read_table(data)
                record = None if dry_run else Import(kind="contacts", file_name="bench.csv", status="running")
                if record is not None:
                    db.session.add(record)
                    db.session.commit()
                result = run_import("contacts", table, guess_mapping("contacts", table.headers), dry_run=dry_run,
                                    record=record)
                seconds = time.perf_counter() - started
                print(f"{'dry run' if dry_run else 'import '}: {result['rows']:,} rows in {seconds:.1f} s = "
                      f"{result['rows'] / seconds:,.0f} rows/s (created {result['created']:,}, "
                      f"errors {len(result['errors'])}); process peak so far {_peak_mb():,.0f} MB")
                del table
            db.session.remove()
            db.engine.dispose()
    print(f"peak memory: {_peak_mb():,.0f} MB (the app with the file read in, before importing: {baseline:,.0f} MB)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
