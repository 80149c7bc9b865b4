"""Admins keep the users (Settings → Users); nobody else may, and the last active admin stays."""

from datetime import date

import pytest

from webapp.auth.services import authenticate
from webapp.models import User
from tests.factories import make_user


def _user(db, email: str) -> User:
    return db.session.query(User).filter_by(email=email).one()


def test_the_list_shows_each_user_with_role_team_lead_territory_absence_and_state(client, login_as, db):
    login_as("admin", name="Ada Admin")
    make_user("sales", email="markus@example.com", name="Markus Weber", is_team_lead=True, territory="North",
              absent_until=date(2026, 12, 24))
    make_user("partner", email="gone@example.com", name="Gone Partner", is_active_user=False)
    page = client.get("/settings/users/").get_data(as_text=True)
    markus = page[page.index("Markus Weber"):]
    markus = markus[:markus.index("</tr>")]
    assert all(text in markus for text in ("markus@example.com", "sales", "yes", "North", "24 Dec 2026", "active"))
    assert "Deactivate" in markus
    gone = page[page.index("Gone Partner"):]
    assert "deactivated" in gone[:gone.index("</tr>")] and "Activate" in gone[:gone.index("</tr>")]
    assert 'href="/settings/users/"' in client.get("/settings/").get_data(as_text=True)


def test_an_admin_creates_a_user_who_can_then_sign_in(client, login_as, db):
    login_as("admin")
    response = client.post("/settings/users/new", data={
        "name": "Nina Neu", "email": " Nina@Example.com ", "password": "long enough", "role": "service",
        "territory": "South", "absent_until": "", "is_team_lead": "y"})
    assert response.status_code == 302
    nina = _user(db, "nina@example.com")
    assert (nina.name, nina.role, nina.territory, nina.is_team_lead) == ("Nina Neu", "service", "South", True)
    assert authenticate("nina@example.com", "long enough") == nina


@pytest.mark.parametrize("field,value,message", [
    ("password", "short", "The password needs at least 8 characters."),
    ("email", "not-an-email", "Invalid email address."),
    ("email", "taken@example.com", "A user with e-mail taken@example.com exists already."),
    ("name", "", "This field is required."),
    ("role", "owner", "Not a valid choice."),
    ("absent_until", "someday", "Not a valid date value."),
])
def test_bad_input_for_a_new_user_is_refused_with_the_field_marked(client, login_as, db, field, value, message):
    login_as("admin")
    make_user("sales", email="taken@example.com")
    before = db.session.query(User).count()
    data = {"name": "Nina Neu", "email": "nina@example.com", "password": "long enough", "role": "sales", field: value}
    response = client.post("/settings/users/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and f'id="field-{field}"' in page
    assert 'aria-invalid="true"' in page[page.index(f'id="field-{field}"'):]
    assert db.session.query(User).count() == before


def test_an_admin_edits_role_name_territory_absence_and_team_lead(client, login_as, db):
    login_as("admin")
    user = make_user("marketing", name="Mara")
    response = client.post(f"/settings/users/{user.id}", data={
        "name": "Mara Meyer", "role": "sales", "territory": "West", "absent_until": "2026-12-31",
        "is_team_lead": "y"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.role, user.territory, user.absent_until, user.is_team_lead) == (
        "Mara Meyer", "sales", "West", date(2026, 12, 31), True)
    client.post(f"/settings/users/{user.id}", data={"name": "Mara Meyer", "role": "sales", "territory": "",
                                                    "absent_until": ""})  # as a browser sends a cleared form
    db.session.refresh(user)
    assert (user.territory, user.absent_until, user.is_team_lead) == (None, None, False)


def test_deactivating_ends_the_users_sessions_and_activating_lets_them_back(client, login_as, db):
    login_as("admin")
    user = make_user("sales", email="rep@example.com")
    version = user.session_version
    assert client.post(f"/settings/users/{user.id}/deactivate").status_code == 302
    db.session.refresh(user)
    assert user.is_active_user is False and user.session_version > version
    assert client.post(f"/settings/users/{user.id}/activate").status_code == 302
    db.session.refresh(user)
    assert user.is_active_user is True


def test_the_last_active_admin_can_neither_be_demoted_nor_deactivated(client, login_as, db):
    admin = login_as("admin", name="Only Admin")
    make_user("admin", name="Former Admin", is_active_user=False)
    response = client.post(f"/settings/users/{admin.id}", data={"name": "Only Admin", "role": "sales"})
    assert response.status_code == 422
    assert "Only Admin is the last active admin and keeps the admin role" in response.get_data(as_text=True)
    response = client.post(f"/settings/users/{admin.id}/deactivate", follow_redirects=True)
    assert "is the last active admin and cannot be deactivated" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert (admin.role, admin.is_active_user) == ("admin", True)


def test_with_a_second_admin_an_admin_may_step_down(client, login_as, db):
    admin = login_as("admin", name="Ada")
    make_user("admin", name="Bob")
    response = client.post(f"/settings/users/{admin.id}", data={"name": "Ada", "role": "sales"})
    assert response.status_code == 302
    db.session.refresh(admin)
    assert admin.role == "sales"


@pytest.mark.parametrize("role", ["sales", "partner", "marketing", "service", "accounting"])
def test_everyone_but_admins_is_refused(client, login_as, db, role):
    login_as(role)
    other = make_user("sales")
    for path in ("/settings/users/", "/settings/users/new", f"/settings/users/{other.id}"):
        assert client.get(path).status_code == 403, path
    response = client.post(f"/settings/users/{other.id}/deactivate")
    assert response.status_code == 403
    response = client.post("/settings/users/new", data={"name": "X", "email": "x@example.com",
                                                        "password": "long enough", "role": "admin"})
    assert response.status_code == 403
    db.session.refresh(other)
    assert other.is_active_user and db.session.query(User).filter_by(email="x@example.com").count() == 0


def test_an_unknown_user_is_a_404(client, login_as):
    login_as("admin")
    assert client.get("/settings/users/999999").status_code == 404


def test_the_list_shows_when_each_user_last_signed_in(app, db):
    from tests.factories import PASSWORD

    make_user("admin", email="ada@example.com", name="Ada Admin")
    make_user("sales", email="never@example.com", name="Never Here")
    admin = app.test_client()
    admin.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    before = _user(db, "ada@example.com").last_sign_in_at
    assert before is not None
    admin.post("/login", data={"email": "never@example.com", "password": "wrong password"})  # a failed try
    page = admin.get("/settings/users/").get_data(as_text=True)
    never = page[page.index("Never Here"):]
    assert "never" in never[:never.index("</tr>")]
    db.session.expire_all()
    assert _user(db, "never@example.com").last_sign_in_at is None
