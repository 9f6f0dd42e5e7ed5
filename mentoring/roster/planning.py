"""The plan: what a roster file would create, update and reject, writing nothing (the dry run)."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable

from mentoring import selectors
from mentoring.models import Member, OrgUnit, TriState
from mentoring.roster.columns import EVALUATION_KEYS, NEEDED_FOR_NEW, TRI_STATE_FIELDS
from mentoring.roster.reading import Table
from mentoring.roster.validation import _RowReader

BATCH = 1000  # members per bulk_create / bulk_update, and rows between progress reports


@dataclasses.dataclass
class Parsed:
    """A file's rows as member values, before any look-up in the database."""

    rows: list[tuple[int, dict]]  # (row number, {column key: value})
    errors: list[dict]
    ignored_columns: list[str]


@dataclasses.dataclass
class Plan:
    total: int = 0
    creates: list[tuple[int, Member]] = dataclasses.field(default_factory=list)
    # (row, member as it is now, {field: new value})
    updates: list[tuple[int, Member, dict]] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    errors: list[dict] = dataclasses.field(default_factory=list)
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    units: dict = dataclasses.field(default_factory=dict)  # id -> OrgUnit
    # (member number, year, class): the members' annual evaluation, written after the members
    evaluations: list[tuple[str, int, str]] = dataclasses.field(default_factory=list)

    @property
    def rejected_rows(self) -> set[int]:
        return {error["row"] for error in self.errors}


def roster_parse(
    *,
    table: Table,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Parsed:
    """Read every row's values and reject what is wrong in the file itself: bad values,
    missing ones, a member number on two rows."""
    reader = _RowReader(table, today=today or selectors.today())
    parsed = Parsed(rows=[], errors=[], ignored_columns=table.ignored_columns)
    numbers: dict[str, list[int]] = defaultdict(list)
    for done, (row, cells) in enumerate(table.rows, start=1):
        values, errors = reader.read(row, cells)
        year_wrong = any(error["column"] == "evaluation_year" for error in errors)
        if "evaluation" in values and "evaluation_year" not in values and not year_wrong:
            errors.append(
                {"row": row, "code": "evaluation_year_needed", "column": "evaluation_year"}
                | {"value": ""}
            )
        parsed.errors.extend(errors)
        parsed.rows.append((row, values))
        if values.get("member_number"):
            numbers[values["member_number"]].append(row)
        if progress and done % BATCH == 0:
            progress(done * 2 // 3)  # reading is most of the work of a check
    for number, rows in numbers.items():
        if len(rows) > 1:
            parsed.errors.extend(
                {"row": row, "code": "duplicate_number", "column": "member_number"}
                | {"value": number, "rows": rows}
                for row in rows
            )
    return parsed


def roster_plan(
    *,
    parsed: Parsed,
    user,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """What importing the rows would do for `user`, writing nothing: each row's unit must be
    open and the user's, each member known or complete enough to be created."""
    today = today or selectors.today()
    total = len(parsed.rows)
    plan = Plan(total=total, ignored_columns=parsed.ignored_columns, errors=list(parsed.errors))
    plan.units = {unit.pk: unit for unit in OrgUnit.objects.all()}
    visible = selectors.visible_unit_ids(user)
    rejected = plan.rejected_rows
    rows = [(row, values) for row, values in parsed.rows if row not in rejected]
    rows = _resolve_units(rows, plan, visible=visible, today=today)

    existing = _existing_members([values["member_number"] for _row, values in rows])
    for done, (row, values) in enumerate(rows, start=1):
        if progress and done % BATCH == 0:
            progress(total * 2 // 3 + done // 3)
        member = existing.get(values["member_number"])
        evaluation = _evaluation(values)
        if member is None:
            missing = [key for key in NEEDED_FOR_NEW if key not in values]
            if missing:
                plan.errors.extend(
                    {"row": row, "code": "required_for_new", "column": key, "value": ""}
                    for key in missing
                )
                continue
            plan.creates.append((row, _new_member(values, today)))
            plan.evaluations.extend(evaluation)
            continue
        if visible is not None and member.org_unit_id not in visible:
            plan.errors.append(
                {"row": row, "code": "not_allowed", "column": "member_number"}
                | {"value": member.member_number}
            )
            continue
        plan.evaluations.extend(evaluation)
        changes = _changes(member, values, today)
        if changes:
            plan.updates.append((row, member, changes))
        else:
            plan.unchanged += 1
    number_of = {row: values.get("member_number", "") for row, values in parsed.rows}
    for error in plan.errors:
        error.setdefault("member_number", number_of.get(error["row"], ""))
    plan.errors.sort(key=lambda error: error["row"])
    if progress:
        progress(total)
    return plan


def _resolve_units(rows, plan: Plan, *, visible, today) -> list[tuple[int, dict]]:
    """Turn each row's unit code into the unit's id, rejecting rows whose unit is unknown,
    closed or not the user's."""
    by_code = {unit.code.lower(): unit for unit in plan.units.values()}
    kept = []
    for row, values in rows:
        code = values.get("org_unit")
        if code is None:
            kept.append((row, values))
            continue
        unit = by_code.get(code.lower())
        error = {"row": row, "column": "org_unit", "value": code}
        if unit is None:
            plan.errors.append(error | {"code": "unknown_unit"})
        elif not unit.is_open_on(today):
            if unit.closed_on is not None and unit.successor_id in plan.units:
                successor = plan.units[unit.successor_id].code
                plan.errors.append(error | {"code": "closed_unit", "successor": successor})
            else:
                plan.errors.append(error | {"code": "not_open_unit"})
        elif visible is not None and unit.pk not in visible:
            plan.errors.append(error | {"code": "not_allowed"})
        else:
            kept.append((row, values | {"org_unit": unit.pk}))
    return kept


def _existing_members(numbers: list[str]) -> dict[str, Member]:
    found = {}
    for start in range(0, len(numbers), 900):  # SQLite takes up to 999 parameters a query
        chunk = numbers[start : start + 900]
        for member in Member.objects.filter(member_number__in=chunk):
            found[member.member_number] = member
    return found


def _evaluation(values: dict) -> list[tuple[str, int, str]]:
    if "evaluation" not in values:
        return []
    return [(values["member_number"], values["evaluation_year"], values["evaluation"])]


def _field_values(values: dict) -> dict:
    fields = {
        key: value
        for key, value in values.items()
        if key != "recorded_on" and key not in EVALUATION_KEYS
    }
    if "org_unit" in fields:
        fields["org_unit_id"] = fields.pop("org_unit")
    return fields


def _new_member(values: dict, today: datetime.date) -> Member:
    member = Member(**_field_values(values))
    day = values.get("recorded_on", today)
    for field, recorded_on in TRI_STATE_FIELDS.items():
        if getattr(member, field) != TriState.UNKNOWN or (
            field == "has_specialty_product" and member.specialty_product
        ):
            setattr(member, recorded_on, day)
    return member


def _changes(member: Member, values: dict, today: datetime.date) -> dict:
    """{field: new value} for every field the row changes, recorded-on dates included."""
    changes = {}
    for key, value in _field_values(values).items():
        if getattr(member, key) != value:
            changes[key] = value
    day = values.get("recorded_on", today)
    for field, recorded_on in TRI_STATE_FIELDS.items():
        touched = field in changes or (
            field == "has_specialty_product" and "specialty_product" in changes
        )
        if touched and getattr(member, recorded_on) != day:
            changes[recorded_on] = day
    return changes
