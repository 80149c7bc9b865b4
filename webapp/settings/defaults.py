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
    # The learned close probability: when to retrain, when a new model may replace the current one.
    "scoring": {
        "retrain_cron": "30 2 * * *",  # nightly, UTC
        "min_won": 30,  # fewer won (or lost) closed leads than this: BANT only
        "min_lost": 30,
        "auc_tolerance": 0.01,  # a candidate may be this much lower in ROC AUC on held-out leads
        "ece_tolerance": 0.01,  # and this much worse in calibration error
        "holdout_share": 0.2,  # newest closed leads kept aside to compare candidate and current
        "snapshot_every_days": 14,  # a closed lead is learned from as of every this many days of its open life
        "probability_thresholds": {"A": 0.5, "B": 0.2},  # class from the blended probability
        "excluded_fields": ["salutation", "first_name", "last_name", "email", "phone", "gender"],
        "candidates": ["logistic", "logistic_strong", "boosting"],  # models compared by cross-validation
    },
    # The company as printed on offers: logo text and colour, address, bank details.
    "company": {
        "name": "Your Company GmbH",
        "logo_text": "YC",
        "colour": "#1f4e79",
        "address": "Musterstraße 1\n10115 Berlin\nGermany",
        "contact": "+49 30 1234567 · info@example.com",
        "bank": "Musterbank Berlin\nIBAN DE02 1001 0010 0123 4567 89\nBIC PBNKDEFF",
        "tax_id": "VAT ID DE123456789",
        # Shown to users who chose no language and whose browser asks for none we have.
        "language": "en",
        # Dates and times are shown in this zone; they are stored in UTC.
        "timezone": "Europe/Berlin",
    },
    # Offers: default validity and terms, follow-up proposal, when an unanswered offer needs a call.
    "offers": {
        "validity_days": 30,
        "follow_up_days": 7,
        "unanswered_days": 10,
        "terms": "Payment within 14 days of invoice, net. Prices plus statutory VAT.",
        "invoice_due_days": 14,
    },
    # The weekly KPI e-mail to the team leads: weekday (mon … sun) and time, company time zone.
    "reports": {"weekly_day": "mon", "weekly_time": "07:00"},
    # Data in and out: phone numbers without a country code are read in this region (ISO 3166
    # code); an uploaded import file may be this large.
    "data": {"phone_region": "DE", "import_max_mb": 50},
}
