"""The 12-digit citizen ID number (căn cước công dân, CCCD) and what can be checked offline.

Its digits (Circular 07/2016/TT-BCA, amended by 59/2021/TT-BCA): 1–3 the code of the province
where the birth was registered (the 63 provinces before the 2025 merger: the official list is
data, producers/data/citizen_id_provinces.csv), 4 the century of birth and the sex (0/1: 20th
century, 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th), 5–6 the last two digits of the year of
birth, 7–12 a random number. Nothing here proves the number belongs to the person: that is
what the VNeID check (producers.identification) is for; this only refuses numbers that cannot
exist or cannot belong to a living adult seller.
"""

import csv
from datetime import date
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PROVINCES_FILE = Path(__file__).resolve().parent / "data" / "citizen_id_provinces.csv"
# Only the 20th and 21st centuries can give a living adult: digits 0–3.
CENTURY_OF_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000}
YOUNGEST_SELLER_AGE = 16
OLDEST_SELLER_AGE = 100


@cache
def province_codes() -> dict[str, str]:
    """{"010": "Lào Cai", …}: the 63 birth-registration province codes."""
    with PROVINCES_FILE.open(encoding="utf-8") as rows:
        return {row["code"]: row["province"] for row in csv.DictReader(rows)}


def citizen_id_normalise(value: str) -> str:
    """Spaces and dots people type between the groups of digits are dropped."""
    return "".join(ch for ch in (value or "") if ch not in " .-\u00a0")


def citizen_id_validate(value: str, *, today: date | None = None) -> None:
    """Raise ValidationError (a code each) for a number that cannot be a living adult's CCCD.

    The age is counted in years of birth (the number carries no birthday): a person born in
    2010 is taken as 16 for all of 2026."""
    value = citizen_id_normalise(value)
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("A citizen ID number has exactly 12 digits. Copy it from the front of the card."),
            code="cccd_length",
        )
    if value[:3] not in province_codes():
        raise ValidationError(
            _(
                "The first three digits (%(code)s) are not a province code. Check the number "
                "on the card."
            )
            % {"code": value[:3]},
            code="cccd_province",
        )
    century = CENTURY_OF_DIGIT.get(int(value[3]))
    if century is None:
        raise ValidationError(
            _(
                "The fourth digit (%(digit)s) would mean a birth after the year 2099. Check "
                "the number on the card."
            )
            % {"digit": value[3]},
            code="cccd_century",
        )
    born = century + int(value[4:6])
    age = (today or timezone.localdate()).year - born
    if age < YOUNGEST_SELLER_AGE:
        raise ValidationError(
            _(
                "This number is of someone born in %(year)s, under %(age)s years old: a seller "
                "must be at least %(age)s. Check the number, or ask an adult of the household "
                "to identify."
            )
            % {"year": born, "age": YOUNGEST_SELLER_AGE},
            code="cccd_too_young",
        )
    if age > OLDEST_SELLER_AGE:
        raise ValidationError(
            _("This number is of someone born in %(year)s. Check the number on the card.")
            % {"year": born},
            code="cccd_too_old",
        )


def citizen_id_valid(value: str) -> None:
    """A model/form validator (today's date)."""
    citizen_id_validate(value)
