"""flask data export KIND [--out FILE] [--format csv|xlsx]: a whole list, as an admin sees it
(campaign-members: one campaign's, named by --campaign ID)."""

from datetime import datetime, timezone
from pathlib import Path

import click
from flask_babel import gettext as _

from webapp.exports import services
from webapp.exports.kinds import KINDS
from webapp.extensions import db
from webapp.models import Campaign, Role, User

NEEDS_CAMPAIGN = ("campaign-members",)


@click.command("export")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write; without it the CSV goes to standard output.")
@click.option("--format", "fmt", type=click.Choice(services.FORMATS), default=None,
              help="csv or xlsx; by default taken from the file's ending, else csv.")
@click.option("--campaign", "campaign_id", type=click.IntRange(1, 2**31 - 1), default=None,
              help="The campaign whose members campaign-members exports (its ID).")
def export_command(kind: str, out: Path | None, fmt: str | None, campaign_id: int | None) -> None:
    """Export every row of a list (leads, contacts, organizations, offers, invoices, campaign-members)."""
    fmt = fmt or ("xlsx" if out and out.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx" and out is None:
        raise click.UsageError(_("An XLSX export needs --out FILE."))
    chosen = KINDS[kind]
    params = chosen.everything()
    if kind in NEEDS_CAMPAIGN:
        params["campaign_id"] = _campaign(campaign_id)
    elif campaign_id is not None:
        raise click.UsageError(_("--campaign goes only with campaign-members."))
    now = datetime.now(timezone.utc)
    query = services.export_query(chosen, User(role=Role.ADMIN), params, now)
    if fmt == "xlsx":
        with click.open_file(str(out), "wb") as target:
            services.write_xlsx(chosen, query, target)
    else:  # bytes: no newline translation, and UTF-8 whatever the shell's locale
        with click.open_file("-" if out is None else str(out), "wb") as target:
            for piece in services.csv_stream(chosen, query):
                target.write(piece.encode("utf-8"))
    if out:
        click.echo(_("%(kind)s written to %(file)s.", kind=kind, file=out), err=True)


def _campaign(campaign_id: int | None) -> int:
    if campaign_id is None:
        raise click.UsageError(_("campaign-members needs --campaign ID (the number in the campaign page's address)."))
    if db.session.get(Campaign, campaign_id) is None:
        raise click.UsageError(_("No campaign with ID %(id)s.", id=campaign_id))
    return campaign_id
