"""Pages are written in Vietnamese and translated into English: both locales must exist."""

from django.db import migrations


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    for code in ("vi", "en"):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_editorial_pages"), ("wagtailcore", "0053_locale_model")]
    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
