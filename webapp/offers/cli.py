"""flask offers expire: what the scheduler runs daily, also available by hand or from cron."""

import click

from webapp.offers import bp
from webapp.offers.decisions import expire_offers


@bp.cli.command("expire", help="Mark sent offers past their validity date as expired.")
def expire() -> None:
    numbers = expire_offers()
    click.echo(f"{len(numbers)} offer(s) expired" + (f": {', '.join(numbers)}." if numbers else "."))
