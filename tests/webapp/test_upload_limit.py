"""A request body over the upload limit is refused before it is read, and the user is told so on
the page they came from (an htmx request gets a message for the page, the API its JSON error)."""

import io

import pytest
from tests.factories import make_user
from webapp.api.auth import create_token
from webapp.settings.services import save_settings
from webapp.upload_limit import FORM_MARGIN, MB, body_limit

BOUNDARY = "multipart/form-data; boundary=xyz"


class HugeUpload(io.RawIOBase):
    """A body of `size` bytes made up as it is read, which counts what the app reads of it."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b"x" * count
        self.position += count
        self.read_bytes += count
        return count


@pytest.fixture
def limits(app, db):
    """Imports up to 2 MB, materials up to a quarter of a MB: 5 MB is too large for either."""
    app.config["MATERIAL_MAX_MB"] = 0.25
    save_settings({"data": {"phone_region": "DE", "import_max_mb": 2}})


def _post(client, path: str, size: int = 5 * MB, content_type: str = BOUNDARY, **headers):
    body = HugeUpload(size)
    response = client.post(path, input_stream=body, content_type=content_type, headers=headers)
    return response, body


def test_a_too_large_import_goes_back_to_the_upload_page_with_a_message_unread(client, login_as, limits):
    login_as("marketing")
    response, body = _post(client, "/imports/", Referer="http://localhost/imports/")
    assert response.status_code == 303 and response.headers["Location"] == "/imports/"
    assert body.read_bytes == 0  # refused before a byte of it was read
    page = client.get("/imports/").get_data(as_text=True)
    assert "The file is too large: at most 2 MB can be uploaded here." in page


def test_a_too_large_material_goes_back_to_its_form_with_the_materials_limit(client, login_as, limits):
    login_as("marketing")
    response, body = _post(client, "/materials/new", Referer="http://localhost/materials/new?x=1")
    assert response.status_code == 303 and response.headers["Location"] == "/materials/new?x=1"
    assert body.read_bytes == 0
    assert "at most 0.25 MB can be uploaded here" in client.get("/materials/new").get_data(as_text=True)


def test_without_a_referrer_the_form_posted_to_is_the_way_back_else_a_page_explains(client, login_as, limits):
    login_as("marketing")
    response, _ = _post(client, "/materials/new")  # the browser sent no Referer
    assert response.status_code == 303 and response.headers["Location"] == "/materials/new"
    response, _ = _post(client, "/materials/1/retire", Referer="https://elsewhere.example/")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "at most 0.25 MB can be uploaded here" in page and "Back to the overview" in page


def test_an_htmx_request_gets_a_message_for_the_pages_message_area(client, login_as, limits):
    login_as("marketing")
    response, _ = _post(client, "/imports/", **{"HX-Request": "true"})
    assert response.status_code == 413
    assert response.headers["HX-Retarget"] == "#flash"
    assert 'class="flash flash-error"' in response.get_data(as_text=True)


def test_the_api_answers_in_its_error_shape(client, limits):
    token = create_token(make_user("marketing"), "test")
    response, body = _post(client, "/api/v1/leads", content_type="application/json", Authorization=f"Bearer {token}")
    assert response.status_code == 413 and body.read_bytes == 0
    assert response.json["error"]["status"] == 413 and "at most 2 MB" in response.json["error"]["message"]


def test_the_limit_follows_the_import_setting_and_small_forms_pass(app, client, login_as, limits):
    with app.test_request_context():
        assert body_limit() == 2 * MB + FORM_MARGIN
        save_settings({"data": {"phone_region": "DE", "import_max_mb": 300}})
        assert body_limit() == 300 * MB + FORM_MARGIN
    assert app.config["MAX_CONTENT_LENGTH"] > 0
    login_as("marketing")
    response = client.post("/materials/new", data={"name": "Link", "kind": "brochure", "url": "https://example.com/a"})
    assert response.status_code == 302  # an ordinary form is not held up
