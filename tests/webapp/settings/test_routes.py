import pytest

from webapp.settings.forms import form_data_from
from webapp.settings.services import MAIN_KEYS, get_settings, page_version


def _form(**overrides):
    data = {**form_data_from(get_settings()), "version": page_version(MAIN_KEYS)}
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting", "partner"])
def test_only_admins_open_settings(client, login_as, role):
    login_as(role)
    assert client.get("/settings/").status_code == 403


def test_admin_changes_points_and_thresholds(client, login_as, db):
    login_as("admin")
    page = client.get("/settings/").get_data(as_text=True)
    assert "Budget: confirmed" in page
    response = client.post("/settings/", data=_form(points__budget__confirmed=55, class_a=80, class_b=50))
    assert response.status_code == 302
    settings = get_settings()
    assert settings["bant_points"]["budget"]["confirmed"] == 55
    assert settings["class_thresholds"] == {"A": 80, "B": 50}


def test_inconsistent_thresholds_are_refused_and_nothing_saved(client, login_as, db):
    login_as("admin")
    response = client.post("/settings/", data=_form(class_a=30, class_b=50, hot_days=10, warm_days=5))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Class A must start above class B" in body and "Warm must last longer than hot" in body
    assert get_settings()["class_thresholds"] == {"A": 70, "B": 40}


def test_lost_reasons_are_editable(client, login_as, db):
    login_as("admin")
    client.post("/settings/lost-reasons", data={"label": "Budget frozen"})
    page = client.get("/settings/").get_data(as_text=True)
    assert "Budget frozen" in page


def test_routing_rules_are_edited_as_lines_and_checked(client, login_as, db):
    from tests.factories import make_user

    login_as("admin")
    sven = make_user("sales", email="sven@test.example")
    bad = client.post("/settings/", data=_form(routing_rules="sales | territory | North | nobody@test.example"))
    assert bad.status_code == 422 and "no sales user with e-mail nobody@test.example" in bad.get_data(as_text=True)
    ok = client.post("/settings/", data=_form(routing_rules="sales | territory | North | SVEN@test.example"))
    assert ok.status_code == 302
    assert get_settings()["routing_rules"] == [{"role": "sales", "field": "territory", "value": "North",
                                                "user_ids": [sven.id]}]
    assert "sales | territory | North | sven@test.example" in client.get("/settings/").get_data(as_text=True)


@pytest.mark.parametrize("change", [{"class_a": 50, "class_b": 30}, {"points__budget__confirmed": 50}],
                         ids=["classes", "points"])
def test_new_points_or_classes_rescore_every_open_lead(client, login_as, db, change):
    from datetime import datetime, timezone

    from webapp.models import Job
    from webapp.scoring.service import rescore_all
    from tests.factories import make_lead

    answers = {"budget": "confirmed", "authority": "decision_maker"}  # 30 + 25 points: class B
    open_lead = make_lead(**answers)
    closed_lead = make_lead(stage="lost", closed_at=datetime(2026, 1, 5, tzinfo=timezone.utc), **answers)
    rescore_all(open_only=False)
    assert (open_lead.abc_class, closed_lead.abc_class) == ("B", "B")
    login_as("admin")
    page = client.post("/settings/", data=_form(**change), follow_redirects=True).get_data(as_text=True)
    assert "Open leads are being rescored in the background" in page
    assert "Last rescore of open leads: 1 open lead(s) rescored." in page
    db.session.expire_all()
    assert db.session.get(type(open_lead), open_lead.id).abc_class == "A"
    assert db.session.get(type(closed_lead), closed_lead.id).abc_class == "B"  # closed leads keep their score
    assert db.session.query(Job).filter_by(kind="rescore", status="done").count() == 1


def test_settings_that_scores_do_not_depend_on_rescore_nothing(client, login_as, db):
    from webapp.models import Job

    login_as("admin")
    page = client.post("/settings/", data=_form(stale_days=30), follow_redirects=True).get_data(as_text=True)
    assert "Settings saved." in page and "rescored" not in page
    assert get_settings()["stale_days"] == 30
    assert db.session.query(Job).filter_by(kind="rescore").count() == 0
