from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.forms import *  # noqa: F403
from oscar.apps.customer.forms import EmailAuthenticationForm as CoreEmailAuthenticationForm
from oscar.apps.customer.forms import EmailUserCreationForm as CoreEmailUserCreationForm

from accounts.forms import EmailOrPhoneField
from accounts.models import User
from accounts.phones import normalise_phone


class EmailAuthenticationForm(CoreEmailAuthenticationForm):
    """The shop's sign-in: email or phone number, since many producers have no email."""

    username = EmailOrPhoneField()


class EmailUserCreationForm(CoreEmailUserCreationForm):
    """The shop's registration: a phone number or an email, at least one. Sign-in accepts
    either (accounts.backends), and most buyers have a phone before an email."""

    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("For example 0912 345 678. You can sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["phone", "email", "password1", "password2"]

    class Meta(CoreEmailUserCreationForm.Meta):
        fields = ("phone", "email")

    def clean_email(self):
        if not self.cleaned_data.get("email"):
            return None  # no email is NULL, never "" (two users without one must not collide)
        return super().clean_email()

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "").strip()
        if not raw:
            return None
        phone = normalise_phone(raw)
        if User._default_manager.filter(phone=phone).exists():
            raise forms.ValidationError(
                _("An account with this phone number already exists. Sign in with it instead."),
                code="phone_taken",
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            raise forms.ValidationError(
                _("Give a phone number or an email address: you sign in with it."),
                code="no_contact",
            )
        return cleaned


class ProfileForm(UserForm):  # noqa: F405  Oscar's UserForm, its ProfileForm without a profile model
    """The account's details: the email stays optional for an account made with a phone."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["email"].required = False

    def clean_email(self):
        if not self.cleaned_data.get("email"):
            if not self.user.phone:
                raise forms.ValidationError(
                    _("Give a phone number or an email address: you sign in with it."),
                    code="no_contact",
                )
            return None
        return super().clean_email()


# "Forgot your password": throttled, and answered the same whether the address has an account.
from accounts.password_reset import ShopPasswordResetForm as PasswordResetForm  # noqa: E402, F401
