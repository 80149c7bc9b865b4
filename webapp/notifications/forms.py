from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from webapp.forms_base import BaseForm
from webapp.forms_common import choices
from webapp.models.notification import EMAIL_AT_ONCE, EMAIL_DAILY, EMAIL_OFF


class EmailPreferenceForm(BaseForm):
    notify_email = SelectField(_l("Notifications by e-mail"), choices=choices([
        (EMAIL_AT_ONCE, _l("At once, one e-mail each")),
        (EMAIL_DAILY, _l("Once a day, in one digest")),
        (EMAIL_OFF, _l("Never; I read them in the app")),
    ]))
