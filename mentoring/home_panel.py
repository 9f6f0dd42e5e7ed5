"""The Wagtail admin home of a mentor: their union's indicators and their follow-up queue,
instead of Wagtail's page panels (a mentor edits no pages). Added by wagtail_hooks through
`construct_homepage_panels`, so the sign-in lands where the mentor's work is."""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from mentoring import selectors
from mentoring.dashboard_views.index import _target_text as target_text
from mentoring.reporting import dashboard
from mentoring.reporting.drill_down import BASE, DONE
from mentoring.reporting.follow_up import NO_ORDER_DAYS, TRAINED_WAIT_DAYS, follow_up_queue

FOLLOW_UP_ROWS = 5  # a taste of each list on the home page; the full list is one click away


class UnionHomePanel(Component):
    name = "mentoring_union"
    order = 50  # above Wagtail's own panels
    template_name = "mentoring/dashboard/home_panel.html"

    def __init__(self, *, user, tree, day, roots):
        self.user, self.tree, self.day, self.roots = user, tree, day, roots

    def get_context_data(self, parent_context=None):
        # Stored counts: one query for the targets when the nightly figures are cached.
        unit = self.roots[0]
        year = self.day.year
        report = dashboard.dashboard_build(tree=self.tree, unit_id=unit.id, year=year, day=self.day)
        index_url = reverse("mentoring_dashboard:index")

        def figure_url(code, part):
            query = urlencode({"year": year, "part": part})
            return reverse("mentoring_dashboard:figure", args=[unit.id, code]) + f"?{query}"

        queue = follow_up_queue(mentor=self.user)
        sections = [
            ("trained", queue.trained_not_listed, TRAINED_WAIT_DAYS),
            ("quiet", queue.listed_no_recent_order, NO_ORDER_DAYS),
            ("drafts", queue.drafts_awaiting, None),
        ]
        return {
            "unit": unit,
            "other_roots": self.roots[1:],
            "report": report,
            "figures": [
                {
                    "figure": f,
                    "target": target_text(f),
                    "url": figure_url(f.code, DONE),
                    "base_url": figure_url(f.code, BASE) if f.has_base else "",
                }
                for f in report.figures
            ],
            "dashboard_url": f"{index_url}?{urlencode({'unit': unit.id})}",
            "follow_up_url": reverse("mentoring_dashboard:follow_up"),
            "queue": queue,
            "sections": {
                key: {"rows": rows[:FOLLOW_UP_ROWS], "total": len(rows), "days": days}
                for key, rows, days in sections
            },
        }


def union_home_panel(user) -> UnionHomePanel | None:
    """The panel for a person with union units of their own (a mentor); None for editors and
    staff who see every unit and have the whole dashboard a click away."""
    if not user.is_authenticated or selectors.can_see_everything(user):
        return None
    day = dashboard.report_day(selectors.today().year)
    tree = selectors.org_tree_on(day)
    visible = selectors.visible_unit_ids(user, tree=tree)
    if not visible:
        return None
    roots = sorted(
        (tree[pk] for pk in visible if tree[pk].parent_id not in visible),
        key=lambda node: node.name,
    )
    return UnionHomePanel(user=user, tree=tree, day=day, roots=roots)
