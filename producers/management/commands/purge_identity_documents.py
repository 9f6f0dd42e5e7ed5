"""Delete the photos and PDFs of seller identity documents once the period the settings keep
them (CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS after staff decided) has passed; each deletion is
recorded on the identification and in the audit trail. Run it daily from cron:
    python manage.py purge_identity_documents
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from producers.identification import identity_documents_purge


class Command(BaseCommand):
    help = "Delete identity documents kept longer than CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS."

    def handle(self, *args, **options):
        deleted = identity_documents_purge()
        self.stdout.write(
            f"{deleted} identity document(s) deleted "
            f"(kept {settings.CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS} days after the decision)"
        )
