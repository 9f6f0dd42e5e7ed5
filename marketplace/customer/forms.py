from oscar.apps.customer.forms import *  # noqa: F403
from oscar.apps.customer.forms import EmailAuthenticationForm as CoreEmailAuthenticationForm

from accounts.forms import EmailOrPhoneField


class EmailAuthenticationForm(CoreEmailAuthenticationForm):
    """The shop's sign-in: email or phone number, since many producers have no email."""

    username = EmailOrPhoneField()
