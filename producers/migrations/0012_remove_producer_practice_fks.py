from django.db import migrations


class Migration(migrations.Migration):
    # Who a sandbox shop was made for now lives with the app that makes such shops (its seat
    # table's migration copies these columns and says, with run_before, that it runs first).
    dependencies = [
        ("producers", "0011_producer_is_sandbox"),
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
