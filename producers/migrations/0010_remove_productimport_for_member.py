# Which member a draft's import was for is mentoring's now (mentoring.MemberProductImport,
# copied by mentoring's migration 0011, which runs before this one).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0009_productimport_for_draft"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="productimport",
            name="for_member",
        ),
    ]
