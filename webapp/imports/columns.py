"""The fields an import can fill, per kind, and the guess which column holds which field, from
English and German headers (case, spacing, punctuation and umlauts do not matter)."""

import hashlib

from flask_babel import lazy_gettext as _l

from webapp.duplicates.keys import text_key

KINDS = ("organizations", "contacts", "leads")

ORGANIZATION_FIELDS = ("name", "industry", "employees", "website", "phone", "street", "postal_code", "city",
                       "country", "territory")
CONTACT_FIELDS = ("salutation", "first_name", "last_name", "function", "email", "phone", "mobile", "industry",
                  "organization", "website", "employees", "street", "postal_code", "city", "country", "notes")
LEAD_FIELDS = ("title", "budget", "authority", "need", "timeline", "source", "campaign", "expected_value", "owner",
               "description", *CONTACT_FIELDS)
FIELDS = {"organizations": ORGANIZATION_FIELDS, "contacts": CONTACT_FIELDS, "leads": LEAD_FIELDS}
REQUIRED = {"organizations": ("name",), "contacts": ("first_name", "last_name"),
            "leads": ("title", "first_name", "last_name")}

LABELS = {
    "name": _l("Name"), "industry": _l("Industry"), "employees": _l("Employees"), "website": _l("Website"),
    "phone": _l("Phone"), "mobile": _l("Mobile"), "street": _l("Street"), "postal_code": _l("Postal code"),
    "city": _l("City"), "country": _l("Country"), "territory": _l("Territory"), "salutation": _l("Salutation"),
    "first_name": _l("First name"), "last_name": _l("Last name"), "function": _l("Function"),
    "email": _l("E-mail"), "organization": _l("Organization"), "notes": _l("Notes"), "title": _l("Project"),
    "budget": _l("Budget"), "authority": _l("Authority"), "need": _l("Need"), "timeline": _l("Timeline"),
    "source": _l("Source"), "campaign": _l("Campaign"), "expected_value": _l("Expected value"),
    "owner": _l("Owner"), "description": _l("Description"),
}

# Headers as people write them, in English and German; compared as compact keys ("E-Mail" → "email").
_ALIASES = {
    "salutation": "salutation anrede title_of_address",
    "first_name": "first_name firstname given_name forename vorname",
    "last_name": "last_name lastname surname family_name nachname familienname",
    "function": "function position job_title jobtitle role funktion stellung berufsbezeichnung",
    "email": "email e_mail mail email_address e_mail_adresse emailadresse",
    "phone": "phone telephone phone_number tel telefon telefonnummer festnetz",
    "mobile": "mobile mobile_phone cell cellphone mobil mobiltelefon handy mobilnummer",
    "industry": "industry sector branche industrie",
    "organization": "organization organisation company company_name firma firmenname unternehmen account",
    "website": "website web homepage url webseite internetseite internet",
    "employees": "employees employee_count number_of_employees staff headcount mitarbeiter mitarbeiterzahl "
                 "anzahl_mitarbeiter beschaeftigte",
    "street": "street address street_address strasse adresse anschrift strasse_und_hausnummer",
    "postal_code": "postal_code postcode zip zip_code postleitzahl plz",
    "city": "city town ort stadt wohnort",
    "country": "country land staat",
    "territory": "territory region gebiet vertriebsgebiet",
    "notes": "notes note comment comments notizen notiz bemerkung bemerkungen kommentar",
    "title": "title lead project lead_title opportunity projekt titel vorhaben",
    "budget": "budget",
    "authority": "authority decision_maker entscheider entscheidungsbefugnis",
    "need": "need bedarf",
    "timeline": "timeline timeframe time_frame zeitrahmen zeitplan",
    "source": "source lead_source quelle herkunft",
    "campaign": "campaign kampagne",
    "expected_value": "expected_value value deal_value amount erwarteter_wert wert auftragswert volumen",
    "owner": "owner lead_owner assigned_to verantwortlich zustaendig besitzer betreuer",
    "description": "description beschreibung",
}
# An organization file names the company in "Name" or "Firma"; elsewhere "Name" is the person's.
_ORGANIZATION_ALIASES = {"name": "name organization organisation company company_name firma firmenname "
                                 "unternehmen account"}
_PERSON_ALIASES = {"last_name": _ALIASES["last_name"] + " name"}


def header_key(header: str) -> str:
    """A header as compared: "E-Mail" → "email", "Straße" → "strasse", "Post-Leitzahl" → "postleitzahl"."""
    return text_key(header).replace(" ", "")


def _alias_table(kind: str) -> dict[str, str]:
    aliases = {**_ALIASES, **(_ORGANIZATION_ALIASES if kind == "organizations" else _PERSON_ALIASES)}
    table = {}
    for field in FIELDS[kind]:
        for alias in aliases.get(field, "").split():
            table.setdefault(alias.replace("_", ""), field)
    return table


def guess_mapping(kind: str, headers: list[str]) -> dict[int, str]:
    """Column position → field for the headers recognised; each field is taken by its first column."""
    aliases, mapping, taken = _alias_table(kind), {}, set()
    for position, header in enumerate(headers):
        field = aliases.get(header_key(header))
        if field and field not in taken:
            mapping[position] = field
            taken.add(field)
    return mapping


def headers_hash(kind: str, headers: list[str]) -> str:
    """The same set of headers (in any order, any spelling of case and spacing) hashes the same."""
    keys = sorted({header_key(header) for header in headers if header.strip()})
    return hashlib.sha256("\x1f".join([kind, *keys]).encode()).hexdigest()


def clean_mapping(kind: str, mapping: dict, width: int) -> dict[int, str]:
    """A mapping as submitted (positions as text, blank for "not imported") reduced to known fields
    within the file's columns, each field once."""
    cleaned, taken = {}, set()
    for position, field in sorted(((int(p), f) for p, f in mapping.items() if str(p).isdigit()), key=lambda i: i[0]):
        if field in FIELDS[kind] and 0 <= position < width and field not in taken:
            cleaned[position] = field
            taken.add(field)
    return cleaned
