"""Indicator reports (monthly, quarterly, six-month, annual) in the Wagtail admin (mounted by
wagtail_hooks under /cms-admin/mentoring/quarters/, namespace "mentoring_kpi"). The rules are
in reporting.kpi; these views read through its scoped queryset (another unit's report, its
downloads included, is a 404) and turn its refusals into messages.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.models import ModelLogEntry

from config.spreadsheets import spreadsheet_response
from mentoring import selectors
from mentoring.dashboard_views.base import EXPORT_FORMATS
from mentoring.models import KpiSnapshot, OrgUnit
from mentoring.reporting import dashboard, kpi, report_export
from mentoring.reporting.periods import PER_YEAR, Period, ReportPeriod, offered_periods
from mentoring.reporting.report_table import report_build

DOWNLOADS = {"xlsx": report_export.XLSX_TYPE, "pdf": report_export.PDF_TYPE}


class KpiPage(View):
    """Open to mentors (their units' reports) and provincial staff (every report)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            raise PermissionDenied
        self.tree = selectors.org_tree_on()
        self.visible = selectors.visible_unit_ids(user, tree=self.tree)
        if self.visible is not None and not self.visible:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def snapshot_or_404(self, pk) -> KpiSnapshot:
        return get_object_or_404(
            kpi.snapshots_visible_to(self.request.user).select_related(
                "submitted_by", "decided_by"
            ),
            pk=pk,
        )


class PrepareForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Reporting unit"), coerce=int)
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, units, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
        groups: dict[str, list] = {}
        for period in periods:  # one group per kind: months, quarters, halves, years
            groups.setdefault(period.kind, []).append((period.key, period.label))
        self.fields["period"].choices = [
            (Period(kind).label, choices) for kind, choices in groups.items()
        ]
        # The union's usual report first: the last ended quarter (as before), else the first.
        quarters = groups.get(Period.QUARTER)
        if quarters and not self.is_bound:
            self.initial.setdefault("period", quarters[0][0])

    def clean_period(self):
        return ReportPeriod.from_key(self.cleaned_data["period"])


STATUS_ORDER = Case(  # what waits for someone first
    When(status__in=kpi.DECIDABLE, then=Value(0)),
    When(status=KpiSnapshot.Status.RETURNED, then=Value(1)),
    When(status=KpiSnapshot.Status.DRAFT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


class KpiIndexView(KpiPage, TemplateView):
    template_name = "mentoring/kpi/index.html"

    def prepare_form(self, data=None):
        submittable = kpi.submittable_unit_ids(self.request.user, tree=self.tree)
        units = sorted(
            ((pk, self.tree[pk].name) for pk in submittable), key=lambda choice: choice[1]
        )
        return PrepareForm(data, units=units, periods=offered_periods())

    def post(self, request, *args, **kwargs):
        form = self.prepare_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        unit = get_object_or_404(OrgUnit, pk=form.cleaned_data["unit"])
        try:
            snapshot = kpi.snapshot_prepare(
                unit=unit, period=form.cleaned_data["period"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("mentoring_kpi:detail", snapshot.pk)

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        period = self.request.GET.get("period", "")
        snapshots = (
            kpi.snapshots_visible_to(self.request.user)
            .annotate(unit_name=selectors.unit_name_subquery(), waiting=STATUS_ORDER)
            .select_related("submitted_by", "decided_by")
            .order_by("waiting", "-day", "period", "unit_name", "pk")
        )
        if status in KpiSnapshot.Status.values:
            snapshots = snapshots.filter(status=status)
        if period in KpiSnapshot.Period.values:
            snapshots = snapshots.filter(period=period)
        form = kwargs.pop("form", None) or self.prepare_form()
        rows = [
            {
                "snapshot": snapshot,
                "period": ReportPeriod.of(snapshot).label,
                "url": reverse("mentoring_kpi:detail", args=[snapshot.pk]),
            }
            for snapshot in snapshots
        ]
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "form": form,
            "can_prepare": bool(form.fields["unit"].choices),
            "status": status,
            "statuses": KpiSnapshot.Status.choices,
            "period": period,
            "periods": [(kind, Period(kind).label) for kind in PER_YEAR],
            "can_approve": self.request.user.has_perm(kpi.APPROVE_PERMISSION),
        }


class KpiDetailView(KpiPage, TemplateView):
    template_name = "mentoring/kpi/detail.html"

    def get(self, request, *args, pk, **kwargs):
        self.snapshot = self.snapshot_or_404(pk)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str):
        """The report's table as a spreadsheet: what was stored beside what counts now."""
        snapshot = self.snapshot
        comparison = kpi.snapshot_compare(snapshot)
        unit = self.tree.get(snapshot.org_unit_id)
        headings = [
            _("Indicator"),
            _("Stored figure"),
            _("stored: counted"),
            _("stored: out of"),
            _("Counted again now"),
            _("now: counted"),
            _("now: out of"),
            _("Difference"),
            _("records in"),
            _("records out"),
        ]

        def number(value):  # shares are Decimals: a spreadsheet gets them as numbers
            return float(value) if isinstance(value, Decimal) else value

        rows = [
            [
                row.label,
                number(row.stored_actual),
                row.stored["numerator"] if row.stored else None,
                row.stored["denominator"] if row.stored else None,
                number(row.now.actual),
                row.now.numerator,
                row.now.denominator,
                number(row.difference),
                row.added if row.stored else None,
                row.removed if row.stored else None,
            ]
            for row in comparison.figures
        ]
        code = unit.code if unit else snapshot.org_unit_id
        return spreadsheet_response(
            filename=f"kpi-{code}-{_file_period(snapshot)}",
            headings=headings,
            rows=rows,
            fmt=fmt,
        )

    def get_context_data(self, **kwargs):
        snapshot, user = self.snapshot, self.request.user
        comparison = kpi.snapshot_compare(snapshot)
        year_before = self.year_before_rows(snapshot, comparison)
        unit_name = (
            self.tree[snapshot.org_unit_id].name if snapshot.org_unit_id in self.tree else ""
        )
        history = (
            ModelLogEntry.objects.for_instance(snapshot)
            .select_related("user")
            .order_by("-timestamp", "-pk")
        )
        return {
            **super().get_context_data(**kwargs),
            "snapshot": snapshot,
            "unit_name": unit_name or str(snapshot.org_unit),
            "period": ReportPeriod.of(snapshot).label,
            "comparison": comparison,
            "year_before": year_before,
            "rows": [
                {
                    "row": row,
                    "percent": row.kind == dashboard.PERCENT,
                    "before": year_before.get("values", {}).get(row.code),
                }
                for row in comparison.figures
            ],
            "stored": bool(snapshot.figures),
            "rules_changed": snapshot.rules_version is not None
            and snapshot.rules_version != comparison.rules_version_now,
            "may_submit": snapshot.status in kpi.SUBMITTABLE
            and kpi.can_submit(user, snapshot.org_unit_id),
            "may_decide": snapshot.status in kpi.DECIDABLE and kpi.can_approve(user, snapshot),
            "history": history,
            "index_url": reverse("mentoring_kpi:index"),
            "exports": {
                fmt: f"{reverse('mentoring_kpi:detail', args=[snapshot.pk])}?export={fmt}"
                for fmt in EXPORT_FORMATS
            },
            "downloads": {
                fmt: reverse("mentoring_kpi:download", args=[snapshot.pk, fmt]) for fmt in DOWNLOADS
            },
        }

    @staticmethod
    def year_before_rows(snapshot, comparison) -> dict:
        """The same period of the year before, by indicator, for the table's last column."""
        before = kpi.snapshot_year_before(snapshot)
        if not before:
            return {}
        kinds = {row.code: row.kind for row in comparison.figures}
        values = {}
        for row in before["figures"]:
            actual = row["actual"]
            if actual is not None and kinds.get(row["code"]) == dashboard.COUNT:
                actual = int(Decimal(actual))
            values[row["code"]] = Decimal(actual) if isinstance(actual, str) else actual
        earlier = ReportPeriod(snapshot.period, before["year"], snapshot.number)
        return {
            "label": earlier.label,
            "values": values,
            "units": [unit["name"] for unit in before["units"]],
        }


def _file_period(snapshot: KpiSnapshot) -> str:
    """ "2026-h1", "2026-q2", "2026-m03", "2026": sorts as the periods do."""
    if snapshot.period == Period.MONTH:
        return f"{snapshot.year}-m{snapshot.number:02d}"
    prefix = {Period.QUARTER: "q", Period.HALF: "h"}.get(snapshot.period)
    return f"{snapshot.year}-{prefix}{snapshot.number}" if prefix else str(snapshot.year)


class KpiDownloadView(KpiPage):
    """The report laid out for the union's files (report_table): a workbook or a PDF ready to
    sign. Any report the person may see (its stored figures, else those counted now)."""

    def get(self, request, *args, pk, fmt, **kwargs):
        if fmt not in DOWNLOADS:
            raise Http404
        snapshot = self.snapshot_or_404(pk)
        report = report_build(snapshot)
        if fmt == "pdf":
            content = report_export.report_pdf(report)
        else:
            content = report_export.report_xlsx(report)
        unit = self.tree.get(snapshot.org_unit_id)
        code = unit.code if unit else snapshot.org_unit_id
        response = HttpResponse(content, content_type=DOWNLOADS[fmt])
        filename = f"bao-cao-{code}-{_file_period(snapshot)}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class KpiActionView(KpiPage):
    """POST only: submit, approve or send back. Refusals come back as messages."""

    action = ""

    def post(self, request, *args, pk, **kwargs):
        snapshot = self.snapshot_or_404(pk)
        try:
            if self.action == "submit":
                kpi.snapshot_submit(snapshot=snapshot, by=request.user)
                done = gettext("The period's figures were submitted to the province.")
            elif self.action == "approve":
                kpi.snapshot_approve(snapshot=snapshot, by=request.user)
                done = gettext("Approved: the period's figures are now frozen.")
            else:
                kpi.snapshot_return(
                    snapshot=snapshot, by=request.user, comment=request.POST.get("comment", "")
                )
                done = gettext("The report was sent back to the union.")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect("mentoring_kpi:detail", snapshot.pk)


urlpatterns = [
    path("", KpiIndexView.as_view(), name="index"),
    path("<int:pk>/", KpiDetailView.as_view(), name="detail"),
    path("<int:pk>/submit/", KpiActionView.as_view(action="submit"), name="submit"),
    path("<int:pk>/approve/", KpiActionView.as_view(action="approve"), name="approve"),
    path("<int:pk>/send-back/", KpiActionView.as_view(action="return"), name="return"),
    path("<int:pk>/download/<str:fmt>/", KpiDownloadView.as_view(), name="download"),
]
