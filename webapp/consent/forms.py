from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import Optional

from webapp.consent.labels import CONSENT, SOURCES
from webapp.forms_base import BaseForm
from webapp.forms_common import choices
from webapp.locking import VersionedForm

SOURCE_CHOICES = choices([("", "—"), *SOURCES.items()])


class ConsentForm(VersionedForm, BaseForm):
    marketing_consent = SelectField(_l("Marketing consent"), choices=choices(CONSENT.items()))
    consent_at = DateField(_l("Consent given or refused on"), validators=[Optional()])
    consent_source = SelectField(_l("Consent source"), choices=SOURCE_CHOICES, validators=[Optional()])
    do_not_contact = BooleanField(_l("Do not contact"))
    do_not_contact_at = DateField(_l("Do not contact since"), validators=[Optional()])
    do_not_contact_source = SelectField(_l("Do-not-contact source"), choices=SOURCE_CHOICES, validators=[Optional()])
