"""The mentoring dashboard and follow-up queue in the Wagtail admin (mounted by wagtail_hooks
under /cms-admin/mentoring/dashboard/, namespace "mentoring_dashboard").

Each page reads the org tree once for its report day, checks the unit asked for is in the
person's subtree (another unit's page is a 404, export included), and gets its figures from
mentoring.reporting in a fixed number of queries. Every table exports to XLSX and CSV with
?export=xlsx|csv (and &table= on the dashboard, which has several).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.spreadsheets import spreadsheet_response
from mentoring import selectors, services
from mentoring.models import Indicator, TriState
from mentoring.reporting import dashboard, funnel
from mentoring.reporting.counts import STORED_STAGES
from mentoring.reporting.drill_down import (
    BASE,
    DONE,
    FIGURE_CODES,
    MEMBER_FIGURES,
    figure_label,
    figure_members,
    figure_records,
    figure_source,
)
from mentoring.reporting.follow_up import NO_ORDER_DAYS, TRAINED_WAIT_DAYS, follow_up_queue

EXPORT_FORMATS = ("xlsx", "csv")
PAGE_SIZE = 100
FIRST_YEAR = dashboard.FIRST_YEAR


# --- Spreadsheets ---
# One writer for every table the site hands out: config.spreadsheets.spreadsheet_response.


def _shown(value):
    """A cell on the page: dates in the short local format."""
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


def _number(value):
    """Decimals as floats for the spreadsheet (a percentage stays a number there)."""
    return float(value) if value is not None and not isinstance(value, int) else value


# --- Scope ---


class ScopedPage(TemplateView):
    """A page of the dashboard: the report year and day, the tree on that day, and the units
    the person may see in it (None: every unit)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        this_year = selectors.today().year
        try:
            self.year = int(request.GET.get("year", this_year))
        except ValueError:
            self.year = this_year
        self.year = min(max(self.year, FIRST_YEAR), this_year)
        self.day = dashboard.report_day(self.year)
        self.tree = selectors.org_tree_on(self.day)
        self.visible = selectors.visible_unit_ids(request.user, tree=self.tree)
        if self.visible is not None and not self.visible:
            raise PermissionDenied  # neither a mentor nor provincial staff
        return super().dispatch(request, *args, **kwargs)

    def visible_roots(self):
        """The top units the person may see, by name."""
        if self.visible is None:
            roots = selectors.roots_of(self.tree)
        else:
            roots = [
                self.tree[pk] for pk in self.visible if self.tree[pk].parent_id not in self.visible
            ]
        return sorted(roots, key=lambda node: node.name)

    def unit_or_404(self, unit_id):
        if unit_id not in self.tree or (self.visible is not None and unit_id not in self.visible):
            raise Http404
        return self.tree[unit_id]

    def ancestors(self, unit):
        """The unit's visible ancestors, top first (for the breadcrumb)."""
        path, node = [], unit
        while node.parent_id in self.tree:
            node = self.tree[node.parent_id]
            if self.visible is not None and node.id not in self.visible:
                break
            path.append(node)
        return list(reversed(path))

    def scope_of(self, unit):
        """The unit's subtree on the report day. Always a list of units, even for the whole
        tree: members of a unit not open that day are not counted, so not listed either."""
        return selectors.subtree_ids(self.tree, [unit.id])

    def export_format(self):
        fmt = self.request.GET.get("export", "")
        return fmt if fmt in EXPORT_FORMATS else None

    def url(self, name, *args, **params):
        params = {key: value for key, value in params.items() if value not in (None, "")}
        query = f"?{urlencode(params)}" if params else ""
        return reverse(f"mentoring_dashboard:{name}", args=args) + query

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "year": self.year,
            "day": self.day,
            "years": list(range(selectors.today().year, FIRST_YEAR - 1, -1)),
            "rules_url": self.url("rules"),
            "follow_up_url": self.url("follow_up"),
        }


# --- The dashboard ---


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
        }


# --- Drill-down ---


class FigureView(ScopedPage):
    """The members or records behind one figure of one unit, for the report year."""

    template_name = "mentoring/dashboard/figure.html"

    def get(self, request, *args, unit_id, code, **kwargs):
        self.unit = self.unit_or_404(unit_id)
        if code not in FIGURE_CODES:
            raise Http404
        self.code = code
        self.part = BASE if request.GET.get("part") == BASE else DONE
        scope = self.scope_of(self.unit)
        if code in MEMBER_FIGURES:
            self.rows = figure_members(code=code, part=self.part, unit_ids=scope, day=self.day)
        else:
            self.rows = figure_records(
                code=code, part=self.part, unit_ids=scope, year=self.year, day=self.day
            )
        fmt = self.export_format()
        if fmt:
            services.personal_data_export_record(
                user=request.user, what="figure", fmt=fmt, query=request.GET.urlencode()
            )
            return spreadsheet_response(
                filename=f"{code}-{self.part}-{self.unit.code}-{self.year}",
                headings=self.headings(),
                rows=(self.row(item) for item in self.rows.iterator(chunk_size=2000)),
                fmt=fmt,
            )
        return super().get(request, *args, **kwargs)

    def unit_name(self, unit_id) -> str:
        node = self.tree.get(unit_id)
        return node.name if node else ""

    def headings(self):
        if self.code in MEMBER_FIGURES:
            return [
                _("member number"),
                _("full name"),
                _("org unit"),
                _("has a specialty product"),
                _("uses online public services"),
                _("has an e-payment account"),
                *(stage.label for stage in STORED_STAGES),
                _("practical passed"),
            ]
        if self.code == Indicator.ACTIVITIES:
            return [_("date"), _("title"), _("kind"), _("org unit"), _("participants")]
        return [
            _("name"),
            _("org unit"),
            _("people in the team"),
            _("youth members"),
            _("youth are its core"),
        ]

    def row(self, item) -> list:
        if self.code in MEMBER_FIGURES:
            return [
                item.member_number,
                item.full_name,
                self.unit_name(item.unit_on_day),
                TriState(item.has_specialty_product).label,
                TriState(item.uses_public_services).label,
                TriState(item.has_epayment_account).label,
                *(getattr(item, f"on_{stage}") for stage in STORED_STAGES),
                item.practical_on,
            ]
        if self.code == Indicator.ACTIVITIES:
            return [
                item.held_on,
                item.title,
                item.get_kind_display(),
                self.unit_name(item.org_unit_id),
                item.participants,
            ]
        return [
            item.name,
            self.unit_name(item.org_unit_id),
            item.size,
            item.youth,
            item.youth_at_core,
        ]

    def get_context_data(self, **kwargs):
        paginator = Paginator(self.rows, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        params = {"year": self.year, "part": self.part}
        return {
            **super().get_context_data(**kwargs),
            "unit": self.unit,
            "code": self.code,
            "label": figure_label(self.code),
            "source": figure_source(self.code),
            "source_label": dashboard.SOURCE_LABELS[figure_source(self.code)],
            "part": self.part,
            "is_base": self.part == BASE,
            "headings": [capfirst(str(heading)) for heading in self.headings()],
            "rows": [[_shown(value) for value in self.row(item)] for item in page.object_list],
            "page": page,
            "page_urls": {
                "previous": self.url("figure", self.unit.id, self.code, **params, p=page.number - 1)
                if page.has_previous()
                else "",
                "next": self.url("figure", self.unit.id, self.code, **params, p=page.number + 1)
                if page.has_next()
                else "",
            },
            "dashboard_url": self.url("index", unit=self.unit.id, year=self.year),
            "exports": {
                fmt: self.url("figure", self.unit.id, self.code, **params, export=fmt)
                for fmt in EXPORT_FORMATS
            },
        }


# --- Follow-up queue ---


class FollowUpView(ScopedPage):
    """The person's own mentees (Member.mentor) who need a nudge."""

    template_name = "mentoring/dashboard/follow_up.html"
    sections = ("trained", "quiet", "drafts")

    def get(self, request, *args, **kwargs):
        self.queue = follow_up_queue(mentor=request.user)
        fmt = self.export_format()
        if fmt:
            section = request.GET.get("section", "trained")
            if section not in self.sections:
                raise Http404
            services.personal_data_export_record(
                user=request.user, what="follow_up", fmt=fmt, query=request.GET.urlencode()
            )
            rows, since = {
                "trained": (self.queue.trained_not_listed, _("trained on")),
                "quiet": (self.queue.listed_no_recent_order, _("on sale since")),
                "drafts": (self.queue.drafts_awaiting, _("drafted on")),
            }[section]
            return spreadsheet_response(
                filename=f"follow-up-{section}-{self.queue.day.isoformat()}",
                headings=[
                    _("member number"),
                    _("full name"),
                    _("phone"),
                    since,
                    _("days"),
                    _("latest paid order"),
                ],
                rows=(
                    [
                        r.member.member_number,
                        r.member.full_name,
                        r.member.phone if r.member.consent_to_contact else "",
                        r.since,
                        r.days,
                        r.last_paid_on,
                    ]
                    for r in rows
                ),
                fmt=fmt,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "queue": self.queue,
            "trained_days": TRAINED_WAIT_DAYS,
            "order_days": NO_ORDER_DAYS,
            "exports": {
                section: {
                    fmt: self.url("follow_up", section=section, export=fmt)
                    for fmt in EXPORT_FORMATS
                }
                for section in self.sections
            },
            "dashboard_url": self.url("index"),
        }


# --- How figures are computed ---


class RulesView(ScopedPage):
    template_name = "mentoring/dashboard/rules.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "funnel_rules": funnel.rules_paragraphs(),
            "indicator_rules": dashboard.rules_paragraphs(),
            "dashboard_url": self.url("index"),
        }


urlpatterns = [
    path("", DashboardView.as_view(), name="index"),
    path("units/<int:unit_id>/<slug:code>/", FigureView.as_view(), name="figure"),
    path("follow-up/", FollowUpView.as_view(), name="follow_up"),
    path("how-figures-are-computed/", RulesView.as_view(), name="rules"),
]
