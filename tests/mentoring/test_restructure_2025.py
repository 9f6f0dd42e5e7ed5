"""Issue 24's scenario, as a union tried it: on 1 July 2025 the Yên Bái provincial union is
merged into Lào Cai's, the ten district-level unions into the province, and four commune
unions into two, all with the project's own service (mentoring.services.org_unit_merge).

Before the reports read across successors, the 2025 annual report's activities fell 27 → 3
and its target vanished, core teams 13 → 3, community teams 34/43 → 30/39, and nobody could
file a quarterly report any more. Here every figure comes out right and the 2024 figures stay
as they were. What depends on moving records (the mentor of a closed union keeping their
members, the reports left on closed unions) is mentoring.restructure's part of it."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from mentoring import selectors, services
from mentoring.models import (
    Activity,
    FunnelStage,
    Indicator,
    KpiSnapshot,
    Member,
    MemberStage,
    OrgUnit,
    Target,
    Team,
    TeamMember,
    TriState,
)
from mentoring.reporting import dashboard, kpi
from tests.factories.mentoring import make_member, make_unit
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db

CHANGE = datetime.date(2025, 7, 1)
OPENED = datetime.date(2023, 1, 1)
DAY_2024 = datetime.date(2024, 12, 31)
DAY_2025 = datetime.date(2025, 12, 31)
LAO_CAI_DISTRICTS = [
    "Thành đoàn Lào Cai",
    "Bát Xát",
    "Sa Pa",
    "Bắc Hà",
    "Mường Khương",
    "Bảo Thắng",
]
YEN_BAI_DISTRICTS = ["Văn Chấn", "Mù Cang Chải", "Trạm Tấu", "Lục Yên"]
CITY_MEMBERS = 6  # the city union's members (the 414, at test size)


def _unit(name, kind, parent=None):
    return make_unit(name=name, kind=kind, parent=parent, opened_on=OPENED)


def _activities(unit, count, *, on):
    someone = Member.objects.order_by("pk").first()  # who came: counted only with one
    for index in range(count):
        Activity.objects.create(
            kind=Activity.Kind.TRAINING,
            title=f"Tập huấn kỹ năng số {index + 1}",
            held_on=on + datetime.timedelta(days=index),
            org_unit=unit,
        ).attendees.add(someone)


@pytest.fixture
def world():
    """The two provincial unions of 2023-2025: Lào Cai (six district-level unions, the
    city's among them) and Yên Bái (four), two commune unions under each district union,
    members in every commune, the teams, activities and targets of 2024 and 2025, and the
    city union's quarterly reports."""
    cache.clear()
    lao_cai = _unit("Tỉnh đoàn Lào Cai", OrgUnit.Kind.PROVINCE)
    yen_bai = _unit("Tỉnh đoàn Yên Bái", OrgUnit.Kind.PROVINCE)
    districts, communes = [], []
    for province, names in ((lao_cai, LAO_CAI_DISTRICTS), (yen_bai, YEN_BAI_DISTRICTS)):
        for name in names:
            kind_name = name if name.startswith("Thành đoàn") else f"Huyện đoàn {name}"
            district = _unit(kind_name, OrgUnit.Kind.DISTRICT, province)
            districts.append(district)
            for number in (1, 2):
                commune = _unit(f"Đoàn xã {name} {number}", OrgUnit.Kind.GRASSROOTS, district)
                communes.append(commune)
    city = districts[0]
    # Four communes merged into two (in Sa Pa and in Văn Chấn): the first of each pair closes.
    merged_away = [communes[4], communes[12]]
    merged_into = [communes[5], communes[13]]

    # Members: three in each commune (the city's communes: CITY_MEMBERS in all), their
    # answers and funnel steps recorded in 2024.
    members = []
    for index, commune in enumerate(communes):
        for number in range(3):
            members.append(
                make_member(
                    unit=commune,
                    name=f"Đoàn viên {index}-{number}",
                    has_specialty_product=TriState.YES,
                    specialty_recorded_on=datetime.date(2024, 3, 1),
                    uses_public_services=[TriState.YES, TriState.NO, TriState.UNKNOWN][number],
                    public_services_recorded_on=datetime.date(2024, 3, 1),
                )
            )
    MemberStage.objects.bulk_create(
        MemberStage(
            member=member, stage=stage, reached_on=datetime.date(2024, 4, 1), rules_version=1
        )
        for index, member in enumerate(members)
        for stage in (FunnelStage.SPECIALTY, FunnelStage.FIRST_ORDER)[: 1 + index % 2]
    )

    # Activities: 2024, two per district union and one per Yên Bái commune; 2025: 24 before
    # the change (two per district union, two by the Yên Bái union, one in each commune
    # merged away) and 3 after it, in open communes: 27.
    for district in districts:
        _activities(district, 2, on=datetime.date(2024, 5, 1))
        _activities(district, 2, on=datetime.date(2025, 3, 1))
    for commune in communes[12:]:
        _activities(commune, 1, on=datetime.date(2024, 9, 1))
    _activities(yen_bai, 2, on=datetime.date(2025, 4, 1))
    for commune in merged_away:
        _activities(commune, 1, on=datetime.date(2025, 5, 1))
    for commune in (communes[0], communes[7], communes[15]):
        _activities(commune, 1, on=datetime.date(2025, 9, 1))

    # Teams: 13 core teams (one per district union, three of the province's); 43 community
    # teams, 34 with youth at the core, four of them (all youth) in the communes merged away.
    for district in districts:
        Team.objects.create(kind=Team.Kind.CORE, name=f"Đội nòng cốt {district}", org_unit=district)
    for number in range(3):
        Team.objects.create(kind=Team.Kind.CORE, name=f"Đội tỉnh {number}", org_unit=lao_cai)
    community = []
    for commune in merged_away:
        community += [(commune, True), (commune, True)]
    others = [commune for commune in communes if commune not in merged_away]
    for index, commune in enumerate(others):
        community += [(commune, None), (commune, None)] + ([(commune, None)] if index < 3 else [])
    youth_left = 30
    for number, (commune, youth) in enumerate(community):
        if youth is None:
            youth, youth_left = youth_left > 0, youth_left - 1
        team = Team.objects.create(
            kind=Team.Kind.COMMUNITY, name=f"Tổ công nghệ số {number}", org_unit=commune
        )
        # Filled in: a youth leader (at the core) or an older one (not)
        TeamMember.objects.create(
            team=team,
            full_name=f"Tổ trưởng {number}",
            birth_year=2000 if youth else 1970,
            role=TeamMember.Role.LEADER,
        )

    # Targets set for 2025 before the merge: Yên Bái's share selling online.
    Target.objects.create(
        indicator=Indicator.SELLING_ONLINE, org_unit=yen_bai, year=2025, value=Decimal(15)
    )

    mentor = make_mentor(city, "thanhdoan@example.com")
    approver = make_union_staff("duyet@example.com", approve_reports=True)
    return {
        "lao_cai": lao_cai,
        "yen_bai": yen_bai,
        "districts": districts,
        "communes": communes,
        "city": city,
        "merged_away": merged_away,
        "merged_into": merged_into,
        "mentor": mentor,
        "approver": approver,
    }


def _file_reports(world):
    """The city union's first quarter of 2025, approved; its second, prepared (open)."""
    approved = kpi.snapshot_prepare(unit=world["city"], year=2025, quarter=1, by=world["mentor"])
    approved = kpi.snapshot_submit(snapshot=approved, by=world["mentor"])
    approved = kpi.snapshot_approve(snapshot=approved, by=world["approver"])
    open_report = kpi.snapshot_prepare(unit=world["city"], year=2025, quarter=2, by=world["mentor"])
    return approved, open_report


def _restructure(world):
    """1 July 2025, with the project's own service."""
    services.org_unit_merge(units=[world["yen_bai"]], into=world["lao_cai"], on=CHANGE)
    services.org_unit_merge(units=world["districts"], into=world["lao_cai"], on=CHANGE)
    for away, into in zip(world["merged_away"], world["merged_into"], strict=True):
        services.org_unit_merge(units=[away], into=into, on=CHANGE)
    cache.clear()


def _report(unit, year, *, tree_day=None):
    """A unit's annual report (counted now): the tree of its report day, or of `tree_day`."""
    day = dashboard.report_day(year)
    tree = selectors.org_tree_on(tree_day or day)
    return dashboard.dashboard_build(tree=tree, unit_id=unit.pk, year=year, day=day, fresh=True)


def _figures(report):
    return {figure.code: figure for figure in report.figures}


def _all_figures_2024(world):
    """Every 2024 report of the tree as it was: each unit's members and six figures."""
    tree = selectors.org_tree_on(DAY_2024)
    result = {}
    for unit_id in tree:
        members, figures = dashboard.unit_figures_on(
            tree=tree, unit_id=unit_id, year=2024, day=DAY_2024
        )
        result[unit_id] = (tree[unit_id].name, tree[unit_id].kind, tree[unit_id].parent_id)
        result[unit_id] += (members, [(f.code, f.actual, f.target, f.met) for f in figures])
    return result


def test_the_2024_figures_stay_as_they_were(world):
    before = _all_figures_2024(world)
    _restructure(world)
    after = _all_figures_2024(world)
    assert after == before
    assert len(after) == 2 + 10 + 20  # both provinces, their district unions and communes
    yen_bai = _figures(_report(world["yen_bai"], 2024))
    assert yen_bai[Indicator.ACTIVITIES].actual == 4 * 2 + 8  # its districts' and communes'
    # the 2024 reporting level was the district-level union: 2 activities each
    assert yen_bai[Indicator.ACTIVITIES].target == Decimal(8)


def test_the_2024_figures_of_yen_bai_appear_under_todays_lao_cai(world):
    then = {unit: _report(world[unit], 2024) for unit in ("lao_cai", "yen_bai")}  # the 2024 tree
    _restructure(world)
    today_units = _report(world["lao_cai"], 2024, tree_day=selectors.today())
    figures = _figures(today_units)
    assert today_units.members == then["lao_cai"].members + then["yen_bai"].members == 60
    for code in (Indicator.ACTIVITIES, Indicator.CORE_TEAMS, Indicator.SELLING_ONLINE):
        expected = sum(
            _figures(report)[code].numerator for report in then.values()
        )  # 20 + 8 activities, 13 core teams, 30 selling
        assert figures[code].numerator == expected, code
    assert figures[Indicator.ACTIVITIES].actual == 28
    # the former Yên Bái communes are children of today's province, with their 2024 figures
    children = {child.unit.name: child for child in today_units.children}
    assert children["Đoàn xã Văn Chấn 2"].members == 3 + 3  # with the commune merged into it


def test_the_2025_annual_report_reads_across_the_change(world):
    _restructure(world)
    report = _report(world["lao_cai"], 2025)
    figures = _figures(report)
    activities = figures[Indicator.ACTIVITIES]
    assert activities.actual == 27  # not 3
    # the target does not vanish: 18 commune unions report from 1 July 2025, two each
    assert (activities.target, activities.target_from_plan) == (Decimal(36), True)
    # every commune union is below its two (the year's first half was the districts')
    assert activities.note == "18 trên 18 đơn vị báo cáo chưa đạt chỉ tiêu"
    assert report.members == 60
    # Yên Bái's 2025 target carried into the province it was merged into
    assert figures[Indicator.SELLING_ONLINE].target == Decimal(15)


def test_the_teams_of_closed_unions_are_counted_under_their_successor(world):
    _restructure(world)
    figures = _figures(_report(world["lao_cai"], 2025))
    assert figures[Indicator.CORE_TEAMS].actual == 13  # not 3
    community = figures[Indicator.COMMUNITY_TEAMS]
    assert (community.numerator, community.denominator) == (34, 43)  # not 30/39


def test_no_district_union_stays_open_after_the_change(world):
    _restructure(world)
    tree = selectors.org_tree_on(CHANGE)
    assert not [node for node in tree.values() if node.kind == OrgUnit.Kind.DISTRICT]
    assert len(selectors.org_tree_on(CHANGE - datetime.timedelta(days=1))) == 32
    assert sorted(node.kind for node in selectors.roots_of(tree)) == [OrgUnit.Kind.PROVINCE]


def test_the_reporting_units_after_the_change_can_file_their_quarter(world):
    commune = world["merged_into"][1]  # in the former Yên Bái, with a commune merged into it
    commune_mentor = make_mentor(commune, "xa@example.com")
    before_mentor = make_mentor(world["districts"][6], "vanchan@example.com")
    _restructure(world)
    # the second quarter of 2025 belongs to the district-level unions (the tree as it was)
    q2 = kpi.snapshot_prepare(unit=world["districts"][6], year=2025, quarter=2, by=before_mentor)
    assert kpi.snapshot_submit(snapshot=q2, by=before_mentor).status == KpiSnapshot.Status.SUBMITTED
    with pytest.raises(PermissionDenied):  # a commune did not report before the change
        kpi.snapshot_prepare(unit=commune, year=2025, quarter=2, by=commune_mentor)
    # from the third, the commune and ward unions do
    q3 = kpi.snapshot_prepare(unit=commune, year=2025, quarter=3, by=commune_mentor)
    q3 = kpi.snapshot_submit(snapshot=q3, by=commune_mentor)
    stored = {row["code"]: row for row in q3.figures}
    assert q3.members == 6  # its members and those of the commune merged into it
    assert stored[Indicator.ACTIVITIES]["actual"] == "1"  # the merged commune's, in May
    assert stored[Indicator.ACTIVITIES]["target"] == "2"
    # The city union's mentor kept its commune and ward unions (and so its members): from
    # the third quarter those report, and the mentor files for them.
    city_communes = {unit.pk for unit in world["communes"][:2]}
    assert kpi.submittable_unit_ids(world["mentor"], tree=selectors.org_tree_on()) == city_communes
    with pytest.raises(PermissionDenied):  # a district union no longer reports
        kpi.snapshot_prepare(unit=world["districts"][6], year=2025, quarter=3, by=before_mentor)


def test_a_report_dated_before_the_change_shows_the_tree_as_it_was(world):
    approved, _open = _file_reports(world)
    stored_before = (approved.members, approved.figures)
    _restructure(world)
    comparison = kpi.snapshot_compare(approved)
    assert not comparison.changed
    assert (approved.members, approved.figures) == stored_before
    assert approved.members == CITY_MEMBERS
    tree = selectors.org_tree_on(approved.day)
    assert tree[world["city"].pk].kind == OrgUnit.Kind.DISTRICT
    assert tree[world["city"].pk].parent_id == world["lao_cai"].pk


# --- What depends on moving records (issue 24 item 4) ---


def test_the_mentor_of_the_closed_city_union_keeps_their_members(world):
    assert selectors.members_visible_to(world["mentor"]).count() == CITY_MEMBERS
    _restructure(world)
    assert selectors.members_visible_to(world["mentor"]).count() == CITY_MEMBERS  # not 0


def test_no_open_report_is_left_on_a_closed_union(world):
    _file_reports(world)
    _restructure(world)
    left = KpiSnapshot.objects.filter(org_unit__closed_on__isnull=False).exclude(
        status=KpiSnapshot.Status.APPROVED
    )
    assert not left.exists()


def test_the_approved_report_stays_visible_to_the_union_that_filed_it(world):
    approved, _open = _file_reports(world)
    _restructure(world)
    assert approved in kpi.snapshots_visible_to(world["mentor"])
    assert kpi.snapshots_visible_to(world["mentor"]).filter(pk=approved.pk).exists()
