"""When the weekly KPI e-mail goes to the team leads: weekday and time in the company's time zone.
Saving reschedules the job in the scheduler of this process at once (webapp.scheduler.reschedule)."""

from datetime import datetime, timezone

from babel.dates import get_day_names
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, TimeField
from wtforms.validators import InputRequired

from webapp.extensions import db
from webapp.forms_base import BaseForm
from webapp.locking import EditConflict, VersionedForm
from webapp.models import Job
from webapp.scheduler import WEEKDAYS, reschedule, weekly
from webapp.security import roles_required
from webapp.settings import bp, services
from webapp.settings.locale import company_timezone

REPORT_KEYS = ("reports",)
KIND = "weekly-report"  # the periodic job (webapp.reports.weekly.KIND; settings import no domain)


class WeeklyReportForm(VersionedForm, BaseForm):
    weekly_day = SelectField(_l("Weekday"), choices=[], validators=[InputRequired()])
    weekly_time = TimeField(_l("Time"), format="%H:%M", validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = get_day_names("wide", locale=get_locale())
        self.weekly_day.choices = [(day, names[number]) for number, day in enumerate(WEEKDAYS)]


def next_report(chosen: dict) -> datetime | None:
    return weekly(chosen["weekly_day"], chosen["weekly_time"], company_timezone()).get_next_fire_time(
        None, datetime.now(timezone.utc))


def save_weekly_settings(values: dict, user_id: int, version: int | None) -> str:
    services.save_page(REPORT_KEYS, {"reports": values}, user_id, version)
    if reschedule(current_app._get_current_object(), KIND) is None:
        return _("Weekly report schedule saved. It applies once the scheduler process (flask scheduler run) "
                 "is restarted.")
    return _("Weekly report schedule saved; the scheduler uses it from now on.")


@bp.route("/weekly-report", methods=["GET", "POST"])
@roles_required()  # admins only
def weekly_report():
    stored = services.get_settings()["reports"]
    form = WeeklyReportForm() if request.method == "POST" else WeeklyReportForm(
        formdata=None, data={"weekly_day": stored["weekly_day"],
                             "weekly_time": datetime.strptime(stored["weekly_time"], "%H:%M").time(),
                             "version": services.page_version(REPORT_KEYS)})
    status = 422
    if form.validate_on_submit():
        try:
            said = save_weekly_settings({"weekly_day": form.weekly_day.data,
                                         "weekly_time": form.weekly_time.data.strftime("%H:%M")},
                                        current_user.id, form.version.data)
        except EditConflict as conflict:
            status = form.report_conflict(conflict)
        else:
            flash(said, "success")
            return redirect(url_for("settings.weekly_report"))
    when = next_report(stored)
    job = db.session.scalar(select(Job).where(Job.kind == KIND).order_by(Job.id.desc()))
    return render_template("settings/weekly_report.html", form=form, zone=company_timezone(), job=job,
                           next_run=format_datetime(when, "EEEE dd MMM yyyy, HH:mm") if when else None), \
        status if form.errors else 200
