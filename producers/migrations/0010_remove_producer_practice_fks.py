from django.db import migrations


class Migration(migrations.Migration):
    # Who a practice shop belongs to now lives with the practice shop (mentoring's
    # PracticeSeat, whose migration copies these columns and runs before this one).
    dependencies = [
        ("producers", "0009_producer_is_sandbox"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="producer",
            name="one_practice_shop_per_trainee",
        ),
        migrations.RemoveField(
            model_name="producer",
            name="practice_member",
        ),
        migrations.RemoveField(
            model_name="producer",
            name="practice_session",
        ),
    ]
