"""The lifecycle rules from the brief, as data: who owns which stage, what may follow what."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.labels import role_label, stage_word
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
    (Stage.LEAD, Stage.CUSTOMER): _l("a lead becomes a customer only by accepting an offer; make an offer first"),
    (Stage.LEAD, Stage.DEBTOR): _l("only an invoiced customer becomes a debtor"),
    (Stage.PROSPECT, Stage.DEBTOR): _l("the offer must be accepted and invoiced first"),
    (Stage.CUSTOMER, Stage.LOST): _l("a customer is no longer an open lead; it cannot be marked lost"),
    (Stage.DEBTOR, Stage.LOST): _l("a debtor is no longer an open lead; it cannot be marked lost"),
}


def refusal(current: str, target: str) -> str | None:
    """None when current → target is allowed, else a sentence saying why not."""
    if target in TRANSITIONS.get(current, set()):
        return None
    if current == target:
        return _("The lead is already %(stage)s.", stage=stage_word(target))
    reason = WHY_NOT.get((current, target))
    if reason is None and current in (Stage.LOST, Stage.DISQUALIFIED):
        reason = _("reopen it first; it then starts again as a lead")
    return _("A lead cannot go from %(current)s to %(target)s: %(reason)s.", current=stage_word(current),
             target=stage_word(target), reason=reason or _("that step is not in the lifecycle"))


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
        return _("%(name)s is inactive and cannot take leads.", name=user.name)
    if user.role == Role.PARTNER:
        return _("Sales partners are not assigned leads; use “Hand to a sales partner”, the lead stays owned "
                 "in-house.")
    if not roles:
        return _("A %(stage)s lead is not assigned to anyone; reopen it first.", stage=stage_word(lead.stage))
    if user.role in roles:
        return None
    if lead.stage == Stage.LEAD and user.role == Role.SALES:
        return _("A lead goes to sales through “Hand to sales”, which checks that the BANT answers are known.")
    wanted = _either([role_label(role) for role in sorted(roles - {Role.ADMIN})])
    return _("%(name)s works in %(role)s; a lead in stage %(stage)s is owned by %(wanted)s (or an admin).",
             name=user.name, role=role_label(user.role), stage=stage_word(lead.stage), wanted=wanted)


def _either(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(some)s or %(last)s", some=", ".join(words[:-1]), last=words[-1])
