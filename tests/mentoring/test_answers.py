"""The evidence behind the public services and e-payment indicators: answers are dated
records with a source, the latest is the member's current answer, the indicators show their
coverage and are "met" only past the province's threshold; the members' survey; the
assisted sign-up log (evidence, and each person's own units only)."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from mentoring import answers, selectors
from mentoring.models import (
    THE_BEGINNING,
    AnswerSource,
    AssistedSignup,
    Indicator,
    MemberAnswer,
    OrgUnit,
    OrgUnitRole,
    Question,
    ReportingRule,
)
from mentoring.reporting import dashboard
from places.selectors import communes_of, home_province
from tests.factories.mentoring import make_member
from tests.support.people import make_mentor

pytestmark = pytest.mark.django_db

TODAY = selectors.today()
D = datetime.date


@pytest.fixture(autouse=True)
def _nothing_cached_between_tests():
    cache.clear()


def _public_figure(unit):
    day = dashboard.report_day(TODAY.year)
    report = dashboard.dashboard_build(
        tree=selectors.org_tree_on(day), unit_id=unit.pk, year=TODAY.year, fresh=True
    )
    return next(f for f in report.figures if f.code == Indicator.PUBLIC_SERVICES)


ANSWERED = D(2025, 1, 10)


def _answer(member, value, *, on=ANSWERED, source=AnswerSource.MENTOR):
    return answers.answer_record(
        member=member, question=Question.PUBLIC_SERVICES, answer=value, source=source, on=on
    )


# --- Coverage ---


def test_unknown_answers_lower_coverage_and_keep_the_target_from_met(tree):
    members = [make_member(unit=tree["y_ty"], name=f"Y Tý {n}") for n in range(10)]
    for member in members[:3]:
        _answer(member, "yes")
    figure = _public_figure(tree["province"])
    # 100 % of those who answered say yes, but only 30 % answered: not enough to be met
    assert (figure.actual, figure.coverage, figure.coverage_needed) == (
        Decimal("100.0"),
        Decimal("30.0"),
        60,
    )
    assert figure.short_of_answers and figure.met is None
    assert figure.note.startswith("30,0% trong 10 đoàn viên trong danh sách đã trả lời")

    for member in members[3:6]:
        _answer(member, "no")
    figure = _public_figure(tree["province"])
    assert (figure.actual, figure.coverage) == (Decimal("50.0"), Decimal("60.0"))
    assert not figure.short_of_answers and figure.met is False  # enough answers: judged
    for member in members[6:]:
        _answer(member, "yes")
    figure = _public_figure(tree["province"])
    assert (figure.actual, figure.met) == (Decimal("70.0"), True)


def test_the_coverage_threshold_is_the_provinces_data(tree):
    members = [make_member(unit=tree["y_ty"], name=f"Y Tý {n}") for n in range(4)]
    for member in members[:2]:
        _answer(member, "yes")
    assert _public_figure(tree["province"]).met is None  # 50 % answered, 60 % needed
    # The province's own rule for its provincial unit: half the members is enough.
    ReportingRule.objects.create(
        kind=OrgUnit.Kind.PROVINCE,
        valid_from=THE_BEGINNING,
        must_report=False,
        min_answer_coverage=50,
    )  # saving a rule forgets the cached rules (mentoring.apps)
    figure = _public_figure(tree["province"])
    assert (figure.coverage_needed, figure.met) == (50, True)
    # The district's rule (make_lao_cai: districts report) keeps its default of 60.
    assert _public_figure(tree["bat_xat"]).met is None


def test_the_dashboard_says_not_enough_answers(client, tree):
    from tests.support.people import make_union_staff

    make_member(unit=tree["y_ty"], uses_public_services="yes")
    make_member(unit=tree["y_ty"])
    make_member(unit=tree["y_ty"])
    client.force_login(make_union_staff())
    url = reverse("mentoring_dashboard:index")
    response = client.get(f"{url}?unit={tree['province'].pk}&year={TODAY.year}", follow=True)
    html = response.content.decode()
    row = html[html.index('data-indicator="public_services"') :]
    row = row[: row.index("</tr>")]
    assert 'data-status="short"' in row and "Chưa đủ câu trả lời" in row
    assert "mdash-met" not in row and "trong số 57,1% đã trả lời" not in row
    assert "trong số 33,3% đã trả lời" in row


# --- The current answer is the latest record ---


def test_a_late_older_answer_is_kept_without_replacing_the_newer(tree):
    member = make_member(unit=tree["y_ty"])
    _answer(member, "yes", on=D(2025, 6, 1), source=AnswerSource.SURVEY)
    _answer(member, "no", on=D(2025, 3, 1), source=AnswerSource.ROSTER)
    member.refresh_from_db()
    assert (member.uses_public_services, member.public_services_recorded_on) == (
        "yes",
        D(2025, 6, 1),
    )
    assert MemberAnswer.objects.filter(member=member).count() == 2


def test_the_data_migration_turns_todays_answers_into_roster_records(tree):
    """The function migration 0020_member_answers_data runs, on today's models."""
    migration = importlib.import_module("mentoring.migrations.0020_member_answers_data")
    known = make_member(
        unit=tree["y_ty"],
        uses_public_services="yes",
        public_services_recorded_on=D(2024, 5, 2),
        has_epayment_account="no",
        epayment_recorded_on=D(2024, 5, 3),
    )
    undated = make_member(unit=tree["y_ty"], has_epayment_account="yes")
    unknown = make_member(unit=tree["y_ty"])
    migration.answers_from_roster(django_apps, None)
    rows = set(
        MemberAnswer.objects.values_list("member_id", "question", "answer", "source", "answered_on")
    )
    assert rows == {
        (known.pk, "public_services", "yes", "roster", D(2024, 5, 2)),
        (known.pk, "epayment", "no", "roster", D(2024, 5, 3)),
        (undated.pk, "epayment", "yes", "roster", timezone.localdate(undated.created_at)),
    }
    assert not MemberAnswer.objects.filter(member=unknown).exists()
    known.refresh_from_db()  # the member keeps the same current answers
    assert (known.uses_public_services, known.has_epayment_account) == ("yes", "no")


# --- The members' survey ---


def _survey(client, number, phone, public="yes", epay="no"):
    return client.post(
        reverse("mentoring_survey:survey"),
        {"member_number": number, "phone": phone, "public_services": public, "epayment": epay},
    )


def test_a_survey_answered_twice_keeps_the_latest_and_both_records(client, tree):
    member = make_member(unit=tree["y_ty"], phone="0912345678")
    assert _survey(client, member.member_number, "0912 345 678", "no", "no").status_code == 200
    response = _survey(client, member.member_number.lower(), "+84912345678", "yes", "no")
    assert "data-survey-done" in response.content.decode()
    member.refresh_from_db()
    assert (member.uses_public_services, member.has_epayment_account) == ("yes", "no")
    assert member.public_services_recorded_on == TODAY
    assert list(
        MemberAnswer.objects.filter(member=member, question="public_services")
        .order_by("pk")
        .values_list("answer", "source")
    ) == [("no", "survey"), ("yes", "survey")]
    assert MemberAnswer.objects.filter(member=member, question="epayment").count() == 2


def _main(html: str) -> str:
    start = html.index('<section class="cp-section cp-section--first">')
    return html[start : html.index("</section>", start)]


def test_the_survey_never_says_whether_a_member_exists(client, tree):
    member = make_member(unit=tree["y_ty"], phone="0912345678")
    matched = _survey(client, member.member_number, "0912345678")
    wrong_phone = _survey(client, member.member_number, "0987654321")
    nobody = _survey(client, "DV-NOBODY", "0912345678")
    # The page's answer (the rest differs by its per-request nonce and tokens).
    pages = {_main(r.content.decode()) for r in (matched, wrong_phone, nobody)}
    assert {r.status_code for r in (matched, wrong_phone, nobody)} == {200}
    assert len(pages) == 1  # the same reply, word for word
    assert MemberAnswer.objects.filter(member=member).count() == 2  # the matched post only


def test_the_survey_is_throttled_per_member_number(client, tree):
    member = make_member(unit=tree["y_ty"], phone="0912345678")
    for _attempt in range(5):
        assert _survey(client, member.member_number, "0900000001").status_code == 200
    response = _survey(client, member.member_number, "0912345678")
    assert response.status_code == 429
    assert not MemberAnswer.objects.filter(member=member).exists()


def test_a_mistyped_phone_is_refused_with_a_message(client, tree):
    response = _survey(client, "DV1", "12ab")
    assert response.status_code == 200
    assert "data-survey-done" not in response.content.decode()
    assert "Số điện thoại không hợp lệ" in response.content.decode()


# --- The assisted sign-up log ---


@pytest.fixture
def commune(admin_units):
    return communes_of(home_province()).first()


def _volunteer(unit, email="tinhnguyen@example.com"):
    from accounts.models import User
    from mentoring import services

    user = User.objects.create_user(email=email, password="x" * 12)
    role = OrgUnitRole.objects.create(user=user, org_unit=unit, role=OrgUnitRole.Role.VOLUNTEER)
    services.org_unit_role_grant(role=role)
    return User.objects.get(pk=user.pk)


def _entry_form(unit, commune, **fields):
    return {
        "task": AssistedSignup.Task.VNEID,
        "done_on": "2026-03-14",
        "member_number": "",
        "resident_name": "",
        "resident_phone": "",
        "org_unit": unit.pk,
        "place": commune.pk,
        "note": "",
        **fields,
    }


def test_a_volunteers_entry_about_a_member_is_evidence_for_their_answer(client, tree, commune):
    member = make_member(unit=tree["y_ty"])
    volunteer = _volunteer(tree["bat_xat"])
    client.force_login(volunteer)
    response = client.post(
        reverse("mentoring_assisted_signups:add"),
        _entry_form(tree["y_ty"], commune, member_number=member.member_number),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AssistedSignup.objects.get()
    assert (entry.member, entry.helped_by, entry.place) == (member, volunteer, commune)
    assert list(
        MemberAnswer.objects.values_list(
            "member", "question", "answer", "source", "answered_on", "assisted_signup"
        )
    ) == [(member.pk, "public_services", "yes", "assisted", D(2026, 3, 14), entry.pk)]
    member.refresh_from_db()
    assert (member.uses_public_services, member.public_services_recorded_on) == (
        "yes",
        D(2026, 3, 14),
    )
    # A resident who is not a member: a name (and phone) and no answer record.
    response = client.post(
        reverse("mentoring_assisted_signups:add"),
        _entry_form(
            tree["y_ty"],
            commune,
            task=AssistedSignup.Task.EWALLET,
            resident_name="Bà Lý Thị Sử",
            resident_phone="0912 345 678",
        ),
    )
    assert response.status_code == 302
    assert AssistedSignup.objects.get(resident_name="Bà Lý Thị Sử").resident_phone == "+84912345678"
    assert MemberAnswer.objects.count() == 1
    # The volunteer sees the log, not the members' screens.
    assert client.get(reverse("mentoring_assisted_signups:index")).status_code == 200
    assert client.get(reverse("mentoring_members:index")).status_code in (302, 403)


def test_an_entry_names_someone(client, tree, commune):
    client.force_login(_volunteer(tree["bat_xat"]))
    response = client.post(
        reverse("mentoring_assisted_signups:add"), _entry_form(tree["y_ty"], commune)
    )
    assert response.status_code == 200
    assert "Ghi số đoàn viên hoặc tên người dân" in response.content.decode()
    assert not AssistedSignup.objects.exists()


def test_another_units_mentor_gets_404_and_cannot_log_for_its_members(client, tree, commune):
    y_ty_member = make_member(unit=tree["y_ty"])
    volunteer = _volunteer(tree["bat_xat"])
    entry = answers.assisted_signup_record(
        signup=AssistedSignup(
            org_unit=tree["y_ty"],
            member=y_ty_member,
            task=AssistedSignup.Task.BANK_ACCOUNT,
            done_on=D(2026, 3, 1),
            place=commune,
        ),
        by=volunteer,
    )
    sa_pa_mentor = make_mentor(tree["sa_pa"], email="sapa@example.com")
    client.force_login(sa_pa_mentor)
    assert (
        client.get(reverse("mentoring_assisted_signups:edit", args=[entry.pk])).status_code == 404
    )
    listing = client.get(reverse("mentoring_assisted_signups:index"))
    assert listing.status_code == 200 and y_ty_member.full_name not in listing.content.decode()
    # Posting a Y Tý member (or the Y Tý unit) from Sa Pa is refused on the server.
    response = client.post(
        reverse("mentoring_assisted_signups:add"),
        _entry_form(tree["ta_phin"], commune, member_number=y_ty_member.member_number),
    )
    assert response.status_code == 200
    assert "Không có đoàn viên nào trong đơn vị của bạn có số này" in response.content.decode()
    assert AssistedSignup.objects.count() == 1


def test_the_answers_screen_is_read_only_and_shows_only_ones_own_units(client, tree):
    from accounts.models import User

    y_ty = make_member(unit=tree["y_ty"], name="Đoàn viên Y Tý")
    ta_phin = make_member(unit=tree["ta_phin"], name="Đoàn viên Tả Phìn")
    _answer(y_ty, "yes")
    _answer(ta_phin, "no")
    client.force_login(make_mentor(tree["bat_xat"]))
    listing = client.get(reverse("mentoring_answers:index"))
    assert listing.status_code == 200
    assert "Đoàn viên Y Tý" in listing.content.decode()
    assert "Đoàn viên Tả Phìn" not in listing.content.decode()
    client.force_login(User.objects.create_superuser(email="root@example.com", password="x" * 12))
    assert client.get(reverse("mentoring_answers:add")).status_code in (302, 403)
    answer = MemberAnswer.objects.get(member=y_ty)
    url = reverse("mentoring_answers:edit", args=[answer.pk])
    assert client.post(url, {"answer": "no"}).status_code in (302, 403)
    assert MemberAnswer.objects.get(pk=answer.pk).answer == "yes"
