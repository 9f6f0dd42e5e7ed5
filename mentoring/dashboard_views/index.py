"""The dashboard: a unit's indicators, its child units, a chart and the onboarding funnel."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.spreadsheets import spreadsheet_response
from mentoring import selectors
from mentoring.dashboard_views.base import EXPORT_FORMATS, ScopedPage
from mentoring.models import Indicator
from mentoring.reporting import dashboard, funnel
from mentoring.reporting.drill_down import BASE, DONE

# One writer for every table the site hands out: config.spreadsheets.spreadsheet_response.


def _number(value):
    """Decimals as floats for the spreadsheet (a percentage stays a number there)."""
    return float(value) if value is not None and not isinstance(value, int) else value


def _target_text(figure) -> str:
    if figure.target is None:
        return ""
    suffix = "%" if figure.kind == dashboard.PERCENT else ""
    return f"{figure.target.normalize():f}{suffix}"


class DashboardView(ScopedPage):
    template_name = "mentoring/dashboard/index.html"
    tables = ("indicators", "units", "funnel")

    def get(self, request, *args, **kwargs):
        roots = self.visible_roots()
        try:
            unit_id = int(request.GET["unit"])
        except (KeyError, ValueError):
            if not roots:
                raise Http404 from None
            unit_id = roots[0].id
        self.unit = self.unit_or_404(unit_id)
        self.chart = request.GET.get("chart", Indicator.SELLING_ONLINE)
        if self.chart not in dashboard.SPECS:
            self.chart = Indicator.SELLING_ONLINE
        self.report = dashboard.dashboard_build(
            tree=self.tree,
            unit_id=unit_id,
            year=self.year,
            day=self.day,
            fresh=request.GET.get("fresh") == "1",
        )
        fmt = self.export_format()
        if fmt:
            table = request.GET.get("table", "indicators")
            if table not in self.tables:
                raise Http404
            return self.export(table, fmt)
        return super().get(request, *args, **kwargs)

    # Exports: the same figures as the page, one row each.

    def export(self, table: str, fmt: str) -> HttpResponse:
        report = self.report
        name = f"{table}-{report.unit.code}-{self.year}"
        if table == "indicators":
            headings = [
                _("Indicator"),
                _("Actual"),
                _("Counted"),
                _("Out of"),
                _("Target"),
                _("Target from the plan"),
                _("Met"),
                _("Source"),
                _("Note"),
            ]
            rows = [
                [
                    f.label,
                    _number(f.actual),
                    f.numerator,
                    f.denominator,
                    _number(f.target),
                    f.target_from_plan,
                    f.met,
                    f.source_label,
                    f.note,
                ]
                for f in report.figures
            ]
        elif table == "units":
            headings = [_("Org unit"), _("Members")]
            for spec in dashboard.INDICATORS:
                label = str(Indicator(spec.code).label)
                headings += [label, f"{label}: {gettext('target')}"]
            rows = []
            for child in report.children:
                row = [child.unit.name, child.members]
                for f in child.figures:
                    row += [_number(f.actual), _number(f.target)]
                rows.append(row)
        else:
            headings = [_("Step"), _("Members"), _("Share of those with a specialty product (%)")]
            headings.append(_("Source"))
            rows = [[s.label, s.count, _number(s.share), s.source_label] for s in report.funnel]
        return spreadsheet_response(filename=name, headings=headings, rows=rows, fmt=fmt)

    # The page.

    def _figure_url(self, unit_id, code, part=DONE):
        return self.url("figure", unit_id, code, year=self.year, part=part)

    def _export_links(self, table):
        params = {"unit": self.unit.id, "year": self.year, "table": table}
        return {fmt: self.url("index", **params, export=fmt) for fmt in EXPORT_FORMATS}

    def _figure_rows(self, unit_id, figures):
        return [
            {
                "figure": f,
                "target": _target_text(f),
                "url": self._figure_url(unit_id, f.code),
                "base_url": self._figure_url(unit_id, f.code, BASE) if f.has_base else "",
            }
            for f in figures
        ]

    def _bars(self):
        """One bar per child unit for the chart's indicator, scaled to the largest value or
        the target, whichever is higher; the target is drawn as a line."""
        bars = []
        for child in self.report.children:
            figure = next(f for f in child.figures if f.code == self.chart)
            bars.append((child, figure))
        values = [float(f.actual or 0) for _child, f in bars]
        values += [float(f.target) for _child, f in bars if f.target is not None]
        top = max(values, default=0) or 1
        return [
            {
                "unit": child.unit,
                "figure": figure,
                "width": round(100 * float(figure.actual or 0) / top, 1),
                "target_at": round(100 * float(figure.target) / top, 1)
                if figure.target is not None
                else None,
                "url": self._figure_url(child.unit.id, figure.code),
                "unit_url": self.url("index", unit=child.unit.id, year=self.year, chart=self.chart),
            }
            for child, figure in bars
        ]

    def _funnel_rows(self):
        top = max((stage.count for stage in self.report.funnel), default=0) or 1
        return [
            {
                "stage": stage,
                "width": round(100 * stage.count / top, 1),
                "url": self._figure_url(self.unit.id, stage.code),
            }
            for stage in self.report.funnel
        ]

    def get_context_data(self, **kwargs):
        report = self.report
        computed = funnel.last_computed()
        return {
            **super().get_context_data(**kwargs),
            "report": report,
            "unit": self.unit,
            "ancestors": [
                {"unit": node, "url": self.url("index", unit=node.id, year=self.year)}
                for node in self.ancestors(self.unit)
            ],
            "other_roots": [
                {"unit": node, "url": self.url("index", unit=node.id, year=self.year)}
                for node in self.visible_roots()
                if node.id != self.unit.id
            ],
            "figures": self._figure_rows(self.unit.id, report.figures),
            "children": [
                {
                    "report": child,
                    "url": self.url("index", unit=child.unit.id, year=self.year),
                    "figures": self._figure_rows(child.unit.id, child.figures),
                }
                for child in report.children
            ],
            "indicator_labels": [str(Indicator(spec.code).label) for spec in dashboard.INDICATORS],
            "funnel_rows": self._funnel_rows(),
            "bars": self._bars(),
            "chart": self.chart,
            "chart_label": str(Indicator(self.chart).label),
            "chart_choices": [
                (spec.code, str(Indicator(spec.code).label)) for spec in dashboard.INDICATORS
            ],
            "exports": {table: self._export_links(table) for table in self.tables},
            "computed": computed,
            "counted_at": report.counted_at,
            "fresh_url": self.url(
                "index", unit=self.unit.id, year=self.year, chart=self.chart, fresh=1
            ),
            "computed_outdated": computed is not None
            and computed["rules_version"] != funnel.FUNNEL_RULES_VERSION,
            "rules_version": funnel.FUNNEL_RULES_VERSION,
            # a past year: switch between its tree as it was and today's units (the top
            # unit: the one shown may have been merged into another since)
            "units_switch_url": self.url(
                "index", year=self.year, chart=self.chart, units="" if self.units_today else "today"
            )
            if self.year < selectors.today().year
            else None,
        }
