"""PostgreSQL only: trigram indexes for the search documents, and an immutable unaccent.

unaccent() is STABLE (its dictionary could change), so PostgreSQL refuses it in an index.
chophien_fold() wraps it with the dictionary named explicitly and is declared IMMUTABLE, the
documented way round; if the unaccent rules ever change, REINDEX the index that uses it.
On SQLite (and any other database) this migration does nothing.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE OR REPLACE FUNCTION chophien_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    """,
    # Matching and typo similarity on the folded document text (LIKE '% word' and %>).
    "CREATE INDEX IF NOT EXISTS search_doc_text_trgm ON search_productsearchdocument "
    "USING gin (text_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_doc_title_trgm ON search_productsearchdocument "
    "USING gin (title_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_page_text_trgm ON search_pagesearchdocument "
    "USING gin (text_folded gin_trgm_ops)",
    # Autocomplete reads product titles straight from Oscar's table, folded by the database.
    "CREATE INDEX IF NOT EXISTS catalogue_product_title_fold_trgm ON catalogue_product "
    "USING gin (chophien_fold(title) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_product_title_fold_trgm",
    "DROP INDEX IF EXISTS search_page_text_trgm",
    "DROP INDEX IF EXISTS search_doc_title_trgm",
    "DROP INDEX IF EXISTS search_doc_text_trgm",
    "DROP FUNCTION IF EXISTS chophien_fold(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_documents"),
        ("catalogue", "0035_product_listing_fields_and_ocop"),
    ]

    operations = [migrations.RunPython(forward, backward)]
