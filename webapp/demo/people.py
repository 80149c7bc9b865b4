"""Users, organizations and contacts of the demo business (plain dicts, no database)."""

import math
import random
import re
from datetime import timedelta

from webapp.demo import vocab
from webapp.demo.clock import Clock, between
from webapp.demo.words import Words

# (email, name, role, territory); the six role accounts come first so they are easy to find.
STAFF = (
    ("admin@example.com", "Sabine Hartmann", "admin", None),
    ("marketing@example.com", "Katrin Meier", "marketing", None),
    ("sales@example.com", "Markus Weber", "sales", "North"),
    ("service@example.com", "Julia Fischer", "service", None),
    ("accounting@example.com", "Thomas Becker", "accounting", None),
    ("partner@example.com", "Stefan Roth (Roth Systemhaus)", "partner", None),
    ("mara.schulz@example.com", "Mara Schulz", "marketing", None),
    ("lena.vogt@example.com", "Lena Vogt", "sales", "South"),
    ("jonas.keller@example.com", "Jonas Keller", "sales", "West"),
    ("felix.wagner@example.com", "Felix Wagner", "service", None),
    ("tobias.brandt@example.com", "Tobias Brandt", "sales", "East"),
)
FORMER_EMAIL = "tobias.brandt@example.com"  # left the company; his open leads were handed over
ABSENT_EMAIL = "jonas.keller@example.com"  # on holiday from today, so round robin skips him
TEAM_LEAD_EMAIL = "sales@example.com"  # the sales head gets the reports and escalations
FORMER_LEFT_DAYS_AGO = 270

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.translate(_UMLAUTS).lower()).strip("-")


def users(clock: Clock, words: Words) -> list[dict]:
    created = clock.start - timedelta(days=60)
    rows = []
    for n, (email, name, role, territory) in enumerate(STAFF, start=1):
        rows.append({
            "id": n, "email": email, "name": name, "role": role,
            "territory": words(territory) if territory else None,
            "is_active_user": email != FORMER_EMAIL,
            "absent_until": clock.today + timedelta(days=12) if email == ABSENT_EMAIL else None,
            "is_team_lead": email == TEAM_LEAD_EMAIL,
            "last_assigned_at": None, "created_at": created, "updated_at": created,
        })
    return rows


def organizations(rng: random.Random, n: int, clock: Clock, words: Words) -> list[dict]:
    names: set[str] = set()
    rows = []
    while len(rows) < n:
        industry, _effect, name_words = rng.choice(vocab.INDUSTRIES)
        name = _org_name(rng, name_words)
        base = _without_legal_form(name)
        if base in names:
            continue
        names.add(base)
        city, plz, country, territory, _area = rng.choice(vocab.CITIES)
        place = words.place(city)
        # Reserved .example domains: nobody receives mail from a demo installation by accident.
        domain = f"{slug(base)}.example"
        created = between(rng, clock.start - timedelta(days=400), clock.now)
        rows.append({
            "name": name, "industry": words(industry), "employees": _employees(rng),
            "website": f"https://www.{domain}", "phone": f"{place.area_code} {rng.randrange(100000, 9999999)}",
            "territory": words(territory), "street": f"{rng.choice(vocab.STREETS)} {rng.randrange(1, 120)}",
            "postal_code": place.postal_code(_postal(rng, plz, country)), "city": place.city,
            "country": place.country, "created_at": created, "updated_at": created, "_domain": domain,
            "_industry": industry,  # the story's key: what the industry does to the close chance
        })
    return rows


def _org_name(rng: random.Random, name_words: tuple[str, ...]) -> str:
    word, legal = rng.choice(name_words), rng.choice(vocab.LEGAL_FORMS)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{rng.choice(vocab.LAST_NAMES)} {word} {legal}"
    if pattern == 1:
        return f"{rng.choice(vocab.NAME_WORDS)}-{word} {legal}"
    if pattern == 2:
        return f"{word} {rng.choice(vocab.LAST_NAMES)} & {rng.choice(vocab.LAST_NAMES)} {legal}"
    return f"{rng.choice(vocab.NAME_WORDS)}{word.lower()} {rng.choice(vocab.LAST_NAMES)} {legal}"


def _without_legal_form(name: str) -> str:
    for form in sorted(dict.fromkeys(vocab.LEGAL_FORMS), key=len, reverse=True):
        if name.endswith(" " + form):
            return name[: -len(form) - 1]
    return name


def _employees(rng: random.Random) -> int:
    # Skewed small: most customers have fewer than 50 people, a few have several hundred.
    return max(1, min(1800, int(math.exp(rng.gauss(2.7, 1.15)))))


def _postal(rng: random.Random, prefix: str, country: str) -> str:
    digits = 5 if country == "Germany" else 4
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits - len(prefix)))


def contacts(rng: random.Random, orgs: list[dict], n: int, clock: Clock, words: Words) -> list[dict]:
    """At least one contact per organization, more at larger ones; a few without organization."""
    weights = [1.0 + math.log1p(o["employees"]) for o in orgs]
    owners = list(range(len(orgs))) + rng.choices(range(len(orgs)), weights, k=max(0, n - len(orgs)))
    emails: set[str] = set()
    functions = [f for f, _w, _dm in vocab.FUNCTIONS]
    weights_fn = [w for _f, w, _dm in vocab.FUNCTIONS]
    home_city, home_code, home_country = words.home()
    rows = []
    for k in range(n):
        org = orgs[owners[k]] if k < len(owners) and rng.random() > 0.03 else None
        female = rng.random() < 0.45
        first = rng.choice(vocab.FIRST_NAMES_F if female else vocab.FIRST_NAMES_M)
        last = rng.choice(vocab.LAST_NAMES)
        domain = org["_domain"] if org else "freemail.example"
        email = _unique_email(first, last, domain, emails)
        phone = f"{org['phone']}-{rng.randrange(10, 400)}" if org else None
        custom = {}
        if rng.random() < 0.5:
            custom["preferred_channel"] = rng.choice(("phone", "email", "email", "meeting"))
        if rng.random() < 0.4:
            custom["newsletter"] = "yes" if rng.random() < 0.6 else "no"
        if rng.random() < 0.15:
            custom["language"] = "en"
        salutation = None if rng.random() < 0.05 else ("Ms" if female else "Mr")
        function = rng.choices(functions, weights_fn)[0] if org else "Freelancer"
        rows.append({
            "_org": owners[k] if org else None, "_function": function,  # the story's key
            "salutation": salutation,
            "first_name": first, "last_name": last,
            "function": words.function(function, female),
            "email": email, "phone": phone,
            "mobile": f"+49 15{rng.randrange(10, 80)} {rng.randrange(1000000, 9999999)}"
            if rng.random() < 0.4 else None,
            "street": None if org else f"{rng.choice(vocab.STREETS)} {rng.randrange(1, 90)}",
            "postal_code": org["postal_code"] if org else home_code,
            "city": org["city"] if org else home_city,
            "country": org["country"] if org else home_country,
            "industry": None, "notes": words(rng.choice(vocab.NOTES)) if rng.random() < 0.12 else None,
            "custom": words.custom(custom), "scoring_opt_out": rng.random() < 0.01,
        })
    return rows


def _unique_email(first: str, last: str, domain: str, taken: set[str]) -> str:
    a, b = slug(first).replace("-", ""), slug(last).replace("-", "")
    for local in (f"{a}.{b}", f"{a[0]}.{b}", f"{a}{b}", *(f"{a}.{b}{i}" for i in range(2, 99))):
        email = f"{local}@{domain}"
        if email not in taken:
            taken.add(email)
            return email
    raise RuntimeError("ran out of e-mail addresses")  # unreachable with the lists above


def decision_maker_chance(function: str | None) -> float:
    return {f: dm for f, _w, dm in vocab.FUNCTIONS}.get(function or "", 0.5)
