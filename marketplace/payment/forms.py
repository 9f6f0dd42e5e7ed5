"""The forms of the payment pages (staff refunding a payment: payment.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.money import VndAmountField


class RefundForm(forms.Form):
    source = forms.IntegerField(widget=forms.HiddenInput)
    amount = VndAmountField(label=_("Amount to refund (đồng)"), min_value=1)


class BankTransactionMatchForm(forms.Form):
    """Staff name the order (and, when it has several, which producer's payment) that a bank
    transaction pays (payment.bank_feed_views)."""

    order_number = forms.CharField(label=_("Order number"), max_length=30)
    index = forms.IntegerField(
        label=_("Payment number"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("The last number of the reference: 2 in “CP100008 2”."),
    )

    def clean_order_number(self):
        # Staff may paste the whole reference, "CP100008": the order number is its digits.
        number = self.cleaned_data["order_number"].strip().upper().removeprefix("CP").strip()
        if not number.isdigit():
            raise forms.ValidationError(_("Enter the order's number, e.g. 100008."))
        return number
