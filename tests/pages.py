"""The app's pages, for tests that visit every one of them."""

from sqlalchemy import select

from webapp.models import Campaign, Contact, Invoice, Job, Lead, Material, Offer, Organization, Product, User


def _first_id(db, model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id))


def _last_id(db, model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id.desc()))


def every_page(db) -> list[str]:
    """Each page of the app once, the records' pages at the first of each kind."""
    lead, contact, offer = _first_id(db, Lead), _first_id(db, Contact), db.session.scalar(select(Offer).order_by(Offer.id))
    return ["/", "/leads/", "/leads/queue", "/leads/portfolio", f"/leads/{lead}", f"/leads/new/{contact}",
            "/contacts/", f"/contacts/{contact}", f"/contacts/{contact}/edit", "/contacts/new",
            "/contacts/validate/email?email=someone@example.com", "/organizations/",
            f"/organizations/{_first_id(db, Organization)}", f"/organizations/{_first_id(db, Organization)}/edit",
            "/organizations/new", "/contacts/check/duplicates?first_name=A&last_name=B",
            "/organizations/check/duplicates?name=A", "/duplicates/", "/duplicates/?kind=organization",
            f"/duplicates/contact/{contact}/{_last_id(db, Contact)}/merge",
            f"/duplicates/organization/{_first_id(db, Organization)}/{_last_id(db, Organization)}/merge", "/offers/", "/offers/pipeline", "/offers/catalogue", f"/offers/{offer.id}",
            f"/offers/{offer.id}/print", f"/offers/{offer.id}/pdf", f"/offers/new/{lead}",
            f"/offers/catalogue/{_first_id(db, Product)}", "/invoices/", f"/invoices/{_first_id(db, Invoice)}",
            "/scoring/", "/scoring/export.csv", f"/scoring/jobs/{_first_id(db, Job)}", "/settings/",
            "/settings/company", "/settings/data", "/settings/scoring", "/profile", "/imports/", "/privacy/requests", "/reports/",
            f"/privacy/contacts/{contact}/erase", "/notifications/", "/notifications/bell",
            "/settings/users/", "/settings/users/new", f"/settings/users/{_first_id(db, User)}",
            "/campaigns/", "/campaigns/?sort=cost_per_lead&dir=asc", "/campaigns/new",
            f"/campaigns/{_first_id(db, Campaign)}", f"/campaigns/{_first_id(db, Campaign)}?q=a",
            f"/campaigns/{_first_id(db, Campaign)}/edit", "/materials/", "/materials/new",
            f"/materials/{_first_id(db, Material)}"]
