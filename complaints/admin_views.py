"""Staff screens in the Wagtail admin: open complaints with their age and whether the producer
answered in time, and one complaint with its decision (refund or reject). Every view checks
complaints.decide_complaint itself; the rules are in complaints.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from complaints import selectors, services
from complaints.forms import RefundForm, RejectForm
from complaints.models import Complaint, Status

PERMISSION = "complaints.decide_complaint"


class ComplaintsAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ComplaintListView(ComplaintsAdminView):
    page_title = _("Complaints")
    template_name = "complaints/admin/list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        rows = [
            {
                "complaint": complaint,
                "age_days": (now - complaint.opened_at).days,
                "answer_state": selectors.answer_state(complaint, now=now),
            }
            for complaint in selectors.complaints_for_staff()
        ]
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "decided": selectors.complaints_for_staff(status=Status.REFUNDED)[:20],
            "rejected": selectors.complaints_for_staff(status=Status.REJECTED)[:20],
        }


class ComplaintDetailView(ComplaintsAdminView):
    template_name = "complaints/admin/detail.html"

    def get_page_title(self):
        return _("Complaint #%(pk)s") % {"pk": self.kwargs["pk"]}

    def get_context_data(self, **kwargs):
        complaint = get_object_or_404(
            Complaint.objects.select_related("order", "line", "partner"), pk=self.kwargs["pk"]
        )
        return {
            **super().get_context_data(**kwargs),
            "complaint": complaint,
            "answer_state": selectors.answer_state(complaint),
            "photos": complaint.photos.all(),
            "limit": services.complaint_refund_limit(complaint),
            "refund_form": kwargs.get("refund_form")
            or RefundForm(initial={"amount": services.complaint_refund_limit(complaint)}),
            "reject_form": kwargs.get("reject_form") or RejectForm(),
        }

    def post(self, request, pk):
        complaint = get_object_or_404(Complaint, pk=pk)
        refund_form = RefundForm(request.POST if "refund" in request.POST else None)
        reject_form = RejectForm(request.POST if "reject" in request.POST else None)
        form = refund_form if "refund" in request.POST else reject_form
        if form.is_valid():
            try:
                if form is refund_form:
                    services.complaint_refund(
                        complaint=complaint,
                        amount=form.cleaned_data["amount"],
                        reason=form.cleaned_data["reason"],
                        by=request.user,
                    )
                else:
                    services.complaint_reject(
                        complaint=complaint, reason=form.cleaned_data["reason"], by=request.user
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision is recorded and both sides are told."))
                return redirect(reverse("complaints_admin:index"))
        return self.render_to_response(
            self.get_context_data(refund_form=refund_form, reject_form=reject_form)
        )


urlpatterns = [
    path("", ComplaintListView.as_view(), name="index"),
    path("<int:pk>/", ComplaintDetailView.as_view(), name="detail"),
]
