"""The picker, units by code on a day, and old addresses converted to today's map."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from places.models import AdministrativeUnit
from places.selectors import communes_of, convert_old_address, unit_on

Level = AdministrativeUnit.Level
BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)


def test_a_code_names_a_different_unit_before_and_after_the_reform(admin_units):
    assert unit_on("15", on=BEFORE).full_name == "Tỉnh Yên Bái"
    assert unit_on("15", on=AFTER).full_name == "Tỉnh Lào Cai"
    assert unit_on("10", on=BEFORE).full_name == "Tỉnh Lào Cai"
    assert unit_on("10", on=AFTER) is None
    assert unit_on("080", on=BEFORE).full_name == "Thành phố Lào Cai"
    assert unit_on("080", on=AFTER) is None


def test_folded_search_ta_phoi_finds_ta_phoi_in_the_old_lao_cai(admin_units):
    found = list(communes_of("10", on=BEFORE, q="ta phoi"))
    assert [u.full_name for u in found] == ["Xã Tả Phời"]
    assert found[0].parent.full_name == "Thành phố Lào Cai"


def test_the_picker_matches_any_word_start_with_or_without_marks_or_type(admin_units):
    for typed in ("hop thanh", "Hợp Thành", "xã hợp", "HOP", "thanh"):
        names = [u.full_name for u in communes_of("15", on=AFTER, q=typed)]
        assert "Xã Hợp Thành" in names, typed
    assert [u.full_name for u in communes_of("15", on=AFTER, q="ta ph")] == ["Xã Tả Phìn"]
    assert communes_of("15", on=AFTER).count() == 99


def test_the_picker_lists_only_the_province_s_own_communes(admin_units):
    # Tả Phời (old Lào Cai) became part of Hợp Thành; the new Lào Cai has no Tả Phời, and
    # Hà Nội's communes never show under Lào Cai.
    assert not communes_of("15", on=AFTER, q="ta phoi").exists()
    assert not communes_of("15", on=AFTER, q="hoan kiem").exists()
    assert communes_of("01", on=AFTER, q="hoan kiem").get().full_name == "Phường Hoàn Kiếm"
    assert not communes_of("99", on=AFTER).exists()


def test_an_old_address_of_ta_phoi_converts_to_hop_thanh_lao_cai(admin_units):
    converted = convert_old_address("xã Tả Phời, TP Lào Cai, tỉnh Lào Cai")
    assert (converted.old_commune.full_name, converted.old_district.full_name) == (
        "Xã Tả Phời",
        "Thành phố Lào Cai",
    )
    assert (converted.commune.code, converted.commune.full_name) == ("02680", "Xã Hợp Thành")
    assert converted.province.full_name == "Tỉnh Lào Cai"
    assert converted.text == "Xã Hợp Thành, Tỉnh Lào Cai"


def test_the_street_is_kept_and_codes_work_as_well_as_text(admin_units):
    converted = convert_old_address("12 Lê Lợi, xã Tả Phời, thành phố Lào Cai, Lào Cai")
    assert converted.text == "12 Lê Lợi, Xã Hợp Thành, Tỉnh Lào Cai"
    assert convert_old_address(commune_code="02677").commune.code == "02680"


def test_a_van_chan_commune_of_the_former_yen_bai_is_in_today_s_lao_cai(admin_units):
    converted = convert_old_address("Xã Tú Lệ, Huyện Văn Chấn, Tỉnh Yên Bái")
    assert converted.old_province.full_name == "Tỉnh Yên Bái"
    assert converted.province.code == "15"
    assert converted.province.full_name == "Tỉnh Lào Cai"
    assert converted.commune in communes_of("15", on=AFTER)


def test_a_split_commune_goes_to_its_primary_part_and_lists_the_others(admin_units):
    old = AdministrativeUnit.objects.filter(
        level=Level.COMMUNE, valid_until=BEFORE, successions__kind="split"
    ).first()
    converted = convert_old_address(commune_code=old.code)
    primary = old.successions.get(is_primary=True).successor
    assert converted.commune == primary
    assert converted.alternatives
    assert primary not in converted.alternatives


def test_an_island_district_without_communes_becomes_its_special_zone(admin_units):
    converted = convert_old_address("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu")
    assert converted.old_commune is None
    assert converted.commune.kind == AdministrativeUnit.Kind.DAC_KHU
    assert converted.province.full_name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Hãy nhập hoặc dán một địa chỉ."),
        ("   ", "Hãy nhập hoặc dán một địa chỉ."),
        ("x" * 301, "Địa chỉ này dài quá (tối đa 300 ký tự)."),
        ("foo bar", "Không tìm thấy tỉnh hoặc thành phố trong địa chỉ này."),
        ("xã Hợp Thành, tỉnh Lào Cai", "Không tìm thấy huyện"),
        ("thôn 3, TP Lào Cai, tỉnh Lào Cai", "Không tìm thấy xã, phường hoặc thị trấn"),
    ],
)
def test_bad_input_gets_a_clear_vietnamese_error(admin_units, typed, message):
    with pytest.raises(ValidationError) as raised:
        convert_old_address(typed)
    assert message in raised.value.messages[0]


def test_an_unknown_old_code_is_refused_in_vietnamese(admin_units):
    with pytest.raises(ValidationError) as raised:
        convert_old_address(commune_code="99999")
    assert raised.value.messages == ["Trước ngày 1/7/2025 không có đơn vị hành chính nào mã 99999."]
