"""Input the database cannot store (NUL bytes, lone surrogates, integers past INTEGER) is refused
with a clear message in forms, ignored in list filters and refused by the API: never a 500."""

import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm

import webapp
from webapp.api.auth import create_token
from webapp.forms_base import INT_OUT_OF_RANGE, UNSTORABLE_TEXT, BaseForm
from webapp.models import Contact, Lead
from tests.factories import make_contact, make_lead, make_user

HUGE = "9223372036854775808"


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_app_refuses_unstorable_input(app):
    forms = [f for f in _all_subclasses(FlaskForm) if f.__module__.startswith("webapp.")]
    assert len(forms) > 20
    assert [f.__name__ for f in forms if not issubclass(f, BaseForm)] == []


def test_only_request_args_reads_the_query_string():
    root = Path(webapp.__file__).parent
    readers = {str(p.relative_to(root)) for p in root.rglob("*.py")
               if re.search(r"request\.args(?!\s*,\s*meta)", p.read_text())}
    assert readers == {"request_args.py"}


@pytest.mark.parametrize("query", [f"owner={HUGE}", "owner=-" + HUGE, "q=%00", "stage=open%00", "source=%00x",
                                   "class=%00", "temperature=%00", "p_min=nan", "v_max=1e999", f"page={HUGE}",
                                   f"per={HUGE}", "sort=%00", "dir=%00"])
def test_the_lead_list_ignores_filters_it_cannot_use(client, login_as, query):
    login_as("admin")
    make_lead(title="Still listed")
    response = client.get(f"/leads/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/contacts/?q=%00", "/contacts/?q=a%00b&sort=%00", "/organizations/?q=%00",
                                  "/offers/?q=%00&status=%00", "/invoices/?show=%00", f"/leads/queue?page={HUGE}",
                                  f"/contacts/validate/email?email=a%00@b.example&id={HUGE}"])
def test_list_pages_answer_with_nul_bytes_and_huge_numbers_in_the_query(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 200


def test_a_nul_byte_in_a_text_field_is_a_field_error_and_nothing_is_saved(client, login_as, db):
    login_as("sales")
    response = client.post("/contacts/new", data={"first_name": "Ada\x00", "last_name": "Lovelace", "city": "\x00"})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count(str(UNSTORABLE_TEXT)) == 2
    assert db.session.query(Contact).count() == 0


def test_an_integer_past_the_column_range_is_a_field_error(client, login_as, db):
    login_as("sales")
    response = client.post("/organizations/new", data={"name": "Huge Ltd", "employees": HUGE})
    assert response.status_code == 422
    assert str(INT_OUT_OF_RANGE) in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "field", "status"), [("assign", "owner_id", 422), ("partner", "partner_id", 302),
                                                       ("materials", "material_id", 302)])
def test_a_forged_id_past_the_range_is_refused_on_lead_actions(client, login_as, db, path, field, status):
    user = login_as("sales")
    lead = make_lead(owner=user, stage="prospect")
    response = client.post(f"/leads/{lead.id}/{path}", data={field: HUGE})
    assert response.status_code == status
    assert db.session.get(Lead, lead.id).owner_id == user.id


def test_bulk_actions_refuse_ids_past_the_range(client, login_as, db):
    user = login_as("marketing")
    lead, contact = make_lead(owner=user), make_contact()
    assert client.post("/leads/bulk", data={"lead_ids": [str(lead.id), HUGE], "action": "assign",
                                            "owner_id": HUGE}).status_code == 302
    assert client.post("/lead-batches/preview", data={"contact_ids": [str(contact.id), HUGE],
                                                      "title": "Fair"}).status_code == 422
    assert db.session.query(Lead).count() == 1


@pytest.mark.parametrize("value", ["Ina\u0000", "Ina\ud800"])
def test_the_api_refuses_unstorable_text_with_a_field_error(client, db, value):
    token = create_token(make_user("marketing"), "t")
    response = client.post("/api/v1/leads", headers={"Authorization": f"Bearer {token}"},
                           json={"first_name": value, "last_name": "Intake", "email": "ina@shop.example",
                                 "title": "Boiler"})
    assert response.status_code == 422
    assert response.json["error"]["fields"]["first_name"] == [UNSTORABLE_TEXT]
    assert db.session.query(Lead).count() == 0
