from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # The message templates this app sends (notifications' registry) are registered on import.
        from complaints import messages  # noqa: F401
