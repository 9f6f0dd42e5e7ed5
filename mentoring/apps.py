from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    """Members, trainings, the onboarding funnel and targets (models arrive with their issue)."""

    name = "mentoring"
    verbose_name = _("Mentoring")
