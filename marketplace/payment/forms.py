"""The forms of the payment pages (staff refunding a payment: payment.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.money import VndAmountField


class RefundForm(forms.Form):
    source = forms.IntegerField(widget=forms.HiddenInput)
    amount = VndAmountField(label=_("Amount to refund (đồng)"), min_value=1)
