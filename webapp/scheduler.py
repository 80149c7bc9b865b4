"""Periodic jobs: APScheduler inside the app process by default, or as its own process.

One process (make run): the scheduler starts with the first request of the web app.
Several web workers: set LEADFLOW_SCHEDULER=off for them and run one `flask scheduler run`.
Each job takes a database lock, so even two schedulers never run the same job twice at once.
A trigger is read from the settings when the scheduler starts; reschedule() rereads one in the
scheduler running in this process (a separate `flask scheduler run` rereads it when restarted).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask
from flask_babel import lazy_gettext as _l

from webapp.jobs import JobBusy, create_job, run_job
from webapp.stored_text import english, stored

SCHEDULER_KEY = "leadflow.scheduler"  # app.extensions: the scheduler running in this process
BY_SCHEDULE = stored(_l("Started by the schedule"))


@dataclass(frozen=True)
class Periodic:
    kind: str
    trigger: Callable[[Flask], object]  # built when the scheduler starts, from settings
    work: Callable  # work(progress) -> dict, run inside an app context


def _refresh_statistics(progress) -> dict:
    from webapp.database import refresh_statistics

    return refresh_statistics()


PERIODIC: list[Periodic] = [
    Periodic("statistics", lambda app: cron("15 3 * * *"), _refresh_statistics),  # nightly, as data grows
]


def register(periodic: Periodic) -> None:
    """Domains add their periodic jobs here, from a register_periodic() the app factory calls; the
    scheduler imports no domain, so every domain may import it."""
    if all(p.kind != periodic.kind for p in PERIODIC):
        PERIODIC.append(periodic)


def run_periodic(app: Flask, periodic: Periodic) -> None:
    with app.app_context():
        job = create_job(periodic.kind, message=english(BY_SCHEDULE))
        try:
            run_job(job.id, periodic.work)
        except JobBusy:
            pass  # the other run is recorded; this one is marked as not started


def all_periodic() -> list[Periodic]:
    """Every periodic job the domains have registered (registering twice adds nothing)."""
    return list(PERIODIC)


def build(app: Flask, blocking: bool = False):
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=timezone.utc)
    for periodic in PERIODIC:
        scheduler.add_job(run_periodic, periodic.trigger(app), args=(app, periodic), id=periodic.kind,
                          max_instances=1, coalesce=True, replace_existing=True)
    return scheduler


def cron(expression: str) -> CronTrigger:
    """A 5-field crontab expression in UTC; ValueError when it is not one.

    APScheduler 3 counts weekday numbers from Monday = 0 (crontab: Sunday = 0), so weekdays
    are best written as names (mon-fri).
    """
    return CronTrigger.from_crontab(expression, timezone=timezone.utc)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekly(day: str, at: str, zone: str) -> CronTrigger:
    """Once a week on `day` (mon … sun) at `at` (HH:MM) in the time zone `zone`; ValueError when
    one of them is not that."""
    if day not in WEEKDAYS:
        raise ValueError(f"Not a weekday: {day!r}")
    hour, minute = (int(part) for part in at.split(":"))
    return CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=ZoneInfo(zone))


def start_in_app(app: Flask, paused: bool = False):
    """Start a background scheduler in this process and remember it for reschedule()."""
    scheduler = build(app)
    scheduler.start(paused=paused)
    app.extensions[SCHEDULER_KEY] = scheduler
    return scheduler


def reschedule(app: Flask, kind: str) -> datetime | None:
    """Rebuild one periodic job's trigger from the current settings in this process's scheduler.

    Returns the job's next run time, or None when no scheduler runs in this process (tests, CLI,
    LEADFLOW_SCHEDULER=off): a separate `flask scheduler run` picks the change up when restarted.
    """
    scheduler = app.extensions.get(SCHEDULER_KEY)
    if scheduler is None or not scheduler.running:
        return None
    periodic = next(p for p in all_periodic() if p.kind == kind)
    return scheduler.reschedule_job(kind, trigger=periodic.trigger(app)).next_run_time


def init_app(app: Flask) -> None:
    """Start the in-process scheduler with the first request, never in tests or CLI commands."""
    if app.testing or app.config.get("SCHEDULER") != "in-app":
        return
    state = {"started": False}

    @app.before_request
    def start_scheduler_once():
        if not state["started"]:
            state["started"] = True
            start_in_app(app)
