"""The outbox folder: where development writes every message as an .eml file, and where a message
the SMTP server did not take waits for a retry.

Flask-Mailman's own file backend appends messages to .log files; one .eml per message opens in any
mail program and can be sent again as it is.
"""

from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.utils import getaddresses
from pathlib import Path
from uuid import uuid4

from flask import current_app
from flask_mailman import EmailMessage
from flask_mailman.backends.base import BaseEmailBackend


def outbox() -> Path:
    folder = Path(current_app.config["MAIL_OUTBOX"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(message: EmailMessage) -> Path:
    """Write the message as it would go over the wire; the name sorts by time."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = outbox() / f"{stamp}-{uuid4().hex[:12]}.eml"
    path.write_bytes(message.message().as_bytes())
    return path


class EmailBackend(BaseEmailBackend):
    """MAIL_BACKEND outside production: "sending" is writing into the outbox."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message.kept_as = keep(message)  # send() tells its caller where the message went
        return len(email_messages)


class _Raw:
    """The stored bytes, as the SMTP backend asks for them (with its line ends)."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())


class KeptMessage(EmailMessage):
    """An .eml from the outbox, sent again byte for byte (same Message-ID, so a server or client
    that got it after all recognises the repeat)."""

    def __init__(self, path: Path):
        self.path = path
        self._raw = path.read_bytes()
        headers = message_from_bytes(self._raw, policy=policy.compat32)
        addresses = [address for _, address in getaddresses(headers.get_all("To", []) + headers.get_all("Cc", []))]
        super().__init__(subject=headers["Subject"], from_email=headers["From"], to=addresses)

    def message(self):
        return _Raw(self._raw)


def kept() -> list[Path]:
    return sorted(outbox().glob("*.eml"))
