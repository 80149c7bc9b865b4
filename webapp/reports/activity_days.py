"""What each person logged per day (`activity_days`), kept as activities are written, so the report's
activities per person and week read a few hundred counts instead of a period's activities.

After every ORM flush that adds, edits or deletes a call, e-mail, meeting or note by a person, the
counts of the days it touched (before and after an edit) are recounted from the activities with
one small range query each: the count is always the activities' own, whatever the path. Core
inserts of activities (the demo loader, the benchmarks) call rebuild() afterwards; the migration
that added the table filled it the same way.
"""

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import cast, delete, func, insert, select
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import keep_old_values, listen_once
from webapp.leads.timing import aware
from webapp.models import LOGGABLE_KINDS, Activity, ActivityDay


WATCHED = ("kind", "user_id", "occurred_at")  # an edit moves the count from the old values to the new


def init_app(app) -> None:
    keep_old_values(Activity, WATCHED)
    listen_once(Session, "after_flush", _refresh)


def day_of(moment: datetime) -> date:
    return aware(moment).astimezone(timezone.utc).date()


def _values(state, name: str) -> list:
    history = state.attrs[name].history
    return [*history.deleted, *(history.added or history.unchanged)] or [state.dict.get(name)]


def touched_days(session: Session) -> set[tuple[int, date]]:
    """(person, day) of every logged activity this flush wrote, as it was and as it is."""
    keys = set()
    for objects in (session.new, session.dirty, session.deleted):
        for obj in objects:
            if not isinstance(obj, Activity):
                continue
            state = attributes.instance_state(obj)
            kinds = set(_values(state, "kind"))
            if not kinds & set(LOGGABLE_KINDS):
                continue
            keys |= {(user_id, day_of(moment)) for user_id in _values(state, "user_id")
                     for moment in _values(state, "occurred_at") if user_id is not None and moment is not None}
    return keys


def recount(connection, user_id: int, day: date) -> None:
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    count = connection.execute(
        select(func.count()).select_from(Activity)
        .where(Activity.occurred_at >= start, Activity.occurred_at < start + timedelta(days=1),
               Activity.user_id == user_id, Activity.kind.in_(LOGGABLE_KINDS))).scalar()
    connection.execute(delete(ActivityDay).where(ActivityDay.user_id == user_id, ActivityDay.day == day))
    if count:
        connection.execute(insert(ActivityDay).values(user_id=user_id, day=day, activities=count))


def _refresh(session: Session, _flush_context) -> None:
    keys = touched_days(session)
    if keys:
        connection = session.connection()
        for user_id, day in sorted(keys):
            recount(connection, user_id, day)


def rebuild(session) -> None:
    """Every count again from the activities (after Core inserts)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        day = cast(func.timezone("UTC", Activity.occurred_at), ActivityDay.day.type)
    else:
        day = func.date(Activity.occurred_at)
    counted = (select(Activity.user_id, day, func.count())
               .where(Activity.user_id.is_not(None), Activity.kind.in_(LOGGABLE_KINDS))
               .group_by(Activity.user_id, day))
    connection.execute(delete(ActivityDay))
    connection.execute(insert(ActivityDay).from_select(["user_id", "day", "activities"], counted))
