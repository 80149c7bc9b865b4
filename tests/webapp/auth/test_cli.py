from webapp.auth.services import authenticate


def test_users_create_makes_a_user_who_can_sign_in(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Neu@Example.com", "--name", "Neu",
                                 "--role", "marketing", "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    user = authenticate("neu@example.com", "s3cret-pass")
    assert user is not None and user.role == "marketing"


def test_users_create_refuses_duplicates_and_short_passwords(app, db):
    runner = app.test_cli_runner()
    args = ["users", "create", "--email", "a@example.com", "--role", "sales", "--password"]
    assert runner.invoke(args=[*args, "short"]).exit_code != 0
    assert runner.invoke(args=[*args, "long-enough"]).exit_code == 0
    again = runner.invoke(args=[*args, "long-enough"])
    assert again.exit_code != 0
    assert "exists already" in again.output
