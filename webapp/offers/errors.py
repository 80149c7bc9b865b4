"""Refusals a user can understand; routes show them as messages, never as 500s."""


class OfferError(ValueError):
    """A change to an offer or invoice that the rules do not allow; str() says why."""
