"""Offer expiry as a periodic job: daily, shortly after midnight (UTC), under the job lock."""

from webapp.offers.decisions import expire_offers
from webapp.scheduler import Periodic, cron, register


def _expire(progress) -> dict:
    numbers = expire_offers()
    return {"message": f"{len(numbers)} offer(s) expired", "count": len(numbers)}


def register_periodic() -> None:
    register(Periodic("offer-expiry", lambda app: cron("5 0 * * *"), _expire))
