"""Refusals a user can understand; routes turn them into messages, never into 500s."""


class LeadError(ValueError):
    """A change to a lead that the rules do not allow; str() says why."""


class TransitionRefused(LeadError):
    pass


class HandoffBlocked(LeadError):
    def __init__(self, target: str, missing: list[str]):
        self.missing = missing
        labels = ", ".join(m.replace("_", " ") for m in missing)
        super().__init__(f"Before the hand-off to {target}, fill in: {labels}.")


class NoAssignee(LeadError):
    pass
