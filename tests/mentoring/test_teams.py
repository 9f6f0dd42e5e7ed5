"""Teams as records, activities with who came, members' annual evaluation (issue 27, items 3,
4 and 6): youth at the core computed from the members under the dated rule, the three bad
inputs refused in Vietnamese, activities counted only with a recorded participant, the
evaluation imported with the roster (rows at fault named) and counted per unit, and every
screen scoped to the mentor's units."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentoring import evaluations, selectors, teams
from mentoring.activity_files import evidence_file_check
from mentoring.models import (
    Activity,
    Evaluation,
    MemberEvaluation,
    Team,
    TeamMember,
    TrainingSession,
    YouthCoreRule,
)
from mentoring.reporting import dashboard
from mentoring.reporting.counts import unit_counts
from tests.factories.mentoring import make_member
from tests.mentoring.test_roster_import import HEADER, check, codes, commit, csv_bytes, row
from tests.support.people import make_mentor, make_union_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_a_temporary_folder")]

DAY = datetime.date(2026, 6, 1)


def _team(tree, name="Tổ công nghệ số Y Tý", **fields):
    return Team.objects.create(kind=Team.Kind.COMMUNITY, name=name, org_unit=tree["y_ty"], **fields)


def _people(*members, leader=None, residents=()):
    """team_save's member list: `leader` first, then `members`, then residents by name."""
    people = []
    if leader is not None:
        people.append({"member": leader, "role": TeamMember.Role.LEADER})
    people += [{"member": member} for member in members]
    people += [
        {"full_name": name, "phone": phone, "birth_year": year} for name, phone, year in residents
    ]
    return people


# --- Youth at the core ---


def test_youth_at_the_core_changes_when_the_team_s_members_change(tree):
    """A youth leader and half youth: at the core. Add two older residents: no longer (one
    youth member in four). Take them off again, or give it an older leader: it follows."""
    young = [
        make_member(unit=tree["y_ty"], name=f"Thanh niên {n}", birth_year=2000) for n in (1, 2)
    ]
    older = make_member(unit=tree["y_ty"], name="Cán bộ", birth_year=1980)
    team = _team(tree)
    mentor = make_mentor(tree["bat_xat"])
    teams.team_save(team=team, people=_people(young[1], leader=young[0]), by=mentor)
    assert teams.team_status(team=team, day=DAY).at_core is True

    residents = [("Vàng A Chư", "0912000302", 1970), ("Giàng A Sử", "0912000304", 1975)]
    teams.team_save(team=team, people=_people(leader=young[0], residents=residents), by=mentor)
    status = teams.team_status(team=team, day=DAY)
    assert (status.people, status.youth, status.at_core) == (3, 1, False)

    teams.team_save(team=team, people=_people(young[0], young[1], leader=older), by=mentor)
    assert teams.team_status(team=team, day=DAY).at_core is False  # two youth of three, old leader
    teams.team_save(team=team, people=_people(young[1], older, leader=young[0]), by=mentor)
    assert teams.team_status(team=team, day=DAY).at_core is True  # two of three, young leader


def test_a_team_without_its_leader_keeps_only_the_old_tick_counted_apart(tree):
    """Before members are recorded the mentor's tick is "reported, not evidenced": never
    youth at the core on the dashboard, shown in a note; filled in, it is computed."""
    team = _team(tree, youth_at_core_reported=True)
    _team(tree, name="Tổ chưa đánh dấu")
    counts = unit_counts(day=DAY, year=DAY.year)[tree["y_ty"].pk]
    assert (counts["community_teams"], counts["community_youth"]) == (2, 0)
    assert counts["community_reported"] == 1
    figures = _figures(tree)
    community = figures["community_teams"]
    assert (community.numerator, community.denominator) == (0, 2)
    assert "1 tổ, đội báo cáo có thanh niên làm nòng cốt" in community.note

    leader = make_member(unit=tree["y_ty"], birth_year=2002)
    teams.team_save(team=team, people=_people(leader=leader), by=make_mentor(tree["bat_xat"]))
    counts = unit_counts(day=DAY, year=DAY.year)[tree["y_ty"].pk]
    assert (counts["community_youth"], counts["community_reported"]) == (1, 0)


def test_the_rule_is_dated_data_the_province_changes(tree):
    """From 2027 the province counts youth up to 28 and wants two thirds: a leader born in
    1997 (29 in 2026, 30 in 2027) and a member born in 2004 stop being at the core then."""
    # The rules as the province set them (a test of its own: whatever rule rows the database
    # kept, e.g. migration 0021's, are replaced).
    YouthCoreRule.objects.all().delete()
    for rule in (
        YouthCoreRule(
            valid_from=datetime.date(2000, 1, 1), valid_until=datetime.date(2026, 12, 31)
        ),
        YouthCoreRule(valid_from=datetime.date(2027, 1, 1), youth_age_limit=28, youth_share=67),
    ):
        rule.full_clean()
        rule.save()
    team = _team(tree)
    people = _people(
        make_member(unit=tree["y_ty"], birth_year=2004),
        leader=make_member(unit=tree["y_ty"], birth_year=1997),
        residents=[("Lò Văn Minh", "0912000301", 1985)],
    )
    teams.team_save(team=team, people=people, by=make_mentor(tree["bat_xat"]))
    assert teams.team_status(team=team, day=DAY).at_core is True  # 2 of 3 youth, youth leader
    assert teams.team_status(team=team, day=datetime.date(2027, 3, 1)).at_core is False
    # Two rules in force on the same day are refused.
    overlapping = YouthCoreRule(valid_from=datetime.date(2026, 6, 1), youth_age_limit=35)
    with pytest.raises(ValidationError, match="Một quy định khác đang có hiệu lực"):
        overlapping.full_clean()


def test_all_trained_is_computed_from_attendance_and_residents_trainings(tree):
    member = make_member(unit=tree["y_ty"])
    training = TrainingSession.objects.create(
        topic="digital_skills", title="Kỹ năng số", held_on=DAY, org_unit=tree["y_ty"]
    )
    team = _team(tree)
    people = _people(leader=member, residents=[("Lò Văn Minh", "0912000301", 2001)])
    people[1]["trainings"] = [training]
    teams.team_save(team=team, people=people, by=make_mentor(tree["bat_xat"]))
    assert teams.team_status(team=team, day=DAY).all_trained is False  # the leader missed it
    training.attendees.add(member)
    assert teams.team_status(team=team, day=DAY).all_trained is True


# --- Bad input ---


def test_listed_twice_leader_of_another_unit_and_dissolution_before_founding_refused(tree):
    mentor = make_mentor(tree["bat_xat"])
    mai = make_member(unit=tree["y_ty"])
    team = _team(tree)
    with pytest.raises(ValidationError, match="Một đoàn viên bị ghi hai lần"):
        teams.team_save(team=team, people=_people(mai, leader=mai), by=mentor)
    resident = ("Lò Văn Minh", "0912000301", 2001)
    with pytest.raises(ValidationError, match="Lò Văn Minh bị ghi hai lần"):
        teams.team_save(team=team, people=_people(residents=[resident, resident]), by=mentor)
    elsewhere = make_member(unit=tree["ta_phin"], name="Người Sa Pa")
    with pytest.raises(ValidationError, match="Tổ trưởng phải là đoàn viên thuộc đơn vị"):
        teams.team_save(team=team, people=_people(mai, leader=elsewhere), by=mentor)
    team.founded_on, team.dissolved_on = DAY, DAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Ngày giải thể phải sau ngày thành lập"):
        teams.team_save(team=team, people=_people(leader=mai), by=mentor)
    assert not TeamMember.objects.exists()


def _team_post(team, people, **changes):
    data = {
        "kind": team.kind,
        "name": team.name,
        "org_unit": str(team.org_unit_id),
        "founded_on": team.founded_on.isoformat(),
        "dissolved_on": "",
        "members-TOTAL_FORMS": str(len(people)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, person in enumerate(people):
        for key, value in person.items():
            data[f"members-{index}-{key}"] = value
        data[f"members-{index}-ORDER"] = str(index + 1)
    return {**data, **changes}


def test_the_team_screen_saves_members_and_refuses_bad_input_in_vietnamese(client, tree):
    mai = make_member(unit=tree["y_ty"], birth_year=2001)
    team = _team(tree)
    client.force_login(make_mentor(tree["bat_xat"], admin_permission=True))
    url = reverse("mentoring_teams:edit", args=[team.pk])
    twice = [
        {"member": str(mai.pk), "role": "leader"},
        {"member": str(mai.pk), "role": "member"},
    ]
    response = client.post(url, _team_post(team, twice))
    assert response.status_code == 200
    assert "Một đoàn viên bị ghi hai lần trong tổ, đội này." in response.content.decode()
    early = _team_post(team, twice[:1], dissolved_on=team.founded_on.isoformat())
    response = client.post(url, early)
    assert response.status_code == 200
    assert "Ngày giải thể phải sau ngày thành lập." in response.content.decode()
    assert not TeamMember.objects.exists()

    resident = {"full_name": "Lò Văn Minh", "phone": "0912000301", "birth_year": "1999"}
    people = [twice[0], {**resident, "role": "member"}]
    response = client.post(url, _team_post(team, people))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert teams.team_status(team=team, day=selectors.today()).at_core is True
    listing = client.get(reverse("mentoring_teams:index")).content.decode()
    assert "Tổ công nghệ số Y Tý" in listing


# --- Activities ---


def test_only_activities_with_a_recorded_participant_count_toward_the_target(client, tree):
    came = make_member(unit=tree["y_ty"])
    counted = Activity.objects.create(
        kind=Activity.Kind.LIVESTREAM,
        title="Thực hành livestream",
        held_on=DAY,
        org_unit=tree["y_ty"],
    )
    counted.attendees.add(came)
    Activity.objects.create(
        kind=Activity.Kind.TRAINING,
        title="Chỉ có số người",
        held_on=DAY,
        org_unit=tree["y_ty"],
        other_participants=40,
    )
    assert unit_counts(day=DAY, year=DAY.year)[tree["y_ty"].pk]["activities"] == 1
    client.force_login(make_mentor(tree["bat_xat"], admin_permission=True))
    listing = client.get(reverse("mentoring_activities:index")).content.decode()
    assert "Chưa ghi người tham gia: không được tính vào chỉ tiêu" in listing
    # Picking who came from the unit makes it count.
    other = Activity.objects.get(title="Chỉ có số người")
    url = reverse("mentoring_activities:participants", args=[other.pk])
    assert client.post(url, {"members": [came.pk]}).status_code == 302
    assert unit_counts(day=DAY, year=DAY.year)[tree["y_ty"].pk]["activities"] == 2


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_evidence_files_follow_the_upload_rules():
    evidence_file_check(SimpleUploadedFile("anh.png", _png()))
    evidence_file_check(SimpleUploadedFile("ky-ten.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"))
    with pytest.raises(ValidationError, match="mã lệnh"):
        evidence_file_check(
            SimpleUploadedFile(
                "ky-ten.pdf", b"%PDF-1.4\n<< /OpenAction << /JS (app.alert(1)) >> >>"
            )
        )
    with pytest.raises(ValidationError, match="Hãy chọn ảnh"):
        evidence_file_check(SimpleUploadedFile("ky-ten.pdf.html", b"<script>alert(1)</script>"))


# --- Members' annual evaluation ---

EVALUATION_HEADER = [*HEADER, "Xếp loại chất lượng đoàn viên", "Năm xếp loại"]


def _evaluation_row(number, unit, grade, year):
    return [*row(number, unit=unit), grade, year]


def test_the_evaluation_imports_with_the_roster_all_or_nothing_with_the_rows_at_fault_named(
    tree,
):
    staff = make_union_staff()
    bad = [
        _evaluation_row("DV-1", tree["y_ty"], "Hoàn thành tốt nhiệm vụ", "2025"),
        _evaluation_row("DV-2", tree["y_ty"], "Giỏi", "2025"),
        _evaluation_row("DV-3", tree["y_ty"], "Hoàn thành nhiệm vụ", ""),
        _evaluation_row("DV-4", tree["y_ty"], "htxsnv", "2099"),
    ]
    checked = check(csv_bytes(bad, header=EVALUATION_HEADER), staff)
    assert codes(checked) == [
        (3, "bad_evaluation"),
        (4, "evaluation_year_needed"),
        (5, "bad_evaluation_year"),
    ]
    messages = [error["message"] for error in checked.summary["errors"]]
    assert messages[0].startswith("Xếp loại “Giỏi” phải là Hoàn thành xuất sắc nhiệm vụ")
    assert not MemberEvaluation.objects.exists()

    good = [
        _evaluation_row("DV-1", tree["y_ty"], "Hoàn thành tốt nhiệm vụ", "2025"),
        _evaluation_row("DV-2", tree["ta_phin"], "Không hoàn thành nhiệm vụ", "2025"),
        [*row("DV-3", unit=tree["y_ty"]), "", ""],
    ]
    done = commit(check(csv_bytes(good, header=EVALUATION_HEADER), staff), staff)
    assert done.status == "done" and done.summary["evaluations"] == 2
    assert set(MemberEvaluation.objects.values_list("member__member_number", "year", "grade")) == {
        ("DV-1", 2025, Evaluation.GOOD),
        ("DV-2", 2025, Evaluation.NOT_COMPLETED),
    }


def test_the_evaluation_is_counted_per_unit_with_the_share_evaluated(tree):
    y_ty = [make_member(unit=tree["y_ty"], name=f"Y Tý {n}") for n in range(4)]
    ta_phin = make_member(unit=tree["ta_phin"])
    staff = make_union_staff()
    for member, grade in zip(
        y_ty, [Evaluation.EXCELLENT, Evaluation.GOOD, Evaluation.GOOD], strict=False
    ):
        evaluations.member_evaluation_set(member=member, year=2025, grade=grade, by=staff)
    evaluations.member_evaluation_set(
        member=ta_phin,
        year=2024,
        grade=Evaluation.COMPLETED,
        by=staff,  # another year
    )
    report = dashboard.dashboard_build(
        tree=selectors.org_tree_on(datetime.date(2025, 12, 31)),
        unit_id=tree["province"].pk,
        year=2025,
    )
    assert (report.quality.members, report.quality.evaluated) == (5, 3)
    assert str(report.quality.share_evaluated) == "60.0"
    by_unit = {child.unit.name: child.quality for child in report.children}
    bat_xat = by_unit["Huyện đoàn Bát Xát"]
    assert [(code, count) for code, _label, count, _share in bat_xat.grades] == [
        ("excellent", 1),
        ("good", 2),
        ("completed", 0),
        ("not_completed", 0),
    ]
    assert str(bat_xat.share_evaluated) == "75.0"
    assert by_unit["Thị đoàn Sa Pa"].evaluated == 0


# --- Permissions ---


def test_another_unit_s_mentor_gets_404_on_teams_activities_and_evaluations(client, tree):
    team = _team(tree)
    activity = Activity.objects.create(
        kind=Activity.Kind.CONTEST, title="Hội thi", held_on=DAY, org_unit=tree["y_ty"]
    )
    mai = make_member(unit=tree["y_ty"])
    client.force_login(make_mentor(tree["sa_pa"], "sapa@example.com", admin_permission=True))
    for url in (
        reverse("mentoring_teams:edit", args=[team.pk]),
        reverse("mentoring_activities:edit", args=[activity.pk]),
        reverse("mentoring_activities:participants", args=[activity.pk]),
        reverse("mentoring_members:evaluation", args=[mai.pk]),
    ):
        assert client.get(url).status_code == 404, url
    evaluation = reverse("mentoring_members:evaluation", args=[mai.pk])
    assert client.post(evaluation, {"year": 2025, "grade": "good"}).status_code == 404
    assert not MemberEvaluation.objects.exists()
    # Their own unit's mentor records it.
    client.force_login(make_mentor(tree["bat_xat"], admin_permission=True))
    assert client.post(evaluation, {"year": 2025, "grade": "good"}).status_code == 302
    assert mai.evaluations.get().grade == Evaluation.GOOD


def _figures(tree):
    report = dashboard.dashboard_build(
        tree=selectors.org_tree_on(DAY), unit_id=tree["province"].pk, year=DAY.year, day=DAY
    )
    return {figure.code: figure for figure in report.figures}


def test_an_activity_s_evidence_is_uploaded_to_private_storage_and_scripts_are_refused(
    client, tree
):
    activity = Activity.objects.create(
        kind=Activity.Kind.TRAINING, title="Tập huấn", held_on=DAY, org_unit=tree["y_ty"]
    )
    client.force_login(make_mentor(tree["bat_xat"], admin_permission=True))
    url = reverse("mentoring_activities:edit", args=[activity.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("mentoring_teams:add")).status_code == 200

    def post(name, content):
        return client.post(
            url,
            {
                "kind": activity.kind,
                "title": activity.title,
                "held_on": DAY.isoformat(),
                "org_unit": str(tree["y_ty"].pk),
                "other_participants": "12",
                "evidence-TOTAL_FORMS": "1",
                "evidence-INITIAL_FORMS": "0",
                "evidence-MIN_NUM_FORMS": "0",
                "evidence-MAX_NUM_FORMS": "1000",
                "evidence-0-kind": "sign_in",
                "evidence-0-file": SimpleUploadedFile(name, content),
                "evidence-0-ORDER": "1",
            },
        )

    refused = post("ky-ten.pdf", b"%PDF-1.4\n<< /OpenAction << /JS (app.alert(1)) >> >>")
    assert refused.status_code == 200
    assert "Tệp PDF này có mã lệnh" in refused.content.decode()
    assert not activity.evidence.exists()
    assert post("ky-ten.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF").status_code == 302
    evidence = activity.evidence.get()
    assert evidence.file.storage is storages["private"]
    assert evidence.file.name.startswith("activity-evidence/")
    download = reverse("mentoring_activities:evidence", args=[evidence.pk])
    assert b"".join(client.get(download).streaming_content).startswith(b"%PDF-1.4")
    assert download in client.get(reverse("mentoring_activities:index")).content.decode()
    client.force_login(make_mentor(tree["sa_pa"], "sapa@example.com", admin_permission=True))
    assert client.get(download).status_code == 404
