from django import forms
from django.utils.translation import gettext_lazy as _


class MarketingConsentForm(forms.Form):
    """Opt in to news and offers; unticked by default, untick to withdraw."""

    marketing = forms.BooleanField(
        label=_("Send me news and offers from Chợ Phiên (you can stop at any time)"),
        required=False,
    )
