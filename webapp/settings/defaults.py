"""Settings an admin can change, with the defaults a new install starts from."""

DEFAULTS: dict = {
    # BANT: points per answer; an unanswered question scores 0. Reaction adds or subtracts.
    "bant_points": {
        "budget": {"confirmed": 30, "planned": 15, "none": 0},
        "authority": {"decision_maker": 25, "influencer": 12, "none": 0},
        "need": {"urgent": 25, "identified": 12, "none": 0},
        "timeline": {"within_3_months": 20, "within_12_months": 10, "later": 0},
        "reaction": {"enthusiastic": 10, "sceptical": -10, "reserved": 0},
    },
    # Points at or above which a lead is A or B; below B it is C.
    "class_thresholds": {"A": 70, "B": 40},
    # Hours the new owner has to act after a hand-off, per stage (partners per their window).
    "sla_hours": {"lead": 48, "sales": 24, "prospect": 72, "customer": 48, "debtor": 120, "partner": 48},
    # A second window after the due time: then team leads and admins are alerted.
    "escalation_hours": 24,
    # Temperature: days since the last real contact for hot / warm; older is cold.
    "temperature_days": {"hot": 7, "warm": 30},
    # A lead with no next step and no contact for this many days is "breaking off".
    "stale_days": 21,
    # What must be known before a hand-off to each stage.
    "handoff_requirements": {
        "sales": ["budget", "authority", "need", "timeline"],
        "prospect": ["budget", "authority", "need", "timeline"],
    },
    # Funnel vocabulary shown beside the stages.
    "funnel_names": {"mql": "MQL", "sal": "SAL", "sql": "SQL"},
    # Route new hand-offs by territory or industry to named users before round robin.
    "routing_rules": [],  # e.g. {"role": "sales", "field": "territory", "value": "North", "user_ids": [3]}
}
