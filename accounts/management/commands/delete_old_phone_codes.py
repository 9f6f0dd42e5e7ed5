"""Delete the records of asks for phone codes once no limit counts them (accounts.otp). Run it
daily from cron:
    python manage.py delete_old_phone_codes --hours 24
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from accounts.otp import phone_codes_forget


class Command(BaseCommand):
    help = "Delete asks for phone codes older than --hours (at least 1)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        deleted = phone_codes_forget(older_than=timedelta(hours=hours))
        self.stdout.write(f"{deleted} old phone code(s) deleted")
