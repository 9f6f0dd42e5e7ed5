"""VietQR payloads for bank-transfer payments (their QR code is drawn by core.qr).

A VietQR code is the NAPAS profile of the EMVCo merchant-presented QR: a string of
ID-length-value fields ending in a CRC. Any Vietnamese banking app that scans it fills
in the beneficiary bank and account, the amount and the transfer message, so a buyer
cannot mistype the order reference we later match the transfer against.

Written here rather than taken from PyPI: `vietqr` there is an unrelated Docker/AWS
utility and `pyvietqr` does not exist; `vietnam-qr-pay` (one 1.0.0 release) is pure but
checks no lengths and silently drops empty fields, so it would still need the validation
below; the others pull in requests, qrcode and Pillow. The payload itself is ~50 lines.
The QR image is drawn on our server (core.qr), so no buyer's order data goes to a
third-party image service.
"""

import re

from anyascii import anyascii

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY_VN = "VN"
MESSAGE_MAX_LENGTH = 25
AMOUNT_MAX_DIGITS = 13  # EMVCo caps ID 54 (transaction amount) at 13 characters

_BANK_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT_NUMBER = re.compile(r"[A-Za-z0-9]{1,19}")
_NOT_MESSAGE_CHARACTER = re.compile(r"[^A-Za-z0-9 ]")
# Templates whose value is itself a list of ID-length-value fields, by path of IDs.
_TEMPLATES = {("38",), ("38", "01"), ("62",)}


def crc16_ccitt(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as 4 uppercase hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tlv(field_id: str, value: str) -> str:
    # The length is always two digits, so no EMVCo value can be longer than 99.
    if not 1 <= len(value) <= 99:
        raise ValueError(f"VietQR field {field_id} must be 1–99 characters, got {len(value)}.")
    return f"{field_id}{len(value):02d}{value}"


def transfer_message(message: str) -> str:
    """Fold a message to what banks accept: ASCII letters, digits and single spaces.

    "Đơn hàng CP100023" becomes "Don hang CP100023". Raises ValueError past 25 characters
    rather than cutting: the end of the message is usually the order reference.
    """
    folded = _NOT_MESSAGE_CHARACTER.sub("", anyascii(message))
    folded = " ".join(folded.split())
    if len(folded) > MESSAGE_MAX_LENGTH:
        raise ValueError(
            f"Transfer message must be at most {MESSAGE_MAX_LENGTH} characters without "
            f"diacritics, got {len(folded)}: {folded!r}."
        )
    return folded


def vietqr_payload(*, bank_bin: str, account_number: str, amount: int | None, message: str) -> str:
    """The VietQR string for a transfer to an account; `amount` None lets the payer type it."""
    if not isinstance(bank_bin, str) or not _BANK_BIN.fullmatch(bank_bin):
        raise ValueError(f"Bank BIN must be exactly 6 digits, got {bank_bin!r}.")
    if not isinstance(account_number, str) or not _ACCOUNT_NUMBER.fullmatch(account_number):
        raise ValueError(f"Account number must be 1–19 letters or digits, got {account_number!r}.")
    # bool is an int subclass; True would otherwise become a 1 đồng transfer.
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise ValueError(f"Amount must be a whole number of đồng, got {amount!r}.")
    if amount is not None and not 0 < amount < 10**AMOUNT_MAX_DIGITS:
        raise ValueError(
            f"Amount must be positive and at most {AMOUNT_MAX_DIGITS} digits, got {amount}."
        )
    message = transfer_message(message)

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account_number)
    merchant_account = (
        _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TRANSFER_TO_ACCOUNT)
    )
    payload = (
        _tlv("00", "01")
        + _tlv("01", "12" if amount is not None else "11")  # 12: one-off code with an amount
        + _tlv("38", merchant_account)
        + _tlv("53", CURRENCY_VND)
        + (_tlv("54", str(amount)) if amount is not None else "")
        + _tlv("58", COUNTRY_VN)
        # EMVCo forbids empty values, so a code without a message has no field 62.
        + (_tlv("62", _tlv("08", message)) if message else "")
        + "6304"  # the CRC covers its own ID and length
    )
    return payload + crc16_ccitt(payload)


def _parse_fields(data: str, path: tuple[str, ...] = ()) -> dict:
    fields = {}
    position = 0
    while position < len(data):
        header = data[position : position + 4]
        if len(header) < 4 or not header.isdigit():
            raise ValueError(f"Bad VietQR field header {header!r} at {path} offset {position}.")
        field_id, length = header[:2], int(header[2:])
        value = data[position + 4 : position + 4 + length]
        if len(value) != length:
            raise ValueError(f"VietQR field {field_id} at {path} is cut short.")
        field_path = (*path, field_id)
        fields[field_id] = _parse_fields(value, field_path) if field_path in _TEMPLATES else value
        position += 4 + length
    return fields


def vietqr_parse(payload: str) -> dict:
    """Split a VietQR string into {id: value}; fields 38, 38/01 and 62 become nested dicts.

    For tests and debugging. Raises ValueError when the fields or the CRC don't add up.
    """
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ValueError("A VietQR string must end with the CRC field 63, length 04.")
    expected_crc = crc16_ccitt(payload[:-4])
    if payload[-4:].upper() != expected_crc:
        raise ValueError(f"VietQR CRC is {payload[-4:]!r}, expected {expected_crc!r}.")
    return _parse_fields(payload)
