from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The user model, shared by the storefront, the Oscar dashboard and the Wagtail admin."""

    name = "accounts"
    verbose_name = _("Accounts")
