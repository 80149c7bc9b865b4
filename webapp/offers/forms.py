"""Forms for the catalogue, offers and their lines, and offer decisions."""

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from webapp.decimal_input import LocaleDecimalField
from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none, choices, strip
from webapp.locking import VersionedForm
from webapp.offers.money import format_amount


class AmountField(LocaleDecimalField):
    """A decimal in the user's notation that refuses NaN and infinities (which would break comparisons later)."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None  # blank is "not given"; the validators decide whether that is allowed
            return
        super().process_formdata(valuelist)
        try:
            finite = self.data is None or self.data.is_finite()
        except (AttributeError, InvalidOperation):
            finite = False
        if not finite:
            self.data = None
            raise ValueError(_("Enter a number."))

    def pre_validate(self, form) -> None:
        if self.process_errors:  # unreadable input: say so once, not again as "out of range"
            raise StopValidation()


def decimal_places(places: int):
    def check(form, field) -> None:  # by exponent, so a huge number cannot make quantize() fail
        if field.data is not None and field.data.normalize().as_tuple().exponent < -places:
            raise ValidationError(_("Use at most %(places)s decimal places.", places=places))

    return check


MONEY = [Optional(), NumberRange(min=0, max=10_000_000), decimal_places(2)]
PERCENT = [Optional(), NumberRange(min=0, max=100), decimal_places(2)]


class ProductForm(BaseForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=160)])
    unit = StringField(_l("Unit"), filters=[strip], default=_l("pc"), validators=[DataRequired(), Length(max=20)])
    # InputRequired, not DataRequired: a price or tax rate of 0 is a real answer.
    unit_price = AmountField(_l("Unit price (€, net)"), places=None,
                             validators=[InputRequired(_l("Enter the price.")), *MONEY[1:]])
    tax_rate = AmountField(_l("Tax rate (%)"), places=None, default=Decimal("19"),
                           validators=[InputRequired(_l("Enter the tax rate, 0 for none.")), *PERCENT[1:]])
    active = BooleanField(_l("Offered (shown when writing offers)"), default=True)


class OfferForm(BaseForm):
    valid_until = DateField(_l("Valid until"),
                            validators=[DataRequired(_l("Enter the date the offer is valid until."))])
    customer_note = TextAreaField(_l("Note to the customer"), filters=[blank_to_none], validators=[Length(max=4000)])
    terms = TextAreaField(_l("Terms"), filters=[blank_to_none], validators=[Length(max=4000)])


class LineForm(BaseForm):
    product_id = SelectField(_l("From the catalogue"), coerce=int, default=0)
    description = StringField(_l("Description"), filters=[blank_to_none], validators=[Length(max=300)])
    quantity = AmountField(_l("Quantity"), places=None, default=Decimal(1),
                           validators=[DataRequired(_l("Enter a quantity above 0.")),
                                       NumberRange(min=Decimal("0.001"), max=1_000_000), decimal_places(3)])
    unit = StringField(_l("Unit"), filters=[blank_to_none], validators=[Length(max=20)])
    unit_price = AmountField(_l("Unit price (€, net)"), places=None, validators=MONEY)
    discount_pct = AmountField(_l("Discount (%)"), places=None, validators=PERCENT)
    tax_rate = AmountField(_l("Tax rate (%)"), places=None, validators=PERCENT)

    NEEDED_WITHOUT_PRODUCT = {"description": _l("Describe the line, or choose a product."),
                              "unit_price": _l("Enter the price, or choose a product."),
                              "tax_rate": _l("Enter the tax rate, or choose a product.")}

    def validate(self, extra_validators=None) -> bool:
        # Checked here: Optional() on these fields stops their own validator chain when blank.
        valid = super().validate(extra_validators)
        if not self.product_id.data:
            for name, message in self.NEEDED_WITHOUT_PRODUCT.items():
                field = self[name]
                if field.data is None and not field.errors:
                    field.errors.append(message)
                    valid = False
        return valid


class OfferEditForm(VersionedForm, OfferForm):
    """Editing a draft's header: carries the version of the offer it was opened on."""


class LineEditForm(VersionedForm, LineForm):
    """Editing a line: carries the version of the line it was opened on."""


class LineRemoveForm(VersionedForm, BaseForm):
    """Removing a line: only the line as it was shown may go."""


class SendForm(BaseForm):
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional()])


class RejectForm(BaseForm):
    reason_id = SelectField(_l("Reason"), coerce=int, default=0)
    note = StringField(_l("Note"), filters=[blank_to_none], validators=[Length(max=500)])
    close_lead = BooleanField(_l("Close the lead as lost with this reason"))

    def validate_note(self, field) -> None:
        if not self.reason_id.data and not field.data:
            raise ValidationError(_("Say why: choose a reason or write a note."))

    def validate_close_lead(self, field) -> None:
        if field.data and not self.reason_id.data:
            raise ValidationError(_("To close the lead as lost, choose a reason from the list."))


def product_choices(products) -> list:
    return choices([(0, _("— free text —")),
                    *[(p.id, f"{p.name} · {format_amount(p.unit_price)} / {p.unit}") for p in products]])


def reason_choices(reasons) -> list:
    return choices([(0, _("— choose —")), *[(r.id, r.label) for r in reasons]])
