"""Vietnam's tax codes (mã số thuế, MST): the 10-digit code of a taxpayer and the 13-digit
code of its branch or dependent unit ("0101243150-001").

The tenth digit is a check digit (Circular 105/2020/TT-BTC's structure of the code): with the
first nine digits N1..N9 weighted 31, 29, 23, 19, 17, 13, 7, 5, 3, N10 = 10 - (sum mod 11). A
sum whose remainder is 0 would need "10", so no code is issued with it. Pure functions, so a
form, a model validator and a test read the same rule.
"""

import re

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SHAPE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def tax_code_normalise(value: str) -> str:
    """Spaces and dots typed between groups dropped; a branch code written with its hyphen."""
    compact = re.sub(r"[\s.]", "", value or "")
    match = _SHAPE.match(compact)
    if not match:
        return compact
    head, branch = match.groups()
    return f"{head}-{branch}" if branch else head


def tax_code_check_digit(first_nine: str) -> int | None:
    """The check digit of a code starting with these nine digits (None: no code starts so)."""
    remainder = (
        sum(int(digit) * weight for digit, weight in zip(first_nine, WEIGHTS, strict=False)) % 11
    )
    check = 10 - remainder
    return None if check == 10 else check


def tax_code_is_valid(value: str) -> bool:
    """A 10-digit code whose check digit is right, or such a code with a branch number
    001-999 (13 digits)."""
    match = _SHAPE.match(tax_code_normalise(value))
    if not match:
        return False
    head, branch = match.groups()
    if branch == "000":
        return False
    return tax_code_check_digit(head[:9]) == int(head[9])
