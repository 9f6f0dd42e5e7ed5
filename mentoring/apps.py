from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    """Members, trainings, the onboarding funnel and targets (models arrive with their issue)."""

    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from mentoring import practice
        from producers.models import Producer
        from producers.signals import sandbox_lines_dispatched

        # Sending what a fellow trainee bought completes a practice shop's loop.
        sandbox_lines_dispatched.connect(
            practice.on_sandbox_lines_dispatched,
            sender=Producer,
            dispatch_uid="mentoring.practice.practical_pass",
        )
