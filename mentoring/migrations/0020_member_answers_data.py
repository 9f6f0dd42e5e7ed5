"""Today's answers become evidence: every known answer on the roster ("yes" or "no" to online
public services or to an e-payment account) becomes a MemberAnswer from the source "roster
import", dated as recorded (a member's creation day when the roster gave no date). The
Member fields keep the same values: they are the current answer, the latest record.

The "Volunteers" group (assisted sign-up log only, for the units their role names) is
created; mentors and provincial staff get the log's permissions too."""

from django.db import migrations
from django.utils import timezone

from marketplace.permissions import create_all_permissions

MENTORS = "Mentors"  # migration 0002
STAFF = "Provincial staff (mentoring)"
VOLUNTEERS = "Volunteers"
QUESTIONS = {
    "public_services": ("uses_public_services", "public_services_recorded_on"),
    "epayment": ("has_epayment_account", "epayment_recorded_on"),
}
LOG = ["add_assistedsignup", "change_assistedsignup", "view_assistedsignup"]


def answers_from_roster(apps, schema_editor):
    Member = apps.get_model("mentoring", "Member")
    MemberAnswer = apps.get_model("mentoring", "MemberAnswer")
    for question, (answer_field, day_field) in QUESTIONS.items():
        members = (
            Member.objects.filter(**{f"{answer_field}__in": ["yes", "no"]})
            .order_by("pk")
            .values_list("pk", answer_field, day_field, "created_at")
        )
        batch = []
        for member_id, answer, day, created_at in members.iterator(chunk_size=2000):
            batch.append(
                MemberAnswer(
                    member_id=member_id,
                    question=question,
                    answer=answer,
                    source="roster",
                    answered_on=day or timezone.localdate(created_at),
                )
            )
            if len(batch) >= 2000:
                MemberAnswer.objects.bulk_create(batch)
                batch = []
        MemberAnswer.objects.bulk_create(batch)


def no_answers(apps, schema_editor):
    apps.get_model("mentoring", "MemberAnswer").objects.filter(source="roster").delete()


def groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    log = Permission.objects.filter(content_type__app_label="mentoring", codename__in=LOG)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    volunteers, _created = Group.objects.get_or_create(name=VOLUNTEERS)
    volunteers.permissions.add(*log, *admin_access)
    mentors = Group.objects.filter(name=MENTORS).first()
    if mentors is not None:
        mentors.permissions.add(
            *log,
            *Permission.objects.filter(
                content_type__app_label="mentoring", codename="view_memberanswer"
            ),
        )
    staff = Group.objects.filter(name=STAFF).first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="mentoring",
                codename__in=[*LOG, "delete_assistedsignup", "view_memberanswer"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0019_member_answers"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(answers_from_roster, no_answers),
        # Going back leaves the Volunteers group and its permissions in place: deleting a group
        # through the historical models fails (their Group is not the collector's), and an
        # unused group is harmless; going forward again finds it (get_or_create).
        migrations.RunPython(groups, migrations.RunPython.noop),
    ]
