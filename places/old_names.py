"""Reading a place typed as text in the map of before 1 July 2025 ("Bắc Hà", "xã Tả Van")
into today's units of one province: for data migrations and for linking rows once the units
are loaded.

Works on the models it is given, so a data migration can pass its historical models
(`apps.get_model`). Everything of the province is read once (a few hundred rows), so linking
thousands of rows costs a dictionary look-up each."""

import dataclasses
import re

from core.text import fold

from .models import BEFORE_REFORM_2025

_DISTRICT_TYPE = re.compile(r"^(thanh pho|thi xa|huyen|quan|tp|tx|h)\s+")
_COMMUNE_TYPE = re.compile(r"^(xa|phuong|thi tran|tt|p|x|dac khu)\s+")


def _keys(text: str, type_words: re.Pattern) -> list[str]:
    """The folded text as it is, then without a leading type word: "Xà Hồ" is "xa ho" (a
    name that starts like "xã"), "xã Tả Van" is "ta van"."""
    folded = fold(text)
    bare = type_words.sub("", folded)
    return [folded, bare] if bare != folded else [folded]


def _find(table: dict, keys: list[str], prefix=()):
    for key in keys:
        found = table.get((*prefix, key) if prefix else key)
        if found is not None:
            return found
    return None


def former_district_among(commune, predecessors: list):
    """The district a commune of today was part of before 1 July 2025, from its predecessor
    communes (with their parents): the district of the predecessor of the same name (Xã Tú
    Lệ of today took in Cao Phạ of Mù Cang Chải, but is Tú Lệ of Văn Chấn), else the district
    most of them were in, else the first by code."""
    if not predecessors:
        return None
    for old in predecessors:
        if old.name_folded == commune.name_folded:
            return old.parent
    counts: dict[int, int] = {}
    for old in predecessors:
        counts[old.parent_id] = counts.get(old.parent_id, 0) + 1
    best = max(sorted(predecessors, key=lambda old: old.code), key=lambda o: counts[o.parent_id])
    return best.parent


@dataclasses.dataclass
class Placed:
    """Where an old text lands today: the commune in force (None when the text does not name
    one we can tell) and the district it was in before 1 July 2025 (None when unknown)."""

    commune: object | None
    former_district: object | None


class OldNameReader:
    """The province's units of both periods, read once.

    `province_code`: today's province (GSO code, e.g. "15", the merged Lào Cai). Its former
    districts are the districts that ended on 30 June 2025 whose communes now lie in it (the
    old Lào Cai's and Yên Bái's)."""

    def __init__(self, *, unit_model, succession_model, province_code: str):
        self.province = unit_model.objects.filter(
            level="province", code=province_code, valid_until__isnull=True
        ).first()
        self.districts: dict[str, object] = {}
        self.old_communes: dict[tuple[int, str], object] = {}  # (district pk, key) -> today's
        self.old_communes_anywhere: dict[str, list] = {}
        self.communes: dict[str, object] = {}
        self.former_district_of: dict[int, object] = {}  # today's commune pk -> old district
        if self.province is None:  # the units are not loaded yet
            return
        current = {
            unit.pk: unit
            for unit in unit_model.objects.filter(
                level="commune", parent=self.province, valid_until__isnull=True
            )
        }
        for unit in current.values():
            self.communes.setdefault(unit.name_folded, unit)
        # Primary successions first: a split commune's addresses go to its primary part.
        successions = (
            succession_model.objects.filter(
                successor_id__in=list(current),
                predecessor__level="commune",
                predecessor__valid_until=BEFORE_REFORM_2025,
            )
            .select_related("predecessor__parent")
            .order_by("-is_primary", "predecessor__code")
        )
        predecessors: dict[int, list] = {}
        for succession in successions:
            old, new = succession.predecessor, current[succession.successor_id]
            district = old.parent
            self.districts.setdefault(district.name_folded, district)
            self.old_communes.setdefault((district.pk, old.name_folded), new)
            self.old_communes_anywhere.setdefault(old.name_folded, []).append(new)
            predecessors.setdefault(new.pk, []).append(old)
        for pk, olds in predecessors.items():
            self.former_district_of[pk] = former_district_among(current[pk], olds)

    @property
    def loaded(self) -> bool:
        return self.province is not None

    def read(self, *, district: str = "", commune: str = "") -> Placed:
        """Today's commune and the former district for a district and a commune typed in the
        old map (either may be empty; a commune typed in today's map is found too)."""
        former = (
            _find(self.districts, _keys(district, _DISTRICT_TYPE)) if district.strip() else None
        )
        keys = _keys(commune, _COMMUNE_TYPE) if commune.strip() else []
        today = None
        if keys and former is not None:
            today = _find(self.old_communes, keys, prefix=(former.pk,))
        if today is None and keys:
            olds = _find(self.old_communes_anywhere, keys) or []
            candidates = {unit.pk: unit for unit in olds}
            if former is None and len(candidates) == 1:
                today = next(iter(candidates.values()))
            else:  # written the new way ("Hợp Thành")
                today = _find(self.communes, keys)
        if former is None and today is not None:
            former = self.former_district_of.get(today.pk)
        return Placed(commune=today, former_district=former)
