"""VietQR payloads: field by field, CRC, message folding, validation, and the SVG."""

import binascii
import re

import pytest
import segno

from core.qr import qr_svg
from marketplace.vietqr import crc16_ccitt, vietqr_parse, vietqr_payload

VIETCOMBANK_BIN = "970436"
ACCOUNT = "0011001932418"


def independent_crc(data: str) -> str:
    # binascii.crc_hqx is CRC-CCITT with poly 0x1021; seeded with 0xFFFF it is CCITT-FALSE.
    return f"{binascii.crc_hqx(data.encode('ascii'), 0xFFFF):04X}"


def make_payload(**overrides):
    arguments = {
        "bank_bin": VIETCOMBANK_BIN,
        "account_number": ACCOUNT,
        "amount": 150000,
        "message": "CP100023",
    }
    return vietqr_payload(**(arguments | overrides))


def test_crc_matches_the_standard_check_value():
    assert crc16_ccitt("123456789") == "29B1"
    assert independent_crc("123456789") == "29B1"


def test_payload_matches_one_spelled_out_from_the_spec():
    beneficiary = "0006970436" + "0113" + ACCOUNT
    merchant_account = "0010A000000727" + f"01{len(beneficiary)}{beneficiary}" + "0208QRIBFTTA"
    body = (
        "000201"
        "010212"
        f"38{len(merchant_account)}{merchant_account}"
        "5303704"
        "5406150000"
        "5802VN"
        "62120808CP100023"
        "6304"
    )
    expected = body + independent_crc(body)
    # The same string, also produced by the vietnam-qr-pay 1.0.0 package when this was written.
    assert expected == (
        "00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA"
        "530370454061500005802VN62120808CP10002363046B1B"
    )
    assert make_payload() == expected


def test_every_field_parses_back():
    fields = vietqr_parse(make_payload(amount=2_350_000, message="Đơn hàng CP100023"))

    assert fields["00"] == "01"
    assert fields["01"] == "12"
    assert fields["38"] == {
        "00": "A000000727",
        "01": {"00": VIETCOMBANK_BIN, "01": ACCOUNT},
        "02": "QRIBFTTA",
    }
    assert fields["53"] == "704"
    assert fields["54"] == "2350000"
    assert fields["58"] == "VN"
    assert fields["62"] == {"08": "Don hang CP100023"}
    assert list(fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]


def test_crc_covers_everything_up_to_and_including_6304():
    payload = make_payload()
    assert payload[-8:-4] == "6304"
    assert re.fullmatch(r"[0-9A-F]{4}", payload[-4:])
    assert payload[-4:] == independent_crc(payload[:-4])


def test_without_amount_the_code_is_static_and_has_no_amount_field():
    payload = make_payload(amount=None)
    fields = vietqr_parse(payload)
    assert fields["01"] == "11"
    assert "54" not in fields
    assert payload[-4:] == independent_crc(payload[:-4])


@pytest.mark.parametrize(
    ("message", "folded"),
    [
        ("Đơn hàng CP100023", "Don hang CP100023"),
        ("Mua Chè Shan Tuyết!", "Mua Che Shan Tuyet"),
        ("  Đơn #CP-100023 ", "Don CP100023"),
    ],
)
def test_message_is_folded_to_ascii_letters_digits_and_spaces(message, folded):
    assert vietqr_parse(make_payload(message=message))["62"] == {"08": folded}


def test_empty_message_leaves_out_the_additional_data_field():
    assert "62" not in vietqr_parse(make_payload(message="!!"))


def test_message_longer_than_25_characters_after_folding_is_refused():
    # Exactly 25 characters once "á" and "đơ" lose their marks: accepted whole.
    assert vietqr_parse(make_payload(message="Thanh toán đơn CP10002345"))["62"]["08"] == (
        "Thanh toan don CP10002345"
    )
    with pytest.raises(ValueError, match="at most 25"):
        make_payload(message="Thanh toán đơn hàng CP100023")


@pytest.mark.parametrize(
    "bank_bin", ["97043", "9704366", "97043A", "９７０４３６", " 970436", "970436\n", 970436]
)
def test_bank_bin_must_be_six_ascii_digits(bank_bin):
    with pytest.raises(ValueError, match="Bank BIN"):
        make_payload(bank_bin=bank_bin)


@pytest.mark.parametrize("account_number", ["", "1" * 20, "0011-0019", "00110 019", "0011đ"])
def test_account_number_must_be_1_to_19_letters_or_digits(account_number):
    with pytest.raises(ValueError, match="Account number"):
        make_payload(account_number=account_number)


def test_account_number_of_19_characters_is_accepted():
    fields = vietqr_parse(make_payload(account_number="ABC1234567890123456"))
    assert fields["38"]["01"]["01"] == "ABC1234567890123456"


@pytest.mark.parametrize("amount", [0, -1, 1.5, 150000.0, "150000", True, 10**13])
def test_amount_must_be_a_positive_whole_number_of_dong(amount):
    with pytest.raises(ValueError, match="Amount"):
        make_payload(amount=amount)


def test_parse_refuses_a_tampered_payload():
    payload = make_payload()
    with pytest.raises(ValueError, match="CRC"):
        vietqr_parse(payload.replace("150000", "950000"))


def test_qr_svg_is_inline_scalable_and_labelled():
    svg = qr_svg(make_payload(), label="Mã QR chuyển khoản")

    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert 'class="cp-qr"' in svg
    assert 'role="img"' in svg
    assert 'aria-label="Mã QR chuyển khoản"' in svg
    assert "<title>Mã QR chuyển khoản</title>" in svg
    assert not re.search(r"<svg[^>]*\s(width|height)=", svg)


def test_qr_svg_draws_this_payload_at_error_level_m_with_a_quiet_zone():
    payload = make_payload()
    svg = qr_svg(payload)

    reference = segno.make(payload, error="m", boost_error=False, micro=False)
    size = reference.symbol_size(border=4)[0]
    assert f'viewBox="0 0 {size} {size}"' in svg

    def path_of(markup):
        return re.search(r'\sd="([^"]+)"', markup).group(1)

    assert path_of(svg) == path_of(reference.svg_inline(border=4))
    # A different order gives a different drawing: the SVG really encodes the payload.
    assert path_of(qr_svg(make_payload(message="CP100024"))) != path_of(svg)


def test_qr_svg_escapes_the_label():
    svg = qr_svg(make_payload(), label='Đơn "A" <b>')
    assert "<b>" not in svg
    assert 'aria-label="Đơn &quot;A&quot; &lt;b&gt;"' in svg
