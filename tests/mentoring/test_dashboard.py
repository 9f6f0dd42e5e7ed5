"""The dashboard: each indicator against its target per org unit, the members or records behind
every figure (only within the person's subtree), exports, the follow-up queue, and a number of
queries that does not grow with members or units."""

import csv
import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from accounts.models import User
from mentoring import selectors, services
from mentoring.models import (
    Activity,
    DashboardCounts,
    Evaluation,
    FunnelStage,
    Indicator,
    Member,
    MemberEvaluation,
    MemberStage,
    OrgUnit,
    OrgUnitRole,
    Target,
    Team,
    TeamMember,
    TriState,
)
from mentoring.reporting import dashboard, funnel
from mentoring.reporting.counts import members_on_day, unit_counts, unit_on_day
from mentoring.reporting.follow_up import follow_up_queue
from tests.factories.mentoring import make_lao_cai, make_member, make_unit
from tests.mentoring.sellers import (
    backdate_approval,
    backdate_product,
    make_moderator,
    make_seller_for,
    place_order,
    specialty_member,
    train,
)
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db

TODAY = selectors.today()
YEAR = TODAY.year
DAYS = datetime.timedelta


@pytest.fixture(autouse=True)
def _counts_not_cached_between_tests():
    cache.clear()


def _url(name, *args, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(f"mentoring_dashboard:{name}", args=args) + (f"?{query}" if query else "")


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def lao_cai():
    """Y Tý (Bát Xát): four members with a specialty product, one of them selling; Tả Phìn
    (Sa Pa): two, not selling. Teams, activities and one target of Sa Pa's own."""
    tree = make_lao_cai()
    answers = [TriState.YES, TriState.YES, TriState.NO, TriState.UNKNOWN]
    y_ty = [
        specialty_member(unit=tree["y_ty"], name=f"Y Tý {index}", uses_public_services=answer)
        for index, answer in enumerate(answers)
    ]
    ta_phin = [
        specialty_member(unit=tree["ta_phin"], name="Tả Phìn 0", uses_public_services="yes"),
        specialty_member(unit=tree["ta_phin"], name="Tả Phìn 1"),
    ]
    make_member(unit=tree["ta_phin"], name="Không có đặc sản")
    seller = y_ty[0]
    place_order(make_seller_for(seller, moderator=make_moderator()))
    Team.objects.create(kind=Team.Kind.CORE, name="Đội nòng cốt tỉnh", org_unit=tree["province"])
    Team.objects.create(kind=Team.Kind.CORE, name="Đội nòng cốt Bát Xát", org_unit=tree["bat_xat"])
    y_ty_team = Team.objects.create(
        kind=Team.Kind.COMMUNITY, name="Tổ CNSCĐ Y Tý", org_unit=tree["y_ty"]
    )
    TeamMember.objects.create(team=y_ty_team, member=y_ty[0], role=TeamMember.Role.LEADER)
    TeamMember.objects.create(team=y_ty_team, member=y_ty[1])
    Team.objects.create(kind=Team.Kind.COMMUNITY, name="Tổ CNSCĐ Tả Phìn", org_unit=tree["ta_phin"])
    for unit, title, came in (
        (tree["bat_xat"], "Hội thi", y_ty[0]),
        (tree["y_ty"], "Tập huấn", y_ty[1]),
        (tree["sa_pa"], "Chiến dịch", ta_phin[0]),
    ):
        activity = Activity.objects.create(
            kind=Activity.Kind.TRAINING, title=title, held_on=TODAY, org_unit=unit
        )
        activity.attendees.add(came)
    Activity.objects.create(
        kind=Activity.Kind.CONTEST,
        title="Năm trước",
        held_on=datetime.date(YEAR - 1, 6, 1),
        org_unit=tree["sa_pa"],
    ).attendees.add(ta_phin[1])
    Target.objects.create(
        indicator=Indicator.SELLING_ONLINE, org_unit=tree["sa_pa"], year=YEAR, value=Decimal(5)
    )
    funnel.funnel_recompute()
    return {**tree, "seller": seller, "y_ty_members": y_ty, "ta_phin_members": ta_phin}


def _figures(unit_id, year=YEAR) -> dict:
    tree = selectors.org_tree_on(dashboard.report_day(year))
    report = dashboard.dashboard_build(tree=tree, unit_id=unit_id, year=year, fresh=True)
    return report, {f.code: f for f in report.figures}


def test_province_figures_against_the_plan_targets(lao_cai):
    report, figures = _figures(lao_cai["province"].pk)
    selling = figures[Indicator.SELLING_ONLINE]
    assert (selling.numerator, selling.denominator, selling.actual) == (1, 6, Decimal("16.7"))
    assert (selling.target, selling.target_from_plan, selling.met) == (Decimal(10), True, True)
    assert selling.source == dashboard.PLATFORM

    public = figures[Indicator.PUBLIC_SERVICES]  # the unknown answers are left out
    assert (public.numerator, public.denominator, public.actual) == (3, 4, Decimal("75.0"))
    # 4 of the 7 listed members answered: 57.1 %, short of the 60 % a target needs (0020)
    assert (public.coverage, public.coverage_needed) == (Decimal("57.1"), 60)
    assert public.short_of_answers and public.met is None and public.source == dashboard.ROSTER
    epay = figures[Indicator.EPAYMENT]
    assert (epay.denominator, epay.actual, epay.met) == (0, None, None)

    core = figures[Indicator.CORE_TEAMS]
    assert (core.actual, core.target, core.met) == (2, Decimal(20), False)
    assert core.source == dashboard.MENTOR
    activities = figures[Indicator.ACTIVITIES]  # last year's is not counted
    assert (activities.actual, activities.target, activities.met) == (3, Decimal(4), False)
    community = figures[Indicator.COMMUNITY_TEAMS]
    assert (community.actual, community.target, community.met) == (Decimal(50), Decimal(100), False)
    assert report.members == 7


def test_the_union_pages_show_the_provinces_progress_and_the_shops_home_does_not(client, lao_cai):
    from tests.factories.cms import make_site_pages

    pages = make_site_pages()
    about = pages["standard"]
    about.body = [("target_progress", None)]
    about.save_revision().publish()
    # Buyers come to the home page to shop: the union's target is not theirs.
    assert "cms-progress" not in client.get("/").content.decode()
    html = client.get(about.url).content.decode()
    # One of six members with a specialty product sells: 16.7%, past the plan's 10%.
    assert "cms-progress" in html
    assert "<strong>16,7%</strong>" in html
    assert 'value="100"' in html  # the bar is full: the target is met
    assert "1 trên 6 đoàn viên" in html


def test_a_mentor_signs_in_to_their_unions_figures_and_follow_up_list(client, lao_cai):
    mentor = make_mentor(lao_cai["bat_xat"], "mentor-dash@example.com")
    stalled = specialty_member(unit=lao_cai["y_ty"], name="Học xong chưa bán", mentor=mentor)
    train(stalled, on=TODAY - DAYS(40))
    client.force_login(mentor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Huyện đoàn Bát Xát" in html
    assert 'data-indicator="selling_online"' in html
    assert f'data-member="{stalled.member_number}"' in html
    assert _url("follow_up") in html and _url("index", unit=lao_cai["bat_xat"].pk) in html
    # Staff who see every unit keep Wagtail's own home (the whole dashboard is in the menu).
    client.force_login(make_union_staff("staff-dash@example.com"))
    assert (
        'data-indicator="selling_online"'
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_dashboard_tables_name_every_cell_so_a_phone_stacks_them(client, lao_cai):
    mentor = make_mentor(lao_cai["bat_xat"], "mentor-dash@example.com")
    stalled = specialty_member(unit=lao_cai["y_ty"], name="Học xong chưa bán", mentor=mentor)
    train(stalled, on=TODAY - DAYS(40))
    client.force_login(mentor)
    for url in (_url("index"), _url("follow_up"), reverse("wagtailadmin_home")):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        tables = soup.select("table.mdash-stack")
        assert tables, url
        cells = [td for table in tables for td in table.select("tbody td")]
        assert all(td.get("data-label") for td in cells), url
    status = soup.select_one("tr[data-indicator=selling_online] td[data-label='Trạng thái']")
    assert status is not None and status.get_text(strip=True) in {"Đạt", "Chưa đạt"}
    assert "table.mdash-stack thead { position: absolute;" in str(soup)


def test_district_figures_and_a_units_own_target(lao_cai):
    _report, bat_xat = _figures(lao_cai["bat_xat"].pk)
    assert bat_xat[Indicator.SELLING_ONLINE].actual == Decimal("25.0")
    assert bat_xat[Indicator.PUBLIC_SERVICES].actual == Decimal("66.7")
    assert bat_xat[Indicator.CORE_TEAMS].target is None  # the 20 teams are province-wide
    assert (bat_xat[Indicator.ACTIVITIES].actual, bat_xat[Indicator.ACTIVITIES].met) == (2, True)

    _report, sa_pa = _figures(lao_cai["sa_pa"].pk)
    selling = sa_pa[Indicator.SELLING_ONLINE]
    assert (selling.actual, selling.target, selling.target_from_plan, selling.met) == (
        Decimal(0),
        Decimal(5),
        False,
        False,
    )
    assert (sa_pa[Indicator.ACTIVITIES].actual, sa_pa[Indicator.ACTIVITIES].met) == (1, False)


def test_the_funnel_counts_each_stage_by_the_report_day(lao_cai):
    report, _figures_ = _figures(lao_cai["province"].pk)
    counts = {stage.code: stage.count for stage in report.funnel}
    assert counts == {
        FunnelStage.SPECIALTY: 6,
        FunnelStage.TRAINED: 0,
        FunnelStage.PROFILE_APPROVED: 1,
        FunnelStage.PRODUCT_LIVE: 1,
        FunnelStage.FIRST_ORDER: 1,
        FunnelStage.ACTIVE: 1,
    }
    # Last year nothing had been sold yet.
    report, figures = _figures(lao_cai["province"].pk, YEAR - 1)
    counts = {stage.code: stage.count for stage in report.funnel}
    assert counts[FunnelStage.FIRST_ORDER] == counts[FunnelStage.ACTIVE] == 0
    assert figures[Indicator.ACTIVITIES].actual == 1


def test_members_are_counted_where_they_were_on_the_report_day(lao_cai):
    moved = lao_cai["y_ty_members"][1]
    services.member_transfer(member=moved, to_unit=lao_cai["ta_phin"], on=TODAY + DAYS(1))
    services.member_transfer(member=moved, to_unit=lao_cai["y_ty"], on=TODAY + DAYS(5))
    day = TODAY
    expected = dict(selectors.members_with_unit_on(day).values_list("pk", "unit_on_day"))
    ours = dict(Member.objects.annotate(unit=unit_on_day(day)).values_list("pk", "unit"))
    assert ours == expected and ours[moved.pk] == lao_cai["y_ty"].pk

    services.member_transfer(member=lao_cai["seller"], to_unit=lao_cai["ta_phin"], on=TODAY)
    _report, sa_pa = _figures(lao_cai["sa_pa"].pk)
    assert sa_pa[Indicator.SELLING_ONLINE].numerator == 1  # the seller has moved to Sa Pa
    _report, last_year = _figures(lao_cai["sa_pa"].pk, YEAR - 1)
    assert last_year[Indicator.SELLING_ONLINE].denominator == 0  # nothing recorded back then


def test_counts_by_unit_on_a_day_match_the_members_selector_for_any_day_and_scope(lao_cai):
    """Grouping by today's unit and moving back those who moved since gives the same counts as
    grouping by selectors.members_with_unit_on."""
    members = [*lao_cai["y_ty_members"], *lao_cai["ta_phin_members"]]
    services.member_transfer(member=members[0], to_unit=lao_cai["ta_phin"], on=TODAY - DAYS(30))
    services.member_transfer(member=members[0], to_unit=lao_cai["sa_pa"], on=TODAY - DAYS(10))
    services.member_transfer(member=members[4], to_unit=lao_cai["y_ty"], on=TODAY - DAYS(20))
    services.member_transfer(member=members[2], to_unit=lao_cai["bat_xat"], on=TODAY + DAYS(2))
    tree = selectors.org_tree_on(TODAY)
    for day in (TODAY - DAYS(40), TODAY - DAYS(15), TODAY - DAYS(5), TODAY, TODAY + DAYS(3)):
        for scope in (None, selectors.subtree_ids(tree, [lao_cai["bat_xat"].pk])):
            expected = Counter()
            rows = selectors.members_with_unit_on(day).values_list("unit_on_day", flat=True)
            for unit in rows:
                if scope is None or unit in scope:
                    expected[unit] += 1
            counts = unit_counts(day=day, year=day.year, unit_ids=scope)
            got = {unit: c["members"] for unit, c in counts.items() if c["members"]}
            assert got == dict(expected), (day, scope)
            listed = members_on_day(day, scope).values_list("unit_on_day", flat=True)
            assert Counter(listed) == expected


def test_the_page_shows_the_figures_with_their_source(client, lao_cai):
    client.force_login(make_union_staff("staff-dash@example.com"))
    response = client.get(_url("index"))
    assert response.status_code == 200
    content = response.content.decode()
    for source in ("platform", "roster", "mentor"):
        assert f"mdash-source--{source}" in content
    for stage in funnel.STAGES:
        assert f'data-stage="{stage}"' in content
    for unit in ("bat_xat", "sa_pa"):  # the bar chart and table by district
        assert content.count(f'data-unit="{lao_cai[unit].pk}"') == 2
    drill_down = _url("figure", lao_cai["province"].pk, "selling_online", year=YEAR, part="done")
    assert escape(drill_down) in content


def test_each_table_exports_to_csv_and_xlsx(client, lao_cai):
    client.force_login(make_union_staff("staff-dash@example.com"))
    province = lao_cai["province"].pk
    rows = _csv(client.get(_url("index", unit=province, export="csv", table="indicators")))
    assert len(rows) == 1 + len(dashboard.INDICATORS)
    assert rows[1][1:4] == ["16.7", "1", "6"]
    units = _csv(client.get(_url("index", unit=province, export="csv", table="units")))
    assert [row[:2] for row in units[1:]] == [["Huyện đoàn Bát Xát", "4"], ["Thị đoàn Sa Pa", "3"]]
    funnel_rows = _csv(client.get(_url("index", unit=province, export="csv", table="funnel")))
    assert [row[1] for row in funnel_rows[1:]] == ["6", "0", "1", "1", "1", "1"]

    response = client.get(_url("index", unit=province, export="xlsx", table="indicators"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + len(dashboard.INDICATORS)
    assert sheet.cell(row=2, column=2).value == pytest.approx(16.7)


def test_the_drill_down_lists_exactly_the_members_behind_a_figure(client, lao_cai):
    client.force_login(make_union_staff("staff-dash@example.com"))
    province = lao_cai["province"].pk
    done = _csv(client.get(_url("figure", province, "selling_online", export="csv")))
    assert [row[0] for row in done[1:]] == [lao_cai["seller"].member_number]
    base = _csv(client.get(_url("figure", province, "selling_online", part="base", export="csv")))
    assert len(base) - 1 == 6
    known = _csv(client.get(_url("figure", province, "public_services", part="base", export="csv")))
    assert len(known) - 1 == 4
    active = _csv(client.get(_url("figure", province, "active", export="csv")))
    assert [row[0] for row in active[1:]] == [lao_cai["seller"].member_number]
    teams = _csv(client.get(_url("figure", province, "community_teams", export="csv")))
    assert [row[0] for row in teams[1:]] == ["Tổ CNSCĐ Y Tý"]
    activities = client.get(_url("figure", lao_cai["sa_pa"].pk, "activities", year=YEAR - 1))
    assert activities.status_code == 200 and "Năm trước" in activities.content.decode()

    page = client.get(_url("figure", lao_cai["bat_xat"].pk, "selling_online", part="base"))
    content = page.content.decode()
    for member in lao_cai["y_ty_members"]:
        assert member.member_number in content
    for member in lao_cai["ta_phin_members"]:
        assert member.member_number not in content


def test_a_bat_xat_mentor_sees_only_bat_xat(client, lao_cai):
    client.force_login(make_mentor(lao_cai["bat_xat"], "mentor-dash@example.com"))
    home = client.get(_url("index"))
    assert home.status_code == 200
    assert f'name="unit" value="{lao_cai["bat_xat"].pk}"' in home.content.decode()
    own = client.get(_url("figure", lao_cai["y_ty"].pk, "selling_online"))
    assert own.status_code == 200 and lao_cai["seller"].member_number in own.content.decode()

    for unit in ("sa_pa", "ta_phin", "province"):
        pk = lao_cai[unit].pk
        assert client.get(_url("figure", pk, "selling_online")).status_code == 404
        assert client.get(_url("figure", pk, "selling_online", export="csv")).status_code == 404
        assert client.get(_url("figure", pk, "core_teams", export="xlsx")).status_code == 404
        assert client.get(_url("index", unit=pk)).status_code == 404
        assert client.get(_url("index", unit=pk, export="csv")).status_code == 404


def test_someone_without_a_unit_cannot_open_the_dashboard(client, lao_cai):
    user = User.objects.create_user(email="nobody@example.com", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # The Wagtail admin turns "permission denied" into a message on its home page.
    for url in (_url("index"), _url("figure", lao_cai["y_ty"].pk, "selling_online")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_the_rules_page_shows_the_rules_text(client, lao_cai):
    client.force_login(make_mentor(lao_cai["bat_xat"], "mentor-dash@example.com"))
    content = client.get(_url("rules")).content.decode()
    assert funnel.rules_paragraphs()[1] in content
    assert dashboard.rules_paragraphs()[1] in content


# --- The follow-up queue ---


def test_the_follow_up_queue_lists_the_mentors_stalled_members(client):
    tree = make_lao_cai()
    mentor = make_mentor(tree["bat_xat"], "mentor-dash@example.com")
    moderator = make_moderator()
    ago = lambda days: TODAY - DAYS(days)  # noqa: E731

    def mentee(name, **fields):
        return specialty_member(unit=tree["y_ty"], name=name, mentor=mentor, **fields)

    stalled = mentee("Trained long ago", consent_to_contact=True, phone="0912000001")
    train(stalled, on=ago(40))
    train(mentee("Trained lately"), on=ago(10))
    train(specialty_member(unit=tree["y_ty"], name="Someone else's"), on=ago(40))

    def live_since(member, days):
        product = make_seller_for(member, moderator=moderator)
        backdate_approval(member.producer, on=ago(days))
        backdate_product(product, on=ago(days))
        return product

    quiet = mentee("On sale, no order")
    live_since(quiet, 70)
    selling = mentee("On sale, sold lately")
    place_order(live_since(selling, 70), on=ago(10))
    old_sale = mentee("On sale, sold long ago")
    place_order(live_since(old_sale, 100), on=ago(65))
    live_since(mentee("On sale lately"), 20)

    queue = follow_up_queue(mentor=mentor)
    assert queue.mentees == 6
    assert [(row.member, row.days) for row in queue.trained_not_listed] == [(stalled, 40)]
    assert [(row.member, row.last_paid_on) for row in queue.listed_no_recent_order] == [
        (quiet, None),
        (old_sale, ago(65)),
    ]

    client.force_login(mentor)
    content = client.get(_url("follow_up")).content.decode()
    assert f'data-member="{stalled.member_number}"' in content and "0912000001" in content
    assert 'data-section="drafts"' in content  # shown, with a note that it is not there yet
    rows = _csv(client.get(_url("follow_up", section="quiet", export="csv")))
    assert [row[0] for row in rows[1:]] == [quiet.member_number, old_sale.member_number]


# --- Queries ---


def _build(*, members: int, districts: int, communes_each: int) -> OrgUnit:
    """A province with `districts` district unions of `communes_each` communes, `members`
    members spread over them (some moved, some selling), their stages, teams and activities."""
    province = make_unit(name="Tỉnh đoàn", kind=OrgUnit.Kind.PROVINCE)
    leaves, activities, teams = [], [], []
    for d in range(districts):
        district = make_unit(name=f"Huyện {d}", kind=OrgUnit.Kind.DISTRICT, parent=province)
        activities.append(
            Activity.objects.create(
                kind="training", title="Tập huấn", held_on=TODAY, org_unit=district
            )
        )
        teams.append(Team.objects.create(kind=Team.Kind.CORE, name=f"Đội {d}", org_unit=district))
        for c in range(communes_each):
            leaves.append(make_unit(name=f"Xã {d}-{c}", parent=district))
    teams.append(Team.objects.create(kind=Team.Kind.COMMUNITY, name="Tổ", org_unit=leaves[0]))
    Member.objects.bulk_create(
        Member(
            member_number=f"Q{members}-{index:05d}",
            full_name=f"Đoàn viên {index}",
            birth_year=2000,
            gender=Member.Gender.FEMALE,
            org_unit=leaves[index % len(leaves)],
            has_specialty_product=TriState.YES if index % 2 else TriState.NO,
            uses_public_services=[TriState.YES, TriState.NO, TriState.UNKNOWN][index % 3],
        )
        for index in range(members)
    )
    created = list(Member.objects.filter(member_number__startswith=f"Q{members}-"))
    services.member_transfer(member=created[0], to_unit=leaves[-1], on=TODAY + DAYS(3))
    MemberStage.objects.bulk_create(
        MemberStage(member=member, stage=stage, reached_on=TODAY, rules_version=1)
        for index, member in enumerate(created)
        for stage in (FunnelStage.SPECIALTY, FunnelStage.FIRST_ORDER)[: 1 + index % 2]
    )
    # Who is in the teams, who came to the activities, the year's evaluation: counted in the
    # same queries however many there are.
    for team in teams:
        TeamMember.objects.bulk_create(
            TeamMember(
                team=team, member=member, role=TeamMember.Role.LEADER if i == 0 else "member"
            )
            for i, member in enumerate(created[: 2 + members // 50])
        )
    for activity in activities:
        activity.attendees.add(*created[: 1 + members // 100])
    MemberEvaluation.objects.bulk_create(
        MemberEvaluation(member=member, year=YEAR, grade=Evaluation.values[index % 4])
        for index, member in enumerate(created)
        if index % 3
    )
    Target.objects.create(
        indicator=Indicator.SELLING_ONLINE, org_unit=leaves[0], year=YEAR, value=Decimal(12)
    )
    return province


def _queries(client, url, *, cold: bool) -> tuple[int, int]:
    """All the request's queries, and the dashboard's own (those reading mentoring's tables;
    the rest are the session, the user and the Wagtail admin's menu). `cold`: with the
    dashboard's counts neither cached nor stored, so counted."""
    if cold:
        cache.clear()
        DashboardCounts.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    own = [query for query in queries if '"mentoring_' in query["sql"]]
    return len(queries), len(own)


def test_the_dashboard_queries_do_not_grow_with_members_or_units(client):
    mentor = User.objects.create_user(email="m@example.com", password="x" * 12)
    client.force_login(make_union_staff("staff-dash@example.com"))
    small = _build(members=5, districts=1, communes_each=1)  # 3 units
    large = _build(members=200, districts=3, communes_each=3)  # 13 units
    for user in (None, mentor):
        if user is not None:  # a mentor of both provinces: scoped reads, same counts
            for province in (small, large):
                services.org_unit_role_grant(
                    role=OrgUnitRole.objects.create(user=mentor, org_unit=province)
                )
            client.force_login(User.objects.get(pk=mentor.pk))
        client.get(_url("index", unit=small.pk))  # warm the per-process caches
        for name, args, params in (
            ("index", [], {}),
            ("index", [], {"export": "xlsx", "table": "units"}),
            ("figure", ["selling_online"], {}),
            ("figure", ["active"], {"export": "csv"}),
            ("figure", ["core_teams"], {}),
        ):
            for cold in (True, False):
                counts = []
                for province in (small, large):
                    if name == "index":
                        url = _url(name, unit=province.pk, **params)
                    else:
                        url = _url(name, province.pk, *args, **params)
                    counts.append(_queries(client, url, cold=cold))
                assert counts[0] == counts[1], (name, args, params, cold, counts)
                assert counts[0][1] <= 20 and counts[0][0] <= 32, (name, params, cold, counts)


def test_the_dashboard_selector_counts_in_thirteen_queries_reads_stored_counts_in_two(
    django_assert_num_queries,
):
    province = _build(members=50, districts=2, communes_each=2)
    tree = selectors.org_tree_on(TODAY)
    # Counting: no stored counts (1), ten grouped counts, storing them (1), the targets (1).
    with django_assert_num_queries(13):
        counted = dashboard.dashboard_build(tree=tree, unit_id=province.pk, year=YEAR)
    with django_assert_num_queries(1):  # the targets; the counts come from the cache
        dashboard.dashboard_build(tree=tree, unit_id=province.pk, year=YEAR)
    cache.clear()
    with django_assert_num_queries(2):  # the stored counts, the targets
        stored = dashboard.dashboard_build(tree=tree, unit_id=province.pk, year=YEAR)
    assert (stored.figures, stored.funnel, stored.children, stored.counted_at) == (
        counted.figures,
        counted.funnel,
        counted.children,
        counted.counted_at,
    )


def test_stored_counts_serve_until_the_next_recompute_or_a_count_on_request(
    lao_cai, django_capture_on_commit_callbacks
):
    tree = selectors.org_tree_on(TODAY)
    province = lao_cai["province"].pk
    first = dashboard.dashboard_build(tree=tree, unit_id=province, year=YEAR)
    make_member(unit=lao_cai["y_ty"])
    cache.clear()
    again = dashboard.dashboard_build(tree=tree, unit_id=province, year=YEAR)
    assert (again.members, again.counted_at) == (first.members, first.counted_at)

    recounted = dashboard.dashboard_build(tree=tree, unit_id=province, year=YEAR, fresh=True)
    assert recounted.members == first.members + 1
    assert DashboardCounts.objects.get().counted_at == recounted.counted_at

    make_member(unit=lao_cai["y_ty"])
    with django_capture_on_commit_callbacks(execute=True):
        funnel.funnel_recompute()  # a new recompute: the counts stored before it are not used
    after = dashboard.dashboard_build(tree=tree, unit_id=province, year=YEAR)
    assert after.members == first.members + 2
    assert DashboardCounts.objects.count() == 1  # one row a year


def test_the_nightly_command_counts_and_stores_every_years_figures(lao_cai):
    call_command("funnel_recompute", quiet=True)
    stored = {row.year: row for row in DashboardCounts.objects.all()}
    assert sorted(stored) == list(range(dashboard.FIRST_YEAR, YEAR + 1))
    for year, row in stored.items():
        day = dashboard.report_day(year)
        assert row.day == day
        counted = unit_counts(day=day, year=year)
        assert {int(unit): Counter(values) for unit, values in row.counts.items()} == counted
    tree = selectors.org_tree_on(TODAY)
    cache.clear()
    report = dashboard.dashboard_build(tree=tree, unit_id=lao_cai["province"].pk, year=YEAR)
    assert report.counted_at == stored[YEAR].counted_at


def test_counts_are_kept_a_few_minutes_and_counted_again_on_request(client, lao_cai):
    client.force_login(make_union_staff("staff-dash@example.com"))
    before = _csv(client.get(_url("index", export="csv", table="units")))
    make_member(unit=lao_cai["y_ty"])
    assert _csv(client.get(_url("index", export="csv", table="units"))) == before
    client.get(_url("index", fresh=1))
    after = _csv(client.get(_url("index", export="csv", table="units")))
    assert [row[1] for row in after[1:]] == ["5", "3"]
