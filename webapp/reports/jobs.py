"""The weekly report as a periodic job, on the day and time of Settings → Weekly report, in the
company's time zone."""

from webapp.reports.weekly import KIND, weekly_job
from webapp.scheduler import Periodic, register, weekly
from webapp.settings.locale import company_timezone
from webapp.settings.services import get_settings


def weekly_trigger(app):
    with app.app_context():
        chosen = get_settings()["reports"]
        return weekly(chosen["weekly_day"], chosen["weekly_time"], company_timezone())


def register_periodic() -> None:
    register(Periodic(KIND, weekly_trigger, weekly_job))
