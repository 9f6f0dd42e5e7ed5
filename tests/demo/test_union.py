"""The mentoring part of `load_demo_data`: Lào Cai's union tree and roster, loaded once however
often the command runs, with the demo mentor on a district and the demo staff seeing all, and
the tree's history: the unions of 2020-2025 restructured on 1 July 2025 by the union's own
service into today's commune unions under the merged province."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from demo.union import DEMO_SHOPS
from mentoring import selectors, teams
from mentoring.models import (
    Activity,
    Attendance,
    FunnelStage,
    KpiSnapshot,
    Member,
    MemberEvaluation,
    MemberStage,
    OnlineShop,
    OrgUnit,
    OrgUnitRole,
    ShopCheck,
    Target,
    Team,
    Topic,
    TrainingSession,
    TriState,
)
from places.models import BEFORE_REFORM_2025, REFORM_2025, AdministrativeUnit
from places.selectors import unit_on
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
            OnlineShop,
            ShopCheck,
        )
    }


@override_settings(DEBUG=True)
def test_loading_twice_adds_nothing_and_gives_the_mentor_a_district(
    demo_data_with_accounts, settings
):
    first = _counts()  # after the first load: the shared demo world (tests/support/worlds.py)
    call_command("load_demo_data", verbosity=0)
    assert _counts() == first

    assert first["Member"] == settings.DEMO_MEMBERS + Producer.objects.count()
    # One district-level union per district of former Lào Cai and Yên Bái (the places app's
    # units), each closed on the day the districts ended.
    old_districts = AdministrativeUnit.objects.on(BEFORE_REFORM_2025).filter(
        level=AdministrativeUnit.Level.DISTRICT, parent__code__in=["10", "15"]
    )
    districts = OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT)
    assert districts.count() == old_districts.count() == 18
    assert set(districts.values_list("closed_on", flat=True)) == {REFORM_2025}
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DIRECT).count() == 1
    mentor = User.objects.get(email="mentor@example.com")
    roles = OrgUnitRole.objects.filter(user=mentor).select_related("org_unit")
    # The mentor's district union closed; the restructure handed the role on to its unions.
    assert {role.org_unit.kind for role in roles} == {
        OrgUnit.Kind.DISTRICT,
        OrgUnit.Kind.GRASSROOTS,
    }
    role = roles.get(org_unit__kind=OrgUnit.Kind.DISTRICT)
    assert mentor.groups.filter(name="Mentors").exists()
    assert Member.objects.filter(mentor=mentor).exists()

    visible = selectors.members_visible_to(mentor)
    assert 0 < visible.count() < first["Member"]
    tree = selectors.org_tree_on(BEFORE_REFORM_2025)
    before = selectors.members_in_units_on(
        selectors.subtree_ids(tree, [role.org_unit_id]), BEFORE_REFORM_2025
    )
    assert set(visible) == set(before)  # the same members as before the reform
    producer = Producer.objects.get(partner__users__email="producer@example.com")
    assert visible.filter(producer=producer).exists()  # the demo producer is a mentee's

    staff = User.objects.get(email="staff@example.com")
    assert selectors.can_see_everything(staff)

    # The mentor's union reported the last two quarters before the reform: the older approved.
    reports = KpiSnapshot.objects.order_by("year", "number")
    assert [report.status for report in reports] == ["approved", "submitted"]
    assert {report.org_unit for report in reports} == {role.org_unit}
    assert reports[0].decided_by == staff and reports[0].submitted_by == mentor
    assert all(len(report.figures) == 6 for report in reports)

    # A few mentees sell on other platforms (as many as the test roster gives the mentor):
    # shops checked by the mentor, and the last one not yet.
    shops = OnlineShop.objects.filter(member__mentor=mentor)
    expected = DEMO_SHOPS[: shops.count()]
    assert shops.count() >= 2
    assert set(shops.values_list("url", flat=True)) == {url for url, _checked in expected}
    assert first["ShopCheck"] == sum(checked for _url, checked in expected) > 0


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
        assert not union.activities.filter(held_on__gte=REFORM_2025).exists()
    assert Team.objects.filter(kind=Team.Kind.CORE).count() == 12
    assert Team.objects.filter(kind=Team.Kind.COMMUNITY, members__isnull=False).exists()
    # Two community teams filled in (one with youth at the core, one not); the others keep
    # their old tick as "reported, not evidenced"; most activities have who came.
    community = teams.team_counts(Team.objects.filter(kind=Team.Kind.COMMUNITY), selectors.today())
    assert sorted(str(teams.at_core(team)) for team in community if team.leaders) == [
        "False",
        "True",
    ]
    assert Activity.objects.filter(attendees__isnull=False).exists()
    assert Activity.objects.filter(attendees__isnull=True).exists()
    assert MemberEvaluation.objects.exists()


@pytest.mark.usefixtures("demo_data")
def test_the_tree_was_restructured_on_1_july_2025_into_todays_communes():
    province = OrgUnit.objects.get(code="lc")
    yen_bai = OrgUnit.objects.get(code="yb")
    assert (yen_bai.closed_on, yen_bai.successor) == (REFORM_2025, province)
    today = selectors.org_tree_on()
    assert not [node for node in today.values() if node.kind == OrgUnit.Kind.DISTRICT]
    # Today's commune unions sit under the province, one per commune of today, named after it.
    communes_today = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            parent=unit_on("15", level=AdministrativeUnit.Level.PROVINCE)
        )
    }
    commune_unions = [
        node for node in today.values() if node.code.removeprefix("lc-") in communes_today
    ]
    assert len(commune_unions) > 20
    for node in commune_unions:
        assert node.parent_id == province.pk
        assert node.name.endswith(communes_today[node.code.removeprefix("lc-")].name)
    # Nothing is left on a closed unit: members moved; the teams formed before the reform
    # stay where they were formed (their unit is not dated), each carried by a unit of today.
    assert not Member.objects.exclude(org_unit_id__in=today).exists()
    carried = {closed for node in today.values() for closed in node.absorbed}
    assert not Team.objects.exclude(org_unit_id__in={*today, *carried}).exists()
    assert Team.objects.filter(org_unit_id__in=carried).exists()
    # Before the reform, the tree was as it was: 18 district-level unions, Yên Bái's own.
    then = selectors.org_tree_on(BEFORE_REFORM_2025)
    assert len([n for n in then.values() if n.kind == OrgUnit.Kind.DISTRICT]) == 18
    assert yen_bai.pk in then and not any(n.code.startswith("lc-0") for n in then.values())
    # Members per unit before the reform add up to the same total as today.
    everyone = Member.objects.count()
    assert selectors.members_in_units_on(then, BEFORE_REFORM_2025).count() == everyone


@pytest.mark.usefixtures("demo_data")
def test_no_mentoring_accounts_without_debug():
    assert Member.objects.exists()
    assert not OrgUnitRole.objects.exists()
