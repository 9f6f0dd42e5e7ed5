from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from accounts.phones import normalise_phone


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


class PhoneCodeRequestForm(forms.Form):
    """The number a one-time code goes to (accounts.otp), in any spelling a person types."""

    phone = forms.CharField(label=_("Phone number"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(
            {
                "type": "tel",
                "autocomplete": "tel",
                "inputmode": "tel",
                "placeholder": "0912 345 678",
            }
        )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class PhoneCodeSignUpForm(PhoneCodeRequestForm):
    """Sign-up by code: the number, and the name buyers and mentors will see (optional)."""

    last_name = forms.CharField(label=_("Family and middle names"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)


class PhoneCodeForm(forms.Form):
    """The 6-digit code from the message."""

    code = forms.CharField(label=_("Code"), max_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("The code is the 6 digits in the message."))
        return code
