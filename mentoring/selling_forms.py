"""Forms of the shops-elsewhere screens (mentoring.selling_views, selling_portal_views). They
check early, for a clear message next to the field; mentoring.selling refuses whatever they
let through."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentoring import selling
from mentoring.selectors import today
from producers.images import ACCEPT


class OnlineShopForm(forms.Form):
    url = forms.CharField(
        label=_("Link to the shop"),
        max_length=500,
        help_text=_("Open your shop in the app, tap “Share” → “Copy link” and paste it here."),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    since = forms.DateField(
        label=_("Selling there since"), widget=forms.DateInput(attrs={"type": "date"})
    )
    screenshot = forms.FileField(
        label=_("Screenshot of the shop (optional)"),
        required=False,
        help_text=_("A picture of your shop page showing its name and sold count."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_url(self):
        link, _platform = selling.shop_link_clean(self.cleaned_data["url"])
        return link

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > today():
            raise ValidationError(_("The date cannot be in the future."))
        return since


class ShopCheckForm(forms.Form):
    checked = forms.BooleanField(label=_("Checked (đã kiểm tra)"), required=False)
    link_opened = forms.BooleanField(label=_("I opened the shop's link"), required=False)
    checked_on = forms.DateField(
        label=_("Checked on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sold_count = forms.IntegerField(
        label=_("Sold count the shop shows"),
        min_value=0,
        required=False,
        help_text=_("Leave empty if the shop shows none."),
    )
    last_sale_on = forms.DateField(
        label=_("Date of the latest sale you could see"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "A dated review, or an order the member showed you. Only a sale dated within the "
            "year counts toward the target."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
