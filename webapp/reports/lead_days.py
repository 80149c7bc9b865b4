"""The leads created per day and group (`lead_days`), kept as leads are written, so the figures about a
period (funnel, hand-offs, first callback) read a row per day, owner, source and campaign instead
of every lead created in the period.

After every ORM flush that adds or deletes a lead, or changes what a row counts (creation time,
owner, source, campaign, furthest stage, hand-offs, first contact), the rows of the groups it
touched (before and after the change) are recounted from the leads: a row is always the leads'
own count, whatever the path. First contacts are written by webapp.leads.first_contact in the
same after_flush, registered before this hook. Core writes of a few leads (a lead batch, a
reverted import) recount their groups (groups_of, recount_groups); bulk loads (the demo loader,
the benchmarks) call rebuild() afterwards; so does `flask reports rebuild-counts`, and the migration
that added the table filled it the same way.
"""

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Date, case, cast, delete, func, insert, select
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import keep_old_values, listen_once
from webapp.leads import first_contact
from webapp.leads.timing import aware
from webapp.models import Lead, LeadDay
from webapp.reports.periods import sql_capped, sql_number_list, sql_seconds

GROUP = ("created_at", "owner_id", "source", "campaign_id")  # what places a lead in a row
COUNTED = ("furthest_stage", "handoff_count", "first_contact_at")  # what the row counts of it
HANDOFFS = 5  # handoffs_1 … handoffs_5 (5 or more)
COUNTED_IN = "lead_days_counted_in"  # session.info: id(lead) → the groups it was last counted in


def init_app(app) -> None:
    keep_old_values(Lead, GROUP)
    listen_once(Session, "before_flush", _load_deleted)
    listen_once(Session, "after_flush", _refresh)
    listen_once(Session, "after_transaction_end", _forget)


def _load_deleted(session: Session, _flush_context, _instances) -> None:
    """A lead deleted while expired (after a commit) is read first: its group is recounted without it."""
    for obj in session.deleted:
        if isinstance(obj, Lead):
            for name in GROUP:
                getattr(obj, name)


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(COUNTED_IN, None)


def day_of(moment: datetime) -> date:
    return aware(moment).astimezone(timezone.utc).date()


def _values(state, name: str) -> list:
    history = state.attrs[name].history
    return [*history.deleted, *(history.added or history.unchanged)] or [state.dict.get(name)]


def _key(created, owner_id, source, campaign_id) -> tuple:
    return day_of(created), owner_id, source, campaign_id


def touched_groups(session: Session) -> set[tuple]:
    """(day, owner, source, campaign) of every lead this flush wrote, as it was and as it is.

    A lead inserted in this session has no old values of what it left unset (the owner a hand-off
    gives it in a later flush, via the relationship): the groups it was counted in are remembered
    in the session for its next flushes."""
    keys = set()
    counted = session.info.setdefault(COUNTED_IN, {})
    for objects, whole in ((session.new, True), (session.dirty, False), (session.deleted, True)):
        for obj in objects:
            if not isinstance(obj, Lead):
                continue
            state = attributes.instance_state(obj)
            if not whole and not any(state.attrs[name].history.has_changes() for name in (*GROUP, *COUNTED)):
                continue
            now_in = {_key(moment, owner, source, campaign)
                      for moment in _values(state, "created_at") if moment is not None
                      for owner in _values(state, "owner_id") for source in _values(state, "source")
                      for campaign in _values(state, "campaign_id")}
            keys |= now_in | counted.get(id(obj), set())
            counted[id(obj)] = now_in
    return keys


def _first_contacted_groups(session: Session) -> set[tuple]:
    """The groups of leads whose first contact this flush moved (an activity logged, edited, deleted)."""
    ids = first_contact.touched_leads(session)
    if not ids:
        return set()
    rows = session.connection().execute(select(Lead.created_at, Lead.owner_id, Lead.source, Lead.campaign_id)
                                        .where(Lead.id.in_(ids)))
    return {_key(*row) for row in rows}


COLUMNS = ["day", "owner_id", "source", "campaign_id", "leads", "prospects", "customers", "debtors",
           *[f"handoffs_{n}" for n in range(1, HANDOFFS + 1)], "callback_seconds"]


def _count_if(condition):
    return func.count(case((condition, 1)))  # NULL is not counted


def _counted() -> list:
    """What a row counts of its leads, as aggregates (the same for recount and rebuild)."""
    handoffs = sql_capped(func.coalesce(Lead.handoff_count, 0), HANDOFFS)
    return [func.count(),
            _count_if(Lead.furthest_stage.in_(("prospect", "customer", "debtor"))),
            _count_if(Lead.furthest_stage.in_(("customer", "debtor"))),
            _count_if(Lead.furthest_stage == "debtor"),
            *[_count_if(handoffs == n) for n in range(1, HANDOFFS + 1)],
            sql_number_list(sql_seconds(Lead.created_at, Lead.first_contact_at))]  # NULLs are left out


def _same(column, value):
    return column.is_(None) if value is None else column == value


def recount(connection, key: tuple) -> None:
    day, owner_id, source, campaign_id = key
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    row = connection.execute(select(*_counted()).where(
        Lead.created_at >= start, Lead.created_at < start + timedelta(days=1), _same(Lead.owner_id, owner_id),
        _same(Lead.source, source), _same(Lead.campaign_id, campaign_id))).one()
    connection.execute(delete(LeadDay).where(LeadDay.day == day, _same(LeadDay.owner_id, owner_id),
                                             _same(LeadDay.source, source), _same(LeadDay.campaign_id, campaign_id)))
    if row[0]:
        connection.execute(insert(LeadDay).values(dict(zip(COLUMNS, (*key, *row)))))


def groups_of(connection, lead_ids) -> set[tuple]:
    """The rows that count these leads: read after a Core insert of leads, or before a Core delete,
    and recounted afterwards with recount_groups()."""
    ids, keys = sorted(lead_ids), set()
    for start in range(0, len(ids), 500):
        rows = connection.execute(select(Lead.created_at, Lead.owner_id, Lead.source, Lead.campaign_id)
                                  .where(Lead.id.in_(ids[start:start + 500])))
        keys |= {_key(*row) for row in rows}
    return keys


def recount_groups(connection, keys: set[tuple]) -> None:
    for key in sorted(keys, key=str):
        recount(connection, key)


def _refresh(session: Session, _flush_context) -> None:
    keys = touched_groups(session) | _first_contacted_groups(session)
    if keys:
        recount_groups(session.connection(), keys)


def rebuild(session) -> None:
    """Every row again from the leads (after Core writes)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        day = cast(func.timezone("UTC", Lead.created_at), Date)
    else:
        day = func.date(Lead.created_at)
    group = (day, Lead.owner_id, Lead.source, Lead.campaign_id)
    connection.execute(delete(LeadDay))
    connection.execute(insert(LeadDay).from_select(COLUMNS, select(*group, *_counted()).group_by(*group)))
