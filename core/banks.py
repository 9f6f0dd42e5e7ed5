"""The Vietnamese banks a producer can receive money at, and how banks write a holder's name.

Banks are keyed by their NAPAS BIN, the 6-digit code a VietQR payment code carries, so the
checkout can build the code from what the producer chose. Pure data and pure functions, so
the demo content can share them.
"""

import re

from anyascii import anyascii

# The major banks, state-owned first; brand names, so they are not translated.
BANK_CHOICES: list[tuple[str, str]] = [
    ("970436", "Vietcombank"),
    ("970415", "VietinBank"),
    ("970418", "BIDV"),
    ("970405", "Agribank"),
    ("970422", "MB"),
    ("970407", "Techcombank"),
    ("970416", "ACB"),
    ("970432", "VPBank"),
    ("970403", "Sacombank"),
    ("970423", "TPBank"),
    ("970449", "LPBank"),
    ("970443", "SHB"),
    ("970437", "HDBank"),
    ("970441", "VIB"),
    ("970448", "OCB"),
    ("970440", "SeABank"),
    ("970426", "MSB"),
    ("970431", "Eximbank"),
    ("970428", "Nam A Bank"),
    ("970409", "Bac A Bank"),
]

_NAMES = dict(BANK_CHOICES)


def bank_name(bin: str) -> str:
    """The bank's short name; a BIN missing from the list comes back as it is, so a bank
    dropped from the list still shows as something."""
    return _NAMES.get(bin, bin)


def account_name_normalise(name: str) -> str:
    """The holder's name as banks print it: capitals, no diacritics, single spaces
    ("Lò Thị Mai" → "LO THI MAI"). VietQR and bank apps compare names in this form."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", anyascii(name).upper()).split())
