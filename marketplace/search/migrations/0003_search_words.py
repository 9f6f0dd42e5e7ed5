"""The vocabulary that typo matching looks up (PostgreSQL), filled from the documents there."""

from django.db import migrations, models

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_searchword "
    "USING gin (word gin_trgm_ops)",
    """
    INSERT INTO search_searchword (word)
    SELECT DISTINCT w
    FROM search_productsearchdocument, regexp_split_to_table(btrim(text_folded), ' ') AS w
    WHERE is_listed AND w <> '' AND w !~ '^[0-9]+$' AND length(w) <= 100
    ON CONFLICT DO NOTHING
    """,
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_trigram_unaccent")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
