"""Which database a query goes to, when that is not simply "default"."""

from django.conf import settings


def reporting_database() -> str:
    """The alias for heavy read-only reports: the read replica when DATABASE_REPLICA_URL is
    set (a few seconds behind, which a report tolerates), else the one database."""
    return "replica" if "replica" in settings.DATABASES else "default"
