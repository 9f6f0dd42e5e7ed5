from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """Administrative units of Vietnam, before and after the reorganisation of 1 July 2025."""

    name = "places"
    verbose_name = _("Administrative units")
