"""All e-mail goes through here (Flask-Mailman): `send()` for one message, `retry_outbox()` for
those an SMTP server did not take, `in_language_of(user)` to word a message for its reader."""

import click
from flask import Flask
from flask.cli import AppGroup

from webapp.extensions import mail
from webapp.mail.language import in_language_of, recipient_language
from webapp.mail.sending import MailNotSent, build, retry_outbox, send

__all__ = ["MailNotSent", "build", "in_language_of", "init_app", "recipient_language", "retry_outbox", "send"]

mail_cli = AppGroup("mail", help="Outgoing e-mail.")


@mail_cli.command("retry")
def retry_command() -> None:
    """Send the messages kept in the outbox again."""
    sent, left = retry_outbox()
    click.echo(f"{sent} sent, {left} still in the outbox")


def init_app(app: Flask) -> None:
    mail.init_app(app)
    app.cli.add_command(mail_cli)
