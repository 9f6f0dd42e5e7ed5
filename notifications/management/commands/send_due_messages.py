from django.core.management.base import BaseCommand

from notifications.delivery import messages_due_send


class Command(BaseCommand):
    help = (
        "Try again the SMS and Zalo messages whose back-off has passed (run it each minute "
        "from cron when tasks run immediately; with a task worker it catches lost tasks)."
    )

    def handle(self, *args, **options):
        count = messages_due_send()
        self.stdout.write(f"{count} message(s) attempted")
