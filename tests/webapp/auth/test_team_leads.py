"""Team leads: admins always, other users when marked (from the command line)."""

from tests.factories import make_user


def test_admins_lead_the_team_and_others_when_marked(app, db):
    admin, rep = make_user(role="admin"), make_user(role="sales")
    assert admin.leads_team and not rep.leads_team
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "team-lead", rep.email])
    assert result.exit_code == 0, result.output
    db.session.refresh(rep)
    assert rep.leads_team
    result = runner.invoke(args=["users", "team-lead", rep.email, "--off"])
    db.session.refresh(rep)
    assert result.exit_code == 0 and not rep.leads_team


def test_an_unknown_user_is_named(app, db):
    result = app.test_cli_runner().invoke(args=["users", "team-lead", "nobody@example.com"])
    assert result.exit_code != 0 and "nobody@example.com" in result.output
