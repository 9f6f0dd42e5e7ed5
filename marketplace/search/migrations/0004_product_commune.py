from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_communes(apps, schema_editor):
    """Existing documents get their producer's commune now, so the facet is complete
    without waiting for each product's next save (or a `rebuild_search_documents`)."""
    Document = apps.get_model("search", "ProductSearchDocument")
    Producer = apps.get_model("producers", "Producer")
    names = Producer.objects.filter(pk=OuterRef("producer_id"), commune__isnull=False)
    Document.objects.filter(producer__commune__isnull=False).update(
        commune=Subquery(names.values("commune__full_name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0038_product_origin_unit"),
        ("producers", "0015_product_origin_link"),
        ("search", "0003_search_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="productsearchdocument",
            name="commune",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddIndex(
            model_name="productsearchdocument",
            index=models.Index(fields=["is_listed", "commune"], name="search_doc_commune"),
        ),
        migrations.RunPython(fill_communes, migrations.RunPython.noop),
    ]
