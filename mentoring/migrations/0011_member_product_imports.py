import django.db.models.deletion
from django.db import migrations, models


def copy_for_member(apps, schema_editor):
    """ProductImport.for_member (producers) becomes a MemberProductImport row (mentoring)."""
    ProductImport = apps.get_model("producers", "ProductImport")
    MemberProductImport = apps.get_model("mentoring", "MemberProductImport")
    MemberProductImport.objects.bulk_create(
        MemberProductImport(product_import_id=pk, member_id=member_id)
        for pk, member_id in ProductImport.objects.filter(for_member__isnull=False).values_list(
            "pk", "for_member_id"
        )
    )


def copy_back(apps, schema_editor):
    ProductImport = apps.get_model("producers", "ProductImport")
    MemberProductImport = apps.get_model("mentoring", "MemberProductImport")
    for pk, member_id in MemberProductImport.objects.values_list("product_import_id", "member_id"):
        ProductImport.objects.filter(pk=pk).update(for_member_id=member_id)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0010_member_accounts"),
        ("producers", "0009_productimport_for_draft"),
    ]
    # The ordering is mentoring's to state: producers' migrations never name mentoring.
    run_before = [
        ("producers", "0010_remove_productimport_for_member"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberProductImport",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="product_imports",
                        to="mentoring.member",
                        verbose_name="member",
                    ),
                ),
                (
                    "product_import",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="drafted_for",
                        to="producers.productimport",
                    ),
                ),
            ],
            options={
                "verbose_name": "product import for a member",
                "verbose_name_plural": "product imports for members",
            },
        ),
        migrations.RunPython(copy_for_member, copy_back),
    ]
