"""One function sends every e-mail: plain text with an HTML alternative, attachments and inline
images (referenced from the HTML as cid:NAME).

The weekly report is the model: `send([lead], subject, text, html=html,
inline_images={"funnel": png_bytes}, attachments=[("kpis.csv", csv_text, "text/csv")])`.
"""

import smtplib
from collections.abc import Iterable, Mapping
from email.mime.image import MIMEImage
from pathlib import Path

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from flask_mailman.message import SafeMIMEMultipart

from webapp.extensions import mail
from webapp.mail.outbox import KeptMessage, keep, kept

Attachment = tuple[str, bytes | str, str]  # filename, content, MIME type


class MailNotSent(RuntimeError):
    """The SMTP server could not be reached or refused the message; it is kept in the outbox."""


class _Related(EmailMultiAlternatives):
    """Text/HTML alternatives, inline images beside the HTML (multipart/related), then attachments.

    Flask-Mailman puts every attachment in one multipart/mixed; inline images must sit in a
    multipart/related with the HTML, or mail programs list them as attachments as well."""

    inline_images: list[MIMEImage]

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.inline_images:
            return msg
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or current_app.extensions["mailman"].default_charset)
        related.attach(msg)
        for image in self.inline_images:
            related.attach(image)
        return related


def _inline_image(name: str, content: bytes) -> MIMEImage:
    image = MIMEImage(content)
    image.add_header("Content-ID", f"<{name}>")
    image.add_header("Content-Disposition", "inline", filename=f"{name}.{image.get_content_subtype()}")
    return image


def build(to: Iterable[str], subject: str, text: str, html: str | None = None,
          attachments: Iterable[Attachment] = (), inline_images: Mapping[str, bytes] | None = None,
          sender: str | None = None) -> EmailMultiAlternatives:
    message = _Related(subject=subject, body=text, from_email=sender or current_app.config["MAIL_DEFAULT_SENDER"],
                       to=list(to), connection=_connection())
    if html is not None:
        message.attach_alternative(html, "text/html")
    message.inline_images = [_inline_image(name, content) for name, content in (inline_images or {}).items()]
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def _connection():
    """The backend the config names now (tests and `flask mail retry` may change it after start)."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend != "smtp":
        return mail.get_connection(backend=backend)
    return mail.get_connection(backend="smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"],
                               username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"],
                               use_tls=config["MAIL_USE_TLS"], use_ssl=config["MAIL_USE_SSL"],
                               timeout=config["MAIL_TIMEOUT"])


def _unreachable(exc: Exception) -> str:
    config = current_app.config
    return f"Mail server {config['MAIL_SERVER']}:{config['MAIL_PORT']} did not take the message ({exc})"


def send(to: Iterable[str], subject: str, text: str, html: str | None = None,
         attachments: Iterable[Attachment] = (), inline_images: Mapping[str, bytes] | None = None,
         sender: str | None = None) -> Path | None:
    """Send one message; MailNotSent (with the message kept in the outbox) when the server fails.
    Returns the .eml written when the outbox is the delivery (development), None after SMTP."""
    message = build(to, subject, text, html, attachments, inline_images, sender)
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        path = keep(message)
        raise MailNotSent(f"{_unreachable(exc)}; kept as {path} for `flask mail retry`.") from exc
    return getattr(message, "kept_as", None)


def retry_outbox() -> tuple[int, int]:
    """Send the messages kept in the outbox over SMTP again; (sent, still kept).

    Outside SMTP delivery the outbox is where mail is delivered, so nothing is resent."""
    if current_app.config["MAIL_BACKEND"] != "smtp":
        return 0, 0
    paths: list[Path] = kept()
    sent = 0
    connection = _connection()
    for path in paths:
        try:
            connection.send_messages([KeptMessage(path)])
        except (OSError, smtplib.SMTPException) as exc:
            current_app.logger.error("%s; %s stays in the outbox.", _unreachable(exc), path.name)
            break  # the server is still away: the rest would fail the same way
        path.unlink()
        sent += 1
    return sent, len(paths) - sent
