"""The producer's complaints in their portal (/producer/complaints/): their own only
(ProducerRequiredMixin; another producer's complaint is a 404), answered by a plain form."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from complaints import selectors, services
from complaints.forms import AnswerForm
from complaints.models import Complaint
from producers.portal.core import ProducerRequiredMixin


class ComplaintListView(ProducerRequiredMixin, TemplateView):
    template_name = "complaints/portal/list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "complaints": selectors.complaints_of_partner(partner=self.producer.partner)[:100],
        }


class ComplaintView(ProducerRequiredMixin, TemplateView):
    template_name = "complaints/portal/detail.html"

    def _complaint(self) -> Complaint:
        try:
            return selectors.complaints_of_partner(partner=self.producer.partner).get(
                pk=self.kwargs["pk"]
            )
        except Complaint.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        complaint = self._complaint()
        return {
            **super().get_context_data(**kwargs),
            "complaint": complaint,
            "photos": complaint.photos.all(),
            "form": kwargs.get("form") or AnswerForm(),
            "answer_state": selectors.answer_state(complaint),
        }

    def post(self, request, *args, **kwargs):
        complaint = self._complaint()
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_answer(
                    complaint=complaint,
                    partner=self.producer.partner,
                    text=form.cleaned_data["answer"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(reverse("portal:complaint", kwargs={"pk": complaint.pk}))
        return self.render_to_response(self.get_context_data(form=form))


# Joined to the portal's namespace ("portal:complaints") in config.urls: the portal never
# imports this app.
urlpatterns = [
    path("complaints/", ComplaintListView.as_view(), name="complaints"),
    path("complaints/<int:pk>/", ComplaintView.as_view(), name="complaint"),
]
