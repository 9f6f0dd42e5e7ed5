"""Teams as records (issue 27, item 3): their members (union members by link, residents by
name), the dated rule for "youth at the core" (the Youth Law's 30 years, half the team, a
youth leader), and the mentors' old tick kept as "reported, not evidenced": it counts apart
until the team has its leader recorded. The youth members a mentor had ticked become the
team's members (role: member), so nothing typed in is lost."""

import datetime

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def youth_members_to_team_members(apps, schema_editor):
    Team = apps.get_model("mentoring", "Team")
    TeamMember = apps.get_model("mentoring", "TeamMember")
    through = Team.youth_members.through
    TeamMember.objects.bulk_create(
        TeamMember(team_id=row.team_id, member_id=row.member_id, role="member")
        for row in through.objects.all()
    )


def team_members_to_youth_members(apps, schema_editor):
    Team = apps.get_model("mentoring", "Team")
    TeamMember = apps.get_model("mentoring", "TeamMember")
    through = Team.youth_members.through
    through.objects.bulk_create(
        through(team_id=row.team_id, member_id=row.member_id)
        for row in TeamMember.objects.filter(member__isnull=False)
    )


def add_rule(apps, schema_editor):
    YouthCoreRule = apps.get_model("mentoring", "YouthCoreRule")
    if not YouthCoreRule.objects.exists():
        YouthCoreRule.objects.create(
            valid_from=datetime.date(2000, 1, 1),
            youth_age_limit=30,
            youth_share=50,
            leader_must_be_youth=True,
        )


def grant_to_staff(apps, schema_editor):
    from marketplace.permissions import create_all_permissions

    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Provincial staff (mentoring)").first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="mentoring", codename__endswith="_youthcorerule"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0024_member_data_basis"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamMember',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(blank=True, help_text='For someone not on the roster.', max_length=200, verbose_name='full name')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                ('birth_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1940), django.core.validators.MaxValueValidator(2020)], verbose_name='birth year')),
                ('role', models.CharField(choices=[('leader', 'Leader'), ('member', 'Member')], default='member', max_length=10, verbose_name='role')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='team_places', to='mentoring.member', verbose_name='union member')),
                ('team', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='mentoring.team')),
                ('trainings', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='mentoring.trainingsession', verbose_name='trainings attended')),
            ],
            options={
                'verbose_name': 'team member',
                'verbose_name_plural': 'team members',
                'ordering': ['role', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('team', 'member'), name='team_member_listed_once')],
            },
        ),
    
        migrations.CreateModel(
            name='YouthCoreRule',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, help_text='Included. Empty: until changed.', null=True, verbose_name='valid until')),
                ('youth_age_limit', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(16), django.core.validators.MaxValueValidator(60)], verbose_name='youth up to age')),
                ('youth_share', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='share of youth needed (%)')),
                ('leader_must_be_youth', models.BooleanField(default=True, verbose_name='the leader must be youth')),
            ],
            options={
                'verbose_name': 'youth-at-the-core rule',
                'verbose_name_plural': 'youth-at-the-core rules',
                'ordering': ['valid_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='youth_core_rule_ends_after_it_starts', violation_error_message='The end date comes after the start date.')],
            },
        ),
        migrations.RunPython(youth_members_to_team_members, team_members_to_youth_members),
        migrations.RunPython(add_rule, migrations.RunPython.noop),
        migrations.RunPython(grant_to_staff, migrations.RunPython.noop),
        migrations.RenameField("team", "youth_at_core", "youth_at_core_reported"),
        migrations.AlterField(
            model_name='team',
            name='youth_at_core_reported',
            field=models.BooleanField(default=False, editable=False, verbose_name='youth at the core (reported, not evidenced)'),
        ),
        migrations.RemoveField(
            model_name='team',
            name='youth_members',
        ),
        migrations.RemoveField(
            model_name='team',
            name='size',
        ),
    ]
