"""The producer's statement in their portal (/producer/statement/): what the platform owes
them for card payments it collected, what it paid out, and the tax it withheld, month by
month. Only the signed-in person's own producer (ProducerRequiredMixin): no producer is named
in the URL, so nobody can ask for another's."""

import datetime

from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from payouts import selectors
from producers.portal.core import ProducerRequiredMixin


class StatementView(ProducerRequiredMixin, TemplateView):
    template_name = "payouts/portal/statement.html"

    def get_context_data(self, **kwargs):
        months = selectors.producer_statement(producer=self.producer)
        chosen = None
        if "year" in self.kwargs:
            try:
                chosen = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
            except ValueError as error:
                raise Http404 from error
        elif months:
            chosen = months[0].month
        entries = (
            selectors.producer_statement_entries(producer=self.producer, month=chosen)
            if chosen
            else []
        )
        return {
            **super().get_context_data(**kwargs),
            "producer": self.producer,
            "months": months,
            "chosen": chosen,
            "entries": entries,
        }


# Joined to the portal's namespace ("portal:statement") in config.urls: the portal never
# imports this app.
urlpatterns = [
    path("statement/", StatementView.as_view(), name="statement"),
    path("statement/<int:year>-<int:month>/", StatementView.as_view(), name="statement_month"),
]
