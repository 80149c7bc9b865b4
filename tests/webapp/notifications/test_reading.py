"""The bell counts unread notifications (with and without JavaScript); following one or marking
all reads them; nobody reaches another person's notifications."""

from datetime import datetime, timezone

from sqlalchemy import select

from webapp.models import Notification, User
from webapp.notifications import texts
from webapp.notifications.services import notify
from webapp.stored_text import english
from tests.factories import make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _tell(db, user: User, n: int = 1, link: str | None = "/leads/") -> list[Notification]:
    rows = [notify([user], "assigned", texts.ASSIGNED_BY_APP, link, lead=f"Lead {i}")[0] for i in range(n)]
    db.session.commit()
    return rows


def _bell_count(html: str) -> str | None:
    start = html.find('id="notification-bell"')
    end = html.find("</a>", start)
    bell = html[start:end]
    marker = 'class="bell-count" aria-hidden="true">'
    return bell.split(marker)[1].split("<")[0] if marker in bell else None


def test_the_bell_shows_the_unread_count_on_every_page_and_as_a_polled_fragment(client, login_as, db):
    me = login_as("sales")
    _tell(db, me, 3)
    _tell(db, make_user("sales"), 5)  # someone else's
    page = client.get("/").get_data(as_text=True)
    assert _bell_count(page) == "3" and 'hx-trigger="every 45s' in page
    fragment = client.get("/notifications/bell", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and _bell_count(fragment) == "3"


def test_the_list_is_newest_first_and_paginated(client, login_as, db):
    me = login_as("sales")
    _tell(db, me, 12)
    first = client.get("/notifications/").get_data(as_text=True)
    assert first.index("“Lead 11”") < first.index("“Lead 10”") and "“Lead 1”" not in first
    assert "“Lead 1”" in client.get("/notifications/?page=2").get_data(as_text=True)


def test_following_a_notification_marks_it_read_and_goes_to_its_link(client, login_as, db):
    me = login_as("sales")
    row, other = _tell(db, me, 2, link="/leads/queue")
    response = client.get(f"/notifications/{row.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/leads/queue"
    db.session.expire_all()
    assert row.read_at is not None and other.read_at is None
    assert _bell_count(client.get("/").get_data(as_text=True)) == "1"


def test_mark_one_read_with_htmx_returns_the_item_only(client, login_as, db):
    me = login_as("sales")
    [row] = _tell(db, me)
    response = client.post(f"/notifications/{row.id}/read", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and f'id="notification-{row.id}"' in html
    assert "Mark as read" not in html and response.headers["HX-Trigger"] == "notifications-changed"


def test_mark_all_read_empties_the_bell(client, login_as, db):
    me = login_as("sales")
    _tell(db, me, 4)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "4 notifications marked as read." in response.get_data(as_text=True)
    assert _bell_count(client.get("/").get_data(as_text=True)) is None
    assert db.session.scalar(select(Notification).where(Notification.read_at.is_(None))) is None


def test_nobody_opens_or_reads_another_persons_notification(client, login_as, db):
    [theirs] = _tell(db, make_user("sales"))
    login_as("partner")
    assert client.get(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    client.post("/notifications/read-all")
    db.session.expire_all()
    assert theirs.read_at is None


def test_the_email_preference_is_saved_on_the_profile_page(client, login_as, db):
    me = login_as("sales")
    assert 'selected value="daily"' in client.get("/profile").get_data(as_text=True)
    response = client.post("/profile/notifications", data={"notify_email": "off"})
    assert response.status_code == 302
    db.session.expire_all()
    assert me.notify_email == "off"
    refused = client.post("/profile/notifications", data={"notify_email": "hourly"})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)


def test_a_german_reader_sees_every_kind_of_notification_in_german(client, login_as, db):
    me = login_as("admin", language="de")
    notify([me], "escalated", texts.ESCALATED, None, lead="Scanner", owner="Sven")
    notify([me], "job_done", texts.JOB_DONE, None, job=english(texts.JOB_NAMES["rescore"]), outcome="Done")
    db.session.commit()
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Der Lead „Scanner“ wurde eskaliert: Niemand hat innerhalb seines Zeitfensters reagiert (zuständig: Sven)." in html
    assert "Neubewertung abgeschlossen: Erledigt" in html
    assert "Alle als gelesen markieren" in html and "Benachrichtigungen: 2 ungelesen" in html
