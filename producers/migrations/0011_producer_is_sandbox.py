from django.db import migrations, models


def sandbox_from_practice(apps, schema_editor):
    """Every practice shop of a training so far is a sandbox shop."""
    Producer = apps.get_model("producers", "Producer")
    Producer.objects.filter(practice_session__isnull=False).update(is_sandbox=True)


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0010_remove_productimport_for_member"),
    ]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="is_sandbox",
            field=models.BooleanField(
                default=False,
                help_text="A shop for practising: never public, never reviewed, paid only by test card.",
                verbose_name="sandbox shop",
            ),
        ),
        migrations.RunPython(sandbox_from_practice, migrations.RunPython.noop),
    ]
