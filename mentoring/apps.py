from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    """Members, trainings, the onboarding funnel and targets (models arrive with their issue)."""

    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from marketplace.order.signals import lines_dispatched
        from mentoring import practice, selectors
        from mentoring.models import ReportingRule

        # Sending what a fellow trainee bought completes a practice shop's loop.
        lines_dispatched.connect(
            practice.on_lines_dispatched,
            dispatch_uid="mentoring.practice.practical_pass",
        )
        # The trees read the reporting rules from the cache: a changed rule is read again.
        for signal in (post_save, post_delete):
            signal.connect(
                selectors.reporting_rules_forget,
                sender=ReportingRule,
                dispatch_uid=f"mentoring.reporting_rules_forget.{signal is post_save}",
            )
