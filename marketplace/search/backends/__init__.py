"""The seam: one interface, three engines.

- "database" on SQLite: LIKE on the folded columns of the search documents (no server).
- "database" on PostgreSQL: the same, with trigram GIN indexes and word similarity for typos.
- "wagtail": Wagtail's search framework (OpenSearch/Elasticsearch) over the same documents.

CHOPHIEN_SEARCH_ENGINE picks one; "database" (the default) follows the database in use.
"""

from django.conf import settings
from django.db import connection


def get_engine():
    from marketplace.search.backends.database import DatabaseEngine
    from marketplace.search.backends.postgres import PostgresEngine

    if getattr(settings, "CHOPHIEN_SEARCH_ENGINE", "database") == "wagtail":
        from marketplace.search.backends.wagtail import WagtailEngine

        return WagtailEngine()
    return PostgresEngine() if connection.vendor == "postgresql" else DatabaseEngine()
