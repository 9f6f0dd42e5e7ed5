import django.db.models.deletion
from django.db import migrations, models


def seats_from_producers(apps, schema_editor):
    """Each practice producer's training and trainee, from the producer's old columns."""
    Producer = apps.get_model("producers", "Producer")
    PracticeSeat = apps.get_model("mentoring", "PracticeSeat")
    PracticeSeat.objects.bulk_create(
        PracticeSeat(
            session_id=session_id,
            member_id=member_id,
            producer_id=producer_id,
        )
        for producer_id, session_id, member_id in Producer.objects.filter(
            practice_session__isnull=False
        ).values_list("pk", "practice_session_id", "practice_member_id")
    )


def producers_from_seats(apps, schema_editor):
    Producer = apps.get_model("producers", "Producer")
    PracticeSeat = apps.get_model("mentoring", "PracticeSeat")
    for seat in PracticeSeat.objects.all():
        Producer.objects.filter(pk=seat.producer_id).update(
            practice_session_id=seat.session_id,
            practice_member_id=seat.member_id,
            is_sandbox=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0011_member_product_imports"),
        ("producers", "0011_producer_is_sandbox"),
    ]
    # The copy needs the producers' old columns: it runs before producers drops them, and
    # the order is said here so that producers' migrations never name mentoring.
    run_before = [
        ("producers", "0012_remove_producer_practice_fks"),
    ]

    operations = [
        migrations.CreateModel(
            name="PracticeSeat",
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
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="practice_seats",
                        to="mentoring.member",
                        verbose_name="trainee",
                    ),
                ),
                (
                    "producer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="practice_seat",
                        to="producers.producer",
                        verbose_name="producer",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seats",
                        to="mentoring.practicesession",
                        verbose_name="practice shop of",
                    ),
                ),
            ],
            options={
                "verbose_name": "practice seat",
                "verbose_name_plural": "practice seats",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("session", "member"), name="one_practice_seat_per_trainee"
                    )
                ],
            },
        ),
        migrations.RunPython(seats_from_producers, producers_from_seats),
    ]
