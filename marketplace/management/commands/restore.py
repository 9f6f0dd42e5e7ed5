"""`manage.py restore`: replace the database, the media and the private media with a backup's."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.backups import BackupError, backup_latest, backup_restore, backup_root


class Command(BaseCommand):
    help = (
        "Replace the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT with a backup made by "
        "`manage.py backup` (the newest under settings.BACKUP_ROOT unless a folder is given). "
        "Stop the site first. Every checksum is checked before anything is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="The backup folder to restore.")
        parser.add_argument(
            "--dir", type=Path, help="Restore the newest backup in this folder instead."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path=None, dir=None, interactive=True, **options):  # noqa: A002
        try:
            path = path or backup_latest(root=dir or backup_root())
            if interactive:
                answer = input(
                    f"This replaces ALL current data (database, media, private media) with "
                    f"{path}. Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            started = time.monotonic()
            manifest = backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {path} (made {manifest['created']}) in {time.monotonic() - started:.1f} s."
        )
