"""A lead's score factors, stored as the scoring library words them, read in the reader's language."""

import pytest
from flask_babel import force_locale

from webapp.labels import factor_text


@pytest.mark.parametrize(("stored", "german"), [
    ("Budget: confirmed", "Budget: bestätigt"),
    ("Calls: 3", "Anrufe: 3"),
    ("Age days: 12", "Alter (Tage): 12"),
    ("Offers sent: 1", "Versandte Angebote: 1"),
    ("Stage: prospect", "Phase: Interessent"),
    ("Need: not answered", "Bedarf: nicht beantwortet"),
    ("Industry: Maschinenbau", "Branche: Maschinenbau"),  # a value people typed stays as it is
    ("Something new", "Something new"),  # not a field: shown as stored
])
def test_a_stored_factor_reads_german(app, stored, german):
    with app.test_request_context(), force_locale("de"):
        assert factor_text(stored) == german
    with app.test_request_context(), force_locale("en"):
        assert factor_text(stored) == stored.replace("Age days", "Age (days)")
