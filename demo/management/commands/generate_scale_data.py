from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.scale import (
    SIZES,
    planned_counts,
    scale_data_delete,
    scale_data_generate,
)


class Command(BaseCommand):
    help = (
        "Generate a province's or the whole country's members, producers, products and "
        "orders with bulk inserts, for benchmarks (see docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="province")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every count by this factor (e.g. 0.001 for a quick test)",
        )
        parser.add_argument("--batch", type=int, default=5000, help="rows per INSERT")
        parser.add_argument(
            "--password", default=settings.DEMO_PASSWORD, help="of the two benchmark accounts"
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete earlier scale data first"
        )
        parser.add_argument("--delete", action="store_true", help="delete scale data and stop")

    def handle(self, *args, size, scale, batch, password, replace, delete, **options):
        from marketplace.partner.models import Partner

        def log(message):
            self.stdout.write(message)

        if delete:
            scale_data_delete(log=log)
            return
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        if Partner.objects.filter(code__startswith="scale-").exists():
            if not replace:
                raise CommandError(
                    "Scale data is already there: add --replace to delete it and generate "
                    "it again, or --delete to delete it only."
                )
            scale_data_delete(log=log)
        planned = planned_counts(size, scale)
        log(
            f"{size} ×{scale}: {planned.members:,} members, {planned.producers:,} producers, "
            f"{planned.products:,} products, {planned.orders:,} orders"
        )
        scale_data_generate(size=size, scale=scale, password=password, batch=batch, log=log)
