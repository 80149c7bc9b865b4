"""`flask data import KIND FILE` and `flask data revert IMPORT_ID` (added to the `data` group)."""

import json
from pathlib import Path

import click
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.imports.columns import KINDS, custom_fields, guess_mapping
from webapp.imports.reading import FileProblem, read_table
from webapp.imports.revert import RevertError, revert_import
from webapp.imports.services import run_import
from webapp.imports.writer import POLICIES
from webapp.jobs import JobBusy, create_job, run_job
from webapp.models import Import
from webapp.settings.services import get_settings
from webapp.stored_text import english, stored, translated

FROM_COMMAND_LINE = stored(_l("Started with flask data import"))


def max_mb() -> int:
    return int(get_settings().get("data", {}).get("import_max_mb") or 50)


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and list duplicates; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--on-duplicate", type=click.Choice(POLICIES), default="skip", show_default=True)
@click.option("--all-or-nothing", is_flag=True, help="Import nothing when any row has an error.")
def import_command(kind: str, file: Path, dry_run: bool, as_json: bool, on_duplicate: str,
                   all_or_nothing: bool) -> None:
    """Import organizations, contacts or leads from a CSV or XLSX FILE; columns by their headers."""
    try:
        table = read_table(file.read_bytes(), max_mb())
    except FileProblem as problem:
        raise click.ClickException(translated(str(problem))) from problem
    mapping = guess_mapping(kind, table.headers, custom_fields(kind))
    options = dict(on_duplicate=on_duplicate, all_or_nothing=all_or_nothing)
    if dry_run:  # writes nothing, so it needs no turn
        record, result = None, run_import(kind, table, mapping, dry_run=True, **options)
    else:
        record, result = _import_in_turn(kind, file.name, table, mapping, options)
    wrote = record is not None and bool(result["created"] or result["updated"])
    if as_json:
        output = {k: result[k] for k in ("rows", "created", "updated", "skipped", "duplicates", "errors")}
        if wrote:
            output["import_id"] = record.id
        click.echo(json.dumps(output, ensure_ascii=False, default=str))
        return
    click.echo(translated(result["message"]))
    for error in result["errors"][:50]:
        click.echo(_("Row %(row)s, %(field)s: %(message)s", row=error["row"], field=error["field"],
                     message=translated(error["message"])))
    if wrote:
        click.echo(_("Import %(id)s; undo with: flask data revert %(id)s", id=record.id))


def _import_in_turn(kind: str, file_name: str, table, mapping: dict, options: dict) -> tuple[Import, dict]:
    """Import under the job lock the import page uses, so one import at a time writes; refused
    at once (not queued) when another holds it."""
    job = create_job("import", None, english(FROM_COMMAND_LINE))
    done = {}

    def work(progress) -> dict:
        record = Import(kind=kind, file_name=file_name[:255], status="running", job_id=job.id,
                        options={"mapping": {str(k): v for k, v in mapping.items()}, **options})
        db.session.add(record)
        db.session.commit()
        done["record"] = record
        done["result"] = run_import(kind, table, mapping, record=record, progress=progress, **options)
        return {"message": done["result"]["message"]}

    try:
        finished = run_job(job.id, work)
    except JobBusy as busy:
        raise click.ClickException(_("Another import is running; nothing was imported. Try again when it has "
                                     "finished (Import page).")) from busy
    if finished.status != "done":  # the record says "failed"; what its batches wrote can be reverted
        if "record" in done:
            click.echo(_("Undo what it wrote with: flask data revert %(id)s", id=done["record"].id), err=True)
        raise click.ClickException(translated(finished.message))
    return done["record"], done["result"]


@click.command("revert")
@click.argument("import_id", type=int)
def revert_command(import_id: int) -> None:
    """Undo import IMPORT_ID: delete what it created (unless used since), restore what it changed."""
    record = db.session.get(Import, import_id)
    if record is None:
        raise click.ClickException(_("No import %(id)s.", id=import_id))
    try:
        result = revert_import(record)
    except RevertError as exc:
        raise click.ClickException(translated(str(exc))) from exc
    click.echo(_("Deleted %(deleted)s records, restored %(restored)s.", deleted=result["deleted"],
                 restored=result["restored"]))
    for kept in result["kept"]:
        click.echo(_("Kept (used since the import): %(name)s", name=kept["name"]))
