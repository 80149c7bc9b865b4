"""One score per lead, always current: the one mechanism that rescores a lead when what feeds it changes.

After every ORM flush, the flushed objects name the leads whose score they feed: a lead whose
score inputs changed (dataset.SCORE_INPUTS), the lead of an activity logged, edited or deleted
(materials sent, offers' e-mails and stage changes are activities too), the open leads of an
edited contact (its opt-out included), of an edited organization and of a campaign whose channel
changed. Just before the transaction commits, those leads are rescored in one batch and written
with a Core UPDATE, so the rescore flushes nothing new (no recursion) and bumps no edit version.

A scoring failure never costs the user's save: it is logged, the leads keep their old score
(rolled back alone in a savepoint) and the nightly rescore catches up.

Core UPDATEs and DELETEs of score inputs bypass the ORM and this hook; the app writes none (the
escalation stamp and the background rescore write other columns; the demo loader rescores all).
A bulk path that inserts leads with Core notes them with note_new_leads().
"""

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, attributes

from webapp.column_watch import keep_old_values, listen_once
from webapp.extensions import db
from webapp.models import OPEN_STAGES, Activity, Campaign, Contact, Lead, Organization

log = logging.getLogger(__name__)

PENDING = "scores_to_refresh"  # session.info key: {model: set of ids}


def init_app(app) -> None:
    """Hook into every session, once per process."""
    # An activity moved while its lead_id was unloaded loads the old lead first: both leads change.
    keep_old_values(Activity, ("lead_id",))
    listen_once(Session, "after_flush", collect)
    listen_once(Session, "before_commit", refresh)
    listen_once(Session, "after_transaction_end", _forget)


def _changed(obj, names) -> bool:
    state = attributes.instance_state(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _lead_ids_of_activity(obj, created: bool) -> set:
    if created:
        return {obj.lead_id}
    history = attributes.instance_state(obj).attrs.lead_id.history
    return {obj.lead_id, *history.deleted}  # moved to another lead: both change


def collect(session: Session, _flush_context) -> None:
    """Note the leads, contacts, organizations and campaigns this flush changed in a score input."""
    from webapp.scoring.dataset import SCORE_INPUTS

    try:
        pending = session.info.setdefault(PENDING, {})
        for objects, created in ((session.new, True), (session.dirty, False), (session.deleted, False)):
            for obj in objects:
                model = type(obj)
                if model is Activity:
                    pending.setdefault(Lead, set()).update(_lead_ids_of_activity(obj, created) - {None})
                elif model in SCORE_INPUTS and obj not in session.deleted and (
                        (created and model is Lead) or (not created and _changed(obj, SCORE_INPUTS[model]))):
                    pending.setdefault(model, set()).add(obj.id)
    except Exception:  # noqa: BLE001 - a missed rescore is caught up at night; the save goes on
        log.exception("Live score: changes of this flush not noted")


def note_new_leads(session: Session, lead_ids) -> None:
    """Leads a bulk path inserted with Core (webapp.lead_batches): scored with the rest at commit."""
    session.info.setdefault(PENDING, {}).setdefault(Lead, set()).update(lead_ids)


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed (then rescored) or rolled back: nothing left to do
        session.info.pop(PENDING, None)


def _lead_ids(pending: dict) -> set[int]:
    """The open leads whose score the pending changes feed."""
    ids = set(pending.get(Lead, ()))
    by_owner = ((Contact, Lead.contact_id.in_), (Campaign, Lead.campaign_id.in_),
                (Organization, lambda ids: Lead.contact_id.in_(
                    select(Contact.id).where(Contact.organization_id.in_(ids)))))
    for model, condition in by_owner:
        if pending.get(model):
            ids.update(db.session.scalars(select(Lead.id).where(condition(list(pending[model])),
                                                                Lead.stage.in_(OPEN_STAGES))))
    return ids


def refresh(session: Session) -> None:
    """Rescore the noted leads in the committing transaction (before_commit)."""
    session.flush()  # the commit's own flush comes after this hook: note its changes too
    pending = session.info.pop(PENDING, {})
    if not any(pending.values()):
        return
    from webapp.scoring.service import rescore_leads

    try:
        if session.get_bind().dialect.name == "sqlite":  # a failed statement undoes itself there
            rescore_leads(_lead_ids(pending))
            return
        with session.begin_nested():  # PostgreSQL refuses the rest of a transaction after an error
            rescore_leads(_lead_ids(pending))
    except Exception:  # noqa: BLE001 - the user's save is worth more than a fresh score
        log.exception("Live score: leads not rescored; they keep their score until the nightly rescore")
