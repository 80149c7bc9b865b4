"""Each lead's furthest funnel step (`leads.furthest_stage`): set whenever its stage moves forward,
on every ORM path, and never moved back (a prospect lost later stays a prospect in the funnel).

The migration that added the column filled it from the field history of the stage; paths that
write leads with Core (the demo loader) set it themselves with `furthest_of`.
"""

from webapp.column_watch import listen_once
from webapp.models import Lead
from webapp.models.lead import furthest_of


def init_app(app) -> None:
    listen_once(Lead.stage, "set", _reached)


def _reached(lead: Lead, stage, _old, _initiator):
    furthest = furthest_of(stage, lead.furthest_stage)
    if furthest != lead.furthest_stage:
        lead.furthest_stage = furthest
    return stage
