from webapp.lead_batches import bp


@bp.app_template_global("lead_batch_campaigns")
def lead_batch_campaigns() -> list[tuple[int, str]]:
    """The campaigns a bulk bar offers (0: none), for pages of other domains (the contact list)."""
    from webapp.leads.presenter import campaign_choices

    return campaign_choices()
