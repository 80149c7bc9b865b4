"""What the import pages show for the codes an import stores."""

from flask_babel import lazy_gettext as _l

from webapp.imports.columns import field_labels

KINDS = {"contacts": _l("Contacts"), "organizations": _l("Organizations"), "leads": _l("Leads")}
STATUSES = {"uploaded": _l("Waiting for its mapping"), "checking": _l("Being checked"),
            "checked": _l("Checked, not imported yet"), "running": _l("Importing"), "done": _l("Imported"),
            "rejected": _l("Rejected (all or nothing)"), "failed": _l("Failed"),
            "interrupted": _l("Interrupted"), "abandoned": _l("Not imported; its file was removed after a day"),
            "reverted": _l("Reverted")}
MATCHES = {"email": _l("E-mail"), "phone": _l("Phone number"), "name": _l("Name and company"),
           "title": _l("Same project for the contact")}


def context() -> dict:
    return {"kind_labels": KINDS, "status_labels": STATUSES, "field_labels": field_labels(), "match_labels": MATCHES}
