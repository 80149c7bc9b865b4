"""Running an import (dry run or for real), recording it, and remembering column mappings.

`run_import` is what the page's job and `flask data import` both call; it needs no request.
"""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.duplicates.stamping import phone_region
from webapp.extensions import db
from webapp.imports.columns import headers_hash, header_key
from webapp.imports.reading import Table
from webapp.imports.rows import Lookups, parse_row
from webapp.imports.stopped import record_failure
from webapp.imports.writer import Importer
from webapp.models import Import, ImportMapping
from webapp.models._base import utcnow
from webapp.settings.locale import company_language
from webapp.stored_text import english, stored

KEPT_ERRORS = 5000  # rejected rows kept with an import (the counts cover every one)
KEPT_DUPLICATES = 5000
REJECTED = stored(_l("Nothing imported: %(count)s rows have errors and the import was to be all or nothing."))
IMPORTED = stored(_l("%(created)s created, %(updated)s updated, %(skipped)s skipped, %(errors)s rejected"))
CHECKED = stored(_l("Checked %(done)s of %(rows)s rows"))
WRITING = stored(_l("Imported %(done)s of %(rows)s rows"))

Progress = Callable[[int, str], None]


def run_import(kind: str, table: Table, mapping: dict[int, str], *, on_duplicate: str = "skip",
               all_or_nothing: bool = False, dry_run: bool = False, user_id: int | None = None,
               record: Import | None = None, progress: Progress | None = None) -> dict:
    """Import the rows of `table`; the outcome as `flask data import --json` prints it. With a
    `record`, what was created and changed is kept on it batch by batch, so even an import that
    failed half-way can be reverted; a failure marks it "failed" with the error and is raised on."""
    try:
        return _run(kind, table, mapping, on_duplicate=on_duplicate, all_or_nothing=all_or_nothing,
                    dry_run=dry_run, user_id=user_id, record=record, progress=progress)
    except Exception as exc:
        if record is not None:
            record_failure(record, exc)
        raise


def _run(kind: str, table: Table, mapping: dict[int, str], *, on_duplicate: str, all_or_nothing: bool,
         dry_run: bool, user_id: int | None, record: Import | None, progress: Progress | None) -> dict:
    region, language, lookups = phone_region(), company_language(), Lookups.load(kind)
    total = table.row_count
    if all_or_nothing and not dry_run:
        check = _pass(kind, table, mapping, lookups, Importer(kind, on_duplicate, write=False, region=region,
                                                              language=language), total, progress, 0, 50)
        if check.outcome.errors:
            result = _result(check, dry_run=True)
            if record is not None:
                _finish(record, "rejected", result, check)
            return {**result, "created": 0, "updated": 0, "skipped": 0,
                    "message": english(REJECTED, count=len({e["row"] for e in check.outcome.errors}))}
    start = 50 if all_or_nothing and not dry_run else 0

    def saved(importer: Importer) -> None:
        if record is not None:
            record.created_ids = {k: list(v) for k, v in importer.outcome.created_ids.items()}
            record.changes = list(importer.outcome.changes)
        if progress and not all_or_nothing:  # a progress report commits; all or nothing commits once
            progress(start + (100 - start) * importer.outcome.rows // max(total, 1),
                     english(WRITING, done=importer.outcome.rows, rows=total))

    importer = Importer(kind, on_duplicate, write=not dry_run, region=region, language=language, user_id=user_id,
                        on_batch=saved)
    importer = _pass(kind, table, mapping, lookups, importer, total, progress if dry_run else None, start, 100)
    result = _result(importer, dry_run)
    if record is not None:
        _finish(record, "checked" if dry_run else "done", result, importer)
    elif not dry_run:
        db.session.commit()
    return result


def _pass(kind, table, mapping, lookups, importer: Importer, total, progress, start, end) -> Importer:
    for line, cells in table.rows():
        importer.add(parse_row(kind, line, cells, mapping, lookups))
        if progress and importer.outcome.rows % 5000 == 0:
            progress(start + (end - start) * importer.outcome.rows // max(total, 1),
                     english(CHECKED, done=importer.outcome.rows, rows=total))
    importer.flush()
    return importer


def _result(importer: Importer, dry_run: bool) -> dict:
    outcome = importer.outcome
    result = outcome.as_dict()
    result["duplicate_rows"] = outcome.duplicates
    result["message"] = english(IMPORTED, created=outcome.created, updated=outcome.updated, skipped=outcome.skipped,
                                errors=len({e["row"] for e in outcome.errors}))
    result["dry_run"] = dry_run
    return result


def _finish(record: Import, status: str, result: dict, importer: Importer) -> None:
    outcome = importer.outcome
    record.status, record.finished_at = status, utcnow()
    record.counts = {k: result[k] for k in ("rows", "created", "updated", "skipped", "duplicates")} | {
        "errors": len(outcome.errors), "created_by_kind": result["created_by_kind"]}
    if status == "rejected":
        record.counts |= {"created": 0, "updated": 0, "skipped": 0}
    record.errors = outcome.errors[:KEPT_ERRORS]
    record.duplicates = outcome.duplicates[:KEPT_DUPLICATES]
    if status == "done":
        record.created_ids = {k: list(v) for k, v in outcome.created_ids.items()}
        record.changes = list(outcome.changes)
    db.session.commit()


# -- remembered mappings ------------------------------------------------------------------------------

def remembered_mapping(kind: str, headers: list[str]) -> dict[int, str] | None:
    """The mapping used last time for these headers, by column position in this file."""
    row = db.session.scalar(select(ImportMapping).where(ImportMapping.headers_hash == headers_hash(kind, headers)))
    if row is None:
        return None
    mapping, taken = {}, set()
    for position, header in enumerate(headers):
        field = row.mapping.get(header_key(header))
        if field and field not in taken:
            mapping[position] = field
            taken.add(field)
    return mapping


def remember_mapping(kind: str, headers: list[str], mapping: dict[int, str]) -> None:
    by_header = {header_key(headers[position]): field for position, field in mapping.items()}
    key = headers_hash(kind, headers)
    row = db.session.scalar(select(ImportMapping).where(ImportMapping.headers_hash == key))
    if row is None:
        db.session.add(ImportMapping(headers_hash=key, kind=kind, mapping=by_header))
    else:
        row.mapping, row.uses = by_header, row.uses + 1
    db.session.commit()
