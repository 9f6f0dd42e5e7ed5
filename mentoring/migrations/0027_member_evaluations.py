"""Members' annual evaluation (issue 27, item 6): one classification per member and year."""

from django.conf import settings
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0026_activity_participants"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MemberEvaluation',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('grade', models.CharField(choices=[('excellent', 'Completed duties excellently'), ('good', 'Completed duties well'), ('completed', 'Completed duties'), ('not_completed', 'Did not complete duties')], max_length=20, verbose_name='classification')),
                ('source', models.CharField(choices=[('roster', 'Roster import'), ('admin', 'Entered by a mentor')], default='admin', editable=False, max_length=10, verbose_name='source')),
                ('recorded_at', models.DateTimeField(auto_now=True)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='mentoring.member', verbose_name='member')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'annual evaluation',
                'verbose_name_plural': 'annual evaluations',
                'ordering': ['-year'],
                'constraints': [models.UniqueConstraint(fields=('member', 'year'), name='one_evaluation_per_member_year', violation_error_message='This member already has a classification for that year.')],
            },
        ),
    ]
