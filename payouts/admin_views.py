"""Staff screens in the Wagtail admin: payout batches (make, download the bank file, mark paid)
and the monthly withholding report. Every view checks the permission itself
(payouts.manage_payouts); the rules are in payouts.services."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from config.spreadsheets import spreadsheet_response
from payouts import selectors, services
from payouts.models import PayoutBatch, WithholdingRate

PERMISSION = "payouts.manage_payouts"


class BatchCreateForm(forms.Form):
    period_end = forms.DateField(
        label=_("Entries up to (inclusive)"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PaidForm(forms.Form):
    reference = forms.CharField(label=_("Bank reference"), max_length=100)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class PayoutsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BatchListView(PayoutsView):
    page_title = _("Payouts")
    template_name = "payouts/admin/batches.html"

    def _default_end(self) -> datetime.date:
        last = PayoutBatch.objects.order_by("-period_end").first()
        today = timezone.localdate()
        if last is None:
            return today
        return min(today, last.period_end + datetime.timedelta(days=services.period_days()))

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or BatchCreateForm(
            initial={"period_end": self._default_end()}
        )
        report_form = ReportForm(initial={"month": timezone.localdate().replace(day=1)})
        return {
            **super().get_context_data(**kwargs),
            "batches": PayoutBatch.objects.all()[:50],
            "form": form,
            "report_form": report_form,
            "rates_url": reverse(WithholdingRateViewSet().get_url_name("index")),
        }

    def post(self, request):
        form = BatchCreateForm(request.POST)
        if form.is_valid():
            try:
                batch = services.payout_batch_create(
                    period_end=form.cleaned_data["period_end"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The batch was made."))
                return redirect("payouts_admin:batch", pk=batch.pk)
        return self.render_to_response(self.get_context_data(form=form))


class BatchDetailView(PayoutsView):
    template_name = "payouts/admin/batch.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.batch = get_object_or_404(PayoutBatch, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.batch)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("payouts_admin:index"), "label": _("Payouts")},
            {"url": "", "label": str(self.batch)},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "batch": self.batch,
            "items": self.batch.items.select_related("producer__partner"),
            "total": services.batch_total(self.batch),
            "held_back": selectors.batch_held_back(period_end=self.batch.period_end)
            if self.batch.status == PayoutBatch.Status.DRAFT
            else [],
            "paid_form": kwargs.get("paid_form")
            or PaidForm(initial={"paid_on": timezone.localdate()}),
        }

    def post(self, request, pk):
        action = request.POST.get("action")
        paid_form = None
        try:
            if action == "cancel":
                services.payout_batch_cancel(batch=self.batch, by=request.user)
                messages.success(request, _("The batch was cancelled."))
                return redirect("payouts_admin:index")
            if action == "paid":
                paid_form = PaidForm(request.POST)
                if paid_form.is_valid():
                    services.payout_batch_mark_paid(
                        batch=self.batch,
                        reference=paid_form.cleaned_data["reference"],
                        paid_on=paid_form.cleaned_data["paid_on"],
                        by=request.user,
                    )
                    messages.success(request, _("The batch is marked paid."))
                    return redirect("payouts_admin:batch", pk=self.batch.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("payouts_admin:batch", pk=self.batch.pk)
        return self.render_to_response(self.get_context_data(paid_form=paid_form))


class BatchFileView(PayoutsView):
    """The bank file (CSV or XLSX). Downloading it marks the batch exported: from then on its
    amounts are what the bank was given."""

    def get(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        batch = get_object_or_404(PayoutBatch, pk=pk)
        batch = services.payout_batch_export(batch=batch, by=request.user)
        headings, rows = selectors.payout_file_table(batch)
        return spreadsheet_response(
            filename=f"chophien-payout-{batch.pk}-{batch.period_end:%Y%m%d}",
            headings=headings,
            rows=rows,
            fmt=fmt,
        )


class WithholdingReportView(PayoutsView):
    def get(self, request):
        form = ReportForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Choose a month."))
            return redirect("payouts_admin:index")
        month = form.cleaned_data["month"]
        headings, rows = selectors.withholding_report(month=month)
        return spreadsheet_response(
            filename=f"chophien-withholding-{month:%Y-%m}", headings=headings, rows=rows, fmt="xlsx"
        )


urlpatterns = [
    path("", BatchListView.as_view(), name="index"),
    path("<int:pk>/", BatchDetailView.as_view(), name="batch"),
    path("<int:pk>/file.<str:fmt>", BatchFileView.as_view(), name="batch_file"),
    path("withholding/", WithholdingReportView.as_view(), name="withholding"),
]


class WithholdingRateViewSet(ModelViewSet):
    """The rates of Decree 117/2025 as dated rows; editing needs the model's permissions."""

    model = WithholdingRate
    icon = "doc-full"
    menu_label = _("Withholding rates")
    add_to_admin_menu = False
    form_fields = ["kind", "vat_percent", "pit_percent", "effective_from", "legal_basis"]
    list_display = ["kind", "vat_percent", "pit_percent", "effective_from", "legal_basis"]
    name = "withholding_rates"
