"""The app's pages, for tests that visit every one of them."""

from sqlalchemy import select

from webapp.models import Campaign, Contact, CustomField, Invoice, Job, Lead, Material, Offer, Organization, Product, User


def _first_id(db, model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id))


def _last_id(db, model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id.desc()))


def _duplicate_search(db) -> int:
    """A finished duplicate search (run now when there is none), so the finder shows its list."""
    from webapp.duplicates.pair_list import KIND
    from webapp.duplicates.pair_search import search
    from webapp.jobs import create_job, run_job

    found = db.session.scalar(select(Job.id).where(Job.kind == KIND).order_by(Job.id))
    if found is None:
        found = create_job(KIND).id
        run_job(found, search)
    return found


def _custom_fields(db) -> int:
    """Custom fields of each type beside the demo's (choice and text only), so forms, lists, filters
    and target groups show every type."""
    if not db.session.scalar(select(CustomField.id).where(CustomField.key == "budget")):
        db.session.add_all([
            CustomField(entity="contact", key="budget", label="Budget", type="number", options=[], in_list=True),
            CustomField(entity="contact", key="first_met", label="First met", type="date", options=[]),
            CustomField(entity="contact", key="region", label="Region", type="choice", options=["North", "South"],
                        required=True, in_list=True),
            CustomField(entity="contact", key="hobby", label="Hobby", type="text", options=[]),
            CustomField(entity="organization", key="founded", label="Founded", type="date", options=[],
                        in_list=True)])
        db.session.commit()
    return _first_id(db, CustomField)


def every_page(db) -> list[str]:
    """Each page of the app once, the records' pages at the first of each kind."""
    field = _custom_fields(db)
    lead, contact, offer = _first_id(db, Lead), _first_id(db, Contact), db.session.scalar(select(Offer).order_by(Offer.id))
    return ["/", "/leads/", "/leads/queue", "/leads/portfolio", f"/leads/{lead}", f"/leads/new/{contact}",
            "/contacts/", f"/contacts/{contact}", f"/contacts/{contact}/edit", "/contacts/new",
            "/contacts/validate/email?email=someone@example.com", "/organizations/",
            f"/organizations/{_first_id(db, Organization)}", f"/organizations/{_first_id(db, Organization)}/edit",
            "/organizations/new", "/contacts/check/duplicates?first_name=A&last_name=B",
            "/organizations/check/duplicates?name=A", f"/duplicates/search/{_duplicate_search(db)}", "/duplicates/",
            "/duplicates/?kind=organization",
            f"/duplicates/contact/{contact}/{_last_id(db, Contact)}/merge",
            f"/duplicates/organization/{_first_id(db, Organization)}/{_last_id(db, Organization)}/merge", "/offers/", "/offers/pipeline", "/offers/catalogue", f"/offers/{offer.id}",
            f"/offers/{offer.id}/print", f"/offers/{offer.id}/pdf", f"/offers/new/{lead}",
            f"/offers/catalogue/{_first_id(db, Product)}", "/invoices/", f"/invoices/{_first_id(db, Invoice)}",
            "/scoring/", "/scoring/export.csv", f"/scoring/jobs/{_first_id(db, Job)}", "/settings/",
            "/settings/company", "/settings/data", "/settings/scoring", "/settings/weekly-report", "/profile", "/imports/", "/privacy/requests", "/reports/",
            f"/privacy/contacts/{contact}/erase", "/notifications/", "/notifications/bell",
            "/settings/users/", "/settings/users/new", f"/settings/users/{_first_id(db, User)}",
            "/settings/fields/", "/settings/fields/new", f"/settings/fields/{field}",
            "/contacts/?f_budget_from=1&f_region=North&consent=contactable", "/organizations/?f_founded_from=2000-01-01",
            "/campaigns/", "/campaigns/?sort=cost_per_lead&dir=asc", "/campaigns/new",
            f"/campaigns/{_first_id(db, Campaign)}", f"/campaigns/{_first_id(db, Campaign)}?q=a",
            f"/campaigns/{_first_id(db, Campaign)}?status=lead",
            f"/campaigns/{_first_id(db, Campaign)}/edit", f"/campaigns/{_first_id(db, Campaign)}/group/",
            f"/campaigns/{_first_id(db, Campaign)}/group/?match=any&field-0=size&op-0=at_least&value-0=10-49"
            "&field-1=contact.budget&op-1=between&from-1=1&field-2=source&op-2=equals&value-2=referral&add=1",
            "/materials/", "/materials/new",
            f"/materials/{_first_id(db, Material)}", "/lead-batches/"]
