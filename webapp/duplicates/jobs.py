"""The duplicate search as a periodic job: nightly (UTC), before the day's work, under the job lock."""

from webapp.duplicates.pair_list import KIND
from webapp.duplicates.pair_search import search
from webapp.scheduler import Periodic, cron, register

SEARCH_CRON = "0 2 * * *"


def register_periodic() -> None:
    register(Periodic(KIND, lambda app: cron(SEARCH_CRON), search))
