"""What a buyer paying by bank transfer needs for each producer: the QR code their banking app
scans, and the same details as text for those who type them."""

import dataclasses

from django.utils.safestring import mark_safe

from core.banks import bank_name
from core.qr import qr_svg
from marketplace.vietqr import transfer_message, vietqr_payload


@dataclasses.dataclass
class TransferBlock:
    producer_name: str
    bank_name: str
    account_number: str
    account_name: str
    amount: int
    message: str
    received: bool
    payload: str  # the VietQR string
    qr: str  # inline SVG markup
    source_id: int = 0  # the payment source it pays (the QR's PNG is downloaded by it)
    png_url: str = ""  # where the buyer saves the QR as an image (set by the checkout)


def order_transfer_blocks(order) -> list[TransferBlock]:
    """One block per producer still to be paid by bank transfer (none for other methods)."""
    if order.payment_method != "bank-transfer":
        return []

    blocks = []
    sources = order.sources.select_related("partner__producer").order_by("pk")
    for source in sources:
        if not source.amount_allocated:
            continue  # every line of this producer's was cancelled: nothing to transfer
        producer = source.partner.producer
        amount = int(source.amount_allocated)
        message = transfer_message(source.reference)
        payload = vietqr_payload(
            bank_bin=producer.bank_bin,
            account_number=producer.bank_account_number,
            amount=amount,
            message=message,
        )
        blocks.append(
            TransferBlock(
                producer_name=source.partner.name,
                bank_name=bank_name(producer.bank_bin),
                account_number=producer.bank_account_number,
                account_name=producer.bank_account_name,
                amount=amount,
                message=message,
                received=source.amount_debited >= source.amount_allocated,
                payload=payload,
                qr=mark_safe(qr_svg(payload, label=f"VietQR {source.partner.name}")),  # noqa: S308  segno's own markup
                source_id=source.pk,
            )
        )
    return blocks
