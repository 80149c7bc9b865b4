"""`flask data person-export` and `flask data person-erase`: a person's data from the shell."""

from datetime import date
from pathlib import Path

import click
from flask_babel import gettext as _

from webapp.extensions import db
from webapp.models import Contact
from webapp.privacy import services
from webapp.privacy.export import file_name


def _contact(contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise click.ClickException(_("No contact %(id)s.", id=contact_id))
    return contact


@click.command("person-export")
@click.argument("contact_id", type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The zip to write; person-<id>-<date>.zip in the current folder by default.")
def person_export(contact_id: int, out: Path | None) -> None:
    """Write everything stored about CONTACT_ID to a zip (GDPR Art. 15)."""
    contact = _contact(contact_id)
    out = out or Path(file_name(contact.id, date.today()))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as file:
        request = services.export_person(contact, file, None, "cli")
    click.echo(_("Wrote %(file)s: %(leads)s leads, %(activities)s history entries, %(offers)s offers, "
                 "%(invoices)s invoices.", file=out, **{k: request.summary[k] for k in
                                                         ("leads", "activities", "offers", "invoices")}))


@click.command("person-erase")
@click.argument("contact_id", type=int)
@click.option("--yes", is_flag=True, help="Erase without asking.")
def person_erase(contact_id: int, yes: bool) -> None:
    """Anonymise CONTACT_ID; their projects' figures and issued invoices are kept (GDPR Art. 17)."""
    contact = _contact(contact_id)
    if services.is_erased(contact):
        raise click.ClickException(_("Contact %(id)s has been erased already.", id=contact_id))
    if not yes and not click.confirm(_("Erase the personal data of contact %(id)s? This cannot be undone.",
                                       id=contact_id)):
        raise click.ClickException(_("Nothing erased."))
    request = services.erase(contact, None, "cli")
    click.echo(_("Erased contact %(id)s: %(leads)s leads and %(activities)s history entries anonymised, "
                 "%(invoices)s issued invoices kept.", id=contact_id, **{k: request.summary[k] for k in
                                                                        ("leads", "activities", "invoices")}))


def register(group: click.Group) -> None:
    group.add_command(person_export)
    group.add_command(person_erase)
