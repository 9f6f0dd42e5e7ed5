"""What every dashboard page shares: the report year and day, the org tree on that day, the
units the person may see in it, and the export formats."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from mentoring import selectors
from mentoring.reporting import dashboard

EXPORT_FORMATS = ("xlsx", "csv")
FIRST_YEAR = dashboard.FIRST_YEAR


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
        # A past year as it was (the tree of its report day), or under today's units: the
        # same counts of that day, summed up today's tree, so the figures of units merged
        # since are carried into their successors (the 2024 figures of the former Yên Bái
        # unions under today's Lào Cai).
        self.units_today = request.GET.get("units") == "today" and self.year < this_year
        self.tree = selectors.org_tree_on(selectors.today() if self.units_today else self.day)
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
        """The unit's subtree on the report day, with the closed units its units carry (as
        the counts read them). Always a list of units, even for the whole tree: members of a
        unit not open that day, nor merged into one, are not counted, so not listed either."""
        return selectors.counted_ids(self.tree, selectors.subtree_ids(self.tree, [unit.id]))

    def export_format(self):
        fmt = self.request.GET.get("export", "")
        return fmt if fmt in EXPORT_FORMATS else None

    def url(self, name, *args, **params):
        if self.units_today:  # every link of the page stays under today's units
            params.setdefault("units", "today")
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
            "units_today": self.units_today,
        }
