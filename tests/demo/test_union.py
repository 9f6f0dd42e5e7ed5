"""The mentoring part of `load_demo_data`: Lào Cai's union tree and roster, loaded once however
often the command runs, with the demo mentor on a district and the demo staff seeing all."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from core.places import LAO_CAI_DISTRICTS
from mentoring import selectors
from mentoring.models import (
    Activity,
    Attendance,
    FunnelStage,
    KpiSnapshot,
    Member,
    MemberStage,
    OrgUnit,
    OrgUnitRole,
    Target,
    Team,
    Topic,
    TrainingSession,
    TriState,
)
from producers.models import Producer

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            OrgUnit,
            Member,
            TrainingSession,
            Attendance,
            Activity,
            Team,
            Target,
            OrgUnitRole,
            KpiSnapshot,
        )
    }


@override_settings(DEBUG=True)
def test_loading_twice_adds_nothing_and_gives_the_mentor_a_district(
    demo_data_with_accounts, settings
):
    first = _counts()  # after the first load: the shared demo world (tests/support/worlds.py)
    call_command("load_demo_data", verbosity=0)
    assert _counts() == first

    # One member per producer of the old Lào Cai (the tree of 2023–2025; see below).
    old_lao_cai = Producer.objects.filter(former_district__parent__code="10")
    assert first["Member"] == settings.DEMO_MEMBERS + old_lao_cai.count()
    districts = OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT)
    assert districts.count() == len(LAO_CAI_DISTRICTS)
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DIRECT).count() == 1
    mentor = User.objects.get(email="mentor@example.com")
    role = OrgUnitRole.objects.get(user=mentor)
    assert role.org_unit.kind == OrgUnit.Kind.DISTRICT
    assert mentor.groups.filter(name="Mentors").exists()
    assert Member.objects.filter(mentor=mentor).exists()

    visible = selectors.members_visible_to(mentor)
    assert 0 < visible.count() < first["Member"]
    producer = Producer.objects.get(partner__users__email="producer@example.com")
    assert visible.filter(producer=producer).exists()  # the demo producer is a mentee's

    staff = User.objects.get(email="staff@example.com")
    assert selectors.can_see_everything(staff)

    # The mentor's union reported its last two quarters: the older approved by the staff.
    reports = KpiSnapshot.objects.order_by("year", "quarter")
    assert [report.status for report in reports] == ["approved", "submitted"]
    assert {report.org_unit for report in reports} == {role.org_unit}
    assert reports[0].decided_by == staff and reports[0].submitted_by == mentor
    assert all(len(report.figures) == 6 for report in reports)


@pytest.mark.usefixtures("demo_data")
def test_every_demo_producer_is_a_trained_member():
    # The union's demo tree is the old Lào Cai's (2023–2025); the former Yên Bái's unions
    # join it with the restructure of 1 July 2025 (issue 24).
    producers = Producer.objects.filter(former_district__parent__code="10")
    linked = Member.objects.filter(producer__in=producers)
    assert linked.count() == producers.count()
    trained = linked.filter(trainings__topic=Topic.ECOMMERCE).distinct()
    assert trained.count() == producers.count()
    # The funnel is computed at load time: every demo producer's member reached "trained".
    trained_stage = MemberStage.objects.filter(member__in=linked, stage=FunnelStage.TRAINED)
    assert trained_stage.count() == producers.count()


@pytest.mark.usefixtures("demo_data")
def test_the_roster_has_plausible_shares_and_every_district_its_activities():
    members = Member.objects.filter(producer__isnull=True)
    total = members.count()

    def share(**where):
        return members.filter(**where).count() / total

    assert 0.08 < share(has_specialty_product=TriState.YES) < 0.25
    assert 0.35 < share(uses_public_services=TriState.YES) < 0.65
    assert 0.55 < share(has_epayment_account=TriState.YES) < 0.85
    assert set(members.values_list("birth_year", flat=True)) <= set(range(1990, 2009))
    for union in OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT):
        assert union.activities.count() >= 2
    assert Team.objects.filter(kind=Team.Kind.CORE).count() == 12
    assert Team.objects.filter(kind=Team.Kind.COMMUNITY, youth_members__isnull=False).exists()


@pytest.mark.usefixtures("demo_data")
def test_no_mentoring_accounts_without_debug():
    assert Member.objects.exists()
    assert not OrgUnitRole.objects.exists()
