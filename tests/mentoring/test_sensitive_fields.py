"""A member's ethnicity is sensitive personal data (Decree 13/2023, Law 91/2025): recorded only
with a basis, seen only with the "sensitive data" permission (provincial staff; not mentors),
left out of every export unless someone allowed asks for it (docs/privacy.md)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from mentoring.models import Indicator, Member, OrgUnitRole, SensitiveBasis
from tests.factories.mentoring import make_lao_cai, make_member

pytestmark = pytest.mark.django_db

ETHNICITY = "Phù Lá"  # a value found nowhere else on these pages


@pytest.fixture
def world():
    tree = make_lao_cai()
    mai = make_member(
        unit=tree["y_ty"],
        name="Lý Thị Mai",
        ethnicity=ETHNICITY,
        sensitive_basis=SensitiveBasis.UNION_RECORD,
        uses_public_services="yes",
        public_services_recorded_on=datetime.date(2025, 1, 6),
    )
    mentor = User.objects.create_user(email="mentor@example.com", password="x" * 12)
    mentor.groups.add(Group.objects.get(name="Mentors"))
    OrgUnitRole.objects.create(user=mentor, org_unit=tree["bat_xat"])
    mai.mentor = mentor  # her own mentor: still not allowed
    mai.save()
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12)
    staff.groups.add(Group.objects.get(name="Provincial staff (mentoring)"))
    return {"tree": tree, "mai": mai, "mentor": mentor, "staff": staff}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(member, **changes):
    data = {
        "member_number": member.member_number,
        "full_name": member.full_name,
        "birth_year": str(member.birth_year),
        "gender": member.gender,
        "phone": member.phone,
        "org_unit": str(member.org_unit_id),
        "has_specialty_product": "unknown",
        "uses_public_services": "unknown",
        "has_epayment_account": "unknown",
        "mentor": str(member.mentor_id or ""),
        "producer": "",
    }
    return {**data, **changes}


def _export(client, **params) -> str:
    response = client.get(reverse("mentoring_members:index"), {"export": "xlsx", **params})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def test_a_mentor_without_the_permission_never_sees_the_ethnicity(world):
    mai, mentor = world["mai"], _client(world["mentor"])
    for view in ("index", "edit", "inspect"):
        args = [] if view == "index" else [mai.pk]
        page = mentor.get(reverse(f"mentoring_members:{view}", args=args)).content.decode()
        assert "Lý Thị Mai" in page and ETHNICITY not in page, view
        assert 'name="ethnicity"' not in page, view
    exported = _export(mentor, sensitive="1")  # asking is not enough without the permission
    assert "Lý Thị Mai" in exported and ETHNICITY not in exported
    # A posted ethnicity is not accepted from them either (the form has no such field).
    response = mentor.post(
        reverse("mentoring_members:edit", args=[mai.pk]),
        _form(mai, ethnicity="Kinh", sensitive_basis="member_consent"),
    )
    assert response.status_code == 302
    mai.refresh_from_db()
    assert (mai.ethnicity, mai.sensitive_basis) == (ETHNICITY, SensitiveBasis.UNION_RECORD)


def test_exports_leave_it_out_unless_someone_allowed_asks(world):
    staff = _client(world["staff"])
    listing = staff.get(reverse("mentoring_members:index")).content.decode()
    assert ETHNICITY in listing  # provincial staff may see it
    assert "sensitive=1" in listing  # and may ask for it in an export, explicitly
    mentor_listing = _client(world["mentor"]).get(reverse("mentoring_members:index"))
    assert "sensitive=1" not in mentor_listing.content.decode()
    assert ETHNICITY not in _export(staff)
    assert ETHNICITY in _export(staff, sensitive="1")
    # The dashboard's drill-down lists of members never carry it.
    url = reverse(
        "mentoring_dashboard:figure", args=[world["tree"]["province"].pk, Indicator.PUBLIC_SERVICES]
    )
    response = staff.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert "Lý Thị Mai" in response.content.decode("utf-8-sig")
    assert ETHNICITY not in response.content.decode("utf-8-sig")


def test_the_ethnicity_is_recorded_only_with_a_basis(world):
    mai, staff = world["mai"], _client(world["staff"])
    url = reverse("mentoring_members:edit", args=[mai.pk])
    refused = staff.post(url, _form(mai, ethnicity="Kinh", sensitive_basis=""))
    assert refused.status_code == 200 and refused.context["form"].errors["sensitive_basis"]
    mai.refresh_from_db()
    assert mai.ethnicity == ETHNICITY
    saved = staff.post(url, _form(mai, ethnicity="Kinh", sensitive_basis="member_consent"))
    assert saved.status_code == 302
    mai.refresh_from_db()
    assert (mai.ethnicity, mai.sensitive_basis) == ("Kinh", SensitiveBasis.MEMBER_CONSENT)
    # Cleared, the basis goes with it.
    staff.post(url, _form(mai, ethnicity="", sensitive_basis="member_consent"))
    assert Member.objects.filter(pk=mai.pk, ethnicity="", sensitive_basis="").exists()
