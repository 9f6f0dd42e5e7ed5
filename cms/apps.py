from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail page models: the home page (site root) and, later, editorial pages."""

    name = "cms"
    verbose_name = _("Pages")
