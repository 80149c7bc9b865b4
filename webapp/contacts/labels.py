"""The words people read for coded values on contact pages: activity kinds, lead sources, stages
and salutations. Stored values stay English codes; the English labels read as they always did.
"""

from flask_babel import lazy_gettext as _l

from webapp.pills import humanize

ACTIVITY_KINDS = {"call": _l("Call"), "email": _l("Email"), "meeting": _l("Meeting"), "note": _l("Note"),
                  "material_sent": _l("Material sent"), "stage_change": _l("Stage change"),
                  "handoff": _l("Handoff"), "escalation": _l("Escalation")}
SOURCES = {"campaign": _l("Campaign"), "mailing": _l("Mailing"), "trade_fair": _l("Trade fair"),
           "advertisement": _l("Advertisement"), "referral": _l("Referral"), "web_form": _l("Web form"),
           "cold_call": _l("Cold call"), "partner": _l("Partner")}
STAGES = {"lead": _l("Lead"), "prospect": _l("Prospect"), "customer": _l("Customer"), "debtor": _l("Debtor"),
          "lost": _l("Lost"), "disqualified": _l("Disqualified")}
# The stored salutation is the English code; a German reader sees "Frau", "Herr".
SALUTATIONS = {"Ms": _l("Ms"), "Mr": _l("Mr"), "Mx": _l("Mx"), "Dr": _l("Dr")}


def _label(labels: dict, value) -> str:
    return str(labels.get(value) or humanize(value))


def activity_kind(value) -> str:
    return _label(ACTIVITY_KINDS, value)


def lead_source(value) -> str:
    return _label(SOURCES, value)


def stage_label(value) -> str:
    return _label(STAGES, value)


def salutation(value) -> str:
    return str(SALUTATIONS.get(value) or value or "")
