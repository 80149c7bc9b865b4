"""flask reports send [--to EMAIL]: the weekly report now, to every team lead or to one of them.
flask reports recount: the counts the reports read (per day) again from the leads and activities."""

from datetime import datetime, timezone

import click
from flask import current_app
from flask_babel import gettext as _

from webapp.extensions import db
from webapp.reports import activity_days, lead_days
from webapp.reports.weekly import NotATeamLead, WeeklyNotSent, send_weekly
from webapp.stored_text import translated


@click.group("reports", help="The team's reports.")
def reports_cli() -> None:
    pass


@reports_cli.command("send")
@click.option("--to", "email", default=None, help="Only to this team lead or admin (their e-mail address).")
def send_command(email: str | None) -> None:
    """Send the weekly KPI report for the last seven days now and print where it went."""
    try:
        delivered = send_weekly(datetime.now(timezone.utc), email)
    except (NotATeamLead, WeeklyNotSent) as exc:
        raise click.ClickException(translated(str(exc))) from exc
    if not delivered:
        click.echo(_("Nobody is a team lead or admin; no report was sent."))
    server = f"{current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}"
    for delivery in delivered:
        click.echo(_("%(email)s: written to %(path)s", email=delivery.to, path=delivery.kept_as)
                   if delivery.kept_as else _("%(email)s: sent through %(server)s", email=delivery.to, server=server))


@reports_cli.command("recount")
def recount_command() -> None:
    """Count the leads and activities per day again (after writing them other than through the app)."""
    activity_days.rebuild(db.session)
    lead_days.rebuild(db.session)
    db.session.commit()
    click.echo(_("The report counts were rebuilt from the leads and activities."))
