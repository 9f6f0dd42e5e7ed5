"""The payout ledger: what a card payment the platform collected owes each producer, with the
tax withheld as Decree 117/2025 asks, and what a refund takes back."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.payment import services as payment_services
from marketplace.payment.signals import payment_collected, payment_refunded
from payouts import services
from payouts.models import LedgerEntry, WithholdingRate
from producers.models import Producer
from tests.checkout.helpers import card_paid_on_localstripe
from tests.factories.marketplace import make_product
from tests.payouts.helpers import (
    card_order,
    card_paid_order,
    sellers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(admin_units):
    return sellers()


def _entry(order, producer, kind=LedgerEntry.Kind.SALE):
    return LedgerEntry.objects.get(order=order, producer=producer, kind=kind)


def test_a_card_payment_owes_each_producer_its_part_less_tax_for_a_household(shop):
    honey, jar, tea, pack = shop
    order = card_paid_order([(jar, 2), (pack, 1)])

    honey_entry = _entry(order, honey)
    # 2 × 150.000: VAT 1 % and PIT 0.5 % withheld from a household.
    assert (honey_entry.gross, honey_entry.vat, honey_entry.pit, honey_entry.fee) == (
        Decimal(300000), Decimal(3000), Decimal(1500), Decimal(0),
    )  # fmt: skip
    assert honey_entry.net == Decimal(295500)
    # A cooperative with its own tax code declares its own tax: nothing withheld.
    tea_entry = _entry(order, tea)
    assert (tea_entry.gross, tea_entry.vat, tea_entry.pit, tea_entry.net) == (
        Decimal(90000), 0, 0, Decimal(90000),
    )  # fmt: skip
    assert honey_entry.batch is None and tea_entry.batch is None


def test_a_cooperative_without_a_tax_code_is_withheld_like_a_household(shop):
    _honey, _jar, tea, pack = shop
    Producer.objects.filter(pk=tea.pk).update(tax_code="")
    order = card_paid_order([(pack, 1)])
    entry = _entry(order, tea)
    assert (entry.vat, entry.pit) == (Decimal(900), Decimal(450))


def test_the_same_payment_announced_twice_is_recorded_once(shop):
    honey, jar, _tea, _pack = shop
    order = card_paid_order([(jar, 1)])
    source = order.sources.get()
    payment_collected.send(sender=None, order=order, source=source, amount=source.amount_debited)
    assert LedgerEntry.objects.filter(order=order).count() == 1


def test_money_paid_straight_to_the_producer_never_enters_the_ledger(shop, settings):
    _honey, jar, _tea, _pack = shop
    order = card_order([(jar, 1)])
    from marketplace.payment.card_services import order_payment_method_change

    order_payment_method_change(order=order, code="bank-transfer")
    source = order.sources.get()
    payment_services.source_received_confirm(source_id=source.pk, by=None)
    # Even if a sender announced it, a producer's own source is not the platform's money.
    payment_collected.send(sender=None, order=order, source=source, amount=source.amount_debited)
    assert not LedgerEntry.objects.exists()


def test_fee_and_tax_are_each_rounded_half_up_to_whole_dong(admin_units, settings):
    settings.CHOPHIEN_PLATFORM_FEE_PERCENT = "2.5"
    honey, jar, _tea, _pack = sellers()
    cheap = make_product(partner=honey.partner, title="Mật ong thử", price=33333)
    order = card_paid_order([(cheap, 1)])
    entry = _entry(order, honey)
    # 2.5 % of 33.333 = 833.3 → 833; 1 % = 333.33 → 333; 0.5 % = 166.665 → 167.
    assert (entry.fee, entry.vat, entry.pit) == (Decimal(833), Decimal(333), Decimal(167))
    assert entry.net == Decimal(33333 - 833 - 333 - 167)
    assert entry.fee_percent == Decimal("2.5")


def test_the_rate_in_force_on_the_payment_day_applies(shop):
    honey, jar, _tea, _pack = shop
    today = timezone.localdate()
    # A rate that starts tomorrow does not apply yet; one that started today does.
    WithholdingRate.objects.create(
        kind="goods", vat_percent=5, pit_percent=5, effective_from=today + datetime.timedelta(1)
    )
    order = card_paid_order([(jar, 1)])
    assert (_entry(order, honey).vat, _entry(order, honey).pit) == (Decimal(1500), Decimal(750))

    WithholdingRate.objects.create(kind="goods", vat_percent=2, pit_percent=1, effective_from=today)
    order = card_paid_order([(jar, 1)], email="tung@example.com")
    assert (_entry(order, honey).vat, _entry(order, honey).pit) == (Decimal(3000), Decimal(1500))
    # Before 1 July 2025 no rate was in force (the data migration's row starts then).
    assert services.withholding_rate_on(day=datetime.date(2025, 6, 30)) is None
    decree = services.withholding_rate_on(day=datetime.date(2025, 7, 1))
    assert (decree.vat_percent, decree.pit_percent) == (Decimal(1), Decimal("0.5"))


def test_a_refund_takes_back_the_cancelled_lines_producer_and_reverses_its_withholding(
    shop,
    client,
    stripe,
    settings,
):
    honey, jar, tea, pack = shop
    order = card_order([(jar, 1), (pack, 1)])
    card_paid_on_localstripe(client, order, settings)
    assert _entry(order, honey).vat == Decimal(1500)

    # The honey cannot be supplied: its 150.000 goes back to the card, all of it the honey's.
    payment_services.order_lines_cancel(
        order=order, line_ids=[order.lines.get(partner=honey.partner).pk], by=None
    )
    refund = _entry(order, honey, LedgerEntry.Kind.REFUND)
    assert (refund.gross, refund.vat, refund.pit, refund.net) == (
        Decimal(-150000), Decimal(-1500), Decimal(-750), Decimal(-147750),
    )  # fmt: skip
    assert not LedgerEntry.objects.filter(producer=tea, kind="refund").exists()
    totals = {
        field: sum(e.__dict__[field] for e in LedgerEntry.objects.filter(producer=honey))
        for field in ("gross", "vat", "pit", "net")
    }
    assert totals == {"gross": 0, "vat": 0, "pit": 0, "net": 0}

    # The same announcement again changes nothing.
    source = order.sources.get()
    payment_refunded.send(sender=None, order=order, source=source, amount=Decimal(150000))
    assert LedgerEntry.objects.filter(kind="refund").count() == 1

    # Staff refund part of the rest by hand: it comes off what the tea still has.
    payment_services.refund(order=order, source_id=source.pk, amount=Decimal(30000), by=None)
    tea_refund = _entry(order, tea, LedgerEntry.Kind.REFUND)
    assert (tea_refund.gross, tea_refund.net) == (Decimal(-30000), Decimal(-30000))


def test_a_partial_refund_reverses_withholding_without_drift(shop, client, stripe, settings):
    honey, _jar, _tea, _pack = shop
    odd = make_product(partner=honey.partner, title="Mật ong lẻ", price=33333)
    order = card_order([(odd, 1)])
    card_paid_on_localstripe(client, order, settings)
    source = order.sources.get()
    for amount in (11111, 11111, 11111):
        payment_services.refund(order=order, source_id=source.pk, amount=Decimal(amount), by=None)
    entries = LedgerEntry.objects.filter(producer=honey)
    assert [e.kind for e in entries] == ["sale", "refund", "refund", "refund"]
    # Each third reverses what is withheld on what is left: 333→222→111→0 and 167→111→56→0.
    assert [e.vat for e in entries] == [333, -111, -111, -111]
    assert [e.pit for e in entries] == [167, -56, -55, -56]
    assert sum(e.gross for e in entries) == 0
    assert sum(e.vat for e in entries) == 0 and sum(e.pit for e in entries) == 0
