"""E-mail: at once, as a daily digest or never; in the reader's language; kept when SMTP fails."""

import socket
from datetime import datetime, timezone
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from webapp.leads import lifecycle
from webapp.mail import MailNotSent, retry_outbox, send
from webapp.models import Notification
from webapp.notifications.services import send_digests
from webapp.settings.services import get_settings, save_setting
from tests.factories import make_lead, make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def outbox(app):
    folder = app.config["MAIL_OUTBOX"]
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]


def _assign(to, by):
    lead = make_lead(title="Scanners", stage="prospect", owner_id=make_user("sales").id)
    lifecycle.assign_to(lead, to, by, NOW)
    return lead


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again once closed: nobody listens there


def test_at_once_writes_one_eml_to_the_recipient_in_their_language(app, db):
    anna = make_user("sales", email="anna@test.example", language="de", notify_email="instant")
    lead = _assign(anna, make_user("admin", name="Boss"))
    [mail] = outbox(app)
    assert mail["To"] == "anna@test.example"
    assert mail["Subject"] == "Ihnen wurde ein Lead zugewiesen"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Boss hat Ihnen den Lead „Scanners“ zugewiesen." in text
    assert f"http://127.0.0.1:5000/leads/{lead.id}" in html


def test_without_a_language_of_their_own_the_company_language_is_used(app, db):
    save_setting("company", {**get_settings()["company"], "language": "de"})
    ben = make_user("sales", notify_email="instant")
    _assign(ben, make_user("admin"))
    assert outbox(app)[0]["Subject"] == "Ihnen wurde ein Lead zugewiesen"


def test_an_english_reader_gets_english(app, db):
    ben = make_user("sales", language="en", notify_email="instant")
    _assign(ben, make_user("admin"))
    assert outbox(app)[0]["Subject"] == "A lead was assigned to you"


def test_nothing_is_mailed_for_an_action_that_was_rolled_back(app, db):
    ben = make_user("sales", notify_email="instant")
    lead = make_lead(stage="prospect", owner_id=make_user("sales").id)
    lifecycle._assign(lead, ben, make_user("admin"), NOW, "assigned", lead.stage)
    db.session.rollback()
    assert outbox(app) == [] and db.session.scalars(select(Notification)).all() == []


def test_the_daily_digest_collects_the_days_notifications_into_one_mail(app, db):
    cleo = make_user("sales", email="cleo@test.example", language="en")  # "daily" is the default
    boss = make_user("admin")
    for _ in range(3):
        _assign(cleo, boss)
    assert outbox(app) == []
    assert send_digests()["count"] == 1
    [mail] = outbox(app)
    assert mail["To"] == "cleo@test.example" and mail["Subject"] == "3 notifications from leadflow"
    assert mail.get_body(("plain",)).get_content().count("assigned the lead") == 3
    assert send_digests()["count"] == 0  # each notification is mailed once
    assert len(outbox(app)) == 1


def test_off_sends_nothing_but_keeps_the_notifications_in_the_app(app, db):
    dora = make_user("sales", notify_email="off")
    _assign(dora, make_user("admin"))
    send_digests()
    assert outbox(app) == []
    assert db.session.scalar(select(Notification).where(Notification.user_id == dora.id)) is not None


def test_an_unreachable_smtp_server_is_logged_and_the_mail_kept_for_a_retry(app, db, caplog, monkeypatch):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_TIMEOUT=2)
    eve = make_user("sales", email="eve@test.example", notify_email="instant")
    lead = _assign(eve, make_user("admin"))
    assert lead.owner_id == eve.id  # the action stands
    assert "Notification e-mail to eve@test.example not sent" in caplog.text and "did not take" in caplog.text
    [kept] = outbox(app)
    assert kept["To"] == "eve@test.example"

    assert retry_outbox() == (0, 1)  # still away: kept
    sent = []

    class Server:  # the server is back
        def __init__(self, host, port, **kw):
            pass

        def sendmail(self, sender, recipients, message, mail_options=()):
            sent.append((recipients, message))

        def quit(self):
            pass

    monkeypatch.setattr("smtplib.SMTP", Server)
    assert retry_outbox() == (1, 0)
    assert sent[0][0] == ["eve@test.example"] and outbox(app) == []


def test_send_raises_a_clear_error_when_smtp_is_unreachable(app, db):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_TIMEOUT=2)
    with pytest.raises(MailNotSent, match="did not take the message.*kept as .*retry"):
        send(["x@test.example"], "Hello", "Text")
    assert len(outbox(app)) == 1


def test_one_send_carries_html_inline_images_and_attachments(app, db):
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    send(["lead@test.example"], "Weekly report", "Figures attached.", html='<img src="cid:funnel">',
         inline_images={"funnel": png}, attachments=[("kpis.csv", "week;leads\n12;40\n", "text/csv")])
    [mail] = outbox(app)
    assert mail.get_content_type() == "multipart/mixed"
    related = next(part for part in mail.iter_parts() if part.get_content_type() == "multipart/related")
    image = next(part for part in related.iter_parts() if part.get_content_type() == "image/png")
    assert image["Content-ID"] == "<funnel>" and image.get_content() == png
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "kpis.csv" and "12;40" in attachment.get_content()
    assert mail.get_body(("plain",)).get_content().strip() == "Figures attached."
