"""What the campaign page shows of its target group, without the campaigns package knowing its rules."""

from flask_babel import gettext as _

from webapp.target_groups import bp, services
from webapp.target_groups.criteria import Draft
from webapp.target_groups.fields import Field, available_fields


def _words(field: Field, row: dict) -> str:
    if row["op"] == "between":
        low, high = row["from"], row["to"]
        if low and high:
            return _("%(field)s from %(low)s to %(high)s", field=field.label, low=low, high=high)
        if low:
            return _("%(field)s from %(low)s", field=field.label, low=low)
        return _("%(field)s up to %(high)s", field=field.label, high=high)
    value = dict(field.choices).get(row["value"], row["value"])
    return f"{field.label} {field.operator_label(row['op'])} {value}"


def describe(draft: Draft, fields: dict[str, Field]) -> list[str]:
    """Each usable rule in words: "Industry is Retail", "Postcode from 30000 to 39999"."""
    return [_words(fields[row["field"]], row) for row in draft.rows if row.get("rule") is not None]


@bp.app_template_global()
def campaign_target_group(campaign) -> dict:
    """The saved group in words (or its problem), the last snapshot and the members by origin."""
    fields = available_fields()
    draft = services.saved_draft(campaign, fields)
    return {"saved": services.has_group(campaign), "match": draft.match, "rules": describe(draft, fields),
            "problems": list(draft.errors.values()), "origins": services.origin_counts(campaign)}
