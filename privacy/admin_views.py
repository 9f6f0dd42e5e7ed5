"""Staff's list of deletion requests (with their age) and the page that carries one out, in
the Wagtail admin. For staff with the "change deletion request" permission; the rule is in
privacy.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from privacy import selectors, services
from privacy.models import DeletionRequest


class StaffOnlyMixin(WagtailAdminTemplateMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.HANDLE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "search_form": None}


class DeletionRequestIndexView(StaffOnlyMixin, TemplateView):
    page_title = _("Deletion requests")
    header_icon = "warning"
    template_name = "privacy/admin/deletion_requests.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        waiting = [
            (request, selectors.age_in_days(request, now=now))
            for request in selectors.deletion_requests_open()
        ]
        done = DeletionRequest.objects.filter(status=DeletionRequest.Status.DONE).order_by(
            "-handled_at"
        )[:50]
        return {**super().get_context_data(**kwargs), "waiting": waiting, "done": done}


class DeletionRequestHandleView(StaffOnlyMixin, TemplateView):
    page_title = _("Carry out a deletion request")
    header_icon = "warning"
    template_name = "privacy/admin/deletion_request_handle.html"

    def dispatch(self, request, *args, **kwargs):
        self.deletion_request = get_object_or_404(
            DeletionRequest.objects.select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from mentoring.models import Member
        from producers.models import Producer

        user = self.deletion_request.user
        return {
            **super().get_context_data(**kwargs),
            "deletion_request": self.deletion_request,
            "age": selectors.age_in_days(self.deletion_request),
            "members": Member.objects.filter(accounts__user=user).count(),
            "shops": Producer.objects.filter(partner__users=user).select_related("partner"),
            "orders": user.orders.count(),
        }

    def post(self, request, pk):
        services.deletion_request_handle(deletion_request=self.deletion_request, by=request.user)
        messages.success(request, gettext("The deletion request has been carried out."))
        return redirect(reverse("privacy_admin:index"))


urlpatterns = [
    path("", DeletionRequestIndexView.as_view(), name="index"),
    path("<int:pk>/", DeletionRequestHandleView.as_view(), name="handle"),
]
