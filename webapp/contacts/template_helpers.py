"""Filters that show coded values in the reader's language (contact pages, offers' pipeline)."""

from webapp.contacts import bp, labels

bp.add_app_template_filter(labels.activity_kind, "activity_kind")
bp.add_app_template_filter(labels.lead_source, "lead_source")
bp.add_app_template_filter(labels.stage_label, "stage_label")
bp.add_app_template_filter(labels.salutation, "salutation")
