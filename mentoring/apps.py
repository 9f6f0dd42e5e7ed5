from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    """Members, trainings, the onboarding funnel and targets (models arrive with their issue)."""

    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from marketplace.order.signals import lines_dispatched
        from mentoring import practice

        # Sending what a fellow trainee bought completes a practice shop's loop.
        lines_dispatched.connect(
            practice.on_lines_dispatched,
            dispatch_uid="mentoring.practice.practical_pass",
        )
