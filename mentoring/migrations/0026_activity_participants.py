"""Activities with who came (issue 27, item 4): the members who came (`attendees`), the old
head count kept as `other_participants`, the evidence files (private storage), and the new
kinds, the old "campaign" becoming "volunteer support". An activity with no recorded
participant no longer counts toward the "activities a year" target: the admin says so."""

import core.storage
import mentoring.activity_files
import mentoring.models.trainings
import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def campaign_to_volunteer(apps, schema_editor):
    Activity = apps.get_model("mentoring", "Activity")
    Activity.objects.filter(kind="campaign").update(kind="volunteer")


def volunteer_to_campaign(apps, schema_editor):
    Activity = apps.get_model("mentoring", "Activity")
    Activity.objects.filter(kind__in=["volunteer", "digital_space", "livestream"]).update(
        kind="campaign"
    )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0025_teams_as_records")]

    operations = [
        migrations.RenameField("activity", "participants", "other_participants"),
        migrations.AlterField(
            model_name='activity',
            name='other_participants',
            field=models.PositiveIntegerField(default=0, help_text='People who came and are not listed as members: residents, guests.', verbose_name='other participants'),
        ),
        migrations.AddField(
            model_name='activity',
            name='attendees',
            field=models.ManyToManyField(blank=True, related_name='activities', to='mentoring.member', verbose_name='participants'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='kind',
            field=models.CharField(choices=[('training', 'Training'), ('contest', 'Contest'), ('digital_space', 'Digital-space session'), ('volunteer', 'Volunteer support'), ('livestream', 'Livestream selling practice')], max_length=20, verbose_name='kind'),
        ),
        migrations.RunPython(campaign_to_volunteer, volunteer_to_campaign),
        migrations.CreateModel(
            name='ActivityEvidence',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('photo', 'Photo'), ('sign_in', 'Sign-in sheet')], default='photo', max_length=10, verbose_name='kind')),
                ('file', models.FileField(help_text='A photo (JPEG, PNG, WebP, HEIC) or a PDF, up to 15 MB.', storage=core.storage.private_storage, upload_to=mentoring.models.trainings._evidence_path, validators=[mentoring.activity_files.evidence_file_check], verbose_name='file')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('activity', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='mentoring.activity')),
            ],
            options={
                'verbose_name': 'evidence',
                'verbose_name_plural': 'evidence',
            },
        ),
    ]
