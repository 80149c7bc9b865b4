"""Acceptance fuzz: thousands of generated requests to the API and the main HTML forms, as the roles
that use them, with a trained model installed: hostile text (NUL, unicode), huge and negative
integers, decimals with commas, blank and missing fields, forged ids. No answer may be a 500.

Every failing request is collected (not only the first) and reported with the role, the request and
the exception, so one run shows every place that still breaks."""

import traceback
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from webapp.api.auth import create_token
from webapp.invoices import services as invoices
from webapp.models import LostReason, Material, OfferStatus, Stage
from tests.factories import make_contact, make_lead, make_offer, make_organization, make_product, make_user

REQUESTS = 2_050

HUGE = ["9223372036854775808", "2147483648", "-2147483649", "99999999999999999999999", "-1", "0", "1e9999"]
NASTY = st.one_of(
    st.text(max_size=30),  # any unicode, NUL included
    st.text(alphabet=st.sampled_from("\x00\ufeff\u202eé€ 𝔘a,.;-0\n"), max_size=12),
    st.sampled_from(HUGE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    st.decimals(min_value=-10**6, max_value=10**6, places=2).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(["", " ", "nan", "inf", "-0", "1,5", "1.234,56", "2026-02-30", "9999-12-31", "31.12.2026"]),
)


def field(*valid):
    """A field's value: often one that makes sense (to get past the first check), else hostile."""
    return st.one_of(st.sampled_from(valid), NASTY) if valid else NASTY


def ids(*known):
    return field(*[str(i) for i in known], "0", "-1", "2147483647")


def form(**fields):
    """Some of the fields (others missing), each maybe several times."""
    return st.fixed_dictionaries({}, optional={k: st.one_of(v, st.lists(v, min_size=2, max_size=3))
                                               for k, v in fields.items()})


def targets(w):
    """(role, method, path, strategy of the data) for the forms and lists each role uses."""
    lead, contact, offer, line, invoice = w["lead"], w["contact"], w["offer"], w["line"], w["invoice"]
    bant = dict(budget=field("confirmed", "planned", "none"), authority=field("decision_maker", "none"),
                need=field("urgent", "identified"), timeline=field("within_3_months", "later"),
                reaction=field("enthusiastic", "sceptical"))
    lead_form = form(version=field(str(lead.version or 1)), title=field("Boiler"), source=field("referral", ""),
                     expected_value=field("1000", "12.5"), description=NASTY, requested=NASTY,
                     open_questions=NASTY, next_step=NASTY, follow_up_on=field("2026-07-01"), **bant)
    contact_form = form(first_name=field("Ada"), last_name=field("Lovelace"), salutation=field("Ms", ""),
                        organization_id=ids(w["organization"].id), email=field("ada@x.example"),
                        phone=field("+49 30 1234567"), mobile=NASTY, street=NASTY, postal_code=NASTY, city=NASTY,
                        country=NASTY, industry=NASTY, notes=NASTY, custom_text=field("size: big", "no colon"),
                        function=NASTY, scoring_opt_out=field("y", ""))
    organization_form = form(name=field("Acme"), industry=NASTY, employees=field("10", "-5"),
                             website=field("https://acme.example"), phone=field("030 123456"), street=NASTY,
                             postal_code=NASTY, city=NASTY, country=NASTY, territory=NASTY)
    line_form = form(product_id=ids(w["product"].id), description=field("Day"), quantity=field("1", "0,5"),
                     unit=field("pc"), unit_price=field("100", "1,50"), discount_pct=field("10"),
                     tax_rate=field("19"))
    list_args = form(q=NASTY, stage=field("open", "lead", "all"), owner=ids(w["sales"].id), page=NASTY,
                     per=field("25", "100"), sort=field("probability", "created"), dir=field("asc", "desc"),
                     source=NASTY, temperature=NASTY, p_min=field("0.5"), p_max=NASTY, v_min=NASTY, v_max=NASTY,
                     overdue=field("1"), order=NASTY, status=NASTY, show=NASTY, id=NASTY, email=NASTY)
    settings_form = form(class_a=field("70"), class_b=field("40"), escalation_hours=field("24"),
                         hot_days=field("7"), warm_days=field("30"), stale_days=field("60"), mql=field("MQL"),
                         sal=field("SAL"), sql=field("SQL"), sales_requires=field("budget", "need"),
                         routing_rules=field("", "sales | territory | North | nobody@x.example"),
                         points__budget__confirmed=field("30"), sla__sales=field("24"))
    api_lead = form(first_name=field("Ina"), last_name=field("Intake"), email=field("ina@shop.example"),
                    title=field("Boiler"), phone=NASTY, organization=NASTY, message=NASTY, expected_value=NASTY,
                    **bant)
    html = [
        ("sales", "POST", f"/leads/{lead.id}", lead_form),
        ("marketing", "POST", f"/leads/new/{contact.id}", form(title=field("New project"), source=field("referral"),
                                                              campaign_id=ids(), expected_value=field("5"))),
        ("sales", "POST", f"/leads/{lead.id}/assign", form(owner_id=ids(w["sales"].id, w["marketing"].id))),
        ("sales", "POST", f"/leads/{lead.id}/partner", form(partner_id=ids(w["partner"].id))),
        ("sales", "POST", f"/leads/{lead.id}/materials", form(material_id=ids(w["material"].id), note=NASTY,
                                                              confirm=field("y"))),
        ("sales", "POST", f"/leads/{lead.id}/close", form(target=field("lost"), reason_id=ids(w["reason"].id),
                                                          note=NASTY)),
        ("sales", "POST", f"/leads/{lead.id}/activities", form(kind=field("call", "note"), body=field("Called"),
                                                               subject=NASTY, occurred_at=NASTY)),
        ("sales", "POST", "/leads/bulk", form(lead_ids=ids(lead.id), action=field("assign", "hand_to_sales"),
                                              owner_id=ids(w["sales"].id))),
        ("marketing", "POST", "/lead-batches/preview", form(contact_ids=ids(contact.id), title=field("Fair"),
                                                            campaign_id=ids(0), expected_value=NASTY,
                                                            members_of=ids(), scope=field("all"), member_ids=ids())),
        ("marketing", "POST", "/lead-batches/create", form(contact_ids=ids(contact.id), title=field("Fair"),
                                                           token=NASTY, fingerprint=NASTY)),
        ("sales", "POST", "/contacts/new", contact_form),
        ("sales", "POST", f"/contacts/{contact.id}/edit", contact_form),
        ("partner", "POST", "/contacts/new", contact_form),
        ("sales", "POST", f"/contacts/{contact.id}/activities",
         form(kind=field("call"), body=NASTY, lead_id=ids(lead.id), occurred_at=field("2026-05-01T10:00"))),
        ("sales", "POST", "/organizations/new", organization_form),
        ("sales", "POST", f"/organizations/{w['organization'].id}/edit", organization_form),
        ("sales", "POST", f"/offers/new/{lead.id}", form(valid_until=field("2026-12-31"), terms=NASTY,
                                                         customer_note=NASTY)),
        ("sales", "POST", f"/offers/{offer.id}", form(valid_until=field("2026-12-31"), terms=NASTY)),
        ("sales", "POST", f"/offers/{offer.id}/lines", line_form),
        ("sales", "POST", f"/offers/{offer.id}/lines/{line.id}", line_form),
        ("accounting", "POST", f"/invoices/{invoice.id}/payments",
         form(amount=field("10", "10,50"), paid_on=field("2026-06-01"), note=NASTY)),
        ("admin", "POST", "/settings/", settings_form),
        ("admin", "POST", "/settings/company", form(name=field("Us"), colour=field("#1f4e79"), logo_text=NASTY,
                                                    validity_days=field("30"), follow_up_days=NASTY,
                                                    unanswered_days=NASTY, invoice_due_days=NASTY, terms=NASTY)),
        ("admin", "POST", "/settings/scoring", form(retrain_cron=field("30 2 * * *"), min_won=field("20"),
                                                    auc_tolerance=field("0.02"), holdout_percent=field("20"),
                                                    class_a_percent=field("60"), candidates=field("logistic"))),
        ("admin", "POST", "/settings/lost-reasons", form(label=NASTY)),
    ]
    lists = [(role, "GET", path, list_args) for role in ("admin", "sales", "partner")
             for path in ("/leads/", "/leads/queue", "/contacts/", "/organizations/", "/offers/",
                          "/contacts/validate/email")] + [("accounting", "GET", "/invoices/", list_args)]
    api = [("api", "POST", "/api/v1/score", form(**bant, employees=NASTY, calls=NASTY, created_month=NASTY,
                                                 industry=NASTY, expected_value=NASTY)),
           ("api", "POST", "/api/v1/leads", api_lead),
           ("api", "GET", "/api/v1/leads", form(sort=field("-created"), stage=field("lead"), page=NASTY,
                                                per_page=NASTY))]
    return html + lists + api


@pytest.fixture
def world(app, db, trained_model):
    users = {role: make_user(role) for role in ("admin", "marketing", "sales", "partner", "accounting", "service")}
    organization = make_organization("Fuzz GmbH")
    contact = make_contact(organization_id=organization.id)
    lead = make_lead(contact, owner_id=users["sales"].id, stage=Stage.PROSPECT)
    offer = make_offer(lead)
    customer = make_lead(stage=Stage.CUSTOMER, owner_id=users["service"].id)
    accepted = make_offer(customer, status=OfferStatus.ACCEPTED)
    invoice = invoices.create_invoice(accepted, users["accounting"], date(2026, 6, 1), date(2026, 6, 15))
    db.session.add_all([Material(name="Brochure"), LostReason(label="Too expensive")])
    db.session.commit()
    return {**users, "organization": organization, "contact": contact, "lead": lead, "offer": offer,
            "line": offer.lines[0], "invoice": invoice, "product": make_product(),
            "material": db.session.scalar(db.select(Material)), "reason": db.session.scalar(db.select(LostReason))}


def _clients(app, world):
    """One signed-in client per role, and the API token (an admin's)."""
    clients = {}
    for role in ("admin", "marketing", "sales", "partner", "accounting"):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(world[role].id), True
        clients[role] = client
    clients["api"] = app.test_client()
    return clients, {"Authorization": f"Bearer {create_token(world['admin'], 'fuzz')}"}


def test_no_generated_request_gets_a_500(app, db, world):
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests; here every request reaches the form
    clients, api_headers = _clients(app, world)
    all_targets = targets(world)
    sent, failures = [], {}

    @given(target=st.sampled_from(all_targets).flatmap(lambda t: st.tuples(st.just(t), t[3])))
    @settings(max_examples=REQUESTS, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    def send(target):
        (role, method, path, _), data = target
        client = clients[role]
        kwargs = {"headers": api_headers} if role == "api" else {}
        if path.startswith("/api/") and method == "POST":
            kwargs["json"] = {k: v[0] if isinstance(v, list) else v for k, v in data.items()}
        elif method == "GET":
            kwargs["query_string"] = data
        else:
            kwargs["data"] = data
        sent.append(path)
        try:
            status, problem = client.open(path, method=method, **kwargs).status_code, "answered 500"
        except Exception as exc:  # TESTING propagates the exception the 500 page would have hidden
            db.session.rollback()
            status, problem = 500, "".join(traceback.format_exception_only(exc)).strip()[:300]
        if status == 500:
            failures.setdefault((role, method, path.split("/")[1:3].__str__(), problem[:120]),
                                f"{role} {method} {path} {data!r}\n    {problem}")

    send()
    report = "\n".join(failures.values())
    assert not failures, f"{len(failures)} kinds of request answered 500:\n{report}"
    assert len(sent) >= 2_000
    assert {path for path in sent} >= {t[2] for t in all_targets}  # every form and list was reached
