from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Messages to people by SMS, Zalo (ZNS) and email, each one recorded for staff.

    Low in the layers (above places, below accounts) so that every app may send through it:
    the shop for order events, accounts for sign-in codes. It knows no order and no user.
    """

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
