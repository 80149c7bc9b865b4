"""Command line: flask users create, flask demo load (scoring commands join later)."""

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.auth.services import UserError, change_password, create_user, find_user, set_active
from webapp.demo.words import LOCALES as DEMO_LOCALES
from webapp.exports.cli import export_command
from webapp.extensions import db
from webapp.formats import format_decimal
from webapp.labels import role_label
from webapp.models import Job, Role, User
from webapp.stored_text import translated


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(tokens_cli)
    from webapp.imports.cli import import_command, revert_command

    for command in (import_command, revert_command):
        if command.name not in data_cli.commands:
            data_cli.add_command(command)
    app.cli.add_command(data_cli)
    from webapp.privacy.cli import register as register_privacy_cli
    from webapp.reports.cli import reports_cli
    from webapp.scoring.cli import init_app as init_scoring_cli

    register_privacy_cli(data_cli)
    init_scoring_cli(app)
    app.cli.add_command(reports_cli)


@click.group("data", help="Data in and out: import, export, revert an import.")
def data_cli() -> None:
    pass


data_cli.add_command(export_command)


@click.group("tokens", help="API tokens.")
def tokens_cli() -> None:
    pass


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True)
def tokens_create(email: str, name: str) -> None:
    """Create an API token for USER_EMAIL and print it (it is shown only this once)."""
    from webapp.api.auth import create_token

    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.ClickException(_("No user with e-mail %(email)s.", email=email))
    click.echo(create_token(user, name))


@click.group("scheduler", help="Periodic jobs (escalations, offer expiry, retraining).")
def scheduler_cli() -> None:
    pass


@scheduler_cli.command("run")
def scheduler_run() -> None:
    """Run the periodic jobs in this process until stopped (for multi-worker set-ups)."""
    from webapp.scheduler import all_periodic, build

    click.echo(_("Scheduling: %(jobs)s. Stop with Ctrl+C.", jobs=", ".join(p.kind for p in all_periodic())))
    build(current_app._get_current_object(), blocking=True).start()


@scheduler_cli.command("once")
@click.argument("kind")
def scheduler_once(kind: str) -> None:
    """Run one periodic job now, e.g. `flask scheduler once escalations`."""
    from webapp.scheduler import all_periodic, run_periodic

    jobs = all_periodic()
    periodic = next((p for p in jobs if p.kind == kind), None)
    if periodic is None:
        raise click.ClickException(_("No job '%(kind)s'. Jobs: %(jobs)s.", kind=kind, jobs=", ".join(p.kind for p in jobs)))
    run_periodic(current_app._get_current_object(), periodic)
    job = db.session.scalar(select(Job).where(Job.kind == kind).order_by(Job.id.desc()))
    click.echo(f"{kind}: {job.state} — {translated(job.message)}")


@click.group("users", help="Manage the people who sign in.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.password_option(help="Prompted for when omitted.")
def users_create(email: str, name: str, role: str, password: str) -> None:
    """Create a user who can sign in."""
    try:
        user = create_user(email, name, role, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_("Created %(email)s (%(role)s).", email=user.email, role=role_label(user.role)))


def _user_or_fail(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(_("No user with e-mail %(email)s.", email=email))
    return user


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted for when omitted.")
def users_set_password(email: str, password: str) -> None:
    """Give EMAIL a new password; the user's open sessions end."""
    user = _user_or_fail(email)
    try:
        change_password(user, password)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_("New password for %(email)s; signed out everywhere.", email=user.email))


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Stop EMAIL from signing in; the user's open sessions end."""
    user = _user_or_fail(email)
    set_active(user, False)
    click.echo(_("%(email)s can no longer sign in; signed out everywhere.", email=user.email))


@users_cli.command("activate")
@click.argument("email")
def users_activate(email: str) -> None:
    """Let EMAIL sign in again."""
    user = _user_or_fail(email)
    set_active(user, True)
    click.echo(_("%(email)s can sign in again.", email=user.email))


@users_cli.command("team-lead")
@click.argument("email")
@click.option("--off", is_flag=True, help="No longer a team lead.")
def users_team_lead(email: str, off: bool) -> None:
    """Mark EMAIL as a team lead (reports, weekly KPI e-mail, escalations), or not with --off."""
    user = _user_or_fail(email)
    user.is_team_lead = not off
    db.session.commit()
    click.echo(_("%(email)s is no longer a team lead.", email=user.email) if off
               else _("%(email)s is a team lead.", email=user.email))


@click.group("demo", help="Demo data for trying the app.")
def demo_cli() -> None:
    pass


def _demo_password_file() -> Path:
    return Path(current_app.instance_path) / "demo-password.txt"


def _demo_password() -> tuple[str, bool]:
    """The configured demo password, else the one generated earlier, else a new one (stored)."""
    configured = current_app.config.get("DEMO_PASSWORD")
    if configured:
        return configured, False
    stored = _demo_password_file()
    if stored.exists():
        return stored.read_text().strip(), True
    password = secrets.token_urlsafe(9)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(password + "\n")
    stored.chmod(0o600)
    return password, True


@demo_cli.command("load")
@click.option("--seed", default=42, show_default=True, help="Same seed, same business.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds data.")
@click.option("--locale", type=click.Choice(DEMO_LOCALES, case_sensitive=False), default="en", show_default=True,
              help="Language of the business (names, places, texts, company settings); the story stays the same.")
def demo_load(seed: int, if_empty: bool, locale: str) -> None:
    """Generate a believable small business: users, organizations, contacts, leads, history."""
    from webapp.demo import DemoError, database_is_empty, load_demo

    if if_empty and not database_is_empty():
        click.echo(_("The database holds data already; demo data not loaded."))
        return
    from webapp.scoring.service import rescore_all

    password, _generated = _demo_password()
    try:
        click.echo(load_demo(seed=seed, password=password, locale=locale).describe())
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_("Scored %(count)s leads.", count=format_decimal(rescore_all(open_only=False))))
    from webapp.database import refresh_statistics

    refresh_statistics()


@demo_cli.command("credentials")
def demo_credentials() -> None:
    """Print how to sign in as a demo user."""
    password, generated = _demo_password()
    roles = ", ".join(f"{r.value}@example.com" for r in Role)
    click.echo("\n" + _("Open http://127.0.0.1:5000 and sign in as one of: %(emails)s", emails=roles))
    where = _("generated, kept in %(file)s", file=_demo_password_file()) if generated else "LEADFLOW_DEMO_PASSWORD"
    click.echo(_("Password: %(password)s (%(where)s)", password=password, where=where) + "\n")
