"""The drill-down: the members or records behind one figure of one unit."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from config.spreadsheets import spreadsheet_response
from mentoring import services
from mentoring.dashboard_views.base import EXPORT_FORMATS, ScopedPage
from mentoring.models import Indicator, TriState
from mentoring.reporting import dashboard
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
from mentoring.teams import all_trained, at_core

PAGE_SIZE = 100


def _shown(value):
    """A cell on the page: dates in the short local format."""
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


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
                *self.selling_headings(),
            ]
        if self.code == Indicator.ACTIVITIES:
            return [
                _("date"),
                _("title"),
                _("kind"),
                _("org unit"),
                _("members who came"),
                _("other participants"),
            ]
        return [
            _("name"),
            _("org unit"),
            _("people in the team"),
            _("youth members"),
            _("youth at the core"),
            _("all trained"),
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
                *self.selling_row(item),
            ]
        if self.code == Indicator.ACTIVITIES:
            return [
                item.held_on,
                item.title,
                item.get_kind_display(),
                self.unit_name(item.org_unit_id),
                item.participant_count,
                item.other_participants,
            ]
        core = at_core(item)
        return [
            item.name,
            self.unit_name(item.org_unit_id),
            item.people,
            item.youth,
            _("reported, not evidenced") if core is None and item.youth_at_core_reported else core,
            all_trained(item),
        ]

    def selling_headings(self) -> list:
        """Selling elsewhere: the evidence behind a member counted through another platform."""
        if self.code != Indicator.SELLING_ONLINE:
            return []
        return [_("shop elsewhere (link)"), _("checked on"), _("latest sale seen, dated")]

    def selling_row(self, item) -> list:
        if self.code != Indicator.SELLING_ONLINE:
            return []
        return [item.shop_url, item.shop_checked_on, item.shop_last_sale_on]

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
