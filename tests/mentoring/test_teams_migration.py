"""Migrations 0025 and 0026 keep what mentors typed before teams and activities became
records: a ticked "youth are its core" becomes "reported, not evidenced" (counted apart,
never as youth at the core), the youth members ticked become the team's members, the old
head count stays as others who came, and the old "campaign" kind becomes volunteer support."""

import pytest
from django.db import connection

from tests.factories.mentoring import make_lao_cai, make_member
from tests.support.migrations import latest_migrations_afterwards, migrate_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("mentoring", "0024_member_data_basis")]
AFTER = [("mentoring", "0026_activity_participants")]


def test_ticks_stay_as_reported_not_evidenced_and_head_counts_stop_counting(tmp_path):
    tree = make_lao_cai()
    mai = make_member(unit=tree["y_ty"])
    try:
        with latest_migrations_afterwards(tmp_path):
            old = migrate_to(BEFORE)
            Team = old.get_model("mentoring", "Team")
            Activity = old.get_model("mentoring", "Activity")
            ticked = Team.objects.create(
                kind="community",
                name="Tổ đã đánh dấu",
                org_unit_id=tree["y_ty"].pk,
                size=9,
                youth_at_core=True,
            )
            ticked.youth_members.add(mai.pk)
            plain = Team.objects.create(kind="community", name="Tổ", org_unit_id=tree["y_ty"].pk)
            campaign = Activity.objects.create(
                kind="campaign",
                title="Chiến dịch",
                held_on="2025-05-01",
                org_unit_id=tree["y_ty"].pk,
                participants=40,
            )

            new = migrate_to(AFTER)
            Team = new.get_model("mentoring", "Team")
            TeamMember = new.get_model("mentoring", "TeamMember")
            Activity = new.get_model("mentoring", "Activity")
            YouthCoreRule = new.get_model("mentoring", "YouthCoreRule")
            assert dict(Team.objects.values_list("pk", "youth_at_core_reported")) == {
                ticked.pk: True,
                plain.pk: False,
            }
            assert list(TeamMember.objects.values_list("team_id", "member_id", "role")) == [
                (ticked.pk, mai.pk, "member")  # no leader: not filled in, the tick still speaks
            ]
            activity = Activity.objects.get(pk=campaign.pk)
            assert (activity.kind, activity.other_participants) == ("volunteer", 40)
            assert not activity.attendees.exists()  # no participant recorded: not counted
            rule = YouthCoreRule.objects.get()
            assert (rule.youth_age_limit, rule.youth_share, rule.leader_must_be_youth) == (
                30,
                50,
                True,
            )
    finally:
        _sequences_follow_the_rows()


def _sequences_follow_the_rows():
    """The tables 0021 and 0022 made were dropped and made again, their id sequences anew:
    set them past the rows kept (as the rule of 0021), so later inserts do not collide on
    PostgreSQL."""
    from django.apps import apps
    from django.core.management.color import no_style

    models = [
        apps.get_model("mentoring", name)
        for name in ("YouthCoreRule", "TeamMember", "ActivityEvidence", "Team", "Activity")
    ]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
