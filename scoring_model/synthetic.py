"""Synthetic closed leads shaped like a CRM export, for tests, demos and speed benchmarks.

Twenty mixed columns: numbers with gaps and outliers, categories from a handful to hundreds
of values, form defaults ("Select"), BANT answers, a creation date and a record id. The
outcome depends on a few of them, non-linearly, plus noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SOURCES = ["web form", "trade fair", "referral", "cold call", "partner", "newsletter", "social", "Select"]
INDUSTRIES = ["retail", "crafts", "health", "it", "construction", "food", "logistics", "education", "Select"]
REGIONS = ["north", "south", "east", "west", "central"]
BUDGET = ["confirmed", "planned", "none", None]
AUTHORITY = ["decision_maker", "influencer", "none", None]
NEED = ["urgent", "identified", "none", None]
TIMELINE = ["this_quarter", "this_year", "none", None]
REACTION = ["enthusiastic", "reserved", "sceptical", None]


def make_leads(n: int = 1000, seed: int = 0, target: str = "won") -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(values, p=None):
        return rng.choice(np.array(values, dtype=object), size=n, p=p)

    frame = pd.DataFrame(
        {
            "lead_id": np.arange(100000, 100000 + n),
            "source": pick(SOURCES),
            "industry": pick(INDUSTRIES),
            "region": pick(REGIONS),
            "city": [f"city {c}" for c in rng.zipf(1.6, n) % 400],
            "campaign": [f"cmp-{c}" for c in rng.integers(0, 60, n)],
            "employees": np.round(rng.lognormal(3, 1.2, n)),
            "annual_revenue": np.round(rng.lognormal(12, 1.5, n), 2),
            "website_visits": rng.poisson(3, n).astype(float),
            "pages_per_visit": np.round(rng.gamma(2, 1.5, n), 1),
            "email_opens": rng.poisson(2, n).astype(float),
            "days_to_first_reply": np.round(rng.exponential(3, n), 1),
            "discount_requested": rng.choice([0.0, 5.0, 10.0, 15.0], n),
            "budget": pick(BUDGET),
            "authority": pick(AUTHORITY),
            "need": pick(NEED),
            "timeline": pick(TIMELINE),
            "reaction": pick(REACTION),
            "newsletter": pick(["yes", "no"]),
            "created": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D"),
        }
    )
    for column in ("website_visits", "days_to_first_reply", "annual_revenue"):
        frame.loc[rng.random(n) < 0.1, column] = np.nan
    z = (
        -1.2
        + 0.9 * (frame["budget"] == "confirmed")
        - 0.8 * (frame["budget"] == "none")
        + 0.6 * (frame["authority"] == "decision_maker")
        + 0.7 * (frame["need"] == "urgent")
        + 0.5 * (frame["timeline"] == "this_quarter")
        + 0.4 * (frame["reaction"] == "enthusiastic")
        - 0.5 * (frame["reaction"] == "sceptical")
        + 0.8 * (frame["source"] == "referral")
        + 0.5 * (frame["source"] == "trade fair")
        - 0.6 * (frame["source"] == "cold call")
        + 0.6 * np.tanh(frame["website_visits"].fillna(0) / 3 - 1)
        - 0.3 * np.log1p(frame["days_to_first_reply"].fillna(10))
        + 0.2 * (frame["region"] == "south")
    )
    frame[target] = (rng.random(n) < 1 / (1 + np.exp(-z.astype(float)))).astype(int)
    frame["created"] = frame["created"].dt.strftime("%Y-%m-%d")
    return frame


CHANNELS = ["email", "webinar", "fair", "ads", "print", None]
TERRITORIES = ["DACH north", "DACH south", "Benelux", "Nordics", "France", None]
COUNTRIES = ["DE", "AT", "CH", "NL", "BE", "SE", "DK", "FR"]
FUNCTIONS = ["owner", "managing director", "purchasing", "IT", "operations", "assistant", None]
SALUTATIONS = ["Mr", "Ms", "Dr", None]
SNAPSHOT_EVERY_DAYS = 14


def _events_before(owner: np.ndarray, ages: np.ndarray, per_lead: np.ndarray, when) -> np.ndarray:
    """For each snapshot (lead `owner`, age `ages`), how many of its lead's events came earlier.

    per_lead: number of events of each lead; when(leads) draws the events' ages in days.
    """
    who = np.repeat(np.arange(len(per_lead)), per_lead)
    keys = np.sort(who * 1000.0 + when(who))  # ages stay below 1000 days, so keys sort by lead, then age
    return (np.searchsorted(keys, owner * 1000.0 + ages) - np.searchsorted(keys, owner * 1000.0)).astype(float)


def make_lead_snapshots(n_leads: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Closed leads, each described at several moments of its open life (about ten on average).

    A lead is seen on its first day, on the day it became a prospect (if it did) and every two
    weeks until its decision. Engagement counts and offers only grow with age, the stage moves
    from "lead" to "prospect", and every snapshot carries the lead's final outcome. Columns
    follow the lead snapshot contract: features, snapshot_at and decided_at (ISO UTC), won,
    and weight (1 / the lead's number of snapshots). Rows are ordered by lead, then by time.
    """
    rng = np.random.default_rng(seed)
    n = n_leads

    def pick(values, p=None):
        return rng.choice(np.array(values, dtype=object), size=n, p=p)

    lead = pd.DataFrame(
        {
            "lead_id": np.arange(1, n + 1),
            "source": pick(SOURCES[:-1] + [None]),
            "campaign_channel": pick(CHANNELS),
            "industry": pick(INDUSTRIES[:-1] + [None]),
            "employees": np.round(rng.lognormal(3, 1.3, n)),
            "territory": pick(TERRITORIES),
            "country": pick(COUNTRIES),
            "function": pick(FUNCTIONS),
            "budget": pick(BUDGET),
            "authority": pick(AUTHORITY),
            "need": pick(NEED),
            "timeline": pick(TIMELINE),
            "reaction": pick(REACTION),
            "expected_value": np.round(rng.lognormal(8.5, 1.0, n), -2),
            "salutation": pick(SALUTATIONS),
            "email": [f"contact{i}@firm{i % 9973}.example" for i in range(n)],
        }
    )
    lead.loc[rng.random(n) < 0.15, "employees"] = np.nan
    lead.loc[rng.random(n) < 0.3, "expected_value"] = np.nan
    # A hidden appetite drives both how much the customer engages and whether the deal is won,
    # so engagement is informative, and more so the longer a lead has been open.
    appetite = rng.normal(0, 1, n)
    z = (
        -1.0
        + 0.9 * (lead["budget"] == "confirmed")
        - 0.8 * (lead["budget"] == "none")
        + 0.6 * (lead["authority"] == "decision_maker")
        + 0.7 * (lead["need"] == "urgent")
        + 0.5 * (lead["timeline"] == "this_quarter")
        + 0.4 * (lead["reaction"] == "enthusiastic")
        - 0.5 * (lead["reaction"] == "sceptical")
        + 0.8 * (lead["source"] == "referral")
        - 0.6 * (lead["source"] == "cold call")
        + 0.2 * np.log1p(lead["employees"].fillna(20)) - 0.6
        + 0.8 * appetite
    ).to_numpy(dtype=float)
    won = rng.random(n) < 1 / (1 + np.exp(-z))
    cycle = np.clip(rng.lognormal(4.6, 0.6, n) * np.where(won, 1.2, 1.0), 3, 720)  # days open; won deals run longer
    prospect_at = np.where(rng.random(n) < np.where(won, 0.85, 0.45), rng.uniform(0.1, 0.7, n) * cycle, np.inf)
    created = np.datetime64("2022-01-01T00:00:00", "s") + (rng.uniform(0, 3.5 * 365, n) * 86400).astype("timedelta64[s]")
    lead["created_month"] = pd.DatetimeIndex(created).month

    # Snapshot ages: day 1, then every two weeks while open, plus the day the lead became a prospect.
    regular = 1 + np.floor((cycle - 1) / SNAPSHOT_EVERY_DAYS).astype(int)
    owner = np.repeat(np.arange(n), regular)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(regular) - regular, regular)
    ages = np.minimum(1.0 + SNAPSHOT_EVERY_DAYS * step, cycle[owner] - 0.5)
    became = np.flatnonzero(np.isfinite(prospect_at))
    owner = np.concatenate([owner, became])
    ages = np.concatenate([ages, prospect_at[became]])
    order = np.lexsort((ages, owner))
    owner, ages = owner[order], ages[order]

    # Engagement happens at random moments of a lead's life; a snapshot counts what came before it.
    rows = lead.iloc[owner].reset_index(drop=True)
    rates = np.exp(0.5 * appetite)
    for name, per_month in (("calls", 2.0), ("emails", 3.0), ("meetings", 0.4), ("notes", 1.0), ("materials_sent", 0.3)):
        events = rng.poisson(per_month * rates * cycle / 30)
        rows[name] = _events_before(owner, ages, events, lambda who: rng.uniform(0, cycle[who]))
    # Offers go out between becoming a prospect and the decision; won leads get more of them.
    offers = np.where(np.isfinite(prospect_at), rng.poisson(np.where(won, 1.3, 0.6)), 0)
    rows["offers_sent"] = _events_before(owner, ages, offers, lambda who: rng.uniform(prospect_at[who], cycle[who]))
    rows["stage"] = np.where(ages >= prospect_at[owner], "prospect", "lead")
    rows["age_days"] = np.round(ages, 2)

    def stamp(days):  # ISO UTC text, as the app writes it (numpy formats 20x faster than pandas)
        moments = created[owner] + (days * 86400).astype("timedelta64[s]")
        return np.char.add(np.datetime_as_string(moments, unit="s"), "+00:00")

    rows["snapshot_at"] = stamp(ages)
    rows["decided_at"] = stamp(cycle[owner])
    rows["won"] = won[owner].astype(int)
    per_lead = np.bincount(owner, minlength=n)
    rows["weight"] = 1.0 / per_lead[owner]
    return rows


__all__ = ["make_leads", "make_lead_snapshots"]
