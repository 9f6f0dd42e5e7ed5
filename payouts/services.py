"""The payout ledger's writes: what a collected payment and a refund owe each producer, and the
batches that pay it out. The shop tells us of money through marketplace.payment.signals
(connected in PayoutsConfig.ready); the shop never names this app.

Rounding (documented in docs/payouts.md): every amount is whole đồng. The fee, VAT and PIT of
an entry are each the percent of its gross rounded half up (0.5 đồng up), per producer and per
payment, the way a receipt would show them. A refund reverses by difference: after it, the
producer's withheld total on that payment is what the same rates give on what is left, so a
full refund reverses exactly what was withheld and partial ones never drift by a đồng.
"""

import datetime
import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.order.selectors import order_producer_groups
from payouts.models import LedgerEntry, PayoutBatch, PayoutItem, WithholdingRate
from producers.models import Producer

logger = logging.getLogger(__name__)

ZERO = Decimal(0)


def _percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(Decimal(1), ROUND_HALF_UP)


def platform_fee_percent() -> Decimal:
    return Decimal(str(getattr(settings, "CHOPHIEN_PLATFORM_FEE_PERCENT", 0) or 0))


def withholding_rate_on(*, day: datetime.date, kind: str = WithholdingRate.Kind.GOODS):
    """The rate in force on `day` (the latest that started on or before it), or None."""
    return (
        WithholdingRate.objects.filter(kind=kind, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def producer_is_withheld(producer: Producer) -> bool:
    """Decree 117/2025: the platform withholds for households and individuals. A cooperative
    or enterprise that has its own tax code declares its own tax; one without a code is
    treated as a household until it gives one (withholding too much is put right by its own
    declaration; withholding too little is not)."""
    organised = producer.kind in (Producer.Kind.COOPERATIVE, Producer.Kind.ENTERPRISE)
    return not (organised and producer.tax_code)


def _allocate(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` split in whole đồng in proportion to `weights` (largest remainder), summing
    exactly to `amount`."""
    total = sum(weights, ZERO)
    if total <= 0 or amount == 0:
        return [ZERO for _weight in weights]
    exact = [amount * weight / total for weight in weights]
    shares = [value.to_integral_value(rounding="ROUND_FLOOR") for value in exact]
    left = int(amount - sum(shares, ZERO))
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for index in by_remainder[:left]:
        shares[index] += 1
    return shares


# --- A payment collected by the platform ---


@transaction.atomic
def ledger_sale_record(*, order, source, amount: Decimal) -> list[LedgerEntry]:
    """Record what each producer of the order is owed from money the platform collected.

    The amount is split between the producers by what each was owed at payment (its lines
    not cancelled and its shipping: order_producer_groups), in whole đồng. One entry per
    producer and payment. A practice shop's (sandbox) share is test money: not recorded.
    Safe to repeat: the same source and amount a second time records nothing.
    """
    if source.partner_id is not None:
        return []  # paid straight to a producer: never the platform's to pay out
    key = f"sale:{source.pk}:{int(amount)}"
    if LedgerEntry.objects.filter(key=key).exists():
        return []
    groups = [item for item in order_producer_groups(order) if _producer_of(item) is not None]
    if not groups:
        logger.warning("Order %s: collected money has no producer to owe", order.number)
        return []
    shares = _allocate(Decimal(amount), [item.total for item in groups])
    now = timezone.now()
    rate = withholding_rate_on(day=timezone.localdate(now))
    fee_percent = platform_fee_percent()
    entries = []
    for item, gross in zip(groups, shares, strict=True):
        producer = _producer_of(item)
        if producer.is_sandbox or gross <= 0:
            continue
        withheld = rate is not None and producer_is_withheld(producer)
        vat_percent = rate.vat_percent if withheld else ZERO
        pit_percent = rate.pit_percent if withheld else ZERO
        fee = _percent_of(gross, fee_percent)
        vat = _percent_of(gross, vat_percent)
        pit = _percent_of(gross, pit_percent)
        entries.append(
            LedgerEntry(
                producer=producer,
                order=order,
                source=source,
                kind=LedgerEntry.Kind.SALE,
                key=key,
                occurred_at=now,
                gross=gross,
                fee=fee,
                vat=vat,
                pit=pit,
                net=gross - fee - vat - pit,
                fee_percent=fee_percent,
                vat_percent=vat_percent,
                pit_percent=pit_percent,
            )
        )
    for entry in entries:
        entry.full_clean()
    return LedgerEntry.objects.bulk_create(entries)


def _producer_of(item):
    return getattr(item.group.partner, "producer", None)


# --- Money given back to the buyer ---


@transaction.atomic
def ledger_refund_record(*, order, source, amount: Decimal) -> list[LedgerEntry]:
    """Record a refund of money the platform collected, as negative entries.

    A card refund is per payment, not per line, so it is shared out:
    1. first to the producers whose part of the order went down since the payment (their
       lines were cancelled: order_lines_cancel refunds exactly that), up to that drop;
    2. anything left (a refund staff made by hand) in proportion to what each producer still
       has of this payment.
    No producer gives back more than it has of this payment. The withholding and the fee are
    reversed by difference (see the module's docstring).

    Called after the source recorded the refund: its total refunded names the refund, so the
    same signal twice records nothing.
    """
    if source.partner_id is not None:
        return []
    key = f"refund:{source.pk}:{int(source.amount_refunded)}"
    if LedgerEntry.objects.filter(key=key).exists():
        return []
    entries = list(LedgerEntry.objects.filter(source=source).select_related("producer"))
    if not entries:
        return []
    remaining: dict[int, Decimal] = defaultdict(lambda: ZERO)
    producers = {}
    for entry in entries:
        remaining[entry.producer_id] += entry.gross
        producers[entry.producer_id] = entry.producer
    ids = [pk for pk in producers if remaining[pk] > 0]
    owed_now = {
        producer.pk: item.total
        for item in order_producer_groups(order)
        if (producer := _producer_of(item)) is not None
    }
    drops = [max(remaining[pk] - owed_now.get(pk, ZERO), ZERO) for pk in ids]
    amount = Decimal(amount)
    first = _allocate(min(amount, sum(drops, ZERO)), drops)
    rest = _allocate(
        min(amount - sum(first, ZERO), sum((remaining[pk] for pk in ids), ZERO) - sum(first, ZERO)),
        [remaining[pk] - share for pk, share in zip(ids, first, strict=True)],
    )
    now = timezone.now()
    created = []
    for pk, share in zip(ids, (a + b for a, b in zip(first, rest, strict=True)), strict=True):
        if share <= 0:
            continue
        own = [entry for entry in entries if entry.producer_id == pk]
        sale = next(entry for entry in own if entry.kind == LedgerEntry.Kind.SALE)
        left = remaining[pk] - share

        def reversal(field, percent, own=own, left=left):
            return _percent_of(left, percent) - sum((getattr(e, field) for e in own), ZERO)

        fee = reversal("fee", sale.fee_percent)
        vat = reversal("vat", sale.vat_percent)
        pit = reversal("pit", sale.pit_percent)
        entry = LedgerEntry(
            producer=producers[pk],
            order=order,
            source=source,
            kind=LedgerEntry.Kind.REFUND,
            key=key,
            occurred_at=now,
            gross=-share,
            fee=fee,
            vat=vat,
            pit=pit,
            net=-share - fee - vat - pit,
            fee_percent=sale.fee_percent,
            vat_percent=sale.vat_percent,
            pit_percent=sale.pit_percent,
        )
        entry.full_clean()
        created.append(entry)
    unallocated = amount - sum((-e.gross for e in created), ZERO)
    if unallocated:
        logger.warning(
            "Order %s: %s of a refund is beyond what the ledger holds for it",
            order.number,
            unallocated,
        )
    return LedgerEntry.objects.bulk_create(created)


# --- Payout batches ---


def _end_of_day(day: datetime.date) -> datetime.datetime:
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


@transaction.atomic
def payout_batch_create(*, period_end: datetime.date, by) -> PayoutBatch:
    """Gather every entry not yet in a batch, up to the end of `period_end`, into one transfer
    per producer. A producer whose total is not above zero (refunds outweigh sales) or who has
    no bank account yet is left out: its entries wait for a later batch."""
    if period_end > timezone.localdate():
        raise ValidationError(_("A batch can only cover days that have ended or today."))
    entries = list(
        LedgerEntry.objects.select_for_update()
        .filter(batch__isnull=True, occurred_at__lt=_end_of_day(period_end))
        .order_by("pk")
    )
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        totals[entry.producer_id] += entry.net
    producers = Producer.objects.in_bulk([pk for pk, net in totals.items() if net > 0])
    payable = {pk: producer for pk, producer in producers.items() if producer.has_bank_account}
    if not payable:
        raise ValidationError(
            _("Nothing is owed to a producer with a bank account up to this day.")
        )
    batch = PayoutBatch.objects.create(period_end=period_end, created_by=by)
    PayoutItem.objects.bulk_create(
        [
            PayoutItem(
                batch=batch,
                producer=producer,
                amount=totals[pk],
                beneficiary_name=producer.bank_account_name,
                account_number=producer.bank_account_number,
                bank_bin=producer.bank_bin,
            )
            for pk, producer in payable.items()
        ]
    )
    LedgerEntry.objects.filter(
        pk__in=[entry.pk for entry in entries if entry.producer_id in payable]
    ).update(batch=batch)
    log(
        instance=batch,
        action="payouts.batch_create",
        user=by,
        data={"period_end": period_end.isoformat(), "items": len(payable)},
    )
    return batch


def _locked(batch: PayoutBatch) -> PayoutBatch:
    return PayoutBatch.objects.select_for_update().get(pk=batch.pk)


@transaction.atomic
def payout_batch_export(*, batch: PayoutBatch, by) -> PayoutBatch:
    """The bank file is being downloaded: from now on the batch can no longer be cancelled
    (its entries and amounts were fixed when it was made, and stay so). Downloading again
    gives the same file."""
    batch = _locked(batch)
    if batch.status == PayoutBatch.Status.DRAFT:
        batch.status = PayoutBatch.Status.EXPORTED
        batch.exported_at = timezone.now()
        batch.save(update_fields=["status", "exported_at"])
        log(instance=batch, action="payouts.batch_export", user=by)
    return batch


@transaction.atomic
def payout_batch_cancel(*, batch: PayoutBatch, by) -> None:
    """A draft nobody has exported yet is dropped; its entries wait for the next batch."""
    batch = _locked(batch)
    if batch.status != PayoutBatch.Status.DRAFT:
        raise ValidationError(_("Only a batch that was never exported can be cancelled."))
    log(instance=batch, action="payouts.batch_cancel", user=by)
    LedgerEntry.objects.filter(batch=batch).update(batch=None)
    batch.delete()


@transaction.atomic
def payout_batch_mark_paid(
    *, batch: PayoutBatch, reference: str, paid_on: datetime.date, by
) -> PayoutBatch:
    """The bank made the transfers. Once only: a paid batch is never paid again."""
    batch = _locked(batch)
    if batch.status == PayoutBatch.Status.PAID:
        raise ValidationError(_("This batch was already paid."), code="already_paid")
    if batch.status != PayoutBatch.Status.EXPORTED:
        raise ValidationError(
            _("Download the bank file first: a batch is paid from its exported file."),
            code="not_exported",
        )
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("Enter the bank's reference for the transfers."))
    batch.status = PayoutBatch.Status.PAID
    batch.paid_at = timezone.now()
    batch.paid_on = paid_on
    batch.paid_reference = reference
    batch.save(update_fields=["status", "paid_at", "paid_on", "paid_reference"])
    log(
        instance=batch,
        action="payouts.batch_paid",
        user=by,
        data={"reference": reference, "paid_on": paid_on.isoformat()},
    )
    return batch


def batch_total(batch: PayoutBatch) -> Decimal:
    return batch.items.aggregate(total=Sum("amount"))["total"] or ZERO


def period_days() -> int:
    """How long a batch usually covers (a week by default)."""
    return int(getattr(settings, "CHOPHIEN_PAYOUT_PERIOD_DAYS", 7))
