from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp import labels
from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.locking import VersionedForm
from webapp.models import BANT_ANSWERS, Reaction, Source

NOT_ANSWERED = ("", _l("— not answered —"))
SOURCES = choices([("", "—"), *labels.choices_of(labels.SOURCES, [s.value for s in Source])])
REACTIONS = choices([("", "—"), *labels.choices_of(labels.REACTIONS, [r.value for r in Reaction])])


def _answers(question: str):
    return choices([NOT_ANSWERED, *labels.choices_of(labels.BANT_ANSWERS[question], BANT_ANSWERS[question])])


class LeadForm(VersionedForm, BaseForm):
    title = StringField(_l("Project"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = SelectField(_l("Source"), choices=SOURCES, validators=[Optional()])
    # Choices set by leads.presenter.lead_form; partners never get the field (campaigns are in-house).
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    expected_value = LocaleDecimalField(_l("Expected value (€)"), places=2,
                                        validators=[Optional(), NumberRange(min=0, max=10**9)])
    description = TextAreaField(_l("Description"), filters=[blank_to_none])
    budget = SelectField(_l("Budget"), choices=_answers("budget"), validators=[Optional()])
    authority = SelectField(_l("Authority"), choices=_answers("authority"), validators=[Optional()])
    need = SelectField(_l("Need"), choices=_answers("need"), validators=[Optional()])
    timeline = SelectField(_l("Timeline"), choices=_answers("timeline"), validators=[Optional()])
    reaction = SelectField(_l("Reaction"), choices=REACTIONS, validators=[Optional()])
    requested = TextAreaField(_l("What they asked for"), filters=[blank_to_none])
    open_questions = TextAreaField(_l("Open questions"), filters=[blank_to_none])
    next_step = StringField(_l("Next step"), filters=[blank_to_none], validators=[Length(max=200)])
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional()])


class NewLeadForm(BaseForm):
    title = StringField(_l("Project"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = SelectField(_l("Source"), choices=SOURCES, validators=[Optional()])
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    expected_value = LocaleDecimalField(_l("Expected value (€)"), places=2,
                                        validators=[Optional(), NumberRange(min=0, max=10**9)])


class CloseForm(BaseForm):
    target = SelectField(_l("Outcome"), choices=choices(labels.choices_of(labels.STAGES, ["lost", "disqualified"])))
    reason_id = SelectField(_l("Reason"), coerce=int, validators=[InputRequired(_l("Choose a reason."))])
    note = StringField(_l("Note"), filters=[blank_to_none], validators=[Length(max=500)])


class MaterialForm(BaseForm):
    material_id = SelectField(_l("Material"), coerce=int)
    note = StringField(_l("Note"), filters=[blank_to_none], validators=[Length(max=200)])
    confirm = BooleanField(_l("Send again anyway"))


class AssignForm(BaseForm):
    # The choices are the users the lead may go to; a value outside them gets the reason why not
    # from the one ownership rule (lifecycle.assign_to), not a bare "not a valid choice".
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)


class PartnerForm(BaseForm):
    partner_id = SelectField(_l("Sales partner"), coerce=int)


class BulkForm(BaseForm):
    lead_ids = SelectMultipleField(_l("Leads"), coerce=int, validate_choice=False,
                                   validators=[DataRequired(_l("Tick at least one lead."))])
    action = SelectField(_l("Action"), choices=choices([("assign", _l("Assign to")),
                                                        ("hand_to_sales", _l("Hand to sales"))]))
    owner_id = IntegerField(_l("Owner"), validators=[Optional()])
