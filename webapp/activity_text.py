"""How the entries the system writes into a contact's history read, in the reader's language.

Stage changes, hand-offs and escalations are stored with English subjects (the record as it was
written) and with their facts in `details`; pages word them from the facts when they are shown.
The reasons the lifecycle writes are known texts and are translated; a reason a person typed (a
lost reason from the list, a note) is shown as written.
"""

import re

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.labels import role_label, stage_label

# The reasons webapp.leads.lifecycle writes, by their stored English text.
REASONS = {
    "new project": _l("new project"),
    "new lead": _l("new lead"),
    "created": _l("created"),
    "assigned": _l("assigned"),
    "qualified, handed to sales": _l("qualified, handed to sales"),
    "handed to sales partner": _l("handed to sales partner"),
    "offer made": _l("offer made"),
    "offer accepted": _l("offer accepted"),
    "invoiced": _l("invoiced"),
    "reopened": _l("reopened"),
    "Demoted to contact (class C)": _l("Demoted to contact (class C)"),
}

# Reasons the offer and invoice steps write, with the document's number in them.
NUMBERED_REASONS = (
    (re.compile(r"Offer (?P<number>\S+) sent"), _l("Offer %(number)s sent")),
    (re.compile(r"Offer (?P<number>\S+) accepted"), _l("Offer %(number)s accepted")),
    (re.compile(r"Invoice (?P<number>\S+) issued"), _l("Invoice %(number)s issued")),
)


def reason_text(text: str | None) -> str:
    """A stored reason in the reader's language; "<reason>: <note>" keeps the note as typed."""
    if not text:
        return ""
    known = REASONS.get(text)
    if known is not None:
        return str(known)
    for pattern, wording in NUMBERED_REASONS:
        match = pattern.fullmatch(text)
        if match:
            return wording % match.groupdict()
    head, colon, rest = text.partition(": ")
    if colon and head in REASONS:
        return f"{REASONS[head]}: {rest}"
    return text


def activity_subject(activity) -> str:
    """The subject line of a history entry."""
    details = activity.details or {}
    if activity.kind == "stage_change" and details.get("from") and details.get("to"):
        return f"{stage_label(details['from'])} → {stage_label(details['to'])}"
    if activity.kind == "handoff" and details.get("to_name"):
        return _("Handed to %(name)s (%(role)s)", name=details["to_name"], role=role_label(details.get("to_role")))
    if activity.kind == "escalation":
        return _("Escalated to team leads")
    if activity.kind == "merge" and details.get("merged_kind") == "organization":
        return _("Organization %(name)s (%(id)s) merged into %(into)s by %(who)s", name=details.get("merged_name"),
                 id=details.get("merged_id"), into=details.get("into_name"), who=details.get("by_name"))
    if activity.kind == "merge":
        return _("Contact %(name)s (%(id)s) merged into this contact by %(who)s", name=details.get("merged_name"),
                 id=details.get("merged_id"), who=details.get("by_name"))
    if details.get("event") == "offer_withdrawn" and details.get("offer"):
        return _("Offer %(number)s withdrawn", number=details["offer"])
    if details.get("event") == "project_paid":
        return _("Paid in full")
    return activity.subject or ""


def activity_body(activity) -> str:
    """The text under the subject: the reason of a system entry, else what the person wrote."""
    details = activity.details or {}
    if activity.kind in ("stage_change", "handoff"):
        return reason_text(activity.body)
    if activity.kind == "escalation" and details.get("due_at"):
        when = current_app.jinja_env.filters["datetime"](details["due_at"])  # as every page shows times
        return _("Nobody acted within the window (due %(when)s).", when=when)
    return activity.body or ""
