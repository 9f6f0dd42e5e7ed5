"""The practice shop of a training, in the Mentoring admin (Training sessions → Practice
shop): open it, hand each trainee their join link, follow who passed the practical. The rules
are in mentoring.practice; every view starts from the trainings the person may see, so
another unit's training is "not found"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.qr import qr_svg
from mentoring import practice
from mentoring.models import Topic, TrainingSession


class PracticeShopView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Practice shop")
    header_icon = "pick"
    template_name = "mentoring/admin/practice_shop.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.training = practice.training_for_practice(
                user=request.user, training_id=kwargs["pk"]
            )
        except TrainingSession.DoesNotExist as missing:
            raise Http404 from missing
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.training)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("mentoring_trainings:index"), "label": gettext("Training sessions")},
            {
                "url": reverse("mentoring_trainings:edit", args=[self.training.pk]),
                "label": str(self.training),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = getattr(self.training, "practice", None)
        seats = practice.practice_seat_list(session=session) if session else []
        for seat in seats:
            if seat.join_token:
                seat.join_link = self.request.build_absolute_uri(
                    reverse("portal:practice_join", args=[seat.join_token])
                )
                seat.join_qr = qr_svg(seat.join_link, label=gettext("Link to the practice shop"))
        context.update(
            training=self.training,
            session=session,
            seats=seats,
            attendee_count=self.training.attendees.count(),
            is_ecommerce=self.training.topic == Topic.ECOMMERCE,
            attendance_url=reverse("mentoring_trainings:attendance", args=[self.training.pk]),
            search_form=None,  # not Oscar's (see mentoring.admin.scoping.ScopedViewMixin)
        )
        return context

    def post(self, request, pk):
        try:
            session = practice.practice_session_open(training=self.training, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request,
            gettext("The practice shop is open: %(count)d trainees have a practice shop.")
            % {"count": session.seats.count()},
        )
        return redirect(request.path)


urlpatterns = [
    path("practice/<int:pk>/", PracticeShopView.as_view(), name="practice"),
]
