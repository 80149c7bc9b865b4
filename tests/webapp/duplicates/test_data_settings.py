"""Settings → Data: the phone region and the import size limit; a new region restamps every key."""

from webapp.settings.services import get_settings
from tests.factories import make_contact, make_organization


def _page(client):
    import re

    page = client.get("/settings/data").get_data(as_text=True)
    return int(re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page).group(1) or 0)


def test_a_new_region_reads_every_stored_number_anew(client, login_as, db):
    login_as("admin")
    contact = make_contact(phone="020 7946 0958", mobile="+49 171 1234567")
    organization = make_organization(phone="020 7946 0958")
    assert contact.phone_key == "+492079460958"
    response = client.post("/settings/data", data={"phone_region": "gb", "import_max_mb": "20",
                                                   "version": _page(client)})
    assert response.status_code == 302
    db.session.expire_all()
    assert get_settings()["data"] == {"phone_region": "GB", "import_max_mb": 20}
    assert contact.phone_key == "+442079460958" and contact.mobile_key == "+491711234567"
    assert organization.phone_key == "+442079460958"
    assert contact.version == 1  # nobody's record counts as edited


def test_unknown_regions_and_sizes_out_of_range_are_field_errors(client, login_as, db):
    login_as("admin")
    response = client.post("/settings/data", data={"phone_region": "XX", "import_max_mb": "501",
                                                   "version": _page(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "two-letter country code" in page and 'value="XX"' in page
    assert get_settings()["data"]["phone_region"] == "DE"


def test_only_admins_change_data_settings(client, login_as, db):
    login_as("marketing")
    assert client.get("/settings/data").status_code == 403
