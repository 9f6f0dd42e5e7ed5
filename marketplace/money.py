"""Prices are whole đồng: VND has no minor unit in daily use, and Stripe treats it as
zero-decimal. Oscar stores Decimal(12, 2); these pieces keep the fraction at zero."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


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


class WholeDongFormField(forms.DecimalField):
    """A price input that steps by one đồng and explains a fraction in the user's language."""

    def __init__(self, **kwargs):
        kwargs["decimal_places"] = None  # our validator gives the clearer message
        super().__init__(**kwargs)
        self.validators.append(validate_whole_dong)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"step": "1", "min": "0", "inputmode": "numeric"})
        return attrs


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
        return super().formfield(**{"form_class": WholeDongFormField, **kwargs})


def whole_dong(amount: Decimal) -> Decimal:
    """`amount` rounded to the nearest đồng (half up, as a shop rounds at the till)."""
    return Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
