from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.apps.checkout.forms import ShippingAddressForm as CoreShippingAddressForm

from accounts.forms import EmailOrPhoneField
from accounts.phones import looks_like_email, normalise_phone
from marketplace.address.forms import ADDRESS_LABELS, TwoTierAddressMixin


class GatewayForm(forms.Form):
    """The first checkout step for someone not signed in: go on as a guest with an email or a
    phone number, or sign in."""

    GUEST, EXISTING = "anonymous", "existing"
    username = EmailOrPhoneField()
    options = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[
            (GUEST, _("Continue as a guest")),
            (EXISTING, _("I have an account, my password is")),
        ],
        initial=GUEST,
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, required=False, strip=False
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if looks_like_email(value):
            validate_email(value)
            return value.lower()
        return normalise_phone(value)

    def clean(self):
        cleaned = super().clean()
        if self.is_guest_checkout() or "username" not in cleaned:
            return cleaned
        self.user = authenticate(
            self.request, username=cleaned["username"], password=cleaned.get("password")
        )
        if self.user is None:
            raise ValidationError(
                _("That email or phone number and password do not match an account."),
                code="invalid_login",
            )
        return cleaned

    def is_guest_checkout(self):
        return self.cleaned_data.get("options") == self.GUEST

    def is_new_account_checkout(self):
        return False

    def get_user(self):
        return self.user

    @property
    def guest_email(self) -> str:
        value = self.cleaned_data["username"]
        return value if looks_like_email(value) else ""

    @property
    def guest_phone(self) -> str:
        value = self.cleaned_data["username"]
        return "" if looks_like_email(value) else value


class ShippingAddressForm(TwoTierAddressMixin, CoreShippingAddressForm):
    """A Vietnamese address in today's two-tier form (province, commune or ward, street;
    marketplace.address.forms) and a phone number the courier can call (required)."""

    class Meta(CoreShippingAddressForm.Meta):
        fields = ["first_name", "phone_number", "line1", "notes"]
        labels = ADDRESS_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._two_tier_setup()
        self.fields["notes"].widget.attrs["rows"] = 2


class GroupShippingForm(forms.Form):
    """One choice of shipping option per producer group. Nothing is chosen for the buyer: the
    cheapest option is often pickup at the producer's home, hundreds of kilometres away, so
    the buyer picks each one (`chosen` holds what they picked before, {partner id: code})."""

    def __init__(self, *args, groups, chosen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        chosen = chosen or {}
        for group in groups:
            previous = group.option(chosen.get(str(group.partner.pk), ""))
            self.fields[f"group_{group.partner.pk}"] = forms.ChoiceField(
                label=group.partner.name,
                widget=forms.RadioSelect,
                choices=[(option.code, option.name) for option in group.options],
                initial=previous.code if previous else None,
                error_messages={
                    "required": _("Choose how you will get the goods of %(producer)s.")
                    % {"producer": group.partner.name}
                },
            )

    def group_fields(self):
        return [(group, self[f"group_{group.partner.pk}"]) for group in self.groups]

    def chosen_options(self) -> dict[str, str]:
        return {
            str(group.partner.pk): self.cleaned_data[f"group_{group.partner.pk}"]
            for group in self.groups
        }


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(label=_("How will you pay?"), widget=forms.RadioSelect)

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(method.code, method.name) for method in methods]
        if methods:
            self.fields["method"].initial = methods[0].code


class TestCardForm(forms.Form):
    card = forms.ChoiceField(
        label=_("Test card"),
        widget=forms.RadioSelect,
        choices=[
            ("visa", _("4242 4242 4242 4242: payment succeeds")),
            ("declined", _("4000 0000 0000 0341: the bank declines")),
            ("3ds", _("4000 0027 6000 3184: the bank asks for 3-D Secure")),
        ],
        initial="visa",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.STRIPE_TEST_CARD_STEP:
            raise RuntimeError("The test-card step is for development and tests only.")
