"""The mentor's admin screens: buttons show a small icon beside a readable label, and the
attendance list of a big unit can be searched by name and saved without scrolling."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mentoring.models import Topic, TrainingSession
from mentoring.roster import committing
from tests.factories.mentoring import make_member
from tests.mentoring.test_roster_import import csv_bytes, row
from tests.support.people import make_mentor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_a_temporary_folder")]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def mentor(tree):
    return make_mentor(tree["bat_xat"], admin_permission=True)


@pytest.fixture
def client(mentor):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(mentor)
    return client


@pytest.fixture
def session(tree):
    return TrainingSession.objects.create(
        topic=Topic.ECOMMERCE,
        title="Bán hàng trên Chợ Phiên",
        held_on=datetime.date.today() - datetime.timedelta(days=1),
        org_unit=tree["bat_xat"],
    )


def icon_buttons(html: str) -> dict[str, list[str]]:
    """Every button or button-styled link that holds an icon: its label -> its classes.
    Wagtail sizes an icon inside a button only under "button--icon"; without it the SVG
    fills the button and hides the label."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for button in soup.select("main a.button, main button.button, #main a.button"):
        svg = button.find("svg")
        if svg is None or "icon-spinner" in svg.get("class", []):
            continue
        assert "icon" in svg.get("class", []), button
        found[button.get_text(" ", strip=True)] = button.get("class", [])
    return found


def assert_sized(buttons: dict[str, list[str]], *labels: str):
    for label in labels:
        assert label in buttons, f"no icon button labelled {label!r} in {list(buttons)}"
        assert "button--icon" in buttons[label], (label, buttons[label])


def test_roster_upload_buttons_show_a_small_icon_and_their_label(client):
    html = client.get(reverse("mentoring_import:upload")).content.decode()
    assert_sized(icon_buttons(html), "Tải tệp mẫu (.xlsx)", "Kiểm tra tệp")


def test_dry_run_import_button_shows_a_small_icon_and_its_label(client, mentor, tree):
    upload = SimpleUploadedFile("ds.csv", csv_bytes([row("DV900001", unit=tree["y_ty"])]))
    roster_import = committing.roster_import_create(upload=upload, user=mentor)
    committing.roster_import_check(roster_import=roster_import, user=mentor)
    html = client.get(reverse("mentoring_import:detail", args=[roster_import.pk])).content.decode()
    assert_sized(icon_buttons(html), "Nhập")


def test_attendance_buttons_show_a_small_icon_and_their_label(client, session):
    html = client.get(reverse("mentoring_trainings:attendance", args=[session.pk])).content
    assert_sized(icon_buttons(html.decode()), "Nhập danh sách ký tên", "Gian hàng thực hành")


def _listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [label.get_text(strip=True) for label in soup.select("tbody label")]


def test_attendance_lists_only_the_members_whose_name_matches(client, session, tree):
    make_member(unit=tree["y_ty"], name="Lý Thị Mai")
    make_member(unit=tree["y_ty"], name="Giàng A Páo")
    url = reverse("mentoring_trainings:attendance", args=[session.pk])
    assert sorted(_listed(client.get(url))) == ["Giàng A Páo", "Lý Thị Mai"]
    assert _listed(client.get(url, {"q": "  mai "})) == ["Lý Thị Mai"]


def test_saving_a_filtered_attendance_list_keeps_the_others_ticked(client, session, tree):
    mai = make_member(unit=tree["y_ty"], name="Lý Thị Mai")
    pao = make_member(unit=tree["y_ty"], name="Giàng A Páo")
    url = reverse("mentoring_trainings:attendance", args=[session.pk])
    client.post(url, {"members": [mai.pk, pao.pk]})
    # Searching for Páo and unticking him leaves Mai, who was not listed, ticked.
    response = client.post(f"{url}?q=P%C3%A1o", {})
    assert response.status_code == 302 and response["Location"].endswith("?q=P%C3%A1o")
    assert set(session.attendees.values_list("full_name", flat=True)) == {"Lý Thị Mai"}


def test_attendance_save_button_stays_on_screen(client, session, tree):
    make_member(unit=tree["y_ty"], name="Lý Thị Mai")
    html = client.get(reverse("mentoring_trainings:attendance", args=[session.pk])).content
    soup = BeautifulSoup(html, "html.parser")
    bar = soup.select_one("[data-pick-save]")
    assert bar is not None and bar.find("button", type="submit").get_text(strip=True)
    assert ".mpick-save { position: sticky; bottom: 0;" in html.decode()
