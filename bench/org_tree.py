"""How long does reading the union's tree of a day take at national size?

Every dashboard, report and scope check starts with mentoring.selectors.org_tree_on (one
query of the units' versions, walked in Python). Since issue 24 that query also reads, for
each unit, the reporting rule of its kind on that day and the closed units it succeeds. This
builds a national-sized tree (63 provincial unions, ten district-level unions each, fifteen
commune unions under each district union: 10,143 units) and, with `--restructure`, the 2025
reform as mentoring.services.org_unit_merge leaves it (every district union closed into its
province on 1 July 2025, its commune unions moved under the province: 630 closed units and
9,450 more versions). It then times org_tree_on for today and for 31 December 2024, and
subtree_totals of the whole country over those trees (no counts: the walk alone), printing
p50/p95 in ms. Runs on main too (it uses nothing newer), for a before/after.

    DATABASE_URL=sqlite:////tmp/tree.sqlite3 DJANGO_SETTINGS_MODULE=config.settings.dev \
        python bench/org_tree.py --restructure

Its units are coded "bench-tree-…"; --clean deletes them.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from mentoring import selectors  # noqa: E402
from mentoring.models import OrgUnit, OrgUnitVersion  # noqa: E402
from mentoring.reporting.counts import subtree_totals  # noqa: E402

PREFIX = "bench-tree"
OPENED = datetime.date(2020, 1, 1)
REFORM = datetime.date(2025, 7, 1)
PROVINCES, DISTRICTS_EACH, COMMUNES_EACH = 63, 10, 15


def units():
    return OrgUnit.objects.filter(code__startswith=PREFIX)


def clean() -> None:
    OrgUnitVersion.objects.filter(unit__in=units()).delete()
    units().update(successor=None)
    units().delete()


@transaction.atomic
def build(restructure: bool) -> None:
    kinds = {0: OrgUnit.Kind.PROVINCE, 1: OrgUnit.Kind.DISTRICT, 2: OrgUnit.Kind.GRASSROOTS}
    rows = []
    for p in range(PROVINCES):
        rows.append((f"{PREFIX}-{p}", 0, None, f"Tỉnh đoàn {p}"))
        for d in range(DISTRICTS_EACH):
            rows.append((f"{PREFIX}-{p}-{d}", 1, f"{PREFIX}-{p}", f"Huyện đoàn {p}-{d}"))
            for c in range(COMMUNES_EACH):
                rows.append(
                    (f"{PREFIX}-{p}-{d}-{c}", 2, f"{PREFIX}-{p}-{d}", f"Đoàn xã {p}-{d}-{c}")
                )
    created = OrgUnit.objects.bulk_create(
        OrgUnit(code=code, kind=kinds[level], opened_on=OPENED) for code, level, _p, _n in rows
    )
    by_code = {unit.code: unit for unit in created}
    versions = [
        OrgUnitVersion(
            unit=by_code[code],
            name=name,
            parent=by_code[parent] if parent else None,
            valid_from=OPENED,
        )
        for code, _level, parent, name in rows
    ]
    if restructure:
        districts = [by_code[code] for code, level, _p, _n in rows if level == 1]
        for district in districts:
            district.closed_on = REFORM
            district.successor = by_code[district.code.rsplit("-", 1)[0]]
        OrgUnit.objects.bulk_update(districts, ["closed_on", "successor"])
        versions += [
            OrgUnitVersion(
                unit=by_code[code],
                name=name,
                parent=by_code[parent.rsplit("-", 1)[0]],
                valid_from=REFORM,
            )
            for code, level, parent, name in rows
            if level == 2
        ]
    OrgUnitVersion.objects.bulk_create(versions, batch_size=5000)


def timed(label: str, runs: int, call) -> None:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<44} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--restructure", action="store_true")
    parser.add_argument("--clean", action="store_true")
    args = parser.parse_args()
    clean()
    if args.clean:
        return
    build(args.restructure)
    print(
        f"{units().count()} units, {OrgUnitVersion.objects.count()} versions "
        f"on {connection.vendor}, restructured: {args.restructure}",
        flush=True,
    )
    today = selectors.today()
    for label, day in (("today", today), ("31 December 2024", datetime.date(2024, 12, 31))):
        timed(f"org_tree_on, {label}", args.runs, lambda day=day: selectors.org_tree_on(day))
        tree = selectors.org_tree_on(day)
        roots = [node.id for node in selectors.roots_of(tree)]

        def walk(tree=tree, roots=roots):
            for root in roots:
                subtree_totals(tree, root, {})

        timed(f"subtree_totals of every root, {label}", args.runs, walk)
    clean()


if __name__ == "__main__":
    main()
