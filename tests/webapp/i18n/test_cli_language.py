"""`flask …` commands speak the shell's language (LC_ALL, LC_MESSAGES, LANG), else the company's."""

import pytest
from flask_babel import refresh

from webapp.settings.services import save_settings

NO_LANGUAGE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def expire(app, **env):
    refresh()  # a command runs in its own process; here the test's app context (and its choice) lives on
    return app.test_cli_runner().invoke(args=["offers", "expire"], env={**NO_LANGUAGE, **env}).output


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "Kein Angebot abgelaufen."),
    ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_GB.UTF-8"}, "Kein Angebot abgelaufen."),  # LC_ALL rules
    ({"LANG": "en_US.UTF-8"}, "No offer expired."),
    ({"LANG": "C.UTF-8"}, "No offer expired."),  # a shell without a language: the company's (English here)
])
def test_a_command_answers_in_the_shells_language(app, db, env, expected):
    assert expire(app, **env).strip() == expected


def test_without_a_language_in_the_shell_the_company_language_is_used(app, db):
    save_settings({"company": {"language": "de"}})
    assert expire(app).strip() == "Kein Angebot abgelaufen."
    assert expire(app, LANG="en_US.UTF-8").strip() == "No offer expired."


def test_a_failing_command_says_why_in_german(app, db):
    result = app.test_cli_runner().invoke(args=["users", "activate", "nobody@test.example"],
                                          env={**NO_LANGUAGE, "LANG": "de_DE.UTF-8"})
    assert result.exit_code != 0 and "Kein Benutzer mit der E-Mail-Adresse nobody@test.example." in result.output


def test_retraining_reports_its_progress_in_the_shells_language(app, db):
    refresh()
    result = app.test_cli_runner().invoke(args=["scoring", "retrain", "--if-possible"],
                                          env={**NO_LANGUAGE, "LANG": "de_DE.UTF-8"})
    assert "Abgeschlossene Leads werden gelesen" in result.output and "Reading" not in result.output, result.output
