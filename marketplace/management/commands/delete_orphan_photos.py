"""Delete product photo files that no product refers to.

A product import writes its photos while its transaction is open; if the process is killed
before the end (a server stopped, a worker killed for taking too long), the transaction is
rolled back but the files stay, and nothing else would ever delete them. Run it daily from
cron:
    python manage.py delete_orphan_photos --hours 24
Only files older than --hours are deleted, so an import still running keeps its photos.
"""

import datetime
import posixpath

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone
from oscar.apps.catalogue.models import ProductAttributeValue

from marketplace.catalogue.models import ProductImage

FOLDER = "images/products"  # the fixed part of OSCAR_IMAGE_FOLDER ("images/products/%Y/%m/")


def orphan_photos(*, older_than: datetime.datetime, storage=default_storage) -> list[str]:
    """Names of the files under FOLDER that no product photo or attribute refers to."""
    used = set(ProductImage.objects.values_list("original", flat=True))
    for field in ("value_image", "value_file"):
        used.update(
            ProductAttributeValue.objects.exclude(**{f"{field}__in": ["", None]}).values_list(
                field, flat=True
            )
        )
    orphans = []
    folders = [FOLDER]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders.extend(posixpath.join(folder, name) for name in subfolders)
        for name in files:
            path = posixpath.join(folder, name)
            if path not in used and storage.get_modified_time(path) < older_than:
                orphans.append(path)
    return sorted(orphans)


class Command(BaseCommand):
    help = "Delete product photo files no product refers to, older than --hours."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true", help="List them, delete nothing.")

    def handle(self, *args, hours, dry_run, **options):
        orphans = orphan_photos(older_than=timezone.now() - datetime.timedelta(hours=hours))
        for path in orphans:
            if not dry_run:
                default_storage.delete(path)
            self.stdout.write(path)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{len(orphans)} orphan photo files {verb}.")
