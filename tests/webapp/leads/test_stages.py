"""What the lifecycle rules look like to the team: the funnel name on a lead, and who may own a
lead nobody owns yet."""

import pytest

from webapp.leads import lifecycle, services
from webapp.leads.errors import TransitionRefused
from webapp.models import Lead
from webapp.settings.services import get_settings, save_setting
from tests.factories import make_lead, make_user

FUNNEL_PILL = '<span class="pill funnel">'


def _funnel_on_page(client, lead) -> str | None:
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    if FUNNEL_PILL not in page:
        return None
    return page.split(FUNNEL_PILL, 1)[1].split("</span>", 1)[0]


# stage, class, owner's role → the funnel name on the lead page
FUNNEL = [
    ("lead", "A", "marketing", "MQL"),   # a qualified A-lead marketing still works
    ("lead", "A", None, "MQL"),          # qualified, nobody took it yet
    ("lead", "B", "marketing", None),    # not qualified enough to be called anything
    ("lead", None, "marketing", None),
    ("lead", "C", "sales", "SAL"),       # sales accepted it, whatever its class
    ("lead", "A", "sales", "SAL"),
    ("prospect", "B", "sales", "SQL"),   # an offer was made
    ("prospect", None, None, "SQL"),
    ("customer", "A", "service", None),  # past the funnel
    ("debtor", "A", "accounting", None),
    ("lost", "A", "sales", None),
    ("disqualified", "A", "marketing", None),
]


@pytest.mark.parametrize("stage,abc_class,owner_role,expected", FUNNEL)
def test_the_lead_page_names_the_funnel_stage(client, login_as, db, stage, abc_class, owner_role, expected):
    login_as("admin")
    owner = make_user(owner_role) if owner_role else None
    lead = make_lead(stage=stage, abc_class=abc_class, owner_id=owner.id if owner else None)
    assert _funnel_on_page(client, lead) == expected


def test_the_lead_list_shows_the_funnel_names_the_admin_chose(client, login_as, db):
    login_as("admin")
    save_setting("funnel_names", {"mql": "Marketing-ready", "sal": "Sales-accepted", "sql": "Sales-qualified"})
    marketing, sales = make_user("marketing"), make_user("sales")
    make_lead(title="Ready", abc_class="A", owner_id=marketing.id)
    make_lead(title="Accepted", abc_class="B", owner_id=sales.id)
    make_lead(title="Offered", stage="prospect", owner_id=sales.id)
    listing = client.get("/leads/").get_data(as_text=True)
    for name in ("Marketing-ready", "Sales-accepted", "Sales-qualified"):
        assert f"<small>{name}</small>" in listing, name
    assert "MQL" not in listing and "SAL" not in listing and "SQL" not in listing
    assert get_settings()["funnel_names"]["sal"] == "Sales-accepted"


# stage → who may take over a lead that has no owner (e.g. its owner's account was deleted)
OWNERLESS = [
    ("lead", {"marketing", "admin"}),
    ("prospect", {"sales", "admin"}),
    ("customer", {"service", "admin"}),
    ("debtor", {"accounting", "admin"}),
]


@pytest.mark.parametrize("stage,allowed", OWNERLESS)
def test_a_lead_without_owner_goes_to_the_role_responsible_for_its_stage(db, stage, allowed):
    team = {role: make_user(role, name=f"{role.title()} Person")
            for role in ("marketing", "sales", "service", "accounting", "admin")}
    lead = make_lead(stage=stage, owner_id=None)
    assert {u.role for u in services.possible_owners(lead)} == allowed
    for role in sorted(allowed):
        lifecycle.assign_to(lead, team[role], team["admin"])
        db.session.expire_all()
        assert db.session.get(Lead, lead.id).owner.role == role
        lead.owner = None
        db.session.commit()


# stage, current owner's role, candidate → what the person assigning reads
REFUSED = [
    ("lead", "sales", "service",
     "Sina Service works in service; a lead in stage lead is owned by marketing or sales (or an admin)."),
    ("customer", "service", "sales",
     "Sven Sales works in sales; a lead in stage customer is owned by service (or an admin)."),
    ("lead", "marketing", "sales",
     "A lead goes to sales through “Hand to sales”, which checks that the BANT answers are known."),
    ("prospect", "sales", "partner",
     "Sales partners are not assigned leads; use “Hand to a sales partner”, the lead stays owned in-house."),
    ("lost", "sales", "sales", "A lost lead is not assigned to anyone; reopen it first."),
]


@pytest.mark.parametrize("stage,owner_role,candidate,message", REFUSED)
def test_a_refused_owner_is_told_why_in_words(db, stage, owner_role, candidate, message):
    admin = make_user("admin")
    people = {role: make_user(role, name=f"{name} {role.title()}")
              for role, name in (("sales", "Sven"), ("service", "Sina"), ("partner", "Paula"))}
    lead = make_lead(stage=stage, owner_id=make_user(owner_role).id)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.assign_to(lead, people[candidate], admin)
    assert str(refused.value) == message
