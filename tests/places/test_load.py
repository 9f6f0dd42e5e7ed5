"""load_admin_units: the country's units from the pinned package, idempotent, in one go."""

import dataclasses
import datetime
import io

import pytest
from django.core.management import call_command

from places.models import AdministrativeUnit, UnitSuccession
from places.services import admin_units_load
from places.sources import compare_with_vietnam_provinces, read_source

Level = AdministrativeUnit.Level
BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)


def test_a_second_load_changes_nothing(admin_units):
    before = list(AdministrativeUnit.objects.order_by("pk").values())
    report = admin_units_load()
    assert (report.units.created, report.units.updated, report.units.not_in_source) == (0, 0, 0)
    assert report.units.unchanged == 14_149
    assert (report.successions.created, report.successions.updated) == (0, 0)
    assert report.successions.unchanged == UnitSuccession.objects.count()
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before


def test_a_changed_name_is_updated_in_place_and_counted(admin_units):
    ta_phoi = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="02677", valid_until=BEFORE)
    AdministrativeUnit.objects.filter(pk=ta_phoi.pk).update(
        name="Tả Phời cũ", name_folded="ta phoi cu"
    )
    report = admin_units_load()
    assert (report.units.created, report.units.updated) == (0, 1)
    ta_phoi.refresh_from_db()
    assert (ta_phoi.name, ta_phoi.name_folded) == ("Tả Phời", "ta phoi")


def test_the_command_reports_its_counts_and_source(admin_units):
    out = io.StringIO()
    call_command("load_admin_units", stdout=out)
    assert "units: 0 created, 0 updated, 14149 unchanged" in out.getvalue()
    assert "source: vietnamadminunits 1.0.4" in out.getvalue()


def test_a_failed_load_writes_nothing(admin_units):
    """All in one transaction: a failure late in the load (a succession naming a unit the
    source does not have) undoes the units it had already updated."""
    AdministrativeUnit.objects.filter(level=Level.COMMUNE, code="02677", valid_until=BEFORE).update(
        name="Tả Phời cũ"
    )
    source = read_source()
    source.successions.append(
        dataclasses.replace(source.successions[0], predecessor=(Level.COMMUNE, "99999", None))
    )
    with pytest.raises(KeyError):
        admin_units_load(source=source)
    ta_phoi = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="02677", valid_until=BEFORE)
    assert ta_phoi.name == "Tả Phời cũ"


def test_34_provinces_after_the_reform_and_63_before(admin_units):
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    assert provinces.on(AFTER).count() == 34
    assert provinces.on(datetime.date(2026, 12, 6)).count() == 34
    assert provinces.on(BEFORE).count() == 63
    assert AdministrativeUnit.objects.filter(level=Level.DISTRICT).on(BEFORE).count() == 696
    assert not AdministrativeUnit.objects.filter(level=Level.DISTRICT).on(AFTER).exists()
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE).on(AFTER).count() == 3_321
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE).on(BEFORE).count() == 10_035


def test_the_new_lao_cai_has_89_communes_and_10_wards(admin_units):
    lao_cai = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="15", valid_until=None)
    assert lao_cai.full_name == "Tỉnh Lào Cai"
    kinds = list(lao_cai.children.on(AFTER).values_list("kind", flat=True))
    assert len(kinds) == 99
    assert kinds.count(AdministrativeUnit.Kind.XA) == 89
    assert kinds.count(AdministrativeUnit.Kind.PHUONG) == 10


def test_lao_cai_and_yen_bai_merged_into_the_new_lao_cai(admin_units):
    new = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="15", valid_until=None)
    olds = {
        (s.predecessor.code, s.predecessor.name, s.kind)
        for s in new.predecessions.select_related("predecessor")
    }
    assert olds == {("10", "Lào Cai", "merged"), ("15", "Yên Bái", "merged")}


def test_every_old_commune_has_one_primary_successor(admin_units):
    old = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_until=BEFORE)
    with_primary = old.filter(successions__is_primary=True).distinct().count()
    assert with_primary == old.count() == 10_035
    split = UnitSuccession.objects.filter(kind=UnitSuccession.Kind.SPLIT)
    assert split.values("predecessor").distinct().count() == 471


def test_the_two_packages_agree_on_the_counts_and_differ_on_draft_codes():
    """vietnam-provinces 2025.10.1 was built from the draft decision: same 34 provinces, same
    count per province, but 114 codes the official list does not have (its 2026 releases,
    rebuilt from the official list, agree with vietnamadminunits). Fails when either package
    is bumped, so the README's comparison is checked again."""
    diff = compare_with_vietnam_provinces(read_source())
    assert diff["communes"] == (3_321, 3_321)
    assert diff["provinces"] == (34, 34)
    assert diff["per_province_counts_equal"]
    assert len(diff["codes_only_in_source"]) == len(diff["codes_only_in_vietnam_provinces"]) == 114
