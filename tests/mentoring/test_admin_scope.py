"""Scope isolation in the mentoring admin: a Bát Xát mentor reaches nothing of Sa Pa through any
URL or export, cannot write into Sa Pa by posting its ids; provincial staff see everything."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import selectors
from mentoring.admin.menu import MentoringLinkMenuItem
from mentoring.models import (
    Activity,
    Attendance,
    Member,
    MemberTransfer,
    OrgUnitRole,
    Team,
    Topic,
    TrainingSession,
)
from tests.factories.mentoring import make_lao_cai, make_member, make_unit

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2025, 5, 10)
MEMBER_VIEWS = ["edit", "delete", "history", "history_results", "usage", "inspect"]
OBJECT_VIEWS = ["edit", "delete", "history", "history_results", "usage"]
LEVELS = "mentoring_reporting_levels"  # the reporting levels: provincial staff only


class World:
    """Bát Xát (Y Tý) and Sa Pa (Tả Phìn), one member, training, activity and team in each."""

    def __init__(self):
        self.tree = make_lao_cai()
        self.mai = make_member(unit=self.tree["y_ty"], name="Lý Thị Mai", phone="0900000101")
        self.sung = make_member(unit=self.tree["ta_phin"], name="Giàng A Sùng", phone="0900000202")
        self.mentor = _user("mentor@example.com", "Mentors")
        OrgUnitRole.objects.create(user=self.mentor, org_unit=self.tree["bat_xat"])
        self.staff = _user("staff@example.com", "Provincial staff (mentoring)")
        for unit in ("bat_xat", "sa_pa"):
            TrainingSession.objects.create(
                topic=Topic.ECOMMERCE,
                title=f"Bán hàng online {unit}",
                held_on=HELD_ON,
                org_unit=self.tree[unit],
            )
            Activity.objects.create(
                kind=Activity.Kind.CONTEST,
                title=f"Cuộc thi {unit}",
                held_on=HELD_ON,
                org_unit=self.tree[unit],
            )
            Team.objects.create(kind=Team.Kind.CORE, name=f"Đội {unit}", org_unit=self.tree[unit])
        self.training = TrainingSession.objects.get(org_unit=self.tree["bat_xat"])
        self.sa_pa_training = TrainingSession.objects.get(org_unit=self.tree["sa_pa"])
        self.sa_pa_activity = Activity.objects.get(org_unit=self.tree["sa_pa"])
        self.sa_pa_team = Team.objects.get(org_unit=self.tree["sa_pa"])


def _denied(response) -> bool:
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _user(email, group):
    user = User.objects.create_user(email=email, password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world():
    return World()


@pytest.fixture
def as_mentor(client, world):
    client.force_login(world.mentor)
    return client


def _member_form(world, unit, **changes):
    data = {
        "member_number": "DV999001",
        "full_name": "Tẩn Thị Mẩy",
        "birth_year": "2001",
        "gender": "female",
        "ethnicity": "Dao",
        "sensitive_basis": "union_record",  # an ethnicity is recorded with its basis
        "phone": "0900000303",
        "org_unit": str(unit.pk),
        "has_specialty_product": "yes",
        "specialty_product": "Thổ cẩm",
        "uses_public_services": "unknown",
        "has_epayment_account": "unknown",
        "mentor": "",
        "producer": "",
    }
    return {**data, **changes}


def test_a_mentor_gets_404_on_another_units_member_through_every_url(as_mentor, world):
    for view in MEMBER_VIEWS:
        url = reverse(f"mentoring_members:{view}", args=[world.sung.pk])
        assert as_mentor.get(url).status_code == 404, view
        assert as_mentor.post(url, {}).status_code in (404, 405), view


def test_a_mentor_opens_their_own_member_but_may_not_delete_it(as_mentor, world):
    for view in ["edit", "history", "inspect"]:
        response = as_mentor.get(reverse(f"mentoring_members:{view}", args=[world.mai.pk]))
        assert response.status_code == 200, view
    delete = reverse("mentoring_members:delete", args=[world.mai.pk])
    assert _denied(as_mentor.post(delete))
    assert Member.objects.filter(pk=world.mai.pk).exists()


@pytest.mark.parametrize(
    "viewset, attribute",
    [
        ("mentoring_trainings", "sa_pa_training"),
        ("mentoring_activities", "sa_pa_activity"),
        ("mentoring_teams", "sa_pa_team"),
    ],
)
def test_a_mentor_gets_404_on_another_units_records(as_mentor, world, viewset, attribute):
    pk = getattr(world, attribute).pk
    for view in OBJECT_VIEWS:
        url = reverse(f"{viewset}:{view}", args=[pk])
        assert as_mentor.get(url).status_code == 404, view
    assert as_mentor.post(reverse(f"{viewset}:delete", args=[pk])).status_code == 404


def test_attendance_and_team_pickers_of_another_unit_are_404(as_mentor, world):
    attendance = reverse("mentoring_trainings:attendance", args=[world.sa_pa_training.pk])
    assert as_mentor.get(attendance).status_code == 404
    assert as_mentor.post(attendance, {"members": [world.mai.pk]}).status_code == 404
    came = reverse("mentoring_activities:participants", args=[world.sa_pa_activity.pk])
    assert as_mentor.get(came).status_code == 404
    assert as_mentor.post(came, {"members": [world.mai.pk]}).status_code == 404
    assert not world.sa_pa_activity.attendees.exists()
    assert not Attendance.objects.exists()


def test_listings_and_searches_show_only_the_mentors_units(as_mentor, world):
    response = as_mentor.get(reverse("mentoring_members:index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [world.mai]
    results = as_mentor.get(reverse("mentoring_members:index_results"), {"q": "Sùng"})
    assert list(results.context["object_list"]) == []
    by_phone = as_mentor.get(reverse("mentoring_members:index_results"), {"q": "0900000202"})
    assert list(by_phone.context["object_list"]) == []
    trainings = as_mentor.get(reverse("mentoring_trainings:index"))
    assert list(trainings.context["object_list"]) == [world.training]


def test_filtering_by_another_units_id_shows_nothing_more(as_mentor, world):
    url = reverse("mentoring_members:index")
    response = as_mentor.get(url, {"org_unit": world.tree["sa_pa"].pk})
    assert world.sung not in response.context["object_list"]


def test_the_member_exports_leave_out_other_units(as_mentor, world):
    url = reverse("mentoring_members:index")
    csv = b"".join(as_mentor.get(url, {"export": "csv"}).streaming_content).decode()
    assert world.mai.member_number in csv and "0900000101" in csv
    assert world.sung.member_number not in csv and "0900000202" not in csv

    xlsx = as_mentor.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == [world.mai.member_number]


def test_the_member_exports_read_in_excel_and_say_yes_or_no(as_mentor, world):
    Member.objects.filter(pk=world.mai.pk).update(consent_to_contact=True)
    url = reverse("mentoring_members:index")
    csv = b"".join(as_mentor.get(url, {"export": "csv"}).streaming_content).decode()
    # The BOM: without it Excel reads the UTF-8 letters as another code page.
    assert csv.startswith("\ufeff") and "Họ và tên" in csv
    (mai,) = [line for line in csv.splitlines() if world.mai.member_number in line]
    assert "True" not in mai and "False" not in mai and ",Có," in mai

    xlsx = as_mentor.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    headings, row = list(sheet.iter_rows(max_row=2, values_only=True))
    assert row[headings.index("Đồng ý được liên hệ")] == "Có"


def test_a_mentor_finds_a_member_typed_without_vietnamese_marks(as_mentor, world):
    url = reverse("mentoring_members:index")
    for typed in ("Lý Thị Mai", "ly thi mai", "LY THI", "mai", "0900000101"):
        found = [member.pk for member in as_mentor.get(url, {"q": typed}).context["object_list"]]
        assert found == [world.mai.pk], typed
    # Punctuation alone folds to nothing: it finds no one, as before, not every member.
    assert list(as_mentor.get(url, {"q": "!!"}).context["object_list"]) == []
    # Still only within the mentor's units: Sùng of another unit is not found, marks or not.
    for typed in ("Giàng A Sùng", "giang a sung"):
        assert list(as_mentor.get(url, {"q": typed}).context["object_list"]) == [], typed


@pytest.mark.parametrize(
    "viewset", ["mentoring_trainings", "mentoring_activities", "mentoring_teams"]
)
def test_the_other_exports_leave_out_other_units(as_mentor, viewset):
    response = as_mentor.get(reverse(f"{viewset}:index"), {"export": "csv"})
    csv = b"".join(response.streaming_content).decode()
    assert "bat_xat" in csv and "sa_pa" not in csv


def test_a_mentor_cannot_create_a_member_in_another_unit(as_mentor, world):
    response = as_mentor.post(
        reverse("mentoring_members:add"), _member_form(world, world.tree["sa_pa"])
    )
    assert response.status_code == 200  # the form again, with an error on the unit
    assert "org_unit" in response.context["form"].errors
    assert not Member.objects.filter(member_number="DV999001").exists()


def test_a_mentor_cannot_move_a_member_into_another_unit(as_mentor, world):
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(world, world.tree["ta_phin"], member_number=world.mai.member_number)
    assert as_mentor.post(url, data).status_code == 200
    world.mai.refresh_from_db()
    assert world.mai.org_unit == world.tree["y_ty"]


def test_a_mentor_creates_a_member_in_their_unit_and_it_is_logged(as_mentor, world):
    response = as_mentor.post(
        reverse("mentoring_members:add"), _member_form(world, world.tree["y_ty"])
    )
    assert response.status_code == 302
    member = Member.objects.get(member_number="DV999001")
    assert member.org_unit == world.tree["y_ty"]
    entry = ModelLogEntry.objects.get(object_id=str(member.pk), action="wagtail.create")
    assert entry.user == world.mentor


def test_an_edit_logs_who_changed_which_fields(as_mentor, world):
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(
        world,
        world.tree["y_ty"],
        member_number=world.mai.member_number,
        full_name=world.mai.full_name,
        birth_year="2000",
        phone="0900000999",
    )
    assert as_mentor.post(url, data).status_code == 302
    entry = ModelLogEntry.objects.get(object_id=str(world.mai.pk), action="mentoring.edit")
    assert entry.user == world.mentor
    assert set(entry.data["fields"]) >= {"phone", "specialty_product"}
    history = as_mentor.get(reverse("mentoring_members:history", args=[world.mai.pk]))
    assert history.status_code == 200


def test_moving_a_member_within_the_mentors_units_is_a_dated_transfer(as_mentor, world):
    a_mu_sung = make_unit(name="Đoàn xã A Mú Sung", parent=world.tree["bat_xat"])
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(
        world,
        a_mu_sung,
        member_number=world.mai.member_number,
        full_name=world.mai.full_name,
        birth_year="2000",
        phone=world.mai.phone,
    )
    assert as_mentor.post(url, data).status_code == 302
    world.mai.refresh_from_db()
    assert world.mai.org_unit == a_mu_sung
    transfer = MemberTransfer.objects.get(member=world.mai)
    assert (transfer.from_unit, transfer.to_unit) == (world.tree["y_ty"], a_mu_sung)


def test_a_member_moved_in_the_admin_is_moved_from_the_day_chosen(as_mentor, world):
    a_mu_sung = make_unit(name="Đoàn xã A Mú Sung", parent=world.tree["bat_xat"])
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(
        world,
        a_mu_sung,
        member_number=world.mai.member_number,
        full_name=world.mai.full_name,
        birth_year="2000",
        phone=world.mai.phone,
        unit_from="2025-07-01",
    )
    assert as_mentor.post(url, data).status_code == 302
    transfer = MemberTransfer.objects.get(member=world.mai)
    assert transfer.on == datetime.date(2025, 7, 1)


def test_a_move_dated_before_the_new_unit_opened_is_refused(as_mentor, world):
    later = make_unit(
        name="Đoàn xã Mới", parent=world.tree["bat_xat"], opened_on=datetime.date(2025, 7, 1)
    )
    url = reverse("mentoring_members:edit", args=[world.mai.pk])
    data = _member_form(
        world,
        later,
        member_number=world.mai.member_number,
        full_name=world.mai.full_name,
        birth_year="2000",
        phone=world.mai.phone,
        unit_from="2025-03-01",
    )
    response = as_mentor.post(url, data)
    assert response.status_code == 200
    assert "unit_from" in response.context["form"].errors
    assert not MemberTransfer.objects.filter(member=world.mai).exists()


def test_attendance_is_ticked_from_the_units_members_and_logged(as_mentor, world):
    url = reverse("mentoring_trainings:attendance", args=[world.training.pk])
    page = as_mentor.get(url)
    assert page.status_code == 200
    assert [member for member, _ticked in page.context["rows"]] == [world.mai]

    assert as_mentor.post(url, {"members": [world.mai.pk]}).status_code == 302
    assert list(world.training.attendees.all()) == [world.mai]
    entry = ModelLogEntry.objects.get(action="mentoring.attendance")
    assert entry.data == {"added": [world.mai.pk], "removed": []}

    assert as_mentor.post(url, {"members": []}).status_code == 302  # unticked: taken off
    assert not world.training.attendees.exists()


def test_attendance_rejects_a_member_of_another_unit(as_mentor, world):
    url = reverse("mentoring_trainings:attendance", args=[world.training.pk])
    response = as_mentor.post(url, {"members": [world.sung.pk]})
    assert response.status_code == 200 and response.context["form"].errors
    widened = as_mentor.post(
        f"{url}?unit={world.tree['sa_pa'].pk}", {"members": [world.sung.pk]}
    )  # asking for Sa Pa's list falls back to the session's own unit
    assert widened.status_code == 200 and widened.context["form"].errors
    assert not Attendance.objects.exists()


def test_staff_see_and_export_everything(client, world):
    client.force_login(world.staff)
    for view in MEMBER_VIEWS:
        url = reverse(f"mentoring_members:{view}", args=[world.sung.pk])
        assert client.get(url).status_code == 200, view
    response = client.get(reverse("mentoring_members:index"), {"export": "csv"})
    csv = b"".join(response.streaming_content).decode()
    assert world.mai.member_number in csv and world.sung.member_number in csv
    for viewset in ["mentoring_org_units", "mentoring_roles", "mentoring_targets", LEVELS]:
        assert client.get(reverse(f"{viewset}:index")).status_code == 200


def test_staff_only_screens_are_closed_to_mentors(as_mentor, world):
    for viewset in ["mentoring_org_units", "mentoring_roles", "mentoring_targets", LEVELS]:
        assert _denied(as_mentor.get(reverse(f"{viewset}:index"))), viewset
        assert _denied(as_mentor.get(reverse(f"{viewset}:add"))), viewset
    edit = reverse("mentoring_org_units:edit", args=[world.tree["bat_xat"].pk])
    response = as_mentor.get(edit)
    assert _denied(response) or response.status_code == 404


def test_someone_without_a_role_sees_no_member(client, world):
    nobody = _user("nobody@example.com", "Mentors")
    client.force_login(nobody)
    response = client.get(reverse("mentoring_members:index"))
    assert response.status_code == 200 and not response.context["object_list"]
    edit = reverse("mentoring_members:edit", args=[world.mai.pk])
    assert client.get(edit).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    for url in [
        reverse("mentoring_members:index"),
        reverse("mentoring_members:edit", args=[world.mai.pk]),
        reverse("mentoring_trainings:attendance", args=[world.training.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_staff_give_a_role_by_email_and_the_person_joins_the_mentors(client, world):
    person = User.objects.create_user(email="Cadre@Example.com", password="x" * 12)
    client.force_login(world.staff)
    response = client.post(
        reverse("mentoring_roles:add"),
        {"user": "cadre@example.com", "org_unit": world.tree["sa_pa"].pk, "role": "mentor"},
    )
    assert response.status_code == 302
    assert OrgUnitRole.objects.filter(user=person, org_unit=world.tree["sa_pa"]).exists()
    assert person.groups.filter(name="Mentors").exists()


def test_the_mentoring_menu_shows_the_mentors_screens_only(as_mentor, world):
    with_menu = as_mentor.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("mentoring_members:index") in with_menu
    assert reverse("mentoring_org_units:index") not in with_menu


def test_a_link_to_a_screen_not_yet_mounted_is_hidden(rf, world):
    request = rf.get("/admin/")
    request.user = world.staff
    assert not MentoringLinkMenuItem("Later", "mentoring_import:not_there").is_shown(request)
    assert MentoringLinkMenuItem("Members", "mentoring_members:index").is_shown(request)


def test_a_survey_answer_without_its_date_is_dated_today(as_mentor, world):
    response = as_mentor.post(
        reverse("mentoring_members:add"), _member_form(world, world.tree["y_ty"])
    )
    assert response.status_code == 302
    member = Member.objects.get(member_number="DV999001")
    assert member.specialty_recorded_on == selectors.today()
    assert member.epayment_recorded_on is None  # still unknown


def test_an_answer_a_mentor_types_is_evidence_from_the_mentor(as_mentor, world):
    from mentoring.models import MemberAnswer

    form = _member_form(world, world.tree["y_ty"], uses_public_services="yes")
    assert as_mentor.post(reverse("mentoring_members:add"), form).status_code == 302
    member = Member.objects.get(member_number="DV999001")
    url = reverse("mentoring_members:edit", args=[member.pk])
    form = _member_form(world, world.tree["y_ty"], uses_public_services="no")
    # dated today as the first: on one day, the last recorded is the current answer
    assert as_mentor.post(url, form).status_code == 302
    assert list(
        MemberAnswer.objects.filter(member=member)
        .order_by("pk")
        .values_list("question", "answer", "source", "recorded_by")
    ) == [
        ("public_services", "yes", "mentor", world.mentor.pk),
        ("public_services", "no", "mentor", world.mentor.pk),
    ]
    member.refresh_from_db()
    assert member.uses_public_services == "no"


def test_staff_rename_a_unit_from_a_date_and_earlier_reports_keep_the_old_name(client, world):
    client.force_login(world.staff)
    sa_pa = world.tree["sa_pa"]
    response = client.post(
        reverse("mentoring_org_units:edit", args=[sa_pa.pk]),
        {
            "name": "Đoàn phường Sa Pa",
            "parent": world.tree["province"].pk,
            "changes_from": "2025-07-01",
            "kind": sa_pa.kind,
        },
    )
    assert response.status_code == 302
    assert selectors.org_tree_on(datetime.date(2025, 6, 30))[sa_pa.pk].name == "Thị đoàn Sa Pa"
    assert selectors.org_tree_on(datetime.date(2025, 7, 1))[sa_pa.pk].name == "Đoàn phường Sa Pa"
    entry = ModelLogEntry.objects.get(object_id=str(sa_pa.pk), action="mentoring.edit")
    assert "name" in entry.data["fields"]


def test_the_site_history_report_shows_no_names_of_another_units_members(client, world):
    client.force_login(world.staff)
    url = reverse("mentoring_members:edit", args=[world.sung.pk])
    data = _member_form(
        world,
        world.tree["ta_phin"],
        member_number=world.sung.member_number,
        full_name=world.sung.full_name,
        birth_year="2000",
        phone="0900000888",
    )
    assert client.post(url, data).status_code == 302
    mentor = Client()  # a browser of their own (the staff's "updated" message stays with theirs)
    mentor.force_login(world.mentor)
    report = mentor.get(reverse("wagtailadmin_reports:site_history"))
    assert report.status_code == 200
    assert world.sung.full_name not in report.content.decode()


def test_staff_create_a_unit_with_its_name_and_parent(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("mentoring_org_units:add"),
        {
            "name": "Đoàn xã Tả Van",
            "code": "ta-van",
            "kind": "grassroots",
            "parent": world.tree["sa_pa"].pk,
            "opened_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    node = next(n for n in selectors.org_tree_on().values() if n.code == "ta-van")
    assert (node.name, node.parent_id) == ("Đoàn xã Tả Van", world.tree["sa_pa"].pk)
    assert ModelLogEntry.objects.filter(object_id=str(node.id), action="wagtail.create").exists()


def test_the_site_history_shows_a_mentor_nothing_of_another_district(client, world):
    """Sa Pa's mentor edits Sa Pa's training and a Sa Pa trainee links his account: the Bát
    Xát mentor's site history (page, results, export, filter choices) names none of it, yet
    lists his own district's entries."""
    from wagtail.log_actions import log

    from tests.factories.mentoring import link_account

    sa_pa_mentor = User.objects.create_user(
        email="mentor.sapa@example.com", password="x" * 12, first_name="Vàng", last_name="Sapa"
    )
    OrgUnitRole.objects.create(user=sa_pa_mentor, org_unit=world.tree["sa_pa"])
    log(instance=world.sa_pa_training, action="mentoring.edit", user=sa_pa_mentor,
        data={"fields": ["title"]})  # fmt: skip
    trainee = User.objects.create_user(email="sung.trainee@example.com", password="x" * 12)
    link_account(member=world.sung, user=trainee)
    log(instance=world.training, action="mentoring.edit", user=world.mentor,
        data={"fields": ["title"]})  # fmt: skip
    client.force_login(world.mentor)
    secrets = ["Bán hàng online sa_pa", "sung.trainee@example.com", "mentor.sapa@example.com",
               "Vàng Sapa"]  # fmt: skip
    pages = {
        "report": client.get(reverse("wagtailadmin_reports:site_history")),
        "results": client.get(reverse("wagtailadmin_reports:site_history_results")),
        "csv": client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"}),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.getvalue().decode("utf-8-sig")
        assert [secret for secret in secrets if secret in body] == [], name
    assert "Bán hàng online bat_xat" in pages["results"].content.decode()
    filters = pages["report"].context["filters"]
    users = filters.filters["user"].extra["queryset"]
    assert world.mentor in users and sa_pa_mentor not in users
    assert trainee not in users
    # Filtering by the Sa Pa mentor shows nothing either.
    filtered = client.get(
        reverse("wagtailadmin_reports:site_history_results"), {"user": sa_pa_mentor.pk}
    )
    assert "Bán hàng online sa_pa" not in filtered.content.decode()


def test_staff_still_see_every_districts_history(client, world):
    from wagtail.log_actions import log

    log(instance=world.sa_pa_training, action="mentoring.edit", user=world.staff,
        data={"fields": ["title"]})  # fmt: skip
    client.force_login(world.staff)
    response = client.get(reverse("wagtailadmin_reports:site_history_results"))
    assert "Bán hàng online sa_pa" in response.content.decode()


def test_staff_cannot_move_a_unit_under_one_of_its_own_units(client, world):
    client.force_login(world.staff)
    sa_pa = world.tree["sa_pa"]
    response = client.post(
        reverse("mentoring_org_units:edit", args=[sa_pa.pk]),
        {
            "name": "Thị đoàn Sa Pa",
            "parent": world.tree["ta_phin"].pk,
            "changes_from": "2025-07-01",
            "kind": sa_pa.kind,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert selectors.org_tree_on()[sa_pa.pk].parent_id == world.tree["province"].pk
