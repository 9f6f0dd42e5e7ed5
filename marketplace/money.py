"""Prices are whole đồng: VND has no minor unit in daily use, and Stripe treats it as
zero-decimal. Oscar stores Decimal(12, 2); these pieces keep the fraction at zero, read an
amount the way Vietnamese people write it ("250.000", "1.250.000 ₫") and show it back so."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

# What may stand before or after the number: the sign and the ways đồng is written.
_CURRENCY_MARK = re.compile(r"^(?:₫|vnđ|vnd)|(?:₫|đồng|dong|vnđ|vnd|đ|d)$")
# Digits grouped by thousands with one separator used throughout: "250.000", "1,250,000",
# "1 250 000". In Vietnam the dot groups thousands, in English the comma: either is read as
# thousands, so neither can be a decimal point here.
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[., '])\d{3}(?:(?P=sep)\d{3})*")


class VndParseError(ValueError):
    """The text is not an amount of whole đồng: `code` is "ambiguous" when it looks like a
    number with a fraction or an odd grouping ("2.5", "12,50"), "invalid" otherwise."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_vnd(text: str) -> Decimal:
    """The whole đồng written in `text`: "250.000", "250000", "250 000", "250.000 ₫",
    "1.250.000" and "250,000" all mean 250 000 (or 1 250 000) đồng.

    A dot or comma is only ever a thousands separator, so "2.5", "250.5" or "12,50" is
    refused (VndParseError "ambiguous") rather than guessed: reading "250.5" as 250 đồng, or
    as 2 505 000, would put a wrong price on sale. One parser for every money input and the
    spreadsheet import.
    """
    # NFC: "đồng" typed on a phone may arrive decomposed. split() also takes the no-break
    # spaces Babel puts in "250.000 ₫" and copies of it.
    raw = " ".join(unicodedata.normalize("NFC", str(text)).split()).lower()
    raw = _CURRENCY_MARK.sub("", raw).strip()
    raw = _CURRENCY_MARK.sub("", raw).strip()  # "₫250.000 đ": a mark on each side
    if raw.startswith("-"):
        number = raw[1:].strip()
        if number.isdigit() or _GROUPED.fullmatch(number):
            raise VndParseError("negative")
    if raw.isascii() and raw.isdigit():
        return Decimal(raw)
    if _GROUPED.fullmatch(raw):
        return Decimal(re.sub(r"\D", "", raw))
    if re.fullmatch(r"[\d., ']+", raw) and re.search(r"\d", raw):
        raise VndParseError("ambiguous")
    raise VndParseError("invalid")


def format_vnd_number(amount) -> str:
    """`amount` (whole đồng) grouped as the active language writes it: "250.000" in
    Vietnamese; what `parse_vnd` reads back. A fraction, which no stored price should have,
    is shown rather than hidden."""
    amount = Decimal(amount)
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    if amount != amount.to_integral_value():
        return format_decimal(amount, locale=locale, decimal_quantization=False)
    return format_decimal(amount.to_integral_value(), locale=locale)


def validate_whole_dong(value: Decimal | None) -> None:
    if value is None:
        return
    if value != value.to_integral_value():
        raise ValidationError(
            _("Enter the price in whole đồng, without decimals (for example 150000)."),
            code="fractional_dong",
        )
    if value < 0:
        raise ValidationError(_("The price cannot be negative."), code="negative_price")


class VndAmountField(forms.DecimalField):
    """Every money input of the site: reads what a Vietnamese user types (`parse_vnd`),
    refuses what is ambiguous in their language, and shows the stored amount back the same
    way ("250.000", not "250000.00").

    A text box, not a number box: a browser's number input refuses "250.000 ₫" or, worse,
    reads "250.000" as 250.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter the amount in đồng, e.g. 250.000."),
        "ambiguous": _(
            "“%(value)s” is not clear: write the whole amount in đồng, without a fraction, "
            "e.g. 250.000 or 250000."
        ),
        "negative": _("The price cannot be negative."),
    }

    def __init__(self, **kwargs):
        kwargs["decimal_places"] = None  # whole đồng: our parser and validator say why
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        self.validators.append(validate_whole_dong)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_vnd(str(value))
        except VndParseError as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params={"value": value}
            ) from None

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_vnd_number(value)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs


# The earlier name, kept for code written against it.
WholeDongFormField = VndAmountField


class WholeDongField(models.DecimalField):
    """Oscar's Decimal(12, 2) price column that only ever holds whole đồng."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        # Instead of Django's DecimalValidator(12, 2), which would say "no more than 2 decimal
        # places" and so invite a fraction: ours says no fraction at all.
        whole_digits = self.max_digits - self.decimal_places
        return [validate_whole_dong, DecimalValidator(whole_digits, None), *self._validators]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": VndAmountField, **kwargs})


def whole_dong(amount: Decimal) -> Decimal:
    """`amount` rounded to the nearest đồng (half up, as a shop rounds at the till)."""
    return Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
