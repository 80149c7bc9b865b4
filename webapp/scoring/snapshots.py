"""A lead as it was at any moment: the one description of a lead that scoring reads.

`describe(condition, moments)` turns leads (a SQL condition over `leads`) into one row per moment:
training reads closed leads at several moments of their open life, the rescore and a single
lead's score read open leads now, and the export, drift report and notebooks read the same rows.

- A tracked field's value at T is the value that the first change after T replaced; with no change
  after T, its value now. (The newest change at or before T says the same when the history is
  complete; asking "what came after" also answers for records whose history began later.)
- Stage and age are the lead's at T. A stage that the history says was closed before the lead's
  close is impossible; such a moment gets the open stage its offers imply, and is logged.
- Engagement counts only the customer's side, up to T: calls, meetings, notes, materials sent and
  e-mails other than the notice the app writes when an offer goes out. That an offer is out enters
  as its own feature (`offers_sent`), at the time it was sent; stage changes and hand-offs, which
  the app writes itself, never count. What happened at T itself counts, as a field changed at T
  does: sending an offer makes the lead a prospect at the same instant, and a training moment at
  that stage change must see the offer, not a prospect without one (no open lead is ever that).
- Times that contradict each other (a moment before the lead's creation) are clamped to age 0 and
  logged; they never stop training.

Everything is read with a few Core queries and joined with pandas (`merge_asof`), so describing a
million snapshots or every open lead costs seconds, not an ORM object per lead.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import String, case, func, select, type_coerce

from webapp.extensions import db
from webapp.models import OPEN_STAGES, Activity, Campaign, Contact, FieldChange, Lead, Offer, Organization

log = logging.getLogger(__name__)

# Activity kind -> engagement column; e-mails that announce an offer are not the customer's.
ENGAGEMENT = {"call": "calls", "email": "emails", "meeting": "meetings", "note": "notes",
              "material_sent": "materials_sent"}
OFFER_NOTICE = "offer_sent"  # Activity.details["event"] of the e-mail an offer goes out with
COUNTS = (*ENGAGEMENT.values(), "offers_sent")
# Every column a lead's row has, in this order (lead_id first).
FEATURES = ("source", "campaign_channel", "industry", "employees", "territory", "country", "function",
            "budget", "authority", "need", "timeline", "reaction", "expected_value", "created_month",
            "salutation", "email", *COUNTS, "stage", "age_days")
LEAD_FIELDS = ("source", "campaign_id", "expected_value", "budget", "authority", "need", "timeline", "reaction",
               "stage")
CONTACT_FIELDS = ("function", "organization_id", "industry", "country")
ORGANIZATION_FIELDS = ("industry", "employees", "territory", "country")
NUMBERS = ("employees", "expected_value", "created_month", *COUNTS, "age_days")
DAY_NS = 86_400 * 10**9


def _contact_column(field: str) -> str:
    """The column a contact field is read into (its industry and country stand before the organization's)."""
    return field if field == "organization_id" else f"contact_{field}"

Moments = pd.DataFrame | Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None


def _ns(values) -> np.ndarray:
    """Timestamps as int64 nanoseconds: datetimes, or the ISO text SQLite keeps (naive ones are UTC)."""
    return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601").to_numpy(
        "datetime64[ns]").astype(np.int64)


def _raw(column):
    """A timestamp column read as the driver hands it over: SQLite's text is parsed once, for the
    whole column, by pandas (SQLAlchemy's per-row parsing was a large part of a full rescore)."""
    return type_coerce(column, String).label(column.key)


def _connection():
    """The session's connection, after the flush a query through the session would make (pending
    changes are read); rows read on it skip the ORM's per-row work."""
    if db.session.autoflush:
        db.session.flush()
    return db.session.connection()


def _frame(statement, columns: list[str]) -> pd.DataFrame:
    """The statement's rows as a table, built column by column (far faster than row objects)."""
    rows = _connection().execute(statement).all()
    return pd.DataFrame({name: list(values) for name, values in zip(columns, zip(*rows))} if rows else
                        {name: [] for name in columns}, columns=columns)


def _leads(condition, now: datetime | None = None) -> pd.DataFrame:
    """The leads as they are now, with their contact's and organization's score fields; given
    `now`, also their COUNTS at that moment, grouped by the database in the same query."""
    c, o = Contact.__table__.c, Organization.__table__.c
    lead = Lead.__table__.c
    columns = [lead.id, _raw(lead.created_at), _raw(lead.closed_at), *(lead[f] for f in LEAD_FIELDS),
               lead.contact_id, c.function, c.organization_id, c.industry, c.country, c.salutation,
               c.email, c.scoring_opt_out, o.industry, o.employees, o.territory, o.country]
    joined = (Lead.__table__.join(Contact.__table__, lead.contact_id == c.id)
              .outerjoin(Organization.__table__, c.organization_id == o.id))
    if now is not None:
        counts = _counts_at(select(Lead.id).where(condition).scalar_subquery(), now)
        columns += [func.coalesce(column, 0) for count in counts for column in count.c if column.key != "lead_id"]
        for count in counts:
            joined = joined.outerjoin(count, count.c.lead_id == lead.id)
    names = ["lead_id", "created_at", "closed_at", *LEAD_FIELDS, "contact_id",
             *(_contact_column(f) for f in CONTACT_FIELDS), "salutation", "email", "scoring_opt_out",
             *(f"org_{f}" for f in ORGANIZATION_FIELDS), *(COUNTS if now is not None else ())]
    # Sorted here rather than by the database: cheaper than its temporary B-tree over every column.
    frame = _frame(select(*columns).select_from(joined).where(condition), names)
    frame = frame.sort_values("lead_id", kind="stable", ignore_index=True)
    frame["created_ns"] = _ns(frame["created_at"]) if len(frame) else np.array([], dtype=np.int64)
    closed = frame["closed_at"].notna()
    frame["closed_ns"] = np.int64(np.iinfo(np.int64).max)
    if closed.any():
        frame.loc[closed, "closed_ns"] = _ns(frame.loc[closed, "closed_at"])
    return frame


def _counts_at(lead_ids_query, now: datetime) -> tuple:
    """Subqueries (lead_id, one column per count) of the customer's activities and the offers sent
    up to `now`, one row per lead that has any (COUNTS, in that order)."""
    a, o = Activity.__table__.c, Offer.__table__.c
    notice = Activity.details["event"].as_string() == OFFER_NOTICE
    activities = (select(a.lead_id, *(func.count(case((a.kind == kind, 1))).label(column)
                                      for kind, column in ENGAGEMENT.items()))
                  .where(a.lead_id.in_(lead_ids_query), a.kind.in_(ENGAGEMENT), a.occurred_at <= now,
                         func.coalesce(notice, False).is_(False))
                  .group_by(a.lead_id).subquery("activity_counts"))
    offers = (select(o.lead_id, func.count().label("offers_sent"))
              .where(o.lead_id.in_(lead_ids_query), o.sent_at.is_not(None), o.sent_at <= now)
              .group_by(o.lead_id).subquery("offer_counts"))
    return activities, offers


def _changes(entity: str, fields: tuple[str, ...], ids_query, since_ns: int) -> pd.DataFrame:
    """Field changes of these records after `since_ns`, oldest first."""
    fc = FieldChange.__table__.c
    since = datetime.fromtimestamp(since_ns // 1000 / 1e6, tz=timezone.utc)  # microseconds, as databases keep them
    statement = (select(fc.entity_id, fc.field, _raw(fc.changed_at), fc.old_value, fc.id)
                 .where(fc.entity_type == entity, fc.field.in_(fields), fc.entity_id.in_(ids_query),
                        fc.changed_at > since - timedelta(seconds=1)))
    frame = _frame(statement, ["entity_id", "field", "changed_at", "old_value", "id"])
    frame["changed_ns"] = _ns(frame["changed_at"]) if len(frame) else np.array([], dtype=np.int64)
    return frame.sort_values(["changed_ns", "id"], kind="stable")


def _as_of(frame: pd.DataFrame, key: str, changes: pd.DataFrame, field: str, column: str) -> None:
    """frame[column] at each row's moment: the old value of the first change of `field` after it."""
    changed = changes[changes["field"] == field]
    if changed.empty:
        return
    left = pd.DataFrame({"key": frame[key].to_numpy(np.int64), "at_ns": frame["at_ns"].to_numpy(),
                         "row": np.arange(len(frame))}).sort_values("at_ns", kind="stable")
    old_values = changed["old_value"].to_numpy(dtype=object)  # taken by position: a merge makes None NaN
    right = pd.DataFrame({"key": changed["entity_id"].to_numpy(np.int64), "changed_ns": changed["changed_ns"].to_numpy(),
                          "change": np.arange(len(changed))})
    merged = pd.merge_asof(left, right, left_on="at_ns", right_on="changed_ns", by="key",
                           direction="forward", allow_exact_matches=False)
    hit = merged["changed_ns"].notna().to_numpy()
    if hit.any():
        values = frame[column].to_numpy(dtype=object).copy()
        values[merged["row"].to_numpy()[hit]] = old_values[merged["change"].to_numpy()[hit].astype(np.int64)]
        frame[column] = values


def _counts_before(frame: pd.DataFrame, events: pd.DataFrame, column: str) -> None:
    """frame[column]: how many `events` (lead_id, at_ns) of the row's lead came at or before its moment."""
    frame[column] = 0
    if events.empty:
        return
    events = events.sort_values("at_ns", kind="stable").copy()
    events["n"] = events.groupby("lead_id").cumcount() + 1
    left = pd.DataFrame({"lead_id": frame["lead_id"].to_numpy(np.int64), "at_ns": frame["at_ns"].to_numpy(),
                         "row": np.arange(len(frame))}).sort_values("at_ns", kind="stable")
    right = events[["lead_id", "at_ns", "n"]].astype({"lead_id": np.int64})
    merged = pd.merge_asof(left, right, on="at_ns", by="lead_id", direction="backward", allow_exact_matches=True)
    counts = np.zeros(len(frame), dtype=np.int64)
    counts[merged["row"].to_numpy()] = merged["n"].fillna(0).to_numpy(np.int64)
    frame[column] = counts


def _events(lead_ids_query) -> dict[str, pd.DataFrame]:
    """The customer's activities and the offers sent, per count column, as (lead_id, at_ns)."""
    a = Activity.__table__.c
    notice = case((Activity.details["event"].as_string() == OFFER_NOTICE, 1), else_=0)
    activities = _frame(select(a.lead_id, a.kind, _raw(a.occurred_at), notice)
                        .where(a.lead_id.in_(lead_ids_query), a.kind.in_(ENGAGEMENT)),
                        ["lead_id", "kind", "occurred_at", "notice"])
    activities = activities[activities["notice"] == 0]
    activities["at_ns"] = _ns(activities["occurred_at"]) if len(activities) else np.array([], dtype=np.int64)
    o = Offer.__table__.c
    offers = _frame(select(o.lead_id, _raw(o.sent_at)).where(o.lead_id.in_(lead_ids_query), o.sent_at.is_not(None)),
                    ["lead_id", "sent_at"])
    offers["at_ns"] = _ns(offers["sent_at"]) if len(offers) else np.array([], dtype=np.int64)
    events = {column: activities.loc[activities["kind"] == kind, ["lead_id", "at_ns"]]
              for kind, column in ENGAGEMENT.items()}
    return events | {"offers_sent": offers[["lead_id", "at_ns"]]}


def _channels() -> dict[int, str | None]:
    return dict(db.session.execute(select(Campaign.id, Campaign.channel)).all())


def _organizations(ids) -> pd.DataFrame:
    o = Organization.__table__.c
    statement = select(o.id, *(o[f] for f in ORGANIZATION_FIELDS)).where(o.id.in_(list(ids)))
    return _frame(statement, ["id", *ORGANIZATION_FIELDS]).set_index("id")


def _history(frame: pd.DataFrame, leads_query, contacts_query) -> None:
    """Every tracked field of each row as of its moment (the rows are copies of the lead as it is now)."""
    since = int(frame["at_ns"].min())
    lead_changes = _changes("lead", LEAD_FIELDS, leads_query, since)
    for field in LEAD_FIELDS:
        _as_of(frame, "lead_id", lead_changes, field, field)
    contact_changes = _changes("contact", CONTACT_FIELDS, contacts_query, since)
    current_org = frame["organization_id"].copy()
    for field in CONTACT_FIELDS:
        _as_of(frame, "contact_id", contact_changes, field, _contact_column(field))
    moved = frame["organization_id"].to_numpy(dtype=object) != current_org.to_numpy(dtype=object)
    if moved.any():  # the contact worked elsewhere then: that organization's fields
        orgs = _organizations({int(i) for i in frame.loc[moved, "organization_id"].dropna()})
        for field in ORGANIZATION_FIELDS:
            values = frame[f"org_{field}"].to_numpy(dtype=object).copy()
            values[moved] = [orgs[field].get(i) if pd.notna(i) else None for i in frame.loc[moved, "organization_id"]]
            frame[f"org_{field}"] = values
    org_ids = select(Contact.organization_id).where(Contact.id.in_(contacts_query))
    org_changes = _changes("organization", ORGANIZATION_FIELDS, org_ids, since)
    frame["org_key"] = pd.to_numeric(frame["organization_id"], errors="coerce").fillna(-1).astype(np.int64)
    for field in ORGANIZATION_FIELDS:
        _as_of(frame, "org_key", org_changes, field, f"org_{field}")


def _first(*columns: pd.Series) -> pd.Series:
    """Per row, the first of these columns that has a value (a contact's field before its organization's)."""
    result = columns[0].astype(object)
    for column in columns[1:]:
        result = result.where(result.notna(), column.astype(object))
    return result.where(result.notna(), None)


def _stage_and_age(frame: pd.DataFrame) -> None:
    age = (frame["at_ns"].to_numpy() - frame["created_ns"].to_numpy()) / DAY_NS
    early = age < 0
    if early.any():
        log.warning("Scoring: %d moments before their lead's creation counted as age 0 (leads %s)",
                    int(early.sum()), sorted(set(frame.loc[early, "lead_id"].tolist()))[:10])
    frame["age_days"] = np.round(np.clip(age, 0, None), 3)
    impossible = ~frame["stage"].isin(list(OPEN_STAGES)) & (frame["at_ns"] < frame["closed_ns"])
    if impossible.any():
        log.warning("Scoring: %d moments of open leads had a closed stage in their history; "
                    "their offers decide lead or prospect", int(impossible.sum()))
        frame.loc[impossible, "stage"] = np.where(frame.loc[impossible, "offers_sent"] > 0, "prospect", "lead")


def describe(condition, moments: Moments = None, now: datetime | None = None,
             excluded: tuple[str, ...] = ()) -> pd.DataFrame:
    """The leads matching `condition`, one row per moment, columns `lead_id`, FEATURES (less
    `excluded`) and `scoring_opt_out` (now: whether the contact allows automated scoring).

    `moments`: None for one row per lead as of `now`; a table (lead_id, at) of UTC timestamps; or a
    function (leads, stage changes) -> such a table, given the leads as they are now (`lead_id`,
    `created_ns`, `closed_ns`) and their stage changes (`entity_id`, `changed_ns`). Moments come out
    with an `at` column, in the order given.
    """
    now = now or datetime.now(timezone.utc)
    now_ns = int(pd.Timestamp(now).value)
    leads = _leads(condition, now if moments is None else None)
    leads_query = select(Lead.id).where(condition).scalar_subquery()
    contacts_query = select(Lead.contact_id).where(condition).scalar_subquery()
    if moments is None:
        frame = leads
        frame["at_ns"] = now_ns
    else:
        if callable(moments):
            stage_changes = _changes("lead", ("stage",), leads_query, 0)
            moments = moments(leads, stage_changes)
        wanted = pd.DataFrame({"lead_id": moments["lead_id"].to_numpy(np.int64), "at_ns": _ns(moments["at"])})
        frame = wanted.merge(leads, on="lead_id", how="inner", validate="many_to_one")
    if frame.empty:
        return pd.DataFrame(columns=["lead_id", *(f for f in FEATURES if f not in excluded), "scoring_opt_out"])
    if moments is not None:
        for column, events in _events(leads_query).items():
            _counts_before(frame, events, column)
    if moments is not None or (frame["at_ns"] < now_ns).any():
        _history(frame, leads_query, contacts_query)
    _stage_and_age(frame)
    channels = _channels()
    frame["campaign_channel"] = [channels.get(int(i)) if pd.notna(i) else None for i in frame["campaign_id"]]
    frame["industry"] = _first(frame["contact_industry"], frame["org_industry"])
    frame["country"] = _first(frame["contact_country"], frame["org_country"])
    frame["function"] = frame["contact_function"]
    frame["employees"] = frame["org_employees"]
    frame["territory"] = frame["org_territory"]
    frame["expected_value"] = pd.to_numeric(frame["expected_value"], errors="coerce").astype(float)
    frame["created_month"] = pd.to_datetime(frame["created_ns"], utc=True).dt.month.to_numpy()
    frame["employees"] = pd.to_numeric(frame["employees"], errors="coerce").astype(float)
    out = frame[["lead_id", *(f for f in FEATURES if f not in excluded), "scoring_opt_out"]].copy()
    for column in out.columns.intersection([f for f in FEATURES if f not in NUMBERS]):
        text = out[column].astype(object)  # one marker for "unknown" whatever the path: None
        out[column] = pd.Series(np.where(text.isna(), None, text), index=out.index, dtype=object)
    if moments is not None:
        out.insert(1, "at", pd.to_datetime(frame["at_ns"], utc=True).to_numpy())
    return out.reset_index(drop=True)


def training_moments(every_days: int) -> Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """Moments of each closed lead's open life: one day after creation, each stage change before the
    decision, and every `every_days` days until it; a lead decided within a day, halfway there.

    The periodic moments start at a phase of their own per lead (fixed by its id, within the first
    `every_days`), so that together the leads are seen at every age, not only at multiples of
    `every_days`: a lead is scored on any day of its life, and a model that never saw a lead on its
    7th day would have to guess there."""
    step = every_days * DAY_NS

    def moments(leads: pd.DataFrame, stage_changes: pd.DataFrame) -> pd.DataFrame:
        created, closed = leads["created_ns"].to_numpy(), leads["closed_ns"].to_numpy()
        ids = leads["lead_id"].to_numpy(np.int64)
        span = np.maximum(closed - created, 0)
        rows_id, rows_at = [], []
        first = np.where(span > DAY_NS, created + DAY_NS, created + span // 2)
        rows_id.append(ids)
        rows_at.append(first)
        phase = ((ids * 2654435761) % 2**32 / 2**32 * step).astype(np.int64)  # the same for a lead every time
        periods = np.where(span > phase, (span - phase - 1) // step + 1, 0)  # strictly before the decision
        repeat = np.repeat(np.arange(len(ids)), periods)
        if len(repeat):
            k = np.arange(len(repeat)) - np.repeat(np.cumsum(periods) - periods, periods)
            rows_id.append(ids[repeat])
            rows_at.append(created[repeat] + phase[repeat] + k * step)
        if len(stage_changes):
            index = pd.Series(np.arange(len(ids)), index=ids)
            position = index.reindex(stage_changes["entity_id"].to_numpy(np.int64)).to_numpy()
            known = ~np.isnan(position)
            at = stage_changes["changed_ns"].to_numpy()[known]
            lead = position[known].astype(np.int64)
            inside = (at > created[lead]) & (at < closed[lead])
            rows_id.append(ids[lead[inside]])
            rows_at.append(at[inside])
        table = pd.DataFrame({"lead_id": np.concatenate(rows_id), "at_ns": np.concatenate(rows_at)})
        table = table[table["at_ns"] > leads.set_index("lead_id")["created_ns"].reindex(table["lead_id"]).to_numpy()]
        table = table.drop_duplicates().sort_values(["lead_id", "at_ns"], kind="stable")
        return pd.DataFrame({"lead_id": table["lead_id"].to_numpy(),
                             "at": pd.to_datetime(table["at_ns"].to_numpy(), utc=True)})

    return moments


def at_ages(ages_days: tuple[int, ...]) -> Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """Each lead as of its n-th day for every n in `ages_days` it was still open at."""

    def moments(leads: pd.DataFrame, _stage_changes: pd.DataFrame) -> pd.DataFrame:
        parts = []
        for age in ages_days:
            at = leads["created_ns"].to_numpy() + age * DAY_NS
            open_then = at < leads["closed_ns"].to_numpy()
            parts.append(pd.DataFrame({"lead_id": leads["lead_id"].to_numpy(np.int64)[open_then],
                                       "at": pd.to_datetime(at[open_then], utc=True)}))
        return pd.concat(parts, ignore_index=True)

    return moments


__all__ = ["COUNTS", "ENGAGEMENT", "FEATURES", "at_ages", "describe", "training_moments"]

