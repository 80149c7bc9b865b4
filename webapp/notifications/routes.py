"""The reader's notifications: the bell, the list, mark read (one or all)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from webapp.htmx import is_partial
from webapp.notifications import bp, services
from webapp.paging import page_number, page_size


@bp.get("/")
def index():
    page = services.page_for(current_user, page_number(), page_size())
    return render_template("notifications/index.html", page=page, unread=services.unread_count(current_user))


@bp.get("/bell")
def bell():
    """The header's bell, polled by htmx to keep the unread count fresh."""
    return render_template("notifications/_bell.html", unread=services.unread_count(current_user))


@bp.get("/<int:notification_id>/open")
def open_link(notification_id: int):
    """Following a notification marks it read."""
    row = services.get_for(current_user, notification_id)
    services.mark_read(row)
    return redirect(row.link or url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
def read(notification_id: int):
    row = services.get_for(current_user, notification_id)
    services.mark_read(row)
    if is_partial():  # the bell listens for this and counts again
        return render_template("notifications/_item.html", item=row), {"HX-Trigger": "notifications-changed"}
    return redirect(url_for("notifications.index"))


@bp.post("/read-all")
def read_all():
    count = services.mark_all_read(current_user)

    flash(ngettext("%(num)s notification marked as read.", "%(num)s notifications marked as read.", count), "success")
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def bell_count():
    """Every page renders the bell with its count, so it is right without JavaScript too."""

    def unread_notifications() -> int:
        try:
            return services.unread_count(current_user) if current_user.is_authenticated else 0
        except SQLAlchemyError:  # an error page must still render when the database is what failed
            return 0

    return {"unread_notifications": unread_notifications}
