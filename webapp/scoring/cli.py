"""flask scoring retrain | promote | rollback | import | evaluate | rescore | export | status."""

import json
from pathlib import Path

import click
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.extensions import db
from webapp.jobs import JobBusy, create_job, run_job
from webapp.models import ModelVersion
from webapp.formats import format_decimal
from webapp.stored_text import english, stored, translated
from webapp.templating import fmt_number

# Stored on the Job row in English, as every stored text; the model page shows it translated.
FROM_COMMAND_LINE = stored(_l("Started from the command line"))


@click.group("scoring", help="The close-probability model: train, compare, promote, export.")
def scoring_cli() -> None:
    pass


def _echo_progress(percent: int, message: str) -> None:
    click.echo(f"[{percent:3d}%] {translated(message)}")  # stored in English, like the job row


@scoring_cli.command("retrain")
@click.option("--if-possible", is_flag=True, help="Exit quietly when there is too little history.")
def retrain_command(if_possible: bool) -> None:
    """Train a candidate on closed leads; promote it if it is at least as good (same as the schedule)."""
    from webapp.scoring.training import retrain

    job = create_job("retrain", message=english(FROM_COMMAND_LINE))
    try:
        job = run_job(job.id, lambda progress: retrain(lambda p, m: (progress(p, m), _echo_progress(p, m))))
    except JobBusy as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(translated(job.message))
    if job.status == "failed" and not (if_possible and "are needed" in (job.message or "")):
        raise click.ClickException(_("Retraining failed; the current model and scores are unchanged."))


def _version(version: str) -> ModelVersion:
    row = db.session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise click.ClickException(_("No model version %(version)s. `flask scoring status` lists them.", version=version))
    return row


@scoring_cli.command("promote")
@click.argument("version")
def promote_command(version: str) -> None:
    """Make VERSION current (a candidate, or an earlier model to roll back to) and rescore."""
    from webapp.scoring.training import make_current

    count = make_current(_version(version))
    click.echo(_("Model %(version)s is current; %(count)s open leads rescored.", version=version, count=count))


@scoring_cli.command("rollback")
def rollback_command() -> None:
    """Return to the model that was current before the current one."""
    from webapp.scoring.training import rollback

    row, count = rollback()
    click.echo(_("Rolled back to %(version)s; %(count)s open leads rescored.", version=row.version, count=count))


@scoring_cli.command("import")
def import_command() -> None:
    """List models saved into MODEL_DIR outside the app (a notebook) as candidates to review."""
    from webapp.scoring.registry import import_candidates

    added = import_candidates()
    click.echo("\n".join(_("Listed %(version)s as a candidate.", version=row.version) for row in added)
               or _("No new models in the folder."))


@scoring_cli.command("status")
def status_command() -> None:
    """List model versions with status and held-out metrics."""
    rows = db.session.scalars(select(ModelVersion).order_by(ModelVersion.created_at))
    for row in rows:
        holdout = (row.metrics or {}).get("holdout") or {}
        auc, ece = (fmt_number(holdout.get(k)) for k in ("roc_auc", "ece"))  # null when unknown
        click.echo(f"{row.version}  {row.status:9s}  AUC {auc}  ECE {ece}  {row.reason or ''}")


@scoring_cli.command("evaluate")
@click.option("--folds", default=4, show_default=True, type=click.IntRange(2, 10),
              help="Blocks of newer leads each judged by a model trained on the older ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as one JSON object.")
def evaluate_command(folds: int, as_json: bool) -> None:
    """Blend, model, BANT alone and the prior on leads no model had seen, by age and by stage."""
    from webapp.scoring.evaluation import evaluate_by_age

    report = evaluate_by_age(folds, progress=None if as_json else lambda k, m: click.echo(f"[fold {k}] {m}"))
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo("\n".join(report_lines(report)))


def report_lines(report: dict) -> list[str]:
    """The evaluation report as a table: one line per age and per stage."""
    lines = [f"{report['judged_leads']} of {report['closed_leads']} closed leads judged; {report['method']}."]
    for title, groups in (("day", report["ages"]), ("stage", report["stages"])):
        lines.append(f"\n{'by ' + title:12s} {'leads':>6s} {'won':>6s}  " + "  ".join(
            f"{name:>22s}" for name in ("blended AUC/Brier/ECE", "BANT only", "prior")))
        for key, row in groups.items():
            if row.get("too_few"):
                won = f"{row['won']:6.1%}" if row["won"] is not None else "     –"
                lines.append(f"{key:12s} {row['leads']:6d} {won}  too few leads to judge")
                continue
            cells = "  ".join(f"{row[s]['roc_auc']:6.3f} {row[s]['brier']:6.3f} {row[s]['ece']:6.3f}".rjust(22)
                              for s in ("blended", "bant_only", "prior"))
            rates = ", ".join(f"{grade} {r['win_rate']:.0%} of {r['leads']}"
                              for grade, r in row["win_rate_by_class"].items())
            chance = row["blended"].get("ece_by_chance")
            noise = f"   ECE by chance {chance:.3f}" if chance is not None else ""
            lines.append(f"{key:12s} {row['leads']:6d} {row['won']:6.1%}  {cells}{noise}   won by class: {rates}")
    return lines


@scoring_cli.command("rescore")
def rescore_command() -> None:
    """Rescore every open lead with the current model and settings now (the nightly job does the same)."""
    import time

    from webapp.scoring.service import rescore_all

    start = time.perf_counter()
    count = rescore_all()
    click.echo(_("Rescored %(count)s open leads in %(seconds)s s.", count=count,
                 seconds=format_decimal(round(time.perf_counter() - start, 1), 1)))


@scoring_cli.command("export")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV or Parquet file (by extension); a data card is written beside it.")
def export_command(out: Path) -> None:
    """Write the training table (closed leads, point in time) and its data card."""
    from webapp.scoring.export import write_export

    card = write_export(out)
    click.echo(f"Wrote {card['rows']} snapshots of {card['leads']} closed leads to {out} and {out.with_suffix('.md').name}.")


def init_app(app) -> None:
    app.cli.add_command(scoring_cli)
