"""Time for the demo world: everything happens in office hours and before `now`."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

UTC = timezone.utc
HISTORY_DAYS = 730


@dataclass(frozen=True)
class Clock:
    today: date

    @property
    def now(self) -> datetime:
        # Noon UTC of the day before `today`: earlier than the real clock in every time zone up to
        # UTC+12 on `today`, so nothing generated for today lies in the future.
        return datetime.combine(self.today - timedelta(days=1), time(12, 0), UTC)

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=HISTORY_DAYS)

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)


def office(rng: random.Random, t: datetime) -> datetime:
    """The same calendar day (or the Friday before a weekend) at a random office hour (UTC)."""
    day = t.date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(7 + rng.randrange(10), rng.randrange(60)), UTC)


def between(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A random office time in [lo, hi]; the raw instant when office hours fall outside."""
    if hi <= lo:
        return lo
    raw = lo + (hi - lo) * rng.random()
    snapped = office(rng, raw)
    return snapped if lo <= snapped <= hi else max(lo, raw.replace(second=0, microsecond=0))


def spread(rng: random.Random, lo: datetime, hi: datetime, n: int) -> list[datetime]:
    """n sorted office times in [lo, hi]."""
    return sorted(between(rng, lo, hi) for _ in range(n))


def lognormal_days(rng: random.Random, median: float, sigma: float) -> timedelta:
    return timedelta(days=median * rng.lognormvariate(0.0, sigma))
