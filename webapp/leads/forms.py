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

from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.locking import VersionedForm
from webapp.models import BANT_ANSWERS, Reaction, Source

NOT_ANSWERED = ("", "— not answered —")
SOURCES = choices([("", "—"), *[(s.value, s.value.replace("_", " ").capitalize()) for s in Source]])


def _answers(question: str):
    return choices([NOT_ANSWERED, *[(a, a.replace("_", " ").capitalize()) for a in BANT_ANSWERS[question]]])


class LeadForm(VersionedForm, BaseForm):
    title = StringField("Project", filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = SelectField("Source", choices=SOURCES, validators=[Optional()])
    expected_value = LocaleDecimalField("Expected value (€)", places=2,
                                        validators=[Optional(), NumberRange(min=0, max=10**9)])
    description = TextAreaField("Description", filters=[blank_to_none])
    budget = SelectField("Budget", choices=_answers("budget"), validators=[Optional()])
    authority = SelectField("Authority", choices=_answers("authority"), validators=[Optional()])
    need = SelectField("Need", choices=_answers("need"), validators=[Optional()])
    timeline = SelectField("Timeline", choices=_answers("timeline"), validators=[Optional()])
    reaction = SelectField("Reaction", validators=[Optional()],
                           choices=choices([("", "—"), *[(r.value, r.value.capitalize()) for r in Reaction]]))
    requested = TextAreaField("What they asked for", filters=[blank_to_none])
    open_questions = TextAreaField("Open questions", filters=[blank_to_none])
    next_step = StringField("Next step", filters=[blank_to_none], validators=[Length(max=200)])
    follow_up_on = DateField("Follow up on", validators=[Optional()])


class NewLeadForm(BaseForm):
    title = StringField("Project", filters=[strip], validators=[DataRequired(), Length(max=200)])
    source = SelectField("Source", choices=SOURCES, validators=[Optional()])
    campaign_id = SelectField("Campaign", coerce=int, validators=[Optional()])
    expected_value = LocaleDecimalField("Expected value (€)", places=2,
                                        validators=[Optional(), NumberRange(min=0, max=10**9)])


class BulkNewLeadsForm(NewLeadForm):
    contact_ids = SelectMultipleField("Contacts", coerce=int, validate_choice=False,
                                      validators=[DataRequired("Tick at least one contact.")])


class CloseForm(BaseForm):
    target = SelectField("Outcome", choices=choices([("lost", "Lost"), ("disqualified", "Disqualified")]))
    reason_id = SelectField("Reason", coerce=int, validators=[InputRequired("Choose a reason.")])
    note = StringField("Note", filters=[blank_to_none], validators=[Length(max=500)])


class MaterialForm(BaseForm):
    material_id = SelectField("Material", coerce=int)
    note = StringField("Note", filters=[blank_to_none], validators=[Length(max=200)])
    confirm = BooleanField("Send again anyway")


class AssignForm(BaseForm):
    # The choices are the users the lead may go to; a value outside them gets the reason why not
    # from the one ownership rule (lifecycle.assign_to), not a bare "not a valid choice".
    owner_id = SelectField("Owner", coerce=int, validate_choice=False)


class PartnerForm(BaseForm):
    partner_id = SelectField("Sales partner", coerce=int)


class BulkForm(BaseForm):
    lead_ids = SelectMultipleField("Leads", coerce=int, validate_choice=False,
                                   validators=[DataRequired("Tick at least one lead.")])
    action = SelectField("Action", choices=choices([("assign", "Assign to"), ("hand_to_sales", "Hand to sales")]))
    owner_id = IntegerField("Owner", validators=[Optional()])
