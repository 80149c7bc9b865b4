"""A user typing markup into a field sees it as text, on every page that shows it."""

from webapp.models import Contact, Organization

SCRIPT = "<script>alert('x')</script>"


def test_script_in_every_contact_field_is_shown_as_text(client, login_as, db):
    login_as("marketing")
    client.post("/organizations/new", data={"name": SCRIPT + " Org", "industry": SCRIPT, "city": SCRIPT})
    org = db.session.query(Organization).one()
    text_fields = ["first_name", "last_name", "function", "street", "postal_code", "city", "country",
                   "industry", "notes"]
    data = {name: SCRIPT[:20] if name == "postal_code" else SCRIPT for name in text_fields}
    data.update(organization_id=str(org.id), custom_text=f"{SCRIPT}: {SCRIPT}")
    response = client.post("/contacts/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    contact = db.session.query(Contact).one()
    client.post(f"/contacts/{contact.id}/activities", data={"kind": "note", "subject": SCRIPT, "body": SCRIPT})
    pages = [f"/contacts/{contact.id}", "/contacts/", f"/organizations/{org.id}", "/organizations/",
             "/", f"/contacts/{contact.id}/edit", "/contacts/?q=%3Cscript%3E"]
    for path in pages:
        body = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in body, path
        assert "&lt;script&gt;alert" in body, path
