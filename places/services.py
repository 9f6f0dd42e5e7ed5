"""Writes: loading (or refreshing) the administrative units from the pinned package."""

import dataclasses

from django.db import transaction

from core.text import fold

from .models import AdministrativeUnit, UnitSuccession
from .signals import units_loaded
from .sources import SourceData, UnitKey, read_source

_UNIT_FIELDS = [
    "kind",
    "name",
    "full_name",
    "name_folded",
    "parent_id",
    "valid_from",
    "latitude",
    "longitude",
]
_SUCCESSION_FIELDS = ["effective_on", "kind", "is_primary"]
# Parents before children, so a child's parent already has its primary key.
_LEVEL_ORDER = [
    AdministrativeUnit.Level.PROVINCE,
    AdministrativeUnit.Level.DISTRICT,
    AdministrativeUnit.Level.COMMUNE,
]
_BATCH = 1000


@dataclasses.dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_source: int = 0  # in the database but not in the package: left as they are, reported


@dataclasses.dataclass
class LoadReport:
    package: str
    version: str
    units: LoadCounts
    successions: LoadCounts


def _unit_key(unit: AdministrativeUnit) -> UnitKey:
    return (unit.level, unit.code, unit.valid_until)


@transaction.atomic
def admin_units_load(*, source: SourceData | None = None) -> LoadReport:
    """Create or update every unit and succession of the source, in one transaction.

    Idempotent: a second run with the same data writes nothing. A unit is found again by its
    natural key (level, code, end of period), so a corrected name or type updates that row and
    every foreign key pointing at it stays. Rows the source no longer lists are counted, not
    deleted: ending a unit needs the date of the decision, which the package does not carry."""
    source = source or read_source()
    unit_counts, pk_by_key = _load_units(source)
    succession_counts = _load_successions(source, pk_by_key)
    # Rows of other apps that name a place by its old text get their units now (a fresh
    # database migrates before the units are loaded; see places.signals).
    units_loaded.send(sender=AdministrativeUnit)
    return LoadReport(source.package, source.version, unit_counts, succession_counts)


def _load_units(source: SourceData) -> tuple[LoadCounts, dict[UnitKey, int]]:
    counts = LoadCounts()
    existing = {_unit_key(u): u for u in AdministrativeUnit.objects.all()}
    pk_by_key = {key: unit.pk for key, unit in existing.items()}
    seen: set[UnitKey] = set()
    for level in _LEVEL_ORDER:
        to_create, to_update = [], []
        for record in source.units:
            if record.level != level:
                continue
            seen.add(record.key)
            wanted = {
                "kind": record.kind,
                "name": record.name,
                "full_name": record.full_name,
                "name_folded": fold(record.name),
                "parent_id": pk_by_key[record.parent] if record.parent else None,
                "valid_from": record.valid_from,
                "latitude": record.latitude,
                "longitude": record.longitude,
            }
            unit = existing.get(record.key)
            if unit is None:
                to_create.append(
                    AdministrativeUnit(
                        level=level, code=record.code, valid_until=record.valid_until, **wanted
                    )
                )
            elif any(getattr(unit, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(unit, field, value)
                to_update.append(unit)
            else:
                counts.unchanged += 1
        # PostgreSQL and SQLite return the new primary keys from bulk_create.
        for unit in AdministrativeUnit.objects.bulk_create(to_create, batch_size=_BATCH):
            pk_by_key[_unit_key(unit)] = unit.pk
        AdministrativeUnit.objects.bulk_update(to_update, _UNIT_FIELDS, batch_size=_BATCH)
        counts.created += len(to_create)
        counts.updated += len(to_update)
    counts.not_in_source = len(set(existing) - seen)
    return counts, pk_by_key


def _load_successions(source: SourceData, pk_by_key: dict[UnitKey, int]) -> LoadCounts:
    counts = LoadCounts()
    existing = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    to_create, to_update, seen = [], [], set()
    for record in source.successions:
        pair = (pk_by_key[record.predecessor], pk_by_key[record.successor])
        seen.add(pair)
        wanted = {
            "effective_on": record.effective_on,
            "kind": record.kind,
            "is_primary": record.is_primary,
        }
        succession = existing.get(pair)
        if succession is None:
            to_create.append(UnitSuccession(predecessor_id=pair[0], successor_id=pair[1], **wanted))
        elif any(getattr(succession, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(succession, field, value)
            to_update.append(succession)
        else:
            counts.unchanged += 1
    UnitSuccession.objects.bulk_create(to_create, batch_size=_BATCH)
    UnitSuccession.objects.bulk_update(to_update, _SUCCESSION_FIELDS, batch_size=_BATCH)
    counts.created, counts.updated = len(to_create), len(to_update)
    counts.not_in_source = len(set(existing) - seen)
    return counts
