"""Recompute every member's onboarding steps (mentoring.reporting.funnel) and store them for the
dashboard. Run it nightly, e.g. from cron at 01:30:

    30 1 * * * cd /srv/chophien && .venv/bin/python manage.py funnel_recompute --quiet

and once after FUNNEL_RULES_VERSION changes. A full run also counts the dashboard's figures
of every year and stores them (mentoring.models.DashboardCounts): the day's visitors read them.
`--unit CODE` recomputes only the members now in that unit and the units under it (quick, e.g.
after attendance was recorded).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from mentoring import selectors
from mentoring.models import Member, OrgUnit
from mentoring.reporting import dashboard, funnel


class Command(BaseCommand):
    help = "Recompute the onboarding steps of every member (or of one unit's subtree)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Only the members of this unit (code) and below.")
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success.")

    def handle(self, *args, unit=None, quiet=False, **options):
        members = None
        if unit:
            root = OrgUnit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"No org unit with the code {unit!r}.")
            tree = selectors.org_tree_on()
            members = Member.objects.filter(org_unit_id__in=selectors.subtree_ids(tree, [root.pk]))
        started = time.monotonic()
        result = funnel.funnel_recompute(members)
        if members is None:
            # Count the dashboard's figures now, so that no visitor of the day waits for them.
            for year in range(dashboard.FIRST_YEAR, selectors.today().year + 1):
                day = dashboard.report_day(year)
                dashboard.unit_counts_cached(day=day, year=year, fresh=True)
        if quiet:
            return
        seconds = time.monotonic() - started
        stages = ", ".join(f"{stage} {count}" for stage, count in result.stages.items())
        self.stdout.write(
            f"Rules version {funnel.FUNNEL_RULES_VERSION}: {result.members} members with a step "
            f"({stages}); {result.created} rows written, {result.deleted} removed, "
            f"in {seconds:.1f} s."
        )
