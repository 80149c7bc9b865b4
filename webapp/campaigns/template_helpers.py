"""What the contact page shows of campaigns, without the contacts package knowing their rules."""

from webapp.campaigns import bp, services
from webapp.campaigns.forms import JoinCampaignForm
from webapp.forms_common import choices
from webapp.settings.services import get_settings


@bp.app_template_global()
def contact_campaigns(contact_id: int) -> dict:
    """The contact's memberships and, for those who may change them, a form to add one."""
    form = JoinCampaignForm(formdata=None)
    form.campaign_id.choices = choices(services.campaigns_to_join(contact_id))
    return {"memberships": services.memberships_of(contact_id), "form": form}


@bp.app_template_global()
def campaign_funnel_names() -> dict:
    """MQL, SAL, SQL as the team calls them (settings)."""
    return get_settings()["funnel_names"]
