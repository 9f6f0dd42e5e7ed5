"""`manage.py backup`: copy the database, the media and the private media into one folder."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.backups import BackupError, backup_create, backup_root


class Command(BaseCommand):
    help = (
        "Back up the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT into a new folder "
        "chophien-<time>/ under --dir (settings.BACKUP_ROOT by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Folder to write the backup into.")

    def handle(self, *args, dir=None, **options):  # noqa: A002  (the option's name)
        started = time.monotonic()
        try:
            summary = backup_create(into=dir or backup_root())
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} in {name}" for name, count in summary.files.items())
        self.stdout.write(
            f"Backup written to {summary.path} in {time.monotonic() - started:.1f} s "
            f"(database {summary.database_bytes} bytes; files: {files})."
        )
