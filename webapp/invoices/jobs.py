"""Overdue invoices as a periodic job: daily in the morning (UTC), under the job lock."""

from datetime import datetime, timezone

from webapp.invoices.services import tell_overdue
from webapp.scheduler import Periodic, cron, register


def _tell_overdue(progress) -> dict:
    count = tell_overdue(datetime.now(timezone.utc).date())
    return {"message": f"{count} overdue invoice(s) checked", "count": count}


def register_periodic() -> None:
    register(Periodic("overdue-invoices", lambda app: cron("30 5 * * *"), _tell_overdue))
