"""Attendance from a sign-in sheet: everyone listed is ticked; one wrong row rejects the file
with the row named and records nothing; a member the mentor may not see reads as unknown."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from mentoring.attendance_import import AttendanceRowsRejected, training_attendance_import
from mentoring.models import Attendance, OrgUnitRole, Topic, TrainingSession
from mentoring.roster.errors import RosterFileError
from tests.factories.mentoring import make_lao_cai, make_member

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.tree = make_lao_cai()
        self.mai = make_member(unit=self.tree["y_ty"], name="Lý Thị Mai")
        self.pao = make_member(unit=self.tree["y_ty"], name="Giàng A Páo")
        self.sung = make_member(unit=self.tree["ta_phin"], name="Giàng A Sùng")  # Sa Pa
        self.mentor = User.objects.create_user(email="mentor@example.com", password="x" * 12)
        self.mentor.groups.add(Group.objects.get(name="Mentors"))
        OrgUnitRole.objects.create(user=self.mentor, org_unit=self.tree["bat_xat"])
        self.session = TrainingSession.objects.create(
            topic=Topic.ECOMMERCE,
            title="Bán hàng trên Chợ Phiên",
            held_on=datetime.date.today() - datetime.timedelta(days=1),
            org_unit=self.tree["bat_xat"],
        )

    def attendees(self):
        return set(self.session.attendees.values_list("full_name", flat=True))


@pytest.fixture
def world():
    return World()


def _csv(*rows, header="STT,Họ và tên,Số thẻ đoàn viên,Ký tên") -> bytes:
    lines = [header] + [f"{i},{name},{number}," for i, (name, number) in enumerate(rows, 1)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_everyone_on_the_sheet_is_ticked_once_and_a_second_upload_adds_nothing(world):
    data = _csv(
        ("Lý Thị Mai", world.mai.member_number),
        ("Giàng A Páo", world.pao.member_number),
        ("LÝ THỊ MAI", world.mai.member_number),  # listed twice, any case
    )
    result = training_attendance_import(
        session=world.session, data=data, name="ky-ten.csv", by=world.mentor
    )
    assert len(result["added"]) == 2 and result["listed"] == 2
    assert world.attendees() == {"Lý Thị Mai", "Giàng A Páo"}
    again = training_attendance_import(
        session=world.session, data=data, name="ky-ten.csv", by=world.mentor
    )
    assert again["added"] == []
    assert Attendance.objects.count() == 2


def test_one_wrong_row_rejects_the_sheet_and_names_it(world):
    data = _csv(
        ("Lý Thị Mai", world.mai.member_number),
        ("Giàng A Sùng", world.sung.member_number),  # in Sa Pa: not this mentor's
        ("Lò Văn Nam", "KHONG-CO"),
        ("Giàng A Páo", world.mai.member_number),  # a number typed wrong: Mai's
        ("Không số", ""),
    )
    with pytest.raises(AttendanceRowsRejected) as rejected:
        training_attendance_import(session=world.session, data=data, name="a.csv", by=world.mentor)
    rows = {item.row: item for item in rejected.value.rows}
    assert sorted(rows) == [3, 4, 5, 6]  # the header is row 1
    assert rows[3].member_number == world.sung.member_number
    assert rows[3].reason == rows[4].reason  # outside the units reads as unknown
    assert "Lý Thị Mai" in rows[5].reason
    assert not Attendance.objects.exists()


def test_an_xlsx_sheet_works_and_a_picture_is_refused(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐIỂM DANH"])
    sheet.append(["Họ và tên", "Số thẻ đoàn viên"])
    sheet.append(["Giàng A Páo", world.pao.member_number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    training_attendance_import(
        session=world.session, data=buffer.getvalue(), name="a.xlsx", by=world.mentor
    )
    assert world.attendees() == {"Giàng A Páo"}
    with pytest.raises(RosterFileError) as refused:
        training_attendance_import(
            session=world.session,
            data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
            name="a.xlsx",
            by=world.mentor,
        )
    assert refused.value.code == "not_spreadsheet"


def test_the_page_records_or_lists_rejected_rows_in_vietnamese(world):
    client = Client()
    client.force_login(world.mentor)
    url = reverse("mentoring_trainings:attendance_import", args=[world.session.pk])
    attendance_page = client.get(reverse("mentoring_trainings:attendance", args=[world.session.pk]))
    assert url in attendance_page.content.decode()

    bad = _csv(("Lò Văn Nam", "KHONG-CO"))
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", bad)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-row="2"' in page
    assert "Không có đoàn viên nào mang số này" in page
    assert not Attendance.objects.exists()

    good = _csv(("Lý Thị Mai", world.mai.member_number))
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", good)})
    assert response.status_code == 302
    assert world.attendees() == {"Lý Thị Mai"}


def test_a_session_of_another_district_is_not_found(world):
    sa_pa = TrainingSession.objects.create(
        topic=Topic.ECOMMERCE,
        title="Sa Pa",
        held_on=world.session.held_on,
        org_unit=world.tree["sa_pa"],
    )
    client = Client()
    client.force_login(world.mentor)
    url = reverse("mentoring_trainings:attendance_import", args=[sa_pa.pk])
    assert client.get(url).status_code == 404
    data = _csv(("Lý Thị Mai", world.mai.member_number))
    assert client.post(url, {"file": SimpleUploadedFile("a.csv", data)}).status_code == 404
    assert not Attendance.objects.exists()


def test_a_future_session_takes_no_attendance(world):
    world.session.held_on = datetime.date.today() + datetime.timedelta(days=3)
    world.session.save()
    client = Client()
    client.force_login(world.mentor)
    url = reverse("mentoring_trainings:attendance_import", args=[world.session.pk])
    data = _csv(("Lý Thị Mai", world.mai.member_number))
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 200
    assert not Attendance.objects.exists()
