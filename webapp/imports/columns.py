"""The fields an import can fill, per kind, and the guess which column holds which field, from
English and German headers (case, spacing, punctuation and umlauts do not matter)."""

import hashlib

from flask_babel import lazy_gettext as _l

from webapp.custom_fields.definitions import fields_for
from webapp.duplicates.keys import text_key
from webapp.models import CustomField

KINDS = ("organizations", "contacts", "leads")

ORGANIZATION_FIELDS = ("name", "industry", "employees", "website", "phone", "street", "postal_code", "city",
                       "country", "territory")
CONTACT_FIELDS = ("salutation", "first_name", "last_name", "function", "email", "phone", "mobile", "industry",
                  "organization", "website", "employees", "street", "postal_code", "city", "country", "notes",
                  "marketing_consent", "do_not_contact")
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
    "owner": _l("Owner"), "description": _l("Description"), "marketing_consent": _l("Marketing consent"),
    "do_not_contact": _l("Do not contact"),
}
# Custom fields are mapped as cf_<key>, the record they belong to per kind.
CUSTOM_PREFIX = "cf_"
CUSTOM_ENTITY = {"organizations": "organization", "contacts": "contact", "leads": "contact"}

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
    "marketing_consent": "marketing_consent consent opt_in optin einwilligung werbeeinwilligung",
    "do_not_contact": "do_not_contact dnc nicht_kontaktieren kontaktsperre sperrvermerk",
}
# An organization file names the company in "Name" or "Firma"; elsewhere "Name" is the person's.
_ORGANIZATION_ALIASES = {"name": "name organization organisation company company_name firma firmenname "
                                 "unternehmen account"}
_PERSON_ALIASES = {"last_name": _ALIASES["last_name"] + " name"}


def header_key(header: str) -> str:
    """A header as compared: "E-Mail" → "email", "Straße" → "strasse", "Post-Leitzahl" → "postleitzahl"."""
    return text_key(header).replace(" ", "")


def custom_fields(kind: str) -> dict[str, CustomField]:
    """The active custom fields a file of this kind can fill, by their mapping name (cf_<key>)."""
    return {CUSTOM_PREFIX + field.key: field for field in fields_for(CUSTOM_ENTITY[kind])}


def field_names(kind: str) -> tuple[str, ...]:
    return (*FIELDS[kind], *custom_fields(kind))


def field_labels(kind: str | None = None) -> dict:
    """Mapping name → label: the standard fields, then the custom ones (of every kind if none given)."""
    kinds = [kind] if kind else list(KINDS)
    return {**LABELS, **{name: field.label for k in kinds for name, field in custom_fields(k).items()}}


def _alias_table(kind: str, custom: dict) -> dict[str, str]:
    aliases = {**_ALIASES, **(_ORGANIZATION_ALIASES if kind == "organizations" else _PERSON_ALIASES)}
    table = {}
    for field in FIELDS[kind]:
        for alias in aliases.get(field, "").split():
            table.setdefault(alias.replace("_", ""), field)
    for name, field in custom.items():  # a custom field by its label or key
        for alias in (field.label, field.key):
            table.setdefault(header_key(alias).replace("_", ""), name)
    return table


def guess_mapping(kind: str, headers: list[str], custom: dict | None = None) -> dict[int, str]:
    """Column position → field for the headers recognised; each field is taken by its first column.
    With `custom` (custom_fields(kind)), a header naming a custom field's label or key maps to it."""
    aliases, mapping, taken = _alias_table(kind, custom or {}), {}, set()
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
    cleaned, taken, names = {}, set(), set(field_names(kind))
    for position, field in sorted(((int(p), f) for p, f in mapping.items() if str(p).isdigit()), key=lambda i: i[0]):
        if field in names and 0 <= position < width and field not in taken:
            cleaned[position] = field
            taken.add(field)
    return cleaned
