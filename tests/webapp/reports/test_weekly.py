"""The weekly KPI e-mail: the page's figures for the last seven days, charts as inline PNG, tables
as the page's CSV files, in each team lead's language; sent on a schedule, by command, and kept
in the outbox when the mail server is away."""

import re
import socket
from datetime import datetime, timezone
from email import message_from_bytes, policy
from html import unescape
from pathlib import Path

import pytest

from webapp.models import Job
from webapp.reports.jobs import weekly_trigger
from webapp.reports.weekly import ATTACHED, last_week, send_weekly
from webapp.scheduler import all_periodic, run_periodic, start_in_app
from webapp.settings.services import COMPANY_KEYS, get_settings, page_version, save_setting
from tests.factories import make_user

# Monday 19 October 2026, 08:00 in Berlin: the report covers Monday 12 to Sunday 18 October.
NOW = datetime(2026, 10, 19, 6, 0, tzinfo=timezone.utc)
WEEK = {"from": "2026-10-12", "to": "2026-10-18"}


def read(path: Path):
    return message_from_bytes(Path(path).read_bytes(), policy=policy.default)


def outbox(app) -> list:
    return [read(path) for path in sorted(app.config["MAIL_OUTBOX"].glob("*.eml"))]


def attachments(mail) -> dict[str, str]:
    return {part.get_filename(): part.get_content() for part in mail.iter_attachments()
            if part.get_content_type() == "text/csv"}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again once closed: nobody listens there


def test_the_period_is_the_seven_days_before_today_in_the_company_time_zone(db):
    period = last_week(NOW)
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-10-12", "2026-10-18")
    # 23:30 UTC on Sunday is already Monday in Berlin: the week just ended is reported.
    period = last_week(datetime(2026, 10, 18, 23, 30, tzinfo=timezone.utc))
    assert period.end.isoformat() == "2026-10-18"


def test_the_mail_shows_the_same_figures_as_the_page_for_the_same_period(app, client, login_as, team):
    lead = login_as("sales", is_team_lead=True, name="Tina Lead")
    [delivery] = send_weekly(NOW, lead.email)
    mail = read(delivery.kept_as)
    html = mail.get_body(("html",)).get_content()
    page = client.get("/reports/", query_string=WEEK).get_data(as_text=True)
    for figure in ("median", "p90", "waiting", "weighted"):
        in_mail = re.search(rf'data-figure="{figure}">([^<]+)<', html).group(1)
        on_page = re.search(rf'data-figure="{figure}"[^>]*>([^<]+)<', page).group(1)
        assert in_mail == on_page, figure
    assert re.search(r'data-figure="median">8[.,]0 h', html)  # C 10 h and E 6 h in that week
    files = attachments(mail)
    assert sorted(files) == sorted(f"{name}-20261012-20261018.csv" for name in ATTACHED)
    for name in ATTACHED:
        download = client.get(f"/reports/{name}.csv", query_string=WEEK).get_data(as_text=True)
        assert files[f"{name}-20261012-20261018.csv"] == download, name
    text = mail.get_body(("plain",)).get_content()
    assert "Hello Tina Lead," in text and "8.0 h" in text


def test_the_command_writes_a_multipart_eml_with_inline_charts_and_csv(app, team):
    lead = make_user("admin", email="boss@test.example")
    result = app.test_cli_runner().invoke(args=["reports", "send"])
    assert result.exit_code == 0, result.output
    written = re.search(r"boss@test\.example: written to (\S+\.eml)", result.output).group(1)
    mail = read(written)
    assert mail["To"] == lead.email and mail.get_content_type() == "multipart/mixed"
    html_part = mail.get_body(("html",))
    cids = re.findall(r'<img src="cid:([^"]+)"', html_part.get_content())
    assert len(cids) == 5
    related = next(part for part in mail.walk() if part.get_content_type() == "multipart/related")
    images = {part["Content-ID"].strip("<>"): part.get_content() for part in related.iter_parts()
              if part.get_content_maintype() == "image"}
    assert set(images) == set(cids)
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images.values())
    assert mail.get_body(("plain",)).get_content().startswith("Hello ")
    assert len(attachments(mail)) == len(ATTACHED)


def test_each_team_lead_reads_it_in_their_language(app, team):
    make_user("admin", email="anna@test.example", language="de")
    make_user("sales", email="ben@test.example", is_team_lead=True, language="en")
    make_user("sales", email="carl@test.example")  # no team lead: gets nothing
    make_user("admin", email="gone@test.example", is_active_user=False)
    assert sorted(d.to for d in send_weekly(NOW)) == ["anna@test.example", "ben@test.example"]
    mails = {mail["To"]: mail for mail in outbox(app)}
    assert mails["anna@test.example"]["Subject"] == "Wochenbericht 12.10.2026 – 18.10.2026"
    assert mails["ben@test.example"]["Subject"] == "Weekly report 12 Oct 2026 – 18 Oct 2026"
    german = mails["anna@test.example"].get_body(("html",)).get_content()
    assert "Kennzahlen" in german and re.search(r'data-figure="median">8,0 h', german)
    csv_file = attachments(mails["anna@test.example"])["first-callback-by-owner-20261012-20261018.csv"]
    assert csv_file.startswith("Verantwortlich")


def test_only_to_a_team_lead_named_on_the_command_line(app, team):
    make_user("admin", email="boss@test.example")
    make_user("sales", email="rep@test.example")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reports", "send", "--to", "REP@test.example"])
    assert result.exit_code != 0 and "no active team lead or admin" in result.output
    assert outbox(app) == []
    result = runner.invoke(args=["reports", "send", "--to", "boss@test.example"])
    assert result.exit_code == 0 and [mail["To"] for mail in outbox(app)] == ["boss@test.example"]


def _smtp_away(app):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_TIMEOUT=2)


def test_an_unreachable_mail_server_fails_the_command_and_keeps_the_report(app, team):
    make_user("admin", email="boss@test.example")
    _smtp_away(app)
    result = app.test_cli_runner().invoke(args=["reports", "send"])
    assert result.exit_code == 1
    assert "Weekly report not sent to 1 of 1" in result.output and "did not take the message" in result.output
    [kept] = outbox(app)
    assert kept["To"] == "boss@test.example" and len(attachments(kept)) == len(ATTACHED)


def test_an_unreachable_mail_server_fails_the_scheduled_job_with_its_error(app, client, login_as, team):
    make_user("admin", email="boss@test.example")
    _smtp_away(app)
    periodic = next(p for p in all_periodic() if p.kind == "weekly-report")
    run_periodic(app, periodic)
    job = Job.query.filter_by(kind="weekly-report").one()
    assert job.status == "failed" and "did not take the message" in job.message
    assert len(outbox(app)) == 1  # kept for `flask mail retry`
    login_as("admin")
    page = unescape(client.get("/settings/weekly-report").get_data(as_text=True))
    assert "The last weekly report failed" in page and "did not take the message" in page


def test_the_scheduled_job_sends_and_says_to_how_many(app, team):
    make_user("admin", email="boss@test.example")
    run_periodic(app, next(p for p in all_periodic() if p.kind == "weekly-report"))
    job = Job.query.filter_by(kind="weekly-report").one()
    assert (job.status, job.message) == ("done", "Weekly report sent to 1 team lead(s)")


def test_by_default_monday_seven_in_the_company_time_zone(app, db):
    after = datetime(2026, 10, 14, 12, 0, tzinfo=timezone.utc)
    when = weekly_trigger(app).get_next_fire_time(None, after)
    assert when.astimezone(timezone.utc) == datetime(2026, 10, 19, 5, 0, tzinfo=timezone.utc)  # 07:00 CEST
    save_setting("company", {**get_settings()["company"], "timezone": "Europe/London"})
    when = weekly_trigger(app).get_next_fire_time(None, after)
    assert when.astimezone(timezone.utc) == datetime(2026, 10, 19, 6, 0, tzinfo=timezone.utc)  # 07:00 BST


def _form(**values):
    return {"weekly_day": "mon", "weekly_time": "07:00", "version": page_version(("reports",)), **values}


def test_a_new_day_and_time_reschedule_the_running_scheduler(app, client, login_as, db):
    scheduler = start_in_app(app, paused=True)
    try:
        login_as("admin")
        response = client.post("/settings/weekly-report", data=_form(weekly_day="fri", weekly_time="16:30"),
                               follow_redirects=True)
        assert "the scheduler uses it from now on" in response.get_data(as_text=True)
        next_run = scheduler.get_job("weekly-report").next_run_time
        assert next_run.strftime("%a %H:%M") == "Fri 16:30" and str(next_run.tzinfo) == "Europe/Berlin"
        assert get_settings()["reports"] == {"weekly_day": "fri", "weekly_time": "16:30"}
    finally:
        scheduler.shutdown(wait=False)


def test_a_new_company_time_zone_moves_the_report_to_seven_there(app, client, login_as, db):
    scheduler = start_in_app(app, paused=True)
    try:
        login_as("admin")
        data = {**get_settings()["company"], **get_settings()["offers"], "version": page_version(COMPANY_KEYS),
                "timezone": "America/New_York"}
        assert client.post("/settings/company", data=data).status_code == 302
        next_run = scheduler.get_job("weekly-report").next_run_time
        assert next_run.strftime("%a %H:%M") == "Mon 07:00" and str(next_run.tzinfo) == "America/New_York"
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.parametrize("values, message", [
    ({"weekly_time": "25:00"}, "Not a valid time value"), ({"weekly_time": ""}, "This field is required"),
    ({"weekly_day": "someday"}, "Not a valid choice")])
def test_a_wrong_day_or_time_is_shown_at_its_field(client, login_as, db, values, message):
    login_as("admin")
    response = client.post("/settings/weekly-report", data=_form(**values))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert get_settings()["reports"]["weekly_time"] == "07:00"


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_only_admins_set_the_schedule(client, login_as, db, role):
    login_as(role, is_team_lead=True)
    assert client.get("/settings/weekly-report").status_code == 403
