from webapp.lead_batches import bp


@bp.app_template_global("lead_batch_campaigns")
def lead_batch_campaigns() -> list:
    """The campaigns a bulk bar offers (0: none), for pages of other domains (the contact list)."""
    from webapp.leads.presenter import campaign_choices

    return campaign_choices()


@bp.app_template_filter("reasons_of")
def reasons_of(labels: dict, codes: list[str] | None) -> str:
    """The labels of `codes` (why a lead was kept), in the reader's language."""
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
