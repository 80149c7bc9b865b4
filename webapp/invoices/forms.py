"""Forms for issuing an invoice and recording a payment."""

from decimal import Decimal

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from webapp.forms_base import BaseForm
from webapp.forms_common import blank_to_none
from webapp.offers.forms import AmountField, decimal_places


class InvoiceForm(BaseForm):
    issued_on = DateField("Invoice date", validators=[DataRequired("Enter the invoice date.")])
    due_on = DateField("Due on", validators=[DataRequired("Enter the due date.")])

    def validate_due_on(self, field) -> None:
        if self.issued_on.data and field.data and field.data < self.issued_on.data:
            raise ValidationError("The due date cannot lie before the invoice date.")


class PaymentForm(BaseForm):
    amount = AmountField("Amount received (€)", places=None,
                         validators=[DataRequired("Enter the amount received."),
                                     NumberRange(min=Decimal("0.01"), max=Decimal("9999999999.99")), decimal_places(2)])
    paid_on = DateField("Received on", validators=[DataRequired("Enter the day it was received.")])
    note = StringField("Note", filters=[blank_to_none], validators=[Length(max=200)])
