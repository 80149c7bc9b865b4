"""The lifecycle rules from the brief, as data: who owns which stage, what may follow what."""

from webapp.models import STAGE_OWNER_ROLE, Lead, Role, Stage, User

# Stage → the role responsible for leads in it (the brief's table, kept once beside the model).
RESPONSIBLE_ROLE = STAGE_OWNER_ROLE

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


def owner_roles(stage: str, owner_role: str | None = None) -> set[str]:
    """The roles whose users may own a lead in `stage`: the stage's responsible role, and admins.

    A lead sales has taken over (a SAL, still in stage lead) moves between sales reps too; moving a
    lead from marketing to sales is the hand-off, which first checks what must be known. Partners
    never own a lead: it reaches them through the partner hand-off and stays owned in-house.
    Closed leads have no owner role; they are reopened, not assigned.
    """
    role = RESPONSIBLE_ROLE.get(stage)
    if role is None:
        return set()
    roles = {role, Role.ADMIN}
    if stage == Stage.LEAD and owner_role == Role.SALES:
        roles.add(Role.SALES)
    return roles


def lead_owner_roles(lead: Lead) -> set[str]:
    return owner_roles(lead.stage, lead.owner.role if lead.owner else None)


def ownership_refusal(user: User, lead: Lead) -> str | None:
    """None when `user` may be given `lead`, else a sentence saying why not. The assign choices are
    drawn from the same lead_owner_roles, so what is offered is exactly what is accepted."""
    roles = lead_owner_roles(lead)
    if not user.is_active:
        return f"{user.name} is inactive and cannot take leads."
    if user.role == Role.PARTNER:
        return "Sales partners are not assigned leads; use “Hand to a sales partner”, the lead stays owned in-house."
    if not roles:
        return f"A {lead.stage} lead is not assigned to anyone; reopen it first."
    if user.role in roles:
        return None
    if lead.stage == Stage.LEAD and user.role == Role.SALES:
        return "A lead goes to sales through “Hand to sales”, which checks that the BANT answers are known."
    wanted = " or ".join(sorted(roles - {Role.ADMIN}))
    return f"{user.name} works in {user.role}; a lead in stage {lead.stage} is owned by {wanted} (or an admin)."
