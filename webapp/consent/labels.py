from flask_babel import lazy_gettext as _l

CONSENT = {"unknown": _l("Unknown"), "yes": _l("Yes"), "no": _l("No")}
SOURCES = {"form": _l("Form"), "import": _l("Import"), "phone": _l("Phone"), "email": _l("E-mail"),
           "web": _l("Web"), "other": _l("Other")}
# The contact's columns that say it, in the order the page and the history show them.
FIELDS = ("marketing_consent", "consent_at", "consent_source", "do_not_contact", "do_not_contact_at",
          "do_not_contact_source")
# The contact list's consent filter (webapp.consent.services.status_clause).
LIST_FILTERS = {"contactable": _l("May be contacted"), "yes": _l("Consent given"), "no": _l("Consent refused"),
                "unknown": _l("Consent unknown"), "dnc": _l("Do not contact")}
