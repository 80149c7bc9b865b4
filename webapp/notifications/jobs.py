"""The daily digest as a periodic job: every morning (06:00 UTC), under the job lock."""

from webapp.notifications.services import send_digests
from webapp.scheduler import Periodic, cron, register


def _digest(progress) -> dict:
    return send_digests()


def register_periodic() -> None:
    register(Periodic("notification-digest", lambda app: cron("0 6 * * *"), _digest))
