"""What a lead is taken to be when a caller does not say: new.

A lead scored from outside the database (the API's /score, a what-if) is described by the lead
snapshot's columns. Its answers and firmographics, when absent, are unknown and stay None; but
its age, stage and activity are not unknown for a lead just taken in: it is a day-zero lead with
no calls, e-mails, meetings, notes, materials or offers yet. Scoring those as missing would let
the model impute them from closed leads' histories, which rate an untouched lead far higher than
a new one.
"""

NEW_LEAD = {
    "stage": "lead",
    "age_days": 0.0,
    "calls": 0,
    "emails": 0,
    "meetings": 0,
    "notes": 0,
    "materials_sent": 0,
    "offers_sent": 0,
}


def as_new_lead(features: dict) -> dict:
    """A copy of `features` with each of NEW_LEAD's columns that is absent (or None, which callers
    such as the API use for "not given") set to its new-lead value."""
    return {**features, **{key: value for key, value in NEW_LEAD.items() if features.get(key) is None}}
