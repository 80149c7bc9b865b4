"""A decimal form field read and shown as the user's language writes numbers: 1.234,56 in
German, 1,234.56 in English.

Not WTForms' own `use_locale=True`: it parses leniently (Babel's non-strict parse drops every
group separator, so an English "1,5" is read as 15 and a German "12.5" as 125, silently), and its
`<input type="number">` cannot hold a decimal comma at all. Here the input is text with a
decimal keypad, and a number written the other language's way is refused with an example, never
guessed.
"""

from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import gettext as _
from wtforms import DecimalField
from wtforms.widgets import TextInput

from webapp.formats import current_language, format_decimal

EXAMPLE = Decimal("1234.56")


class LocaleDecimalField(DecimalField):
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = str(valuelist[0]).strip()
        if not text:  # as WTForms' DecimalField; Optional() clears it
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))
        try:
            self.data = parse_decimal(text, locale=current_language(), strict=True)
        except NumberFormatError as exc:
            self.data = None
            raise ValueError(_("Enter a number like %(example)s.", example=format_decimal(EXAMPLE, 2))) from exc

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        places = self.places
        if places is None and isinstance(self.data, Decimal) and self.data.is_finite():
            places = max(0, -self.data.as_tuple().exponent)  # as many decimals as stored: 1150.00
        return format_decimal(self.data, places, grouping=False)
