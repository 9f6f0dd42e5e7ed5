"""Load or refresh Vietnam's administrative units from the pinned package's data.

After an official change: bump vietnamadminunits in requirements.in/.txt, install, run this.
Idempotent; everything in one transaction."""

from django.core.management.base import BaseCommand

from places.services import admin_units_load
from places.sources import compare_with_vietnam_provinces, read_source


class Command(BaseCommand):
    help = "Load or refresh the administrative units (provinces, districts, communes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--compare",
            action="store_true",
            help="Also compare the new map with vietnam-provinces' and print where they differ.",
        )

    def handle(self, *args, compare=False, **options):
        source = read_source()
        report = admin_units_load(source=source)
        for label, counts in (("units", report.units), ("successions", report.successions)):
            self.stdout.write(
                f"{label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
                + (
                    f", {counts.not_in_source} not in the source (left as they are)"
                    if counts.not_in_source
                    else ""
                )
            )
        self.stdout.write(f"source: {report.package} {report.version}")
        if compare:
            diff = compare_with_vietnam_provinces(source)
            (ours, theirs), (our_provinces, their_provinces) = diff["communes"], diff["provinces"]
            equal = "equal" if diff["per_province_counts_equal"] else "DIFFER"
            self.stdout.write(
                f"vietnam-provinces {diff['vietnam_provinces_version']}: communes {ours} vs "
                f"{theirs}, provinces {our_provinces} vs {their_provinces}, "
                f"per-province counts {equal}, "
                f"{len(diff['codes_only_in_source'])} codes only in the source, "
                f"{len(diff['codes_only_in_vietnam_provinces'])} only in vietnam-provinces, "
                f"{len(diff['names_differ'])} names differ for the same code"
            )
            for code, ours, theirs in diff["names_differ"]:
                self.stdout.write(f"  {code}: {ours} / vietnam-provinces: {theirs}")
