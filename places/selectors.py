"""Reads: the commune picker, a unit by code on a day, and old addresses in the new map."""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import fold

from .models import BEFORE_REFORM_2025, REFORM_2025, AdministrativeUnit, UnitSuccession
from .old_names import former_district_among

Level = AdministrativeUnit.Level
MAX_ADDRESS_LENGTH = 300
# Folded type words a buyer may type before a name ("xa ta phoi"); the stored name has none.
_TYPE_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu|tinh|thanh pho|tp|huyen|quan|thi xa)\s+")


def unit_on(
    code: str, *, on: datetime.date | None = None, level: str | None = None, with_parents=False
):
    """The unit with this GSO code in force on `on` (default today), or None.

    Codes are reused across periods (code 15 was Yên Bái, is the merged Lào Cai now), so the
    day is part of the question. The code's length tells the level (2, 3, 5 digits)."""
    code = str(code).strip()
    level = level or {2: Level.PROVINCE, 3: Level.DISTRICT, 5: Level.COMMUNE}.get(len(code))
    if level is None:
        return None
    on = on or timezone.localdate()
    units = AdministrativeUnit.objects.on(on).filter(level=level, code=code)
    if with_parents:  # a commune's district and province in the same query
        units = units.select_related("parent__parent")
    return units.first()


def provinces_on(*, on: datetime.date | None = None) -> QuerySet:
    return AdministrativeUnit.objects.on(on or timezone.localdate()).filter(level=Level.PROVINCE)


def communes_of(
    province: AdministrativeUnit | str, *, on: datetime.date | None = None, q: str = ""
) -> QuerySet:
    """The commune-level units of a province in force on `on` (default today), by name.

    `q` matches the start of any word of the name, typed with or without marks and with or
    without the type ("ta phoi", "Tả Phời", "xã tả"). Before 1 July 2025 communes sat under a
    district, so the province's grandchildren count too. Two small indexed queries
    (three before the reform)."""
    on = on or timezone.localdate()
    if not isinstance(province, AdministrativeUnit):
        province = unit_on(province, on=on, level=Level.PROVINCE)
        if province is None:
            return AdministrativeUnit.objects.none()
    # Parents as a list of ids, not a join with an OR: the query then stays on the
    # (parent, name_folded) index. Districts ended with the reform.
    parents = [province.pk]
    if on < REFORM_2025:
        parents += province.children.filter(level=Level.DISTRICT).values_list("pk", flat=True)
    units = AdministrativeUnit.objects.on(on).filter(parent_id__in=parents, level=Level.COMMUNE)
    folded = _TYPE_PREFIX.sub("", fold(q))
    if folded:
        units = units.filter(
            Q(name_folded__startswith=folded) | Q(name_folded__contains=f" {folded}")
        )
    return units.order_by("name_folded", "code")


def _name_matches(folded: str, field: str = "name_folded") -> Q:
    return Q(**{f"{field}__startswith": folded}) | Q(**{f"{field}__contains": f" {folded}"})


def commune_picker_choices(province: AdministrativeUnit, *, q: str = "") -> list[tuple[str, str]]:
    """The picker's (code, label) for `q` in today's communes of `province`: those whose name
    matches, and those a former commune of that name (ended 30 June 2025, in any old province
    merged into this one) became, labelled with it ("Xã Hợp Thành (gồm xã Tả Phời cũ)"): a
    buyer still types the name they have always written. One query (the former name comes
    from a subquery, so the picker's look-up stays one query beside the province's)."""
    folded = _TYPE_PREFIX.sub("", fold(q))
    units = communes_of(province)
    if not folded:
        return list(units.values_list("code", "full_name"))
    former = UnitSuccession.objects.filter(
        _name_matches(folded, "predecessor__name_folded"),
        successor=OuterRef("pk"),
        predecessor__level=Level.COMMUNE,
        predecessor__valid_until=BEFORE_REFORM_2025,
    ).order_by("-is_primary", "predecessor__name_folded")
    rows = (
        units.annotate(former=Subquery(former.values("predecessor__full_name")[:1]))
        .filter(_name_matches(folded) | Q(former__isnull=False))
        .values_list("code", "full_name", "name_folded", "former")
    )
    choices = []
    for code, name, name_folded, former_name in rows:
        if former_name is None or _name_matches_text(folded, name_folded):
            choices.append((code, name))
        else:
            # "Xã Tả Phời" → "xã Tả Phời": the type word reads lower-case inside the label.
            old = former_name[:1].lower() + former_name[1:]
            label = _("%(commune)s (includes former %(old)s)") % {"commune": name, "old": old}
            choices.append((code, label))
    return choices


def _name_matches_text(folded: str, name_folded: str) -> bool:
    return name_folded.startswith(folded) or f" {folded}" in name_folded


@dataclasses.dataclass
class ConvertedAddress:
    """An address of before 1 July 2025 and the same place in today's two-level map."""

    street: str
    old_commune: AdministrativeUnit | None  # None for an island district that had no commune
    old_district: AdministrativeUnit
    old_province: AdministrativeUnit
    commune: AdministrativeUnit
    province: AdministrativeUnit
    # For a commune split between several new ones: the others it may now be in.
    alternatives: list[AdministrativeUnit]

    @property
    def text(self) -> str:
        return ", ".join(
            p for p in (self.street, self.commune.full_name, self.province.full_name) if p
        )


def convert_old_address(
    text: str | None = None, *, commune_code: str | None = None, district_code: str | None = None
) -> ConvertedAddress:
    """Read an old three-level address (commune, district, province) and give its new form.

    From text ("xã Tả Phời, TP Lào Cai, tỉnh Lào Cai"; abbreviations and missing marks are
    fine) through vietnamadminunits' parser, or from the old commune's code (or, for the
    island districts that had no commune, the district's). The new unit comes from our
    UnitSuccession table: no network, even for a split commune (the package's own converter
    would geocode the street online to choose between the parts; we give the primary part and
    list the others). Raises ValidationError with a message for the person who typed it."""
    street = ""
    if commune_code or district_code:
        code, level = (
            (commune_code, Level.COMMUNE) if commune_code else (district_code, Level.DISTRICT)
        )
        old = unit_on(str(code).strip(), on=BEFORE_REFORM_2025, level=level, with_parents=True)
        if old is None:
            raise ValidationError(
                _("There was no unit with code %(code)s before 1 July 2025."), params={"code": code}
            )
    else:
        old, street = _parse_old_address(text)
    succession = (
        UnitSuccession.objects.filter(predecessor=old)
        .select_related("successor__parent")
        .order_by("-is_primary", "successor__code")
    )
    successors = [s.successor for s in succession]
    if not successors:
        raise ValidationError(
            _("%(unit)s has no successor in the map data."), params={"unit": old.full_name}
        )
    if old.level == Level.COMMUNE:
        old_commune, old_district = old, old.parent
    else:
        old_commune, old_district = None, old
    return ConvertedAddress(
        street=street,
        old_commune=old_commune,
        old_district=old_district,
        old_province=old_district.parent,
        commune=successors[0],
        province=successors[0].parent,
        alternatives=successors[1:],
    )


def _parse_old_address(text: str | None) -> tuple[AdministrativeUnit, str]:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Type or paste an address."))
    if len(text) > MAX_ADDRESS_LENGTH:
        raise ValidationError(
            _("This address is too long (at most %(max)d characters)."),
            params={"max": MAX_ADDRESS_LENGTH},
        )
    # Imported here: the parser loads 4 MB of keyword data, only pages that convert need it.
    from vietnamadminunits import ParseMode, parse_address

    parsed = parse_address(text, mode=ParseMode.LEGACY, keep_street=True, level=3)
    if not parsed.province_code:
        raise ValidationError(_("We could not find the province or city in this address."))
    if not parsed.district_code:
        raise ValidationError(
            _(
                "We could not find the district (huyện, quận, thị xã or thành phố) of "
                "%(province)s in this address. Write the address as it was before 1 July "
                "2025: commune, district, province."
            ),
            params={"province": parsed.province},
        )
    if parsed.ward_code:
        old = unit_on(
            parsed.ward_code, on=BEFORE_REFORM_2025, level=Level.COMMUNE, with_parents=True
        )
    elif not AdministrativeUnit.objects.filter(
        parent__code=parsed.district_code, parent__valid_until=BEFORE_REFORM_2025
    ).exists():
        old = unit_on(
            parsed.district_code, on=BEFORE_REFORM_2025, level=Level.DISTRICT, with_parents=True
        )
    else:
        raise ValidationError(
            _("We could not find the commune or ward of %(district)s in this address."),
            params={"district": parsed.district},
        )
    if old is None:  # the package knows a unit our table does not: the data needs loading
        raise ValidationError(_("The map data is not loaded yet. Please try again later."))
    return old, parsed.street or ""


# --- The site's own province (CHOPHIEN_HOME_PROVINCE_CODE): the shop's producers live there.


def home_province() -> AdministrativeUnit | None:
    """Today's unit of the site's province (settings.CHOPHIEN_HOME_PROVINCE_CODE; "15" is the
    merged Lào Cai), or None before the units are loaded."""
    from django.conf import settings

    return unit_on(settings.CHOPHIEN_HOME_PROVINCE_CODE, level=Level.PROVINCE)


def former_districts_of(province: AdministrativeUnit) -> QuerySet:
    """The districts (ended 30 June 2025) whose communes now lie in `province`: for the
    merged Lào Cai, the old Lào Cai's nine and Yên Bái's nine. One query."""
    return (
        AdministrativeUnit.objects.filter(
            level=Level.DISTRICT,
            valid_until=BEFORE_REFORM_2025,
            children__successions__successor__parent=province,
            children__successions__successor__valid_until__isnull=True,
        )
        .distinct()
        .order_by("name_folded")
    )


def communes_by_former_district(
    province: AdministrativeUnit,
) -> list[tuple[AdministrativeUnit, list[AdministrativeUnit]]]:
    """Today's communes of `province` under the district each was mostly part of before
    1 July 2025 (its primary predecessors' district), districts by name: a producer still
    thinks "Văn Chấn" before "xã Tú Lệ". Two queries."""
    communes = list(communes_of(province))
    successions = (
        UnitSuccession.objects.filter(
            successor__in=communes, predecessor__valid_until=BEFORE_REFORM_2025
        )
        .select_related("predecessor__parent")
        .order_by("-is_primary", "predecessor__code")
    )
    predecessors: dict[int, list] = {}
    for succession in successions:
        predecessors.setdefault(succession.successor_id, []).append(succession.predecessor)
    district_of = {
        commune.pk: former_district_among(commune, predecessors.get(commune.pk, []))
        for commune in communes
    }
    groups: dict[int, tuple[AdministrativeUnit, list]] = {}
    for commune in communes:
        district = district_of.get(commune.pk)
        if district is not None:
            groups.setdefault(district.pk, (district, []))[1].append(commune)
    return sorted(groups.values(), key=lambda group: group[0].name_folded)


def former_district_of(commune: AdministrativeUnit) -> AdministrativeUnit | None:
    """The district `commune` (in force today) was mostly part of before 1 July 2025."""
    successions = UnitSuccession.objects.filter(
        successor=commune, predecessor__valid_until=BEFORE_REFORM_2025
    ).select_related("predecessor__parent")
    return former_district_among(commune, [s.predecessor for s in successions])


def area_communes(unit: AdministrativeUnit) -> QuerySet:
    """Today's communes covering `unit`: itself for a commune in force, a province's communes,
    or for a district that ended on 30 June 2025 the successors of its communes."""
    if unit.level == Level.COMMUNE and unit.valid_until is None:
        return AdministrativeUnit.objects.filter(pk=unit.pk)
    if unit.level == Level.PROVINCE:
        return AdministrativeUnit.objects.current().filter(parent=unit, level=Level.COMMUNE)
    return (
        AdministrativeUnit.objects.current()
        .filter(level=Level.COMMUNE, predecessions__predecessor__parent=unit)
        .distinct()
    )
