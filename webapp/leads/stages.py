"""The lifecycle rules from the brief, as data: who owns which stage, what may follow what."""

from webapp.models import Role, Stage

# Stage → the role responsible for leads in it (the brief's table).
RESPONSIBLE_ROLE = {
    Stage.LEAD: Role.MARKETING,
    Stage.PROSPECT: Role.SALES,
    Stage.CUSTOMER: Role.SERVICE,
    Stage.DEBTOR: Role.ACCOUNTING,
}

# from → allowed targets. Lost/disqualified are reachable from any open stage with a reason.
TRANSITIONS: dict[str, set[str]] = {
    Stage.LEAD: {Stage.PROSPECT, Stage.LOST, Stage.DISQUALIFIED},
    Stage.PROSPECT: {Stage.CUSTOMER, Stage.LOST, Stage.DISQUALIFIED},
    Stage.CUSTOMER: {Stage.DEBTOR},
    Stage.DEBTOR: set(),
    Stage.LOST: {Stage.LEAD},  # reopen
    Stage.DISQUALIFIED: {Stage.LEAD},  # reopen
}

WHY_NOT = {
    (Stage.LEAD, Stage.CUSTOMER): "a lead becomes a customer only by accepting an offer; make an offer first",
    (Stage.LEAD, Stage.DEBTOR): "only an invoiced customer becomes a debtor",
    (Stage.PROSPECT, Stage.DEBTOR): "the offer must be accepted and invoiced first",
    (Stage.CUSTOMER, Stage.LOST): "a customer is no longer an open lead; it cannot be marked lost",
    (Stage.DEBTOR, Stage.LOST): "a debtor is no longer an open lead; it cannot be marked lost",
}


def refusal(current: str, target: str) -> str | None:
    """None when current → target is allowed, else a sentence saying why not."""
    if target in TRANSITIONS.get(current, set()):
        return None
    if current == target:
        return f"The lead is already {target}."
    reason = WHY_NOT.get((current, target))
    if reason is None and current in (Stage.LOST, Stage.DISQUALIFIED):
        reason = "reopen it first; it then starts again as a lead"
    return f"A lead cannot go from {current} to {target}: {reason or 'that step is not in the lifecycle'}."


def funnel_stage(stage: str, abc_class: str | None, owner_role: str | None,
                 names: dict[str, str]) -> str | None:
    """MQL / SAL / SQL as the team calls them: a qualified A-lead is an MQL, once sales owns it a
    SAL, and with an offer made (prospect) an SQL."""
    if stage == Stage.LEAD:
        if owner_role == Role.SALES:
            return names["sal"]
        return names["mql"] if abc_class == "A" else None
    if stage == Stage.PROSPECT:
        return names["sql"]
    return None
