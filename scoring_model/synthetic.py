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


__all__ = ["make_leads"]
