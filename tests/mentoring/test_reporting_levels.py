"""Which units report, and the activities asked of them, are dated data (ReportingRule, the
admin's "Reporting levels"); unit kinds and teams are dated, so an old year counts as it was;
a past year can be shown under today's units."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from mentoring import selectors, services
from mentoring.models import (
    THE_BEGINNING,
    Activity,
    Indicator,
    OrgUnit,
    ReportingRule,
    Team,
)
from mentoring.reporting import dashboard
from mentoring.reporting.counts import unit_counts
from tests.factories.mentoring import make_member, make_unit
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 6, 30)
CHANGE = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _no_cached_counts():
    cache.clear()


def _staff():
    """Provincial staff in their group (its permissions: migrations 0002 and 0018)."""
    staff = make_union_staff()
    staff.groups.add(Group.objects.get(name="Provincial staff (mentoring)"))
    return type(staff).objects.get(pk=staff.pk)


def test_the_migration_sets_districts_until_june_2025_then_communes_and_wards():
    rules = list(
        ReportingRule.objects.values_list(
            "kind", "valid_from", "valid_until", "must_report", "activities_per_year"
        )
    )
    assert rules == [
        (OrgUnit.Kind.DISTRICT, THE_BEGINNING, LAST_DAY, True, 2),
        (OrgUnit.Kind.GRASSROOTS, CHANGE, None, True, 2),
    ]


def test_the_tree_of_a_day_says_which_units_report_that_day():
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    district = make_unit(name="Huyện đoàn Bắc Hà", kind=OrgUnit.Kind.DISTRICT, parent=province)
    commune = make_unit(name="Đoàn xã Bản Phố", parent=district)
    before, after = selectors.org_tree_on(LAST_DAY), selectors.org_tree_on(CHANGE)
    assert [before[unit.pk].must_report for unit in (province, district, commune)] == [
        False,
        True,
        False,
    ]
    assert [after[unit.pk].must_report for unit in (province, district, commune)] == [
        False,
        False,
        True,
    ]
    assert after[commune.pk].activities_per_year == 2
    # the province changes its mind: from 2026, three activities and the province reports too
    communes_rule = ReportingRule.objects.get(kind=OrgUnit.Kind.GRASSROOTS)
    communes_rule.valid_until = datetime.date(2025, 12, 31)
    communes_rule.save()  # as the admin saves it (the trees' cached rules are forgotten)
    ReportingRule.objects.create(
        kind=OrgUnit.Kind.GRASSROOTS, valid_from=datetime.date(2026, 1, 1), activities_per_year=3
    )
    ReportingRule.objects.create(
        kind=OrgUnit.Kind.PROVINCE, valid_from=datetime.date(2026, 1, 1), activities_per_year=None
    )
    later = selectors.org_tree_on(datetime.date(2026, 3, 1))
    assert (later[commune.pk].activities_per_year, later[province.pk].must_report) == (3, True)
    assert selectors.org_tree_on(CHANGE)[commune.pk].activities_per_year == 2


def test_the_activities_target_is_the_sum_of_the_reporting_units_numbers():
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    communes = [make_unit(name=f"Đoàn xã {n}", parent=province) for n in range(3)]
    communes_rule = ReportingRule.objects.get(kind=OrgUnit.Kind.GRASSROOTS)
    communes_rule.activities_per_year = 4
    communes_rule.save()
    came = make_member(unit=communes[0])
    for _index in range(4):
        Activity.objects.create(
            kind="training", title="Tập huấn", held_on=CHANGE, org_unit=communes[0]
        ).attendees.add(came)
    tree = selectors.org_tree_on(datetime.date(2025, 12, 31))
    report = dashboard.dashboard_build(tree=tree, unit_id=province.pk, year=2025)
    activities = {figure.code: figure for figure in report.figures}[Indicator.ACTIVITIES]
    assert (activities.actual, activities.target, activities.met) == (4, Decimal(12), False)
    assert activities.note == "2 trên 3 đơn vị báo cáo chưa đạt chỉ tiêu"


def test_a_change_of_kind_from_a_date_leaves_earlier_years_as_they_were():
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    union = make_unit(name="Đoàn Khối cơ quan", kind=OrgUnit.Kind.DISTRICT, parent=province)
    services.org_unit_change(unit=union, on=CHANGE, kind=OrgUnit.Kind.GRASSROOTS)
    union.refresh_from_db()
    assert union.kind == OrgUnit.Kind.GRASSROOTS  # its kind today
    before, after = selectors.org_tree_on(LAST_DAY), selectors.org_tree_on(CHANGE)
    assert before[union.pk].kind == OrgUnit.Kind.DISTRICT and before[union.pk].must_report
    assert after[union.pk].kind == OrgUnit.Kind.GRASSROOTS and after[union.pk].must_report
    # a later rename keeps the new kind
    services.org_unit_change(unit=union, on=datetime.date(2026, 1, 1), name="Đoàn Khối")
    assert selectors.org_tree_on(datetime.date(2026, 1, 1))[union.pk].kind == "grassroots"
    assert selectors.org_tree_on(LAST_DAY)[union.pk].kind == OrgUnit.Kind.DISTRICT


def test_the_admin_changes_a_kind_from_the_date_given(client):
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    union = make_unit(name="Thị đoàn Sa Pa", kind=OrgUnit.Kind.DISTRICT, parent=province)
    client.force_login(_staff())
    response = client.post(
        reverse("mentoring_org_units:edit", args=[union.pk]),
        {
            "name": "Đoàn phường Sa Pa",
            "parent": province.pk,
            "changes_from": "2025-07-01",
            "kind": OrgUnit.Kind.GRASSROOTS,
        },
    )
    assert response.status_code == 302
    assert selectors.org_tree_on(LAST_DAY)[union.pk].kind == OrgUnit.Kind.DISTRICT
    assert selectors.org_tree_on(CHANGE)[union.pk].kind == OrgUnit.Kind.GRASSROOTS


def test_a_team_is_counted_only_while_it_exists():
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    Team.objects.create(
        kind=Team.Kind.CORE,
        name="Đội nòng cốt",
        org_unit=province,
        founded_on=datetime.date(2025, 3, 1),
        dissolved_on=datetime.date(2025, 9, 1),
    )

    def core_teams(day):
        return unit_counts(day=day, year=day.year).get(province.pk, {}).get("core_teams", 0)

    assert [
        core_teams(datetime.date(2024, 12, 31)),
        core_teams(LAST_DAY),
        core_teams(datetime.date(2025, 12, 31)),
    ] == [0, 1, 0]


def test_overlapping_reporting_levels_are_refused_in_the_admin_and_only_staff_edit_them(client):
    url = reverse("mentoring_reporting_levels:add")
    mentor = make_mentor(make_unit(name="Huyện đoàn", kind=OrgUnit.Kind.DISTRICT))
    client.force_login(mentor)
    assert client.get(reverse("mentoring_reporting_levels:index")).status_code in (302, 403)
    client.force_login(_staff())
    overlapping = {
        "kind": OrgUnit.Kind.GRASSROOTS,
        "valid_from": "2026-01-01",
        "must_report": "on",
        "activities_per_year": "3",
        "min_answer_coverage": "60",  # the answers a target needs (issue 27)
    }
    response = client.post(url, overlapping)
    assert response.status_code == 200
    assert "Đã có một quy định khác cho loại đơn vị này" in response.content.decode()
    assert ReportingRule.objects.count() == 2
    branches = {**overlapping, "kind": OrgUnit.Kind.BRANCH}
    assert client.post(url, branches).status_code == 302
    assert ReportingRule.objects.filter(kind=OrgUnit.Kind.BRANCH, activities_per_year=3).exists()
    page = client.get(reverse("mentoring_dashboard:rules")).content.decode()
    assert "Cấp báo cáo:" in page and "01/07/2025" in page


def test_a_past_year_can_be_shown_under_todays_units(client):
    lao_cai = make_unit(name="Tỉnh đoàn Lào Cai", kind=OrgUnit.Kind.PROVINCE)
    yen_bai = make_unit(name="Tỉnh đoàn Yên Bái", kind=OrgUnit.Kind.PROVINCE)
    van_chan = make_unit(name="Huyện đoàn Văn Chấn", kind=OrgUnit.Kind.DISTRICT, parent=yen_bai)
    Activity.objects.create(
        kind="training", title="Tập huấn", held_on=datetime.date(2024, 5, 1), org_unit=van_chan
    ).attendees.add(make_member(unit=van_chan))
    services.org_unit_merge(units=[yen_bai], into=lao_cai, on=CHANGE)
    services.org_unit_merge(units=[van_chan], into=lao_cai, on=CHANGE)
    client.force_login(make_union_staff())
    url = reverse("mentoring_dashboard:index")
    then = client.get(url, {"year": 2024, "unit": lao_cai.pk})
    assert then.context["report"].figures[4].actual == 0  # Lào Cai of 2024 held none
    assert 'data-units="then"' in then.content.decode()
    today = client.get(then.context["units_switch_url"])
    assert today.context["units_today"] and today.context["report"].unit.id == lao_cai.pk
    activities = today.context["report"].figures[4]
    assert (activities.code, activities.actual) == (Indicator.ACTIVITIES, 1)
    assert client.get(url, {"year": 2024, "unit": yen_bai.pk}).status_code == 200  # as it was
    assert client.get(url, {"year": 2024, "unit": yen_bai.pk, "units": "today"}).status_code == 404


def test_the_reporting_levels_list_says_yes_or_no_and_the_edit_title_has_vietnamese_dates(client):
    client.force_login(_staff())
    page = client.get(reverse("mentoring_reporting_levels:index")).content.decode()
    cells = page.split("<tbody")[-1].split("</tbody>")[0]  # the listing's (last) table
    assert ">Có<" in cells.replace("\n", "").replace(" ", "")
    assert "True" not in cells and "False" not in cells
    rule = ReportingRule.objects.get(valid_from=CHANGE)
    edit = client.get(reverse("mentoring_reporting_levels:edit", args=[rule.pk])).content.decode()
    title = edit.split("<title>")[1].split("</title>")[0]
    assert "01/07/2025" in title and "2025-07-01" not in title
