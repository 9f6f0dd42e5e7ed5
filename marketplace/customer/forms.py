from oscar.apps.customer.forms import *  # noqa: F403
from oscar.apps.customer.forms import EmailAuthenticationForm as CoreEmailAuthenticationForm

from accounts.forms import EmailOrPhoneField


class EmailAuthenticationForm(CoreEmailAuthenticationForm):
    """The shop's sign-in: email or phone number, since many producers have no email."""

    username = EmailOrPhoneField()


# "Forgot your password": throttled, and answered the same whether the address has an account.
from accounts.password_reset import ShopPasswordResetForm as PasswordResetForm  # noqa: E402, F401
