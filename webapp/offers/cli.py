"""flask offers expire: what the scheduler runs daily, also available by hand or from cron."""

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.offers import bp
from webapp.offers.decisions import expire_offers


@bp.cli.command("expire", help="Mark sent offers past their validity date as expired.")
def expire() -> None:
    numbers = expire_offers()
    click.echo(ngettext("%(num)d offer expired: %(numbers)s.", "%(num)d offers expired: %(numbers)s.", len(numbers),
                        numbers=", ".join(numbers)) if numbers else _("No offer expired."))
