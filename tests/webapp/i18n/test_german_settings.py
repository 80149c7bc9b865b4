"""A German admin reads the settings, the model page and the API's messages in German; a browser
that asks for no language still gets English. Stored texts (a job's message, why a model was
promoted) stay English in the database and are translated where they are shown."""

import re

import pytest

from webapp.jobs import create_job, run_job
from webapp.scoring import training
from webapp.settings.forms import form_data_from
from webapp.settings.rescoring import rescore_open_leads
from webapp.settings.services import MAIN_KEYS, SCORING_KEYS, get_settings, page_version
from webapp.stored_text import translated
from tests.factories import make_lead, make_user

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}

SETTINGS_PAGES = {
    "/settings/": (["BANT-Punkte je Antwort", "Budget: bestätigt", "Zeitrahmen: innerhalb von 3 Monaten",
                    "Vertriebspartner: Stunden bis zur Bearbeitung", "Verlustgründe", "Einstellungen speichern"],
                   ["BANT points per answer", "Budget: confirmed", "hours to act", "Lost reasons", "Save settings",
                    "Time windows after a hand-off", "Routing rules"]),
    "/settings/scoring": (["Gelernte Abschlusswahrscheinlichkeit", "Klasse A ab (% Abschlusswahrscheinlichkeit)",
                           "Nächster Lauf: ", "Logistische Regression", "Alter des Leads (Tage)"],
                          ["Learned close probability", "Class A from", "Next run", "Logistic regression",
                           "Fields the model never sees", "Save scoring settings", "times in UTC"]),
    "/settings/company": (["Firmengestaltung und Angebotsvorgaben", "Firmenname", "Angebote gültig für (Tage)"],
                          ["Company design and offer defaults", "Company name", "Offers valid for", "Default terms",
                           "Printed on every offer"]),
}


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown_text(html: str) -> str:
    """What a reader sees of the page's content (tags and the navigation left out)."""
    main = html[html.index("<main"):] if "<main" in html else html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("url", SETTINGS_PAGES)
def test_a_german_admin_reads_every_settings_page_in_german(client, login_as, url):
    login_as("admin")
    german, english = SETTINGS_PAGES[url]
    text = shown_text(page(client, url, **GERMAN))
    assert [g for g in german if g not in text] == []
    assert [e for e in english if e in text] == []


@pytest.mark.parametrize("url", SETTINGS_PAGES)
def test_a_browser_asking_for_no_language_reads_the_settings_in_english(client, login_as, url):
    login_as("admin")
    german, english = SETTINGS_PAGES[url]
    text = shown_text(page(client, url))
    assert [e for e in english if e not in text] == []
    assert [g for g in german if g in text] == []


def test_a_german_admin_sees_why_a_settings_form_was_refused_in_german(client, login_as, db):
    login_as("admin")
    data = {**form_data_from(get_settings()), "version": page_version(MAIN_KEYS),
            "class_a": 30, "class_b": 50, "hot_days": 10, "warm_days": 5, "stale_days": 0}
    response = client.post("/settings/", data=data, headers=GERMAN)
    text = shown_text(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Klasse A muss oberhalb von Klasse B beginnen." in text and "Warm muss länger dauern als heiß." in text
    assert "Zahl muss zwischen 1 und 365 liegen." in text  # WTForms' own message, in its own German
    for english in ("Class A must start above class B", "Warm must last longer than hot", "Number must be between"):
        assert english not in text
    assert get_settings()["class_thresholds"] == {"A": 70, "B": 40}


def test_a_german_admin_sees_a_bad_schedule_and_the_saved_message_in_german(client, login_as, db):
    login_as("admin")
    form = {"retrain_cron": "0 3 * * 1-5", "min_won": "30", "min_lost": "30", "auc_tolerance": "0,01",
            "ece_tolerance": "0,01", "holdout_percent": "20", "snapshot_every_days": "14",
            "class_a_percent": "50", "class_b_percent": "20", "candidates": ["logistic"],
            "version": page_version(SCORING_KEYS)}
    refused = client.post("/settings/scoring", data=form, headers=GERMAN)
    assert refused.status_code == 422
    assert "Schreiben Sie Wochentage als Namen" in refused.get_data(as_text=True)
    saved = client.post("/settings/scoring", data={**form, "retrain_cron": "0 3 * * mon-fri"}, headers=GERMAN,
                        follow_redirects=True).get_data(as_text=True)
    assert "Bewertungseinstellungen gespeichert." in saved and "Scoring settings saved" not in saved
    assert get_settings()["scoring"]["retrain_cron"] == "0 3 * * mon-fri"


def test_a_job_message_is_stored_in_english_and_shown_in_the_readers_language(client, login_as, db):
    login_as("admin")
    make_lead()
    job = rescore_open_leads(None, "probability thresholds changed")  # runs to its end in tests
    db.session.refresh(job)
    assert job.message == "1 open lead(s) rescored."  # the row is the same for every reader
    assert "Letzte Neubewertung der offenen Leads: 1 offene(s) Lead(s) neu bewertet." in page(
        client, "/settings/", **GERMAN)
    assert "Last rescore of open leads: 1 open lead(s) rescored." in page(client, "/settings/")


def test_a_failed_retraining_is_explained_in_german_with_the_reason_inside(client, login_as, db):
    login_as("admin")
    job = run_job(create_job("retrain").id, training.retrain)  # no history: refused
    assert job.message.startswith("Failed: 0 won and 0 lost leads")
    fragment = client.get(f"/scoring/jobs/{job.id}", headers={"HX-Request": "true", **GERMAN}).get_data(as_text=True)
    assert ("Letztes Training fehlgeschlagen: Fehlgeschlagen: 0 gewonnene und 0 verlorene Leads; nötig sind "
            "mindestens 30 gewonnene und 30 verlorene.") in fragment
    assert "lost are needed" not in fragment and "Last retraining" not in fragment


def test_a_stored_text_nobody_declared_is_shown_as_it_is(app):
    with app.test_request_context(headers=GERMAN):
        assert translated("Failed: disk full") == "Fehlgeschlagen: disk full"
        assert translated("Something the code never declared.") == "Something the code never declared."
        assert translated(None) == ""


def test_every_reason_the_scoring_library_gives_for_leaving_out_a_column_is_shown_in_german(app):
    from scoring_model import screening

    reasons = [screening.DROPPED_BY_REQUEST, screening.LEAKY_NAME, screening.ALL_MISSING, screening.CONSTANT,
               screening.ID_LIKE, screening.GROUP_COLUMN, screening.WEIGHT_COLUMN]
    with app.test_request_context(headers=GERMAN):
        assert [reason for reason in reasons if translated(reason) == reason] == []


def test_a_german_admin_reads_the_model_page_in_german(client, login_as, db, trained_model):
    login_as("admin")
    job = create_job("retrain", message="Started from the model page")
    job.status, job.progress, job.message = "running", 15, "Training on 120 older closed leads (900 snapshots)"
    db.session.commit()
    text = shown_text(page(client, "/scoring/", **GERMAN))
    german = [f"Aktuelles Modell {trained_model.version}", "Logistische Regression", "Erstes Modell: Es gibt nichts",
              "Training auf 120 älteren abgeschlossenen Leads (900 Momentaufnahmen)", "Jetzt neu trainieren",
              "Wie gut ist es dort, wo entschieden wird?", "Tag 1", "Phase Lead", "Zuverlässigkeit an Tag",
              "Ähneln die heutigen offenen Leads den Trainingsdaten?", "Merkmale, die es liest", "Versionen", "aktuell",
              "Lead-ID (auf Wunsch weggelassen)"]
    english = ["Scoring model", "Current model", "Retrain now", "First model", "Training on", "held-out",
               "How good is it", "Day 1", "Stage lead", "Reliability", "Do today's open leads", "Features it reads",
               "Versions", "Learned from", "Promoted", "Download training table", "Not computed yet",
               "Recompute drift", " current ", "dropped by request", "lead id"]
    assert [g for g in german if g not in text] == []
    assert [e for e in english if e in text] == []
    assert trained_model.reason == "First model: nothing to compare with."  # stored as written


def test_without_a_language_the_model_page_stays_english(client, login_as, trained_model):
    login_as("admin")
    text = shown_text(page(client, "/scoring/"))
    assert f"Current model {trained_model.version}" in text and "First model: nothing to compare with." in text
    assert "Aktuelles Modell" not in text and "Versionen" not in text


def _token(user) -> dict:
    from webapp.api.auth import create_token

    return {"Authorization": f"Bearer {create_token(user, 'test')}"}


def test_api_errors_speak_the_requests_language_and_keep_their_codes(client, db):
    refused = client.get("/api/v1/leads", headers=GERMAN)
    assert refused.status_code == 401
    assert refused.json["error"] == {"status": 401, "message": "Senden Sie ein gültiges API-Token als "
                                                               "'Authorization: Bearer <token>'."}
    headers = {**_token(make_user("sales", email="api@test.example")), **GERMAN}
    invalid = client.post("/api/v1/score", json={"budget": "lots", "colour": "red", "calls": "many"},
                          headers=headers)
    assert invalid.status_code == 422
    error = invalid.json["error"]
    assert error["message"] == "Einige Felder sind ungültig."
    assert set(error["fields"]) == {"budget", "colour", "calls"}  # field names stay as sent
    assert error["fields"]["colour"] == ["Unbekanntes Feld."]
    assert error["fields"]["calls"] == ["Senden Sie eine ganze Zahl."]
    assert error["fields"]["budget"][0].startswith("Verwenden Sie einen dieser Werte: ")
    bad_page = client.get("/api/v1/leads?page=0", headers=headers)
    assert bad_page.json["error"]["message"] == "page muss eine ganze Zahl von 1 bis 100000 sein."


def test_api_errors_stay_english_without_a_language(client, db):
    assert client.get("/api/v1/leads").json["error"]["message"] == (
        "Send a valid API token as 'Authorization: Bearer <token>'.")
    invalid = client.post("/api/v1/score", json={"colour": "red"},
                          headers=_token(make_user("sales", email="api@test.example")))
    assert invalid.json["error"] == {"status": 422, "message": "Some fields are not valid.",
                                     "fields": {"colour": ["Unknown field."]}}
