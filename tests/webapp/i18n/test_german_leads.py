"""A German user reads the shell, sign-in, overview and lead screens in German; without a German
browser they stay English."""

from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from webapp.leads import lifecycle
from webapp.leads.services import mark_escalations
from webapp.models import Activity, ActivityKind
from tests.factories import make_contact, make_lead, make_offer, make_organization, make_user

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
QUALIFIED = dict(budget="confirmed", authority="decision_maker", need="urgent", timeline="within_3_months")


class _Readable(HTMLParser):
    """What a person reads on a page: text, and the titles, labels and placeholders of elements."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def readable(response) -> str:
    parser = _Readable()
    parser.feed(response.get_data(as_text=True))
    return " | ".join(parser.parts)


def assert_reads(text: str, present: list[str], absent: list[str]) -> None:
    assert [p for p in present if p not in text] == [], text
    assert [a for a in absent if a in text] == [], text


@pytest.fixture
def rep(login_as):
    return login_as("sales", name="Rita Rep")


def _queue_lead(rep):
    now = datetime.now(timezone.utc)
    return make_lead(title="Flottenortung", owner_id=rep.id, stage="prospect",
                     due_at=now - timedelta(hours=5, minutes=30),
                     next_step="Rückruf", follow_up_on=date.today() + timedelta(days=3), source="trade_fair",
                     **QUALIFIED)


def test_the_queue_reads_german(client, rep):
    _queue_lead(rep)
    make_lead(title="Stiller Lead", owner_id=rep.id, created_at=datetime.now(timezone.utc) - timedelta(days=60))
    page = client.get("/leads/queue", headers=GERMAN)
    assert page.status_code == 200
    assert_reads(readable(page),
                 ["Mein Arbeitsvorrat", "Sortieren nach", "Abschlusswahrscheinlichkeit", "Interessent",
                  "6 h überfällig", "nächster Schritt: Rückruf", "Kontakt reißt ab",
                  "noch kein Kontakt", "keine Wiedervorlage", "Erhöht die Abschlusswahrscheinlichkeit am stärksten",
                  "▲ Budget: bestätigt"],
                 ["My queue", "Order by", "Close probability", "Prospect", "overdue", "next:", "Contact breaking off",
                  "last contact", "Raises the close probability", "Your open leads", "confirmed"])


def test_the_lead_list_reads_german(client, rep):
    _queue_lead(rep)
    for number in range(11):
        make_lead(title=f"Auftrag {number}")
    page = client.get("/leads/?stage=all", headers=GERMAN)
    assert_reads(readable(page),
                 ["Projekt", "Phase", "Wahrsch.", "Klasse", "Wichtigster Faktor", "Letzter Kontakt", "Verantwortlich",
                  "Quelle", "Messe", "Alle Phasen", "Debitor", "Alle Temperaturen", "Heiß", "Nur überfällige",
                  "25 pro Seite", "Zuweisen an", "Rita Rep (Vertrieb)", "Projekt, Kontakt, Firma …",
                  "Seite 1 von 2 · 12 insgesamt", "Weiter ›"],
                 ["Project", "Stage", "Close prob.", "Top factor", "Owner", "Trade fair", "All stages", "Debtor",
                  "Any temperature", "Hot", "Overdue only", "per page", "Assign to", "(sales)", "Apply", "Page 1",
                  "in all", "Next"])


def test_a_lead_page_with_history_an_offer_and_a_follow_up_reads_german(client, login_as, db):
    marketing = login_as("marketing", name="Mia Marketing")
    contact = make_contact(organization=make_organization("Muster GmbH"))
    lead = lifecycle.create_lead(contact, marketing, "Lagerverwaltung", "web_form")  # history: new lead, hand-off
    lead.budget, lead.next_step, lead.follow_up_on = "confirmed", "Angebot nachfassen", date.today()
    db.session.add(Activity(contact_id=contact.id, lead_id=lead.id, kind=ActivityKind.CALL, subject="Erstgespräch",
                            body="Interesse an 40 Geräten", user_id=marketing.id))
    db.session.commit()
    make_offer(lead)
    page = client.get(f"/leads/{lead.id}", headers=GERMAN)
    assert page.status_code == 200
    assert_reads(readable(page),
                 ["Verantwortlich", "Mia Marketing (Marketing)", "Übergaben", "Warum diese Bewertung",
                  "Abschlusswahrscheinlichkeit, Klasse", "Entscheidungsbefugnis", "Bestätigt", "nicht beantwortet",
                  "Wenn die offenen Fragen gut beantwortet würden", "Versandte Unterlagen", "Qualifizierung und Daten",
                  "Wiedervorlage", "Wiedervorlage am", "— nicht beantwortet —", "Webformular",
                  "Lead speichern", "Verlauf dieses Projekts", "Anruf", "Erstgespräch", "Phasenwechsel",
                  "Kontakt → Lead", "neues Projekt", "Übergabe", "Übergeben an Mia Marketing (Marketing)", "angelegt"],
                 ["Owner", "Hand-offs", "Why this score", "close probability", "Authority", "Confirmed",
                  "not answered", "If the open questions", "Materials sent", "Qualification and data", "Follow-up",
                  "Follow up on", "Web form", "Save lead", "History of this project", "Call", "Stage change",
                  "Contact → Lead", "new project", "Handoff", "Handed to", "created", "Kind", "What happened",
                  "nothing stands out"])


def test_a_new_lead_refused_for_a_missing_project_says_why_in_german(client, rep):
    contact = make_contact()
    page = client.post(f"/leads/new/{contact.id}", data={"title": "", "source": "", "campaign_id": "0"},
                       headers=GERMAN)
    assert page.status_code == 422
    assert_reads(readable(page),
                 [f"Neuer Lead für {contact.full_name}", "Bitte korrigieren Sie die markierten Felder.",
                  "Dieses Feld wird benötigt.", "Projekt", "Quelle", "Kampagne", "— keine —",
                  "Erwarteter Auftragswert (€)", "Lead anlegen", "Abbrechen", "Flottenortung für 40 Transporter"],
                 ["New lead", "Please correct", "This field is required", "Project", "Source", "Campaign",
                  "none", "Expected value", "Create lead", "Cancel", "Fleet tracking"])


def test_the_overview_reads_german(client, login_as, db):
    admin = login_as("admin", name="Ada Admin")
    lead = make_lead(title="Verpasst", owner_id=admin.id, due_at=datetime.now(timezone.utc) - timedelta(days=5))
    db.session.add(Activity(contact_id=lead.contact_id, lead_id=lead.id, kind=ActivityKind.MEETING,
                            subject="Vor Ort", user_id=admin.id))
    db.session.commit()
    mark_escalations(datetime.now(timezone.utc))  # its history tells who was too late, in English as stored
    page = client.get("/", headers=GERMAN)
    assert_reads(readable(page),
                 ["Willkommen, Ada Admin", "offene Leads in Ihrer Verantwortung", "überfällig nach einer Übergabe",
                  "Eskaliert: Niemand hat rechtzeitig reagiert", "bei Ada Admin, fällig", "Neueste Kontakthistorie",
                  "Termin", "Eskalation", "An die Teamleitung eskaliert", "System", "Administration", "Übersicht",
                  "Abmelden"],
                 ["Good to see you", "open leads you own", "overdue after", "Escalated", "with Ada Admin",
                  "Latest contact history", "Meeting", "system", "admin", "Overview", "Sign out"])


def test_signing_in_reads_german(client):
    make_user("sales", email="rita@test.example")
    page = client.get("/login", headers=GERMAN)
    assert_reads(readable(page), ["Anmelden", "E-Mail", "Passwort", "Angemeldet bleiben"],
                 ["Sign in", "Password", "Keep me signed in"])
    refused = client.post("/login", data={"email": "rita@test.example", "password": "wrong"}, headers=GERMAN)
    assert refused.status_code == 422
    assert_reads(readable(refused), ["E-Mail-Adresse oder Passwort stimmt nicht."], ["is not right"])


def test_refusals_and_confirmations_are_flashed_in_german(client, login_as, db):
    marketing = login_as("marketing")
    make_user("sales")
    lead = make_lead(title="Halb qualifiziert", owner_id=marketing.id, budget="confirmed", abc_class="A")
    refused = client.post(f"/leads/{lead.id}/hand-to-sales", headers=GERMAN, follow_redirects=True)
    assert "Vor der Übergabe an den Vertrieb bitte ausfüllen: Entscheidungsbefugnis, Bedarf, Zeitrahmen." \
        in readable(refused)
    saved = client.post(f"/leads/{lead.id}", data={"title": "Halb qualifiziert", "version": lead.version},
                        headers=GERMAN, follow_redirects=True)
    assert "Lead gespeichert." in readable(saved) and "Lead saved." not in readable(saved)


def test_an_unknown_lead_answers_with_a_german_error_page(client, rep):
    page = client.get("/leads/999999", headers=GERMAN)
    assert page.status_code == 404
    assert_reads(readable(page), ["Diesen Lead gibt es nicht", "Zurück zur Übersicht"],
                 ["No such lead", "Back to the overview"])


@pytest.mark.parametrize("path, english", [
    ("/leads/queue", ["My queue", "Order by", "overdue 6 h", "next: Rückruf", "Contact breaking off"]),
    ("/leads/?stage=all", ["Project", "Close prob.", "Trade fair", "All stages", "Hot", "Rita Rep (sales)"]),
    ("/", ["Good to see you, Rita Rep", "open leads you own", "Latest contact history"]),
])
def test_without_a_german_browser_the_pages_stay_english(client, rep, path, english):
    _queue_lead(rep)
    assert_reads(readable(client.get(path)), english, ["Mein Arbeitsvorrat", "Projekt", "Übersicht"])


def test_labels_follow_each_request_s_language(client, rep):
    # The pills are cached: a German page must not leave its words to the next English one.
    _queue_lead(rep)
    assert "Interessent" in readable(client.get("/leads/", headers=GERMAN))
    english = readable(client.get("/leads/"))
    assert "Prospect" in english and "Interessent" not in english and "Klasse" not in english
    assert "Interessent" in readable(client.get("/leads/", headers=GERMAN))


def test_the_sign_in_page_stays_english_without_a_german_browser(client):
    assert_reads(readable(client.get("/login")), ["Sign in", "Password", "Keep me signed in"], ["Anmelden"])


def test_without_a_model_the_queue_says_why_in_german(client, login_as, db):
    login_as("sales")
    german = client.get("/leads/queue", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Bewertungen nutzen nur BANT-Punkte: noch kein Modell trainiert." in german
    assert "Scores use BANT points only" not in german
    assert "Scores use BANT points only" in client.get("/leads/queue").get_data(as_text=True)
