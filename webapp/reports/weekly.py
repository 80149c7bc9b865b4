"""The weekly KPI e-mail to the team leads: the reports page's figures for the last seven days,
its charts as inline PNG images, its tables as the same CSV files the page downloads.

Figures come from figures.report() with the same ReportFilters the page parses from its form, so
the mail and the page agree for the same period. Each recipient reads it in their language: the
figures (headings, labels) are computed once per language.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.formats import format_date
from webapp.mail import MailNotSent, in_language_of, recipient_language, send
from webapp.models import User
from webapp.notifications.events import team_leads
from webapp.notifications.services import absolute, link_to
from webapp.reports import figures, filters
from webapp.reports.export import table_csv, tables_of
from webapp.reports.png import chart_png
from webapp.reports.presenter import chart_series
from webapp.settings.locale import company_timezone
from webapp.stored_text import english, stored

KIND = "weekly-report"  # the periodic job and its Job rows
DAYS = 7
# The tables sent along as CSV: those behind the mail's figures.
ATTACHED = ("first-callback-by-owner", "waiting-by-owner", "window-breaches", "funnel-by-source",
            "win-rate-by-class", "win-rate-by-probability", "pipeline", "activities-per-rep")
SENT = stored(_l("Weekly report sent to %(count)s team lead(s)"))
NOT_SENT = stored(_l("Weekly report not sent to %(failed)s of %(count)s: %(error)s"))


class WeeklyNotSent(RuntimeError):
    """At least one recipient's mail was not taken by the server (kept in the outbox)."""


class NotATeamLead(ValueError):
    """The report shows the whole team's figures: only team leads and admins receive it."""


@dataclass(frozen=True)
class Delivery:
    to: str
    kept_as: Path | None  # the .eml in the outbox (development), None when SMTP took it


@dataclass(frozen=True)
class Edition:
    """The report in one language: what every reader of that language gets, but the greeting."""
    period: filters.ReportFilters
    report: dict
    images: dict[str, bytes]  # by Content-ID
    titles: dict[str, str]  # each image's chart title, its alt text
    attachments: list[tuple[str, str, str]]


def last_week(now: datetime) -> filters.ReportFilters:
    """The seven whole days before today in the company's time zone, as the page would parse them."""
    today = now.astimezone(ZoneInfo(company_timezone())).date()
    return filters.parse({"from": (today - timedelta(days=DAYS)).isoformat(),
                          "to": (today - timedelta(days=1)).isoformat()}, today)


def recipients(email: str | None = None) -> list[User]:
    """Every active team lead and admin, or the one with `email` (NotATeamLead otherwise)."""
    if email is None:
        return team_leads()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.is_active or not user.leads_team:
        raise NotATeamLead(_("%(email)s is no active team lead or admin; the weekly report shows the whole "
                             "team's figures and goes only to them.", email=email))
    return [user]


def stamp(period: filters.ReportFilters) -> str:
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def edition(period: filters.ReportFilters, now: datetime) -> Edition:
    """Figures, charts and CSV files in the current language."""
    report = figures.report(period, now)
    drawn = {f"chart-{key}": chart for key, chart in chart_series(report).items()}
    tables = tables_of(report)
    attachments = [(f"{name}-{stamp(period)}.csv", table_csv(tables[name]), "text/csv") for name in ATTACHED]
    return Edition(period, report, {cid: chart_png(chart) for cid, chart in drawn.items()},
                   {cid: chart.title for cid, chart in drawn.items()}, attachments)


def key_figures(report: dict) -> dict:
    """The few numbers the mail leads with."""
    breaches = report["breaches"].rows
    total = report["funnel"]["total"]
    return {"created": report["created"], "median": report["first_callback"]["median"],
            "p90": report["first_callback"]["p90"], "contacted": report["first_callback"]["contacted"],
            "waiting": report["waiting"]["count"], "open": report["waiting"]["open"],
            "passed": sum(row[2] for row in breaches), "escalated": sum(row[3] for row in breaches),
            "conversions": total[5:8], "weighted": report["pipeline"]["weighted"]}


def letter(user: User, issue: Edition) -> tuple[str, str, str]:
    """Subject, plain text and HTML for one reader (in their language: call inside in_language_of)."""
    period = issue.period
    context = {"user": user, "period": period, "report": issue.report, "key": key_figures(issue.report),
               "charts": list(issue.titles.items()),
               "link": absolute(link_to("reports.index", **period.form_args())),
               "settings_link": absolute(link_to("settings.weekly_report"))}
    subject = _("Weekly report %(start)s – %(end)s", start=format_date(period.start), end=format_date(period.end))
    context["title"] = subject
    return (subject, render_template("reports/email/weekly.txt", **context),
            render_template("reports/email/weekly.html", **context))


def send_weekly(now: datetime, email: str | None = None) -> list[Delivery]:
    """Send the last week's report to each team lead (or only to `email`). Every reader is tried;
    WeeklyNotSent names the failures, whose messages wait in the outbox for `flask mail retry`."""
    period = last_week(now)
    editions: dict[str, Edition] = {}
    delivered, failures = [], []
    readers = recipients(email)
    for user in readers:
        with in_language_of(user):
            language = recipient_language(user)
            if language not in editions:
                editions[language] = edition(period, now)
            issue = editions[language]
            subject, text, html = letter(user, issue)
        try:
            kept_as = send([user.email], subject, text, html=html, attachments=issue.attachments,
                           inline_images=issue.images)
        except MailNotSent as exc:
            failures.append(str(exc))
            continue
        delivered.append(Delivery(user.email, kept_as))
    if failures:
        raise WeeklyNotSent(english(NOT_SENT, failed=len(failures), count=len(readers), error=failures[0]))
    return delivered


def weekly_job(progress) -> dict:
    """The scheduled run: a failure fails the job, its message naming the mail server's error."""
    delivered = send_weekly(datetime.now(timezone.utc))
    return {"message": english(SENT, count=len(delivered)), "count": len(delivered),
            "to": [d.to for d in delivered]}
