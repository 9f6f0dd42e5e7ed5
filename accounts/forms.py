from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class EmailOrPhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Email or phone number"))
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})


class WagtailLoginForm(LoginForm):
    """Wagtail's admin login, accepting a phone number as well as an email."""

    username = EmailOrPhoneField()

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = _("Email or phone number")
        # Wagtail's form leaves these unlabelled, and Django's fallback ("Password") is English.
        self.fields["password"].label = _("Password")
        self.fields["remember"].label = _("Remember me")
