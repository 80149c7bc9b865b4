"""Forms for issuing an invoice and recording a payment."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none
from webapp.offers.forms import AmountField, decimal_places


class InvoiceForm(BaseForm):
    issued_on = DateField(_l("Invoice date"), validators=[DataRequired(_l("Enter the invoice date."))])
    due_on = DateField(_l("Due on"), validators=[DataRequired(_l("Enter the due date."))])

    def validate_due_on(self, field) -> None:
        if self.issued_on.data and field.data and field.data < self.issued_on.data:
            raise ValidationError(_("The due date cannot lie before the invoice date."))


class PaymentForm(BaseForm):
    amount = AmountField(_l("Amount received (€)"), places=None,
                         validators=[DataRequired(_l("Enter the amount received.")),
                                     NumberRange(min=Decimal("0.01"), max=Decimal("9999999999.99")), decimal_places(2)])
    paid_on = DateField(_l("Received on"), validators=[DataRequired(_l("Enter the day it was received."))])
    note = StringField(_l("Note"), filters=[blank_to_none], validators=[Length(max=200)])
