"""The province → commune picker: its JSON look-up and the form fields, without JavaScript."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from places.forms import CommuneField, PlaceFormMixin, ProvinceField

pytestmark = pytest.mark.usefixtures("admin_units")


class PlaceForm(PlaceFormMixin, forms.Form):
    province = ProvinceField()
    commune = CommuneField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._place_setup()


def test_the_look_up_lists_a_provinces_communes_narrowed_as_typed(client):
    response = client.get(reverse("places:communes"), {"province": "15", "q": "ta ph"})
    assert response.status_code == 200
    names = [unit["name"] for unit in response.json()["results"]]
    assert "Xã Tả Phìn" in names  # Sa Pa's, in today's Lào Cai
    assert all("Tả Ph" in name for name in names)
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_the_look_up_without_a_query_lists_all_99_units_of_lao_cai(client):
    response = client.get(reverse("places:communes"), {"province": "15"})
    assert response.json()["province"]["name"] == "Tỉnh Lào Cai"
    assert len(response.json()["results"]) == 99


def test_the_look_up_refuses_an_unknown_province_in_vietnamese(client):
    response = client.get(reverse("places:communes"), {"province": "99"})
    assert response.status_code == 400
    assert response.json()["error"] == "Hãy chọn tỉnh hoặc thành phố trước."
    # Lào Cai's code of before 1 July 2025 is no province today.
    assert client.get(reverse("places:communes"), {"province": "10"}).status_code == 400


def test_without_javascript_the_commune_select_lists_the_chosen_provinces_communes():
    empty = PlaceForm()
    assert list(empty.fields["commune"].queryset) == []
    picked = PlaceForm({"province": "15", "province_pick": "1"})
    assert not picked.is_valid()  # "show its communes" is not a submission...
    assert not picked.errors  # ...so nothing is reported missing
    assert picked.initial["province"] == "15"
    html = str(picked["commune"])
    assert '<option value="02680">Xã Hợp Thành</option>' in html
    assert html.count("<option") == 100  # the 99 units of Lào Cai and the empty choice
    assert "Phường Hoàn Kiếm" not in html


def test_a_commune_not_in_its_province_is_refused_with_a_message():
    form = PlaceForm({"province": "15", "commune": "00070"})  # Phường Hoàn Kiếm is in Hà Nội
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Phường Hoàn Kiếm không thuộc Tỉnh Lào Cai. Hãy chọn một xã, phường của Tỉnh Lào Cai."
    ]


@pytest.mark.parametrize("junk", ["\x00", "15\x00", "mười lăm", "15 OR 1=1"])
def test_a_code_that_is_not_digits_is_refused_as_a_choice_and_never_queried(junk):
    """PostgreSQL refuses a NUL byte in a query with an error (a 500 the fuzzed checkout
    address found there); a province or commune that is not a code is simply not a choice."""
    form = PlaceForm({"province": junk, "commune": junk})
    assert not form.is_valid()
    assert set(form.errors) == {"province", "commune"}
    with_province = PlaceForm({"province": "15", "commune": junk})
    assert not with_province.is_valid() and set(with_province.errors) == {"commune"}


def test_a_commune_that_ended_with_the_districts_is_not_a_choice():
    form = PlaceForm({"province": "15", "commune": "02677"})  # Xã Tả Phời, until 30 June 2025
    assert not form.is_valid()
    assert "commune" in form.errors


def test_a_commune_of_its_province_is_accepted():
    form = PlaceForm({"province": "15", "commune": "02680"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].full_name == "Xã Hợp Thành"
    assert form.cleaned_data["commune"].parent == form.cleaned_data["province"]


def test_the_widgets_name_the_look_up_and_our_script():
    form = PlaceForm(initial={"province": "15"})
    assert 'data-communes-url="/places/communes/"' in str(form["commune"])
    assert f'data-commune-picker="{form["commune"].auto_id}"' in str(form["province"])
    # Without JavaScript: the button that lists the chosen province's communes.
    assert 'name="province_pick"' in str(form["province"])
    assert "Hiện các xã, phường của tỉnh này" in str(form["province"])
    assert "js/commune_picker.js" in str(form.media)


def test_the_paste_box_never_blocks_the_address_form_it_sits_in():
    from places.forms import OldAddressForm

    assert "required" not in str(OldAddressForm()["old_address"])
    empty = OldAddressForm({"old_address": "  "})
    assert not empty.is_valid()
    assert empty.errors["old_address"] == ["Hãy nhập hoặc dán một địa chỉ."]


def test_the_look_up_finds_todays_commune_by_a_former_communes_name(client):
    response = client.get(reverse("places:communes"), {"province": "15", "q": "ta phoi"})
    results = response.json()["results"]
    assert {"code": "02680", "name": "Xã Hợp Thành (gồm xã Tả Phời cũ)"} in results
    # A commune found by its own name keeps its plain name, and none is listed twice.
    plain = client.get(reverse("places:communes"), {"province": "15", "q": "hop thanh"})
    assert {"code": "02680", "name": "Xã Hợp Thành"} in plain.json()["results"]
    codes = [item["code"] for item in plain.json()["results"]]
    assert len(codes) == len(set(codes))


def test_the_look_up_by_a_former_name_is_one_query_beside_the_provinces(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("places:communes"), {"province": "15", "q": "ta phoi"})
    assert response.status_code == 200
    # PostgreSQL wraps the view in a savepoint (two statements that read nothing): count reads.
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 2, reads
