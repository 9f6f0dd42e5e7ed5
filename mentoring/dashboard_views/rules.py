"""How the figures are computed, in words."""

from mentoring.dashboard_views.base import ScopedPage
from mentoring.reporting import dashboard, funnel


class RulesView(ScopedPage):
    template_name = "mentoring/dashboard/rules.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "funnel_rules": funnel.rules_paragraphs(),
            "indicator_rules": dashboard.rules_paragraphs(),
            "dashboard_url": self.url("index"),
        }
