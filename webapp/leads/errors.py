"""Refusals a user can understand; routes turn them into messages, never into 500s."""

from flask_babel import gettext as _

from webapp.labels import lead_field


class LeadError(ValueError):
    """A change to a lead that the rules do not allow; str() says why."""


class TransitionRefused(LeadError):
    pass


class HandoffBlocked(LeadError):
    def __init__(self, target: str, missing: list[str]):
        self.missing = missing
        fields = ", ".join(lead_field(name) for name in missing)
        if target == "sales":
            message = _("Before the hand-off to sales, fill in: %(fields)s.", fields=fields)
        elif target == "prospect":
            message = _("Before the hand-off to prospect, fill in: %(fields)s.", fields=fields)
        else:
            message = _("Before the hand-off to %(target)s, fill in: %(fields)s.", target=target, fields=fields)
        super().__init__(message)


class NoAssignee(LeadError):
    pass
