"""Restructuring the union's tree (mentoring.restructure): merge, split, close and a mapping
file, each dated, each handing on everything that belongs to the unit that closes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import restructure, selectors, services
from mentoring.models import (
    Activity,
    KpiSnapshot,
    Member,
    MemberTransfer,
    OrgUnit,
    OrgUnitRole,
    Target,
    Team,
    TrainingSession,
)
from mentoring.reporting import kpi
from mentoring.reporting.counts import teams_on
from tests.factories.mentoring import make_lao_cai, make_member, make_unit

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2025, 3, 1)
CHANGE = datetime.date(2025, 7, 1)
AFTER = datetime.date(2025, 9, 1)


def _count(unit, day):
    tree = selectors.org_tree_on(day)
    return selectors.members_in_units_on(selectors.subtree_ids(tree, [unit.pk]), day).count()


def _parent_on(unit, day):
    return selectors.org_tree_on(day)[unit.pk].parent_id


def _mentor(email, unit):
    user = User.objects.create_user(email=email, password="x")
    OrgUnitRole.objects.create(user=user, org_unit=unit, role=OrgUnitRole.Role.MENTOR)
    return user


def _report(unit, quarter, status):
    return KpiSnapshot.objects.create(
        org_unit=unit,
        year=2025,
        number=quarter,
        starts_on=datetime.date(2025, 3 * quarter - 2, 1),
        day=kpi.quarter_last_day(2025, quarter),
        status=status,
        figures=[{"code": "activities", "actual": "3"}] if status != "draft" else [],
    )


def test_a_district_union_folded_into_the_province_hands_on_everything():
    tree = make_lao_cai()
    sa_pa, province, ta_phin = tree["sa_pa"], tree["province"], tree["ta_phin"]
    members = [make_member(unit=ta_phin) for _ in range(4)]
    direct = make_member(unit=sa_pa)
    core = Team.objects.create(kind=Team.Kind.CORE, name="Đội nòng cốt Sa Pa", org_unit=sa_pa)
    community = Team.objects.create(kind=Team.Kind.COMMUNITY, name="Tổ CNSCĐ", org_unit=sa_pa)
    past = Activity.objects.create(
        kind=Activity.Kind.CONTEST, title="Cuộc thi 2024", held_on=BEFORE, org_unit=sa_pa
    )
    coming = Activity.objects.create(
        kind=Activity.Kind.VOLUNTEER, title="Ngày hội số", held_on=AFTER, org_unit=sa_pa
    )
    training = TrainingSession.objects.create(
        topic="ecommerce", title="Bán hàng trực tuyến", held_on=AFTER, org_unit=sa_pa
    )
    target_2026 = Target.objects.create(indicator="activities", org_unit=sa_pa, year=2026, value=2)
    target_2025 = Target.objects.create(indicator="activities", org_unit=sa_pa, year=2025, value=2)
    approved = _report(sa_pa, 1, KpiSnapshot.Status.APPROVED)
    submitted = _report(sa_pa, 2, KpiSnapshot.Status.SUBMITTED)
    before = {name: _count(tree[name], BEFORE) for name in ("sa_pa", "province", "ta_phin")}

    result = services.org_unit_merge(units=[sa_pa], into=province, on=CHANGE)

    sa_pa.refresh_from_db()
    assert (sa_pa.closed_on, sa_pa.successor) == (CHANGE, province)
    # History holds: the earlier day counts as it did.
    assert (
        {name: _count(tree[name], BEFORE) for name in before}
        == before
        == {
            "sa_pa": 5,
            "province": 5,
            "ta_phin": 4,
        }
    )
    # The commune union now sits under the province, from the date only.
    assert _parent_on(ta_phin, BEFORE) == sa_pa.pk
    assert _parent_on(ta_phin, AFTER) == province.pk
    assert {m.pk for m in Member.objects.filter(org_unit=ta_phin)} == {m.pk for m in members}
    # The union's own member moved to the province by a dated transfer.
    transfer = MemberTransfer.objects.get(member=direct)
    assert (transfer.from_unit, transfer.to_unit, transfer.on) == (sa_pa, province, CHANGE)
    # Teams formed before the change stay where they were formed (history: their unit is not
    # dated), carried by the province; the past activity stays where it happened.
    assert set(Team.objects.filter(org_unit=sa_pa)) == {core, community}
    assert set(selectors.teams_visible_to(_mentor("tinh@example.com", province))) == {
        core,
        community,
    }
    past.refresh_from_db(), coming.refresh_from_db(), training.refresh_from_db()
    assert (past.org_unit, coming.org_unit, training.org_unit) == (sa_pa, province, province)
    # Targets of the years to come follow; the year of the change stays as history.
    target_2026.refresh_from_db(), target_2025.refresh_from_db()
    assert (target_2026.org_unit, target_2025.org_unit) == (province, sa_pa)
    # The open report is the province's draft now; the approved one stays frozen.
    submitted.refresh_from_db(), approved.refresh_from_db()
    assert (submitted.org_unit, submitted.status, submitted.figures) == (province, "draft", [])
    assert (approved.org_unit, approved.status) == (sa_pa, "approved")
    (hand_over,) = result.hand_overs
    assert (hand_over.members, hand_over.teams_carried, hand_over.reports_moved) == (1, 2, 1)
    assert hand_over.reports_approved == 1
    # What had been submitted is kept in the audit trail.
    assert hand_over.reports[0]["figures"] == [{"code": "activities", "actual": "3"}]
    entry = ModelLogEntry.objects.get(action=restructure.ACTION, object_id=str(sa_pa.pk))
    assert entry.data["hand_overs"][0]["reports"][0]["status"] == "submitted"
    assert ModelLogEntry.objects.filter(action=restructure.ACTION, object_id=str(sa_pa.pk))


def test_the_mentor_of_a_closed_city_union_keeps_their_members():
    """Issue 24: the mentor of the closed city union went from 414 members to 0."""
    tree = make_lao_cai()
    city = make_unit(name="Thành đoàn Lào Cai", kind=OrgUnit.Kind.DISTRICT, parent=tree["province"])
    wards = [make_unit(name=f"Đoàn phường {n}", parent=city) for n in ("Cốc Lếu", "Kim Tân")]
    branch = make_unit(name="Chi đoàn 1", kind=OrgUnit.Kind.BRANCH, parent=wards[0])
    for unit in (*wards, branch):
        for _ in range(3):
            make_member(unit=unit)
    mentor = _mentor("mentor-city@example.com", city)
    other = make_member(unit=tree["y_ty"])
    assert selectors.members_visible_to(mentor).count() == 9

    services.org_unit_merge(units=[city], into=tree["province"], on=CHANGE)

    seen = selectors.members_visible_to(mentor)
    assert seen.count() == 9
    assert not seen.filter(pk=other.pk).exists()  # not the whole province
    assert set(OrgUnitRole.objects.filter(user=mentor).values_list("org_unit_id", flat=True)) == {
        city.pk,
        *(ward.pk for ward in wards),
    }


def test_merged_commune_unions_share_their_mentors():
    tree = make_lao_cai()
    a_mu_sung = make_unit(name="Đoàn xã A Mú Sung", parent=tree["bat_xat"])
    for _ in range(2):
        make_member(unit=a_mu_sung)
    make_member(unit=tree["y_ty"])
    mentor = _mentor("mentor-ams@example.com", a_mu_sung)

    services.org_unit_merge(units=[a_mu_sung], into=tree["y_ty"], on=CHANGE)

    assert selectors.members_visible_to(mentor).count() == 3
    assert _count(tree["y_ty"], AFTER) == 3
    assert _count(a_mu_sung, BEFORE) == 2


def test_no_team_is_left_on_a_closed_unit_when_every_district_merges():
    """Issue 24: core teams 13 → 3, community teams left on closed units. A team formed
    before the change stays on its closed unit (so the days before count it there) and is
    carried by an open unit: counted, seen and managed there; one formed from the change
    date on goes to the successor."""
    tree = make_lao_cai()
    for name in ("bat_xat", "sa_pa"):
        Team.objects.create(kind=Team.Kind.CORE, name=f"Core {name}", org_unit=tree[name])
    Team.objects.create(kind=Team.Kind.COMMUNITY, name="Community", org_unit=tree["y_ty"])
    planned = Team.objects.create(
        kind=Team.Kind.CORE, name="Planned", org_unit=tree["sa_pa"], founded_on=AFTER
    )
    (_bat_xat, sa_pa) = services.org_unit_merge(
        units=[tree["bat_xat"], tree["sa_pa"]], into=tree["province"], on=CHANGE
    ).hand_overs
    assert (sa_pa.teams, sa_pa.teams_carried) == (1, 1)
    planned.refresh_from_db()
    assert planned.org_unit == tree["province"]
    open_units = selectors.org_tree_on(AFTER)
    carried = {closed for node in open_units.values() for closed in node.absorbed}
    assert Team.objects.count() == 4
    assert all(team.org_unit_id in set(open_units) | carried for team in Team.objects.all())
    province_mentor = _mentor("tinh@example.com", tree["province"])
    assert selectors.teams_visible_to(province_mentor).count() == 4
    # Before the change each district union counted its own team, as it did.
    then = Team.objects.filter(teams_on(BEFORE)).values_list("name", "org_unit_id")
    assert set(then) == {
        ("Core bat_xat", tree["bat_xat"].pk),
        ("Core sa_pa", tree["sa_pa"].pk),
        ("Community", tree["y_ty"].pk),
    }


def test_an_approved_report_of_a_merged_unit_is_listed_with_its_successor():
    tree = make_lao_cai()
    approved = _report(tree["sa_pa"], 1, KpiSnapshot.Status.APPROVED)
    province_mentor = _mentor("mentor-province@example.com", tree["province"])
    commune = make_unit(name="Đoàn xã Bản Hồ", parent=tree["sa_pa"])
    commune_report = _report(commune, 1, KpiSnapshot.Status.APPROVED)
    successor = make_unit(name="Đoàn xã Tả Van", parent=tree["sa_pa"])
    successor_mentor = _mentor("mentor-ta-van@example.com", successor)
    assert not kpi.snapshots_visible_to(successor_mentor).filter(pk=commune_report.pk).exists()

    services.org_unit_merge(units=[commune], into=successor, on=CHANGE)
    services.org_unit_merge(units=[tree["sa_pa"]], into=tree["province"], on=CHANGE)

    assert kpi.snapshots_visible_to(successor_mentor).filter(pk=commune_report.pk).exists()
    assert kpi.snapshots_visible_to(province_mentor).filter(pk=approved.pk).exists()


def test_an_open_report_stays_when_the_successor_has_its_own_for_that_quarter():
    tree = make_lao_cai()
    own = _report(tree["province"], 2, KpiSnapshot.Status.DRAFT)
    theirs = _report(tree["sa_pa"], 2, KpiSnapshot.Status.SUBMITTED)
    result = services.org_unit_merge(units=[tree["sa_pa"]], into=tree["province"], on=CHANGE)
    theirs.refresh_from_db()
    assert theirs.org_unit == tree["sa_pa"] and theirs.status == "submitted"
    assert own.org_unit == tree["province"]
    assert result.hand_overs[0].reports_left == 1


def test_a_merge_dated_in_the_future_changes_nothing_before_that_day():
    tree = make_lao_cai()
    make_member(unit=tree["sa_pa"])
    today = selectors.today()
    later = today + datetime.timedelta(days=30)
    services.org_unit_merge(units=[tree["sa_pa"]], into=tree["province"], on=later)
    assert tree["sa_pa"].pk in selectors.org_tree_on(today)
    assert _count(tree["sa_pa"], today) == 1
    assert tree["sa_pa"].pk not in selectors.org_tree_on(later)
    assert _count(tree["province"], later) == 1


def test_a_merge_refuses_a_date_before_the_unit_opened_and_writes_nothing():
    tree = make_lao_cai()
    late = make_unit(name="Đoàn xã Mới", parent=tree["bat_xat"], opened_on=AFTER)
    make_member(unit=late)
    with pytest.raises(ValidationError) as refused:
        services.org_unit_merge(units=[late, tree["sa_pa"]], into=tree["y_ty"], on=CHANGE)
    assert "Đoàn xã Mới" in str(refused.value)
    assert not OrgUnit.objects.filter(closed_on__isnull=False).exists()
    assert not MemberTransfer.objects.exists()


def test_a_unit_cannot_be_merged_into_one_of_its_own_units():
    tree = make_lao_cai()
    with pytest.raises(ValidationError):
        services.org_unit_merge(units=[tree["bat_xat"]], into=tree["y_ty"], on=CHANGE)
    assert not OrgUnit.objects.filter(closed_on__isnull=False).exists()


def test_a_split_shares_members_and_units_out_and_gives_the_mentor_both():
    tree = make_lao_cai()
    old = make_unit(name="Đoàn xã Cũ", parent=tree["bat_xat"])
    north = make_unit(name="Đoàn xã Bắc", parent=tree["bat_xat"])
    south = make_unit(name="Đoàn xã Nam", parent=tree["bat_xat"])
    branch = make_unit(name="Chi đoàn thôn 3", kind=OrgUnit.Kind.BRANCH, parent=old)
    to_north = [make_member(unit=old) for _ in range(2)]
    to_south = make_member(unit=old)
    in_branch = make_member(unit=branch)
    mentor = _mentor("mentor-old@example.com", old)

    restructure.unit_split(
        unit=old,
        into=[north, south],
        on=CHANGE,
        members={to_south.pk: south},
        child_units={branch.pk: south},
    )

    old.refresh_from_db()
    assert (old.closed_on, old.successor) == (CHANGE, north)
    assert set(Member.objects.filter(org_unit=north)) == set(to_north)
    assert set(Member.objects.filter(org_unit=south)) == {to_south}
    assert _parent_on(branch, AFTER) == south.pk
    assert _count(south, AFTER) == 2
    assert _count(old, BEFORE) == 4
    assert set(selectors.members_visible_to(mentor)) == {*to_north, to_south, in_branch}


def test_a_split_needs_two_units_that_are_open():
    tree = make_lao_cai()
    with pytest.raises(ValidationError):
        restructure.unit_split(unit=tree["y_ty"], into=[tree["ta_phin"]], on=CHANGE)
    assert OrgUnit.objects.get(pk=tree["y_ty"].pk).closed_on is None


def test_an_empty_unit_closes_without_a_successor():
    """Issue 24: the empty district unions stayed open ("9 of 9 below target")."""
    tree = make_lao_cai()
    restructure.unit_close(unit=tree["sa_pa"], on=CHANGE, successor=tree["province"])
    empty = make_unit(name="Huyện đoàn Trống", kind=OrgUnit.Kind.DISTRICT, parent=tree["province"])
    restructure.unit_close(unit=empty, on=CHANGE)
    empty.refresh_from_db()
    assert (empty.closed_on, empty.successor) == (CHANGE, None)
    assert empty.pk not in selectors.org_tree_on(AFTER)


def test_closing_a_unit_that_still_has_members_needs_a_successor():
    tree = make_lao_cai()
    make_member(unit=tree["y_ty"])
    with pytest.raises(ValidationError) as refused:
        restructure.unit_close(unit=tree["bat_xat"], on=CHANGE)
    assert "đơn vị trực thuộc" in str(refused.value)  # "units under it", in Vietnamese
    assert OrgUnit.objects.get(pk=tree["bat_xat"].pk).closed_on is None


def test_closing_a_unit_with_an_open_monthly_report_names_it_as_an_indicator_report():
    """Reports are monthly, quarterly, six-month or annual since the reporting rules: the
    refusal names what is open without calling every report quarterly."""
    tree = make_lao_cai()
    empty = make_unit(name="Huyện đoàn Trống", kind=OrgUnit.Kind.DISTRICT, parent=tree["province"])
    KpiSnapshot.objects.create(
        org_unit=empty,
        period=KpiSnapshot.Period.MONTH,
        year=2025,
        number=6,
        starts_on=datetime.date(2025, 6, 1),
        day=datetime.date(2025, 6, 30),
        status=KpiSnapshot.Status.DRAFT,
    )
    with pytest.raises(ValidationError) as refused:
        restructure.unit_close(unit=empty, on=CHANGE)
    assert "1 báo cáo chỉ tiêu chưa được duyệt" in str(refused.value)
    assert "quý" not in str(refused.value)  # "quarterly"


def test_the_preview_counts_what_would_move_and_writes_nothing():
    tree = make_lao_cai()
    for _ in range(3):
        make_member(unit=tree["sa_pa"])
    result = restructure.preview(
        restructure.units_merge, units=[tree["sa_pa"]], into=tree["province"], on=CHANGE
    )
    assert result.hand_overs[0].members == 3
    assert OrgUnit.objects.get(pk=tree["sa_pa"].pk).closed_on is None
    assert not MemberTransfer.objects.exists()
    assert not ModelLogEntry.objects.filter(action=restructure.ACTION).exists()


# --- A mapping file ---


def _rows(*pairs):
    return [restructure.MappingRow(n, old, new) for n, (old, new) in enumerate(pairs, start=2)]


def test_a_mapping_file_merges_each_old_unit_into_its_new_one():
    tree = make_lao_cai()
    make_member(unit=tree["ta_phin"])
    make_member(unit=tree["sa_pa"])
    rows = _rows((tree["sa_pa"].code, tree["province"].code))
    restructure.mapping_apply(rows=rows, on=CHANGE, close=True)
    assert OrgUnit.objects.get(pk=tree["sa_pa"].pk).successor == tree["province"]
    assert _parent_on(tree["ta_phin"], AFTER) == tree["province"].pk


def test_a_mapping_file_can_move_members_only():
    tree = make_lao_cai()
    member = make_member(unit=tree["ta_phin"])
    rows = _rows((tree["ta_phin"].code, tree["y_ty"].code))
    result = restructure.mapping_apply(rows=rows, on=CHANGE, close=False)
    assert Member.objects.get(pk=member.pk).org_unit == tree["y_ty"]
    assert OrgUnit.objects.get(pk=tree["ta_phin"].pk).closed_on is None
    assert result.moves[0]["members"] == 1
    assert _count(tree["ta_phin"], BEFORE) == 1


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ((("nope", "province"),), ["Dòng 2", "nope"]),
        ((("sa_pa", "province"), ("sa_pa", "bat_xat")), ["Dòng 3", "dòng 2"]),
        ((("sa_pa", "bat_xat"), ("bat_xat", "sa_pa")), ["Các dòng 2, 3"]),
        ((("y_ty", "ta_phin"), ("ta_phin", "sa_pa"), ("sa_pa", "y_ty")), ["Các dòng 2, 3, 4"]),
    ],
    ids=["unknown unit", "named twice", "cycle", "longer cycle"],
)
def test_a_wrong_mapping_file_is_refused_with_its_rows_named(pairs, expected):
    tree = make_lao_cai()
    member = make_member(unit=tree["sa_pa"])
    codes = {name: unit.code for name, unit in tree.items()}
    rows = _rows(*((codes.get(old, old), codes.get(new, new)) for old, new in pairs))
    with pytest.raises(ValidationError) as refused:
        restructure.mapping_apply(rows=rows, on=CHANGE, close=True)
    message = " ".join(refused.value.messages)
    for part in expected:
        assert part in message
    assert not OrgUnit.objects.filter(closed_on__isnull=False).exists()
    assert Member.objects.get(pk=member.pk).org_unit == tree["sa_pa"]


def test_a_mapping_file_dated_before_a_unit_existed_is_refused():
    tree = make_lao_cai()
    late = make_unit(name="Đoàn xã Mới", parent=tree["bat_xat"], opened_on=AFTER)
    rows = _rows((late.code, tree["y_ty"].code), (tree["sa_pa"].code, tree["province"].code))
    with pytest.raises(ValidationError) as refused:
        restructure.mapping_apply(rows=rows, on=CHANGE, close=True)
    assert "Dòng 2" in " ".join(refused.value.messages)
    assert not OrgUnit.objects.filter(closed_on__isnull=False).exists()


def test_a_district_union_merged_into_another_province_hands_its_roles_to_its_units():
    """The former Yên Bái's district unions join the new Lào Cai province, which was never
    their parent: their mentors still get their commune unions, not the whole province."""
    tree = make_lao_cai()
    yen_bai = make_unit(name="Tỉnh đoàn Yên Bái", kind=OrgUnit.Kind.PROVINCE)
    van_chan = make_unit(name="Huyện đoàn Văn Chấn", kind=OrgUnit.Kind.DISTRICT, parent=yen_bai)
    tu_le = make_unit(name="Đoàn xã Tú Lệ", parent=van_chan)
    make_member(unit=tu_le)
    make_member(unit=tree["y_ty"])
    mentor = _mentor("mentor-van-chan@example.com", van_chan)
    services.org_unit_merge(units=[yen_bai, van_chan], into=tree["province"], on=CHANGE)
    assert _parent_on(tu_le, AFTER) == tree["province"].pk
    assert selectors.members_visible_to(mentor).count() == 1


def test_a_unit_closed_meanwhile_is_not_closed_twice():
    """The admin's form read the unit before another request closed it: the service reads
    it again, locked, and refuses."""
    tree = make_lao_cai()
    stale = OrgUnit.objects.get(pk=tree["sa_pa"].pk)
    services.org_unit_merge(units=[tree["sa_pa"]], into=tree["province"], on=CHANGE)
    with pytest.raises(ValidationError):
        services.org_unit_merge(units=[stale], into=tree["bat_xat"], on=AFTER)
    assert OrgUnit.objects.get(pk=stale.pk).successor == tree["province"]
