"""Bank transfers confirmed by the bank's feed (marketplace.payment.bank_feed): each call
authenticated as its provider does, each transaction recorded once, matched by reference,
account and amount, and anything that does not settle a payment left to staff.

One two-producer VietQR order (and a one-producer one) is placed once for the module; each
test runs in its own savepoint. The feed is reached through the site's webhook with Django's
test client; the stand-in command over real HTTP is in test_bank_feed_standin.py.
"""

import json
import types
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.order.models import Order
from marketplace.order.statuses import OrderStatus
from marketplace.payment import bank_feed
from marketplace.payment.models import BankTransaction
from producers.models import Producer
from tests.checkout.helpers import basket_add, checkout_to_preview, make_seller, place_order
from tests.support.worlds import copied_per_test, rolled_back

pytestmark = pytest.mark.django_db

HONEY_ACCOUNT = "0011001234567"  # make_seller's
TEA_ACCOUNT = "0022009876543"
KEY = "test-bank-feed-key"  # config/settings/test.py
WEBHOOK = "/bank-feed/webhook/"


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        honey, honey_product = make_seller(name="HTX Mật ong Bắc Hà")  # 150.000 ₫
        tea, tea_product = make_seller(name="HTX Chè Tả Phìn", price=90000)
        Producer.objects.filter(pk=tea.pk).update(bank_account_number=TEA_ACCOUNT)
        buyer = Client()
        basket_add(buyer, honey_product, 1)
        basket_add(buyer, tea_product, 1)
        checkout_to_preview(buyer, options={honey: "pickup", tea: "pickup"})
        place_order(buyer)
        order = Order.objects.get()
        another = Client()
        basket_add(another, tea_product, 1)
        checkout_to_preview(another, contact="hoa@example.com", options={tea: "pickup"})
        place_order(another)
        single = Order.objects.exclude(pk=order.pk).get()
        yield types.SimpleNamespace(order=order, single=single, honey=honey, tea=tea)


@pytest.fixture
def world(_world):
    return copied_per_test(_world)


def _source(world, producer, order=None):
    return (order or world.order).sources.get(partner=producer.partner)


def _sepay(client, *, txn, amount, content, account=HONEY_ACCOUNT, key=KEY, **extra):
    body = {
        "id": txn,
        "gateway": "BIDV",
        "transactionDate": "2026-12-06 14:02:37",
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": "in",
        "transferAmount": amount,
        "accumulated": 0,
        "subAccount": None,
        "referenceCode": f"FT{txn}",
        **extra,
    }
    return client.post(
        WEBHOOK,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Apikey {key}",
    )


def _ref(world, index=1, order=None):
    return f"CP{(order or world.order).number} {index}"


# Authentication and wire formats.


def test_casso_signature_matches_the_sample_casso_publishes():
    # The sample of Casso's webhook v2 documentation: its body, checksum key and header.
    body = {
        "error": 0,
        "data": {
            "id": 0,
            "reference": "MA_GIAO_DICH_THU_NGHIEM",
            "description": "giao dich thu nghiem",
            "amount": 599000,
            "runningBalance": 25000000,
            "transactionDateTime": "2024-10-03 15:06:37",
            "accountNumber": "88888888",
            "bankName": "VPBank",
            "bankAbbreviation": "VPB",
            "virtualAccountNumber": "",
            "virtualAccountName": "",
            "counterAccountName": "NGUYEN VAN A",
            "counterAccountNumber": "8888888888",
            "counterAccountBankId": "970415",
            "counterAccountBankName": "VietinBank",
        },
    }
    key = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
    header = (
        "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde"
        "0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3"
    )
    raw = json.dumps(body).encode()  # Casso's own key order and spacing: the check re-sorts
    assert (
        bank_feed.authenticate(
            provider="casso", secret=key, headers={"X-Casso-Signature": header}, raw=raw
        )
        == body
    )
    with pytest.raises(bank_feed.Unauthenticated):
        tampered = raw.replace(b"599000", b"599001")
        bank_feed.authenticate(
            provider="casso", secret=key, headers={"X-Casso-Signature": header}, raw=tampered
        )


def test_a_casso_transfer_signed_with_our_key_pays_its_group(client, world, settings):
    settings.CHOPHIEN_BANK_FEED_PROVIDER = "casso"
    body = {
        "error": 0,
        "data": {
            "id": 5501,
            "reference": "FT5501",
            "description": f"NGUYEN THI LAN chuyen tien {_ref(world)}",
            "amount": 150000,
            "transactionDateTime": "2026-12-06 14:02:37",
            "accountNumber": HONEY_ACCOUNT,
        },
    }
    signed = bank_feed.casso_signature_header(body=body, key=KEY)
    forged = bank_feed.casso_signature_header(body=body, key="not-our-key")
    post = lambda header: client.post(  # noqa: E731
        WEBHOOK, json.dumps(body), content_type="application/json", HTTP_X_CASSO_SIGNATURE=header
    )
    assert post(forged).status_code == 401
    assert post("").status_code == 401
    assert not BankTransaction.objects.exists()
    assert _source(world, world.honey).amount_debited == 0

    response = post(signed)
    assert response.status_code == 200
    assert response.json() == {"success": True}
    row = BankTransaction.objects.get()
    assert (row.provider, row.state, row.source) == (
        "casso",
        "matched",
        _source(world, world.honey),
    )
    assert timezone.localtime(row.received_at).strftime("%H:%M") == "14:02"  # the bank's clock


def test_a_bad_sepay_key_is_refused_and_nothing_is_recorded(client, world):
    response = _sepay(client, txn=1, amount=150000, content=_ref(world), key="guess")
    assert response.status_code == 401
    assert response.json()["success"] is False
    missing = client.post(WEBHOOK, "{}", content_type="application/json")
    assert missing.status_code == 401
    assert not BankTransaction.objects.exists()
    assert _source(world, world.honey).amount_debited == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"id": 9, "transferType": "in", "content": "CP1 1"}).encode(),  # no amount
        json.dumps({"id": 9, "transferType": "in", "transferAmount": "1.5e3x"}).encode(),
        json.dumps({"transferType": "in", "transferAmount": 1000}).encode(),  # no id
    ],
)
def test_a_malformed_body_is_refused_and_nothing_is_recorded(client, world, raw):
    response = client.post(
        WEBHOOK, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Apikey {KEY}"
    )
    assert response.status_code == 400
    assert not BankTransaction.objects.exists()


def test_an_outgoing_transfer_is_acknowledged_and_ignored(client, world):
    response = _sepay(client, txn=2, amount=150000, content=_ref(world), transferType="out")
    assert response.status_code == 200
    assert not BankTransaction.objects.exists()


def test_the_webhook_is_closed_when_no_feed_is_configured(client, world, settings):
    settings.CHOPHIEN_BANK_FEED_PROVIDER = ""
    assert _sepay(client, txn=3, amount=150000, content=_ref(world)).status_code == 404
    settings.CHOPHIEN_BANK_FEED_PROVIDER, settings.CHOPHIEN_BANK_FEED_SECRET = "sepay", ""
    assert _sepay(client, txn=3, amount=150000, content=_ref(world)).status_code == 401
    assert not BankTransaction.objects.exists()


# Matching.


def test_each_transfer_pays_its_group_and_both_settle_the_order(client, world):
    assert _sepay(client, txn=10, amount=150000, content=_ref(world, 1)).json() == {"success": True}
    world.order.refresh_from_db()
    assert world.order.status == OrderStatus.AWAITING_PAYMENT
    _sepay(client, txn=11, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)
    world.order.refresh_from_db()
    assert world.order.status == OrderStatus.PAID
    assert set(BankTransaction.objects.values_list("state", flat=True)) == {"matched"}
    entry = ModelLogEntry.objects.filter(action="payment.bank_feed").first()
    assert entry.user is None and entry.data["transaction"] in {"10", "11"}
    assert "ngân hàng" in entry.message.lower() or "bank feed" in entry.message.lower()


def test_the_same_transaction_twice_changes_nothing(client, world):
    for _ in range(2):
        assert _sepay(client, txn=20, amount=100000, content=_ref(world)).status_code == 200
    source = _source(world, world.honey)
    assert source.amount_debited == Decimal(100000)  # recorded once, not 200.000
    assert BankTransaction.objects.count() == 1
    assert source.transactions.count() == 1


def test_part_payments_add_up_until_the_group_is_paid(client, world):
    _sepay(client, txn=30, amount=100000, content=_ref(world))
    assert BankTransaction.objects.get(transaction_id="30").state == "partial"
    _sepay(client, txn=31, amount=50000, content=_ref(world))
    assert BankTransaction.objects.get(transaction_id="31").state == "matched"
    source = _source(world, world.honey)
    assert source.amount_debited == source.amount_allocated == Decimal(150000)


def test_paying_too_much_pays_the_group_and_flags_the_excess_for_refund(client, world):
    _sepay(client, txn=40, amount=200000, content=_ref(world))
    row = BankTransaction.objects.get()
    assert row.state == "overpaid" and row.flagged
    source = _source(world, world.honey)
    assert source.amount_debited == Decimal(200000)
    assert source.refund_due == Decimal(50000)  # shown to the producer and staff to give back


def test_a_second_transfer_for_a_paid_group_is_flagged_not_recorded_twice(client, world):
    _sepay(client, txn=50, amount=150000, content=_ref(world))
    _sepay(client, txn=51, amount=150000, content=_ref(world))
    assert BankTransaction.objects.get(transaction_id="51").state == "duplicate"
    assert _source(world, world.honey).amount_debited == Decimal(150000)


@pytest.mark.parametrize(
    "message",
    [
        "cp{number} 1",
        "CP{number}1",
        "cp{number}1",
        "MBVCB.3278907687.CP{number} 1.CT tu 0123456789 NGUYEN THI LAN",
        "IBFT CP-{number}-1 thanh toan",
    ],
)
def test_a_reference_in_lower_case_or_without_spaces_still_matches(client, world, message):
    _sepay(client, txn=60, amount=150000, content=message.format(number=world.order.number))
    assert BankTransaction.objects.get().state == "matched"
    assert _source(world, world.honey).amount_debited == Decimal(150000)


def test_a_one_payment_order_matches_by_its_number_alone(client, world):
    _sepay(client, txn=61, amount=90000, content=f"CP{world.single.number}", account=TEA_ACCOUNT)
    assert BankTransaction.objects.get().state == "matched"


def test_glued_digits_that_name_two_payments_are_left_to_staff(client, world):
    # Order N's payment 1 and a one-payment order numbered N1 both read "CPN1".
    glued = f"{world.order.number}1"
    Order.objects.filter(pk=world.single.pk).update(number=glued)
    world.single.sources.update(reference=f"CP{glued} 1")
    _sepay(client, txn=62, amount=150000, content=f"CP{glued}")
    row = BankTransaction.objects.get()
    assert row.state == "unmatched" and row.source is None
    assert _source(world, world.honey).amount_debited == 0


def test_a_transfer_to_another_producers_account_is_flagged(client, world):
    _sepay(client, txn=70, amount=150000, content=_ref(world, 1), account=TEA_ACCOUNT)
    row = BankTransaction.objects.get()
    assert (row.state, row.source) == ("wrong_account", _source(world, world.honey))
    assert _source(world, world.honey).amount_debited == 0


def test_a_transfer_to_an_unknown_account_is_flagged(client, world):
    _sepay(client, txn=71, amount=150000, content=_ref(world, 1), account="999999999")
    assert BankTransaction.objects.get().state == "wrong_account"
    assert _source(world, world.honey).amount_debited == 0


def test_an_amount_with_no_reference_is_recorded_unmatched(client, world):
    response = _sepay(client, txn=72, amount=150000, content="chuyen tien mat ong")
    assert response.status_code == 200  # recorded; retrying would not change it
    row = BankTransaction.objects.get()
    assert (row.state, row.source) == ("unmatched", None)
    assert all(source.amount_debited == 0 for source in world.order.sources.all())


def test_a_transfer_for_a_cancelled_order_is_flagged_and_not_paid(client, world):
    Order.objects.filter(pk=world.order.pk).update(status=OrderStatus.CANCELLED)
    _sepay(client, txn=73, amount=150000, content=_ref(world))
    assert BankTransaction.objects.get().state == "order_cancelled"
    assert _source(world, world.honey).amount_debited == 0


# Staff's reconciliation page.


def test_staff_match_an_unmatched_transfer_by_hand_with_an_audit_trail(client, world):
    _sepay(client, txn=80, amount=90000, content="chuyen tien che", account=TEA_ACCOUNT)
    row = BankTransaction.objects.get()
    url = reverse("payments:bank-feed")

    producer = User.objects.create_user(email="mai@example.com", password="x" * 12)
    world.honey.partner.users.add(producer)
    client.force_login(producer)
    assert client.get(url).status_code == 302  # to sign in: staff only
    client.post(url, {"row": row.pk, "match": "1", f"row-{row.pk}-order_number": "x"})
    row.refresh_from_db()
    assert row.state == "unmatched"

    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "chuyen tien che" in page and "90.000" in page
    wrong = client.post(
        url,
        {"row": row.pk, "match": "1", f"row-{row.pk}-order_number": world.order.number},
        follow=True,
    )
    assert "2 khoản thanh toán" in wrong.content.decode()  # which one: the number is needed
    client.post(
        url,
        {"row": row.pk, "match": "1", f"row-{row.pk}-order_number": f"CP{world.order.number}",
         f"row-{row.pk}-index": "2"},
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.state, row.matched_by, row.source) == ("matched", staff, _source(world, world.tea))
    assert ModelLogEntry.objects.filter(action="payment.bank_feed", user=staff).exists()
    assert "chuyen tien che" not in client.get(url).content.decode()  # dealt with


def test_staff_set_a_flagged_transfer_aside(client, world):
    Order.objects.filter(pk=world.order.pk).update(status=OrderStatus.CANCELLED)
    _sepay(client, txn=81, amount=150000, content=_ref(world))
    row = BankTransaction.objects.get()
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12, is_staff=True)
    client.force_login(staff)
    client.post(reverse("payments:bank-feed"), {"row": row.pk, "resolve": "1"})
    row.refresh_from_db()
    assert row.resolved_by == staff and not row.flagged
    assert ModelLogEntry.objects.filter(action="payment.bank_feed_resolve").exists()


# What buyers and producers are told (issue 25, item 5).


def test_the_order_pages_and_email_say_the_bank_confirmed_each_payment(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from marketplace.order.selectors import order_status_path

    with django_capture_on_commit_callbacks(execute=True):
        _sepay(client, txn=90, amount=150000, content=_ref(world, 1))
        _sepay(client, txn=91, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)
    said = (
        "Đã trả vào tài khoản của HTX Mật ong Bắc Hà, ngân hàng xác nhận lúc 14:02 ngày 06/12/2026"
    )
    (email,) = [message for message in mailoutbox if "đã được thanh toán" in message.subject]
    assert said in email.body
    assert said in client.get(order_status_path(world.order)).content.decode()

    # The buyer's own page in their account says it too, in Vietnamese (Oscar's said "Paid").
    buyer = User.objects.create_user(email="lan@example.com", password="x" * 12)
    Order.objects.filter(pk=world.order.pk).update(user=buyer)
    client.force_login(buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": world.order.number}))
    assert said in page.content.decode()
    assert '<p class="cp-status cp-status--paid"><strong>Đã thanh toán</strong></p>' in (
        page.content.decode()
    )
    assert "Mua lại các sản phẩm này" in page.content.decode()

    producer = User.objects.create_user(email="mai@example.com", password="x" * 12)
    world.honey.partner.users.add(producer)
    client.force_login(producer)
    page = client.get(reverse("portal:order", kwargs={"number": world.order.number}))
    assert said in page.content.decode()


def test_a_payment_confirmed_by_the_producer_says_so(client, world):
    from marketplace.payment.selectors import order_payment_notes
    from marketplace.payment.services import source_received_confirm

    producer = User.objects.create_user(email="mai@example.com", password="x" * 12)
    world.honey.partner.users.add(producer)
    source = _source(world, world.honey)
    source_received_confirm(source_id=source.pk, by=producer, partner=world.honey.partner)
    assert order_payment_notes(order=world.order) == {
        source.pk: "Đã trả vào tài khoản của HTX Mật ong Bắc Hà, người bán xác nhận."
    }


# What a webhook call costs (issue 25's bench: 200 transactions a second on 2 CPUs).

# The call that completes an order, statement by statement (SQLite and PostgreSQL alike;
# under the test's transaction the call's own transaction is a savepoint pair):
#   is the transaction recorded already                                    1
#   savepoint, the payments its reference names (one query)                2
#   the order locked (with the "Paid" event type's id), then all its
#     payments locked with their producers' account numbers                2
#   the payment's debit and its transaction                                2
#   the "Paid" event, the audit entry (core.audit)                         2
#   the order paid (its row, its status change)                            2
#   the bank's transaction recorded, release                               2
# The buyer's email and phone message are queued for after the commit, not counted here.
WEBHOOK_QUERY_BUDGET = 13


def test_a_matching_call_stays_within_its_query_budget(
    client, world, django_assert_max_num_queries
):
    _sepay(client, txn=95, amount=150000, content=_ref(world, 1))
    with django_assert_max_num_queries(WEBHOOK_QUERY_BUDGET):
        _sepay(client, txn=96, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)
    world.order.refresh_from_db()
    assert world.order.status == OrderStatus.PAID
    with django_assert_max_num_queries(1):  # a redelivery: the row already recorded
        _sepay(client, txn=96, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)


def test_the_paid_notice_is_queued_once_not_sent_during_the_webhook(
    client, world, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queue = task_backends["default"]
    with django_capture_on_commit_callbacks(execute=True):
        _sepay(client, txn=97, amount=150000, content=_ref(world, 1))
        _sepay(client, txn=98, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)
        _sepay(client, txn=98, amount=90000, content=_ref(world, 2), account=TEA_ACCOUNT)
    assert mailoutbox == []  # the webhook answered without rendering or sending anything
    (queued,) = queue.results  # once, though the call completing the order came twice
    assert queued.task.module_path == "marketplace.payment.notifications.order_notice_send"
    assert queued.kwargs == {"order_id": world.order.pk, "notice": "settled"}

    queued.task.call(*queued.args, **queued.kwargs)  # the worker runs it
    (email,) = mailoutbox
    assert "đã được thanh toán" in email.subject and email.to == [world.order.email]
