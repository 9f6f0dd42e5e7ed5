"""Reading the administrative units out of the pinned package's data (no database writes).

The source is `vietnamadminunits` (MIT): its SQLite dataset holds the 63-province map of before
1 July 2025 (province, district, commune; 10,035 communes) and the 34-province map after it
(3,321 communes, wards and special zones), with the General Statistics Office's codes, and its
converter data maps every old commune to its new unit. `vietnam-provinces` is read only to
cross-check the new map (`compare_with_vietnam_provinces`); see the README for why.

The files are opened straight from the installed package, without importing it: importing it
loads its address parser (shapely, geopy and 4 MB of JSON), which a load does not need.
"""

import dataclasses
import datetime
import functools
import importlib.metadata
import importlib.util
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from .models import BEFORE_REFORM_2025, REFORM_2025, AdministrativeUnit, UnitSuccession

Level = AdministrativeUnit.Level
Kind = AdministrativeUnit.Kind
SOURCE_PACKAGE = "vietnamadminunits"

# (level, code, valid_until): a unit's natural key, the same as the model's unique constraints.
UnitKey = tuple[str, str, datetime.date | None]

_KINDS = {
    "tỉnh": Kind.TINH,
    "thành phố": Kind.THANH_PHO,
    "huyện": Kind.HUYEN,
    "quận": Kind.QUAN,
    "thị xã": Kind.THI_XA,
    "xã": Kind.XA,
    "phường": Kind.PHUONG,
    "thị trấn": Kind.THI_TRAN,
    "đặc khu": Kind.DAC_KHU,
}


@dataclasses.dataclass(frozen=True)
class UnitRecord:
    level: str
    code: str
    kind: str
    name: str
    full_name: str
    parent: UnitKey | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    latitude: float | None
    longitude: float | None

    @property
    def key(self) -> UnitKey:
        return (self.level, self.code, self.valid_until)


@dataclasses.dataclass(frozen=True)
class SuccessionRecord:
    predecessor: UnitKey
    successor: UnitKey
    effective_on: datetime.date
    kind: str
    is_primary: bool


@dataclasses.dataclass
class SourceData:
    package: str
    version: str
    units: list[UnitRecord]
    successions: list[SuccessionRecord]


def package_version(name: str = SOURCE_PACKAGE) -> str:
    return importlib.metadata.version(name)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


def _kind(type_word: str | None, full_name: str) -> str:
    """The unit's type from the package's type column, else from its full name's first words."""
    if type_word:
        return _KINDS[type_word.strip().lower()]
    lowered = full_name.lower()
    for word in sorted(_KINDS, key=len, reverse=True):
        if lowered.startswith(word + " "):
            return _KINDS[word]
    raise ValueError(f"no unit type in {full_name!r}")


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _unit(row, prefix: str, level: str, parent, valid_from, valid_until) -> UnitRecord:
    """A unit from one of the dataset's rows; `prefix` picks its columns (province, district,
    ward: provinceCode, provinceShort, ...). Provinces have no type column."""
    full_name = _clean(row[prefix])
    type_word = row[f"{prefix}Type"] if prefix != "province" else None
    return UnitRecord(
        level=level,
        code=row[f"{prefix}Code"],
        kind=_kind(type_word, full_name),
        name=_clean(row[f"{prefix}Short"]),
        full_name=full_name,
        parent=parent,
        valid_from=valid_from,
        valid_until=valid_until,
        latitude=row[f"{prefix}Lat"],
        longitude=row[f"{prefix}Lon"],
    )


def read_source() -> SourceData:
    """Every unit and succession of the pinned vietnamadminunits, as plain records (a fresh
    copy of the lists on each call; the reading itself is done once per process)."""
    data = _read_source()
    return dataclasses.replace(data, units=list(data.units), successions=list(data.successions))


@functools.cache
def _read_source() -> SourceData:
    data_dir = _package_dir(SOURCE_PACKAGE) / "data"
    with sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        new_rows = conn.execute(
            "SELECT * FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
        old_rows = conn.execute(
            "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    units: dict[UnitKey, UnitRecord] = {}

    def add(record: UnitRecord) -> UnitKey:
        units.setdefault(record.key, record)
        return record.key

    # Keys of the package's own (folded names) -> our natural keys, for the converter data.
    new_province_by_key: dict[str, UnitKey] = {}
    new_commune_by_key: dict[tuple[str, str], UnitKey] = {}
    old_province_by_key: dict[str, UnitKey] = {}
    old_unit_by_key: dict[str, UnitKey] = {}  # "province_district_ward" (ward empty: the district)

    for r in new_rows:
        province = (Level.PROVINCE, r["provinceCode"], None)
        if province not in units:  # a province's columns repeat on each of its communes' rows
            add(_unit(r, "province", Level.PROVINCE, None, REFORM_2025, None))
        new_province_by_key[r["provinceKey"]] = province
        commune = add(_unit(r, "ward", Level.COMMUNE, province, REFORM_2025, None))
        new_commune_by_key[(r["provinceKey"], r["wardKey"])] = commune

    until = BEFORE_REFORM_2025
    for r in old_rows:
        province = (Level.PROVINCE, r["provinceCode"], until)
        if province not in units:
            add(_unit(r, "province", Level.PROVINCE, None, None, until))
        old_province_by_key[r["provinceKey"]] = province
        district = (Level.DISTRICT, r["districtCode"], until)
        if district not in units:
            add(_unit(r, "district", Level.DISTRICT, province, None, until))
        old_unit_by_key[f"{r['provinceKey']}_{r['districtKey']}_"] = district
        if r["wardCode"]:  # island districts (Bạch Long Vĩ, Côn Đảo, ...) had no communes
            commune = add(_unit(r, "ward", Level.COMMUNE, district, None, until))
            old_unit_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = commune

    successions = _successions(
        converter,
        units,
        new_province_by_key,
        new_commune_by_key,
        old_province_by_key,
        old_unit_by_key,
    )
    return SourceData(SOURCE_PACKAGE, package_version(), list(units.values()), successions)


def _successions(
    converter, units, new_province_by_key, new_commune_by_key, old_province_by_key, old_unit_by_key
):
    def kind_one_to_one(old: UnitKey, new: UnitKey) -> str:
        same = units[old].full_name == units[new].full_name
        return UnitSuccession.Kind.UNCHANGED if same else UnitSuccession.Kind.RENAMED

    out: list[SuccessionRecord] = []
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new = new_province_by_key[new_key]
        for old_key in old_keys:
            old = old_province_by_key[old_key]
            kind = UnitSuccession.Kind.MERGED if len(old_keys) > 1 else kind_one_to_one(old, new)
            out.append(SuccessionRecord(old, new, REFORM_2025, kind, True))

    whole: dict[UnitKey, list[UnitKey]] = defaultdict(list)  # new -> old units that went whole
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            whole[new_commune_by_key[(province_key, ward_key)]].extend(
                old_unit_by_key[k] for k in old_keys
            )
    parts: dict[UnitKey, list[tuple[UnitKey, bool]]] = {}  # old -> (new, default) it was split into
    part_count: dict[UnitKey, int] = defaultdict(int)
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            new_units = [
                (new_commune_by_key[(province_key, t["newWardKey"])], bool(t["isDefaultNewWard"]))
                for t in targets
            ]
            if not any(
                default for _, default in new_units
            ):  # never seen in 1.0.4; keep one primary
                new_units[0] = (new_units[0][0], True)
            parts[old_unit_by_key[old_key]] = new_units
            for new, _ in new_units:
                part_count[new] += 1

    for new, olds in whole.items():
        for old in olds:
            merged = len(olds) + part_count[new] > 1
            kind = UnitSuccession.Kind.MERGED if merged else kind_one_to_one(old, new)
            out.append(SuccessionRecord(old, new, REFORM_2025, kind, True))
    for old, new_units in parts.items():
        for new, default in new_units:
            out.append(SuccessionRecord(old, new, REFORM_2025, UnitSuccession.Kind.SPLIT, default))
    return out


def compare_with_vietnam_provinces(source: SourceData) -> dict:
    """The new map of the source against vietnam-provinces' (codes, names, per-province counts).

    Names are compared folded, since the two write the tone of "Hoà"/"Hòa" differently."""
    from core.text import fold

    nested = json.loads(
        (_package_dir("vietnam_provinces") / "data" / "nested-divisions.json").read_text("utf-8")
    )
    theirs = {
        f"{w['code']:05d}": (f"{p['code']:02d}", w["name"]) for p in nested for w in p["wards"]
    }
    ours = {
        u.code: (u.parent[1], u.full_name)
        for u in source.units
        if u.level == Level.COMMUNE and u.valid_until is None
    }
    same_code = set(ours) & set(theirs)
    per_province_ours: dict[str, int] = defaultdict(int)
    per_province_theirs: dict[str, int] = defaultdict(int)
    for province, _ in ours.values():
        per_province_ours[province] += 1
    for province, _ in theirs.values():
        per_province_theirs[province] += 1
    return {
        "vietnam_provinces_version": package_version("vietnam-provinces"),
        "communes": (len(ours), len(theirs)),
        "provinces": (len(per_province_ours), len(per_province_theirs)),
        "per_province_counts_equal": dict(per_province_ours) == dict(per_province_theirs),
        "codes_only_in_source": sorted(set(ours) - set(theirs)),
        "codes_only_in_vietnam_provinces": sorted(set(theirs) - set(ours)),
        "names_differ": sorted(
            (code, ours[code][1], theirs[code][1])
            for code in same_code
            if fold(ours[code][1]) != fold(theirs[code][1])
        ),
    }
