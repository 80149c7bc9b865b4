"""Leads as tables for the scoring library: training snapshots of closed leads, open leads now.

Both come from `webapp.scoring.snapshots.describe`, so training, scoring, the export and the
drift report read a lead the same way. A closed lead is learned from as it was while it was open
(several snapshots, each labelled with the final outcome, weighted so that a lead counts once
in each stretch of its open life); an open lead is scored as it is now.
"""

from datetime import datetime, timezone

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select

from webapp.extensions import db
from webapp.models import CLOSED_LOST_STAGES, OPEN_STAGES, WON_STAGES, Campaign, Contact, Lead, Organization
from webapp.scoring import snapshots
from webapp.scoring.snapshots import ENGAGEMENT  # noqa: F401 - the settings' field list reads it here
from webapp.settings.services import get_settings

TARGET = "won"
DECIDED_AT = "decided_at"  # when the lead's outcome was decided; orders the split, never a feature
SNAPSHOT_AT = "snapshot_at"  # the moment a training row describes the lead at
WEIGHT = "weight"  # a lead's snapshots within one stretch of `snapshot_every_days` share one unit
GROUP = "lead_id"  # snapshots of one lead stay on one side of every split
NOT_FEATURES = (GROUP, DECIDED_AT, SNAPSHOT_AT, WEIGHT)
# Columns describing the person rather than the deal; excluded unless an admin allows them.
DEFAULT_EXCLUDED = ("salutation", "first_name", "last_name", "email", "phone", "gender")

# What a lead's score depends on besides its activities and offers, by table:
# webapp.scoring.live rescores a lead when any of these changes.
SCORE_INPUTS = {
    Lead: ("stage", "closed_at", "created_at", "source", "budget", "authority", "need", "timeline", "reaction",
           "expected_value", "campaign_id", "contact_id"),
    Contact: ("industry", "country", "function", "salutation", "email", "scoring_opt_out", "organization_id"),
    Organization: ("industry", "employees", "territory", "country"),
    Campaign: ("channel",),
}

CLOSED = and_(Lead.stage.in_((*WON_STAGES, *CLOSED_LOST_STAGES)), Lead.closed_at.is_not(None))


def _iso(values) -> np.ndarray:
    return pd.to_datetime(pd.Series(values), utc=True, format="mixed").map(lambda t: t.isoformat()).to_numpy()


def training_frame(now: datetime | None = None, excluded: tuple[str, ...] = DEFAULT_EXCLUDED,
                   respect_opt_out: bool = True, every_days: int | None = None) -> pd.DataFrame:
    """Snapshots of the closed leads (won = reached customer or debtor), oldest decision first:
    the features as of `snapshot_at`, the outcome, `decided_at` and the snapshot's weight."""
    every_days = every_days or get_settings()["scoring"]["snapshot_every_days"]
    frame = snapshots.describe(CLOSED, snapshots.training_moments(every_days), now, excluded)
    if respect_opt_out:
        frame = frame[~frame["scoring_opt_out"].astype(bool)]
    frame = frame.drop(columns="scoring_opt_out").rename(columns={"at": SNAPSHOT_AT})
    if frame.empty:
        return frame
    outcomes = pd.DataFrame(db.session.execute(select(Lead.id, Lead.stage, Lead.closed_at).where(CLOSED)).all(),
                            columns=[GROUP, "final_stage", "closed_at"]).set_index(GROUP)
    outcomes = outcomes.reindex(frame[GROUP])
    frame[TARGET] = outcomes["final_stage"].isin(list(WON_STAGES)).astype(int).to_numpy()
    frame[DECIDED_AT] = _iso(outcomes["closed_at"])
    frame[SNAPSHOT_AT] = _iso(frame[SNAPSHOT_AT])
    frame[WEIGHT] = _weights(frame, every_days)
    return frame.sort_values([DECIDED_AT, GROUP, SNAPSHOT_AT], kind="stable").reset_index(drop=True)


def _weights(frame: pd.DataFrame, every_days: int) -> np.ndarray:
    """Each lead counts once in every stretch of `every_days` of its open life it was seen in:
    its snapshots within one stretch (the periodic one, the first day's, a stage change's) share
    one unit. So a lead seen three times in one week counts no more than one seen once, and at any
    age the leads open then count alike, whether they close fast or late. (One unit per lead over
    its whole life would make each of a long-lived lead's snapshots count less, and as won leads
    live longer, it would tilt every age's win rate towards lost: measured on the demo, calibration
    error on the 1st day 0.10 against 0.05.)"""
    band = (frame["age_days"] // every_days).astype(int)
    return 1.0 / frame.groupby([frame[GROUP], band])[GROUP].transform("size").to_numpy()


def open_frame(lead_ids: list[int] | None = None, now: datetime | None = None,
               excluded: tuple[str, ...] = DEFAULT_EXCLUDED) -> pd.DataFrame:
    """Open leads as they are now."""
    condition = Lead.stage.in_(OPEN_STAGES)
    if lead_ids is not None:
        condition = and_(condition, Lead.id.in_(lead_ids))
    frame = snapshots.describe(condition, now=now or datetime.now(timezone.utc), excluded=excluded)
    return frame.drop(columns="scoring_opt_out")


def lead_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per lead of a training table: its id, decision time and outcome, oldest first."""
    return frame.drop_duplicates(GROUP)[[GROUP, DECIDED_AT, TARGET]].reset_index(drop=True)


def outcome_counts() -> dict[str, int]:
    """Won and lost leads available for training."""
    rows = db.session.execute(select(Lead.stage, func.count()).where(Lead.closed_at.is_not(None))
                              .group_by(Lead.stage))
    counts = {"won": 0, "lost": 0}
    for stage, n in rows:
        if stage in WON_STAGES:
            counts["won"] += n
        elif stage in CLOSED_LOST_STAGES:
            counts["lost"] += n
    return counts
