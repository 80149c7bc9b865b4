"""Every page needs a signed-in user, and every state change needs the CSRF token."""

import re

import pytest

from webapp.models import Contact
from tests.factories import make_contact

PUBLIC = {"auth.login", "static", "api.openapi"}
# Every part of the app; a new one is added here once its pages are known to be guarded.
BLUEPRINTS = {"api", "auth", "campaigns", "contacts", "custom_fields", "dashboard", "duplicate_finder", "exports", "imports", "invoices", "lead_batches", "leads", "materials", "notifications", "offers", "organizations", "privacy", "reports",
              "scoring", "settings", "target_groups", "users"}


def _url_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        path = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def test_every_url_refuses_an_anonymous_user(app, client):
    checked = set()
    for endpoint, method, path in _url_rules(app):
        response = client.open(path, method=method)
        checked.add(endpoint)
        if path.startswith("/api/"):
            assert response.status_code == 401, (endpoint, method)
        else:
            assert response.status_code == 302, (endpoint, method, response.status_code)
            assert "/login" in response.headers["Location"], endpoint
    # every view the app serves was tried, bar the public ones (which must still exist), in every part
    assert PUBLIC <= set(app.view_functions)
    assert checked == set(app.view_functions) - PUBLIC
    assert {endpoint.split(".")[0] for endpoint in checked} == BLUEPRINTS


def test_post_without_csrf_token_is_refused_and_writes_nothing(client, login_as, db):
    login_as("sales")
    response = client.post("/contacts/new", data={"first_name": "Ada", "last_name": "Lovelace"},
                           csrf=False)
    assert response.status_code == 400
    assert db.session.query(Contact).count() == 0


def test_htmx_post_with_csrf_header_is_accepted(client, login_as):
    login_as("sales")
    contact = make_contact()
    response = client.post(f"/contacts/{contact.id}/activities",
                           data={"kind": "note", "body": "Asked for a call back"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["marketing", "sales", "service", "accounting", "admin"])
def test_internal_roles_can_create_contacts(client, login_as, role):
    login_as(role)
    assert client.get("/contacts/new").status_code == 200


def test_partner_may_not_create_contacts(client, login_as):
    login_as("partner")
    assert client.get("/contacts/new").status_code == 403


@pytest.mark.parametrize("path", ["/leads/99999999999999999999", "/contacts/99999999999999999999",
                                  "/leads/?page=99999999999999999999", "/contacts/?page=-5"])
def test_out_of_range_ids_and_pages_are_not_server_errors(client, login_as, path):
    login_as("sales")
    assert client.get(path).status_code in (200, 404)
