"""The feed delivering one transaction twice at the same moment (a retry while the first call
is still running) pays once: the order's row lock makes the second wait, and the unique
transaction id, written last in the same transaction as the payment, undoes its match."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from marketplace.order.models import Order
from marketplace.payment import bank_feed
from marketplace.payment.models import BankTransaction
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite runs one writer at a time)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HONEY_ACCOUNT = "0011001234567"  # make_seller's


def test_one_transaction_delivered_twice_at_once_pays_once():
    honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")  # 150.000 ₫
    buyer = Client()
    basket_add(buyer, honey_product, 1)
    checkout_to_preview(buyer, options={honey: "pickup"})
    place_order(buyer)
    order = Order.objects.get()
    source = order.sources.get()
    # A part payment: a second debit would still fit what is owed, so only the
    # transaction id can refuse it.
    incoming = bank_feed.Incoming(
        transaction_id="7001",
        account_number=HONEY_ACCOUNT,
        amount=Decimal(100000),
        description=f"CP{order.number} 1",
        received_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    deliveries = 4
    start = threading.Barrier(deliveries)
    created = []

    def deliver():
        try:
            start.wait()
            created.append(bank_feed.transaction_receive(provider="sepay", incoming=incoming)[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(deliveries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(created) == [False] * (deliveries - 1) + [True]
    (row,) = BankTransaction.objects.all()
    assert row.state == "partial"
    source.refresh_from_db()
    assert source.amount_debited == Decimal(100000)
    assert source.transactions.count() == 1
    assert order.payment_events.count() == 1
