"""Payout batches: made by staff, exported as a bank file (CSV, XLSX), paid once; amounts
fixed once exported. The monthly withholding report. Staff only."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.payment.signals import payment_refunded
from payouts import services
from payouts.models import LedgerEntry, PayoutBatch
from producers.models import Producer
from tests.payouts.helpers import card_paid_order, sellers

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(admin_units):
    honey, jar, tea, pack = sellers()
    order = card_paid_order([(jar, 2), (pack, 1)])
    return honey, tea, order


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser(email="ke-toan@example.com", password="a-long-password-1")
    client.force_login(user)
    return user


def _batch(by):
    return services.payout_batch_create(period_end=timezone.localdate(), by=by)


def test_staff_make_a_batch_download_the_bank_file_and_mark_it_paid_once(paid, client, staff):
    honey, tea, order = paid
    response = client.post(
        reverse("payouts_admin:index"), {"period_end": timezone.localdate().isoformat()}
    )
    batch = PayoutBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "payouts_admin:batch", args=[batch.pk]
    )
    amounts = {item.producer_id: item.amount for item in batch.items.all()}
    assert amounts == {honey.pk: Decimal(295500), tea.pk: Decimal(90000)}
    page = client.get(response.url)
    assert page.status_code == 200 and b"0011001234567" in page.content
    # The rates are data staff edit (Decree 117/2025's, loaded by the data migration).
    rates = client.get(reverse("withholding_rates:index"))
    assert rates.status_code == 200 and "Nghị định 117/2025/NĐ-CP" in rates.content.decode()

    response = client.get(reverse("payouts_admin:batch_file", args=[batch.pk, "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Tên người nhận", "Số tài khoản", "Mã BIN ngân hàng", "Tên ngân hàng", "Số tiền",
        "Nội dung",
    ]  # fmt: skip
    body = sorted(rows[1:])
    message = f"CHO PHIEN THANH TOAN CPTT{batch.pk} {timezone.localdate():%d%m%Y}"
    assert body == [
        ["LO THI MAI", "0011001234567", "970436", "Vietcombank", "295500", message],
        ["LO THI MAI", "0011001234567", "970436", "Vietcombank", "90000", message],
    ]
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXPORTED

    response = client.get(reverse("payouts_admin:batch_file", args=[batch.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][4] == "Số tiền" and sorted(row[4] for row in values[1:]) == [90000, 295500]

    paid_on = timezone.localdate().isoformat()
    form = {"action": "paid", "reference": "VCB-20261206-01", "paid_on": paid_on}
    response = client.post(reverse("payouts_admin:batch", args=[batch.pk]), form)
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID and batch.paid_reference == "VCB-20261206-01"
    # Paying it again is refused, and the reference stays the first one.
    form["reference"] = "VCB-again"
    client.post(reverse("payouts_admin:batch", args=[batch.pk]), form)
    batch.refresh_from_db()
    assert batch.paid_reference == "VCB-20261206-01"
    with pytest.raises(ValidationError):
        services.payout_batch_mark_paid(
            batch=batch, reference="x", paid_on=timezone.localdate(), by=staff
        )
    actions = set(  # the batch's own entries (another model's row may share its id)
        ModelLogEntry.objects.for_instance(batch).values_list("action", flat=True)
    )
    assert actions == {"payouts.batch_create", "payouts.batch_export", "payouts.batch_paid"}


def test_amounts_are_frozen_once_exported_and_a_later_refund_goes_to_the_next_batch(paid, staff):
    honey, tea, order = paid
    batch = services.payout_batch_export(batch=_batch(staff), by=staff)
    with pytest.raises(ValidationError):
        services.payout_batch_cancel(batch=batch, by=staff)

    # A refund after export (staff, by hand: shared out by what each producer has): the
    # batch keeps its amounts; the negative entries wait for the next batch.
    source = order.sources.get()
    source.refund(Decimal(90000), reference="re_test")
    payment_refunded.send(sender=None, order=order, source=source, amount=Decimal(90000))
    refunds = {e.producer_id: e for e in LedgerEntry.objects.filter(kind="refund")}
    assert sum(-e.gross for e in refunds.values()) == Decimal(90000)
    assert all(e.batch is None and e.net < 0 for e in refunds.values())
    assert {item.producer_id: item.amount for item in batch.items.all()} == {
        honey.pk: Decimal(295500), tea.pk: Decimal(90000),
    }  # fmt: skip
    assert set(batch.entries.values_list("kind", flat=True)) == {"sale"}

    # The next batch: the honey's new sale less its refund; the tea's refund alone is not
    # above zero, so the tea waits.
    card_paid_order([(honey.partner.stockrecords.first().product, 1)], email="tung@example.com")
    later = _batch(staff)
    assert {item.producer_id: item.amount for item in later.items.all()} == {
        honey.pk: Decimal(147750) + refunds[honey.pk].net
    }
    assert LedgerEntry.objects.get(pk=refunds[tea.pk].pk).batch is None


def test_a_producer_without_a_bank_account_waits_and_nothing_to_pay_is_refused(paid, staff):
    honey, tea, _order = paid
    Producer.objects.filter(pk=tea.pk).update(
        bank_bin="", bank_account_number="", bank_account_name=""
    )
    batch = _batch(staff)
    assert list(batch.items.values_list("producer", flat=True)) == [honey.pk]
    from payouts.selectors import batch_held_back

    assert batch_held_back(period_end=batch.period_end) == [
        {"name": "HTX Chè Tả Phìn", "net": Decimal(90000)}
    ]
    assert LedgerEntry.objects.get(producer=tea).batch is None
    with pytest.raises(ValidationError):
        _batch(staff)
    with pytest.raises(ValidationError):
        services.payout_batch_create(
            period_end=timezone.localdate() + datetime.timedelta(days=1), by=staff
        )


def test_a_draft_batch_can_be_cancelled_and_its_entries_wait_again(paid, staff):
    batch = _batch(staff)
    services.payout_batch_cancel(batch=batch, by=staff)
    assert not LedgerEntry.objects.filter(batch__isnull=False).exists()
    assert _batch(staff).items.count() == 2


def test_monthly_withholding_report_lists_withheld_producers(paid, client, staff):
    honey, tea, _order = paid
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(reverse("payouts_admin:withholding"), {"month": month})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Người nộp thuế", "Mã số thuế hoặc số định danh", "Ghi chú", "Doanh thu",
        "Thuế GTGT đã khấu trừ", "Thuế TNCN đã khấu trừ",
    ]  # fmt: skip
    # Only the household (the cooperative with a tax code is not withheld).
    assert len(rows) == 2
    name, code, note, revenue, vat, pit = rows[1]
    assert (name, revenue, vat, pit) == ("Hộ Lò Thị Mai", 300000, 3000, 1500)
    assert code in (None, "") and note


def test_payout_screens_are_for_staff_with_the_permission_only(paid, client):
    _honey, tea, _order = paid
    batch = services.payout_batch_create(period_end=timezone.localdate(), by=None)
    user = User.objects.create_user(email="mai@example.com", password="a-long-password-1")
    tea.partner.users.add(user)
    client.force_login(user)
    for url in (
        reverse("payouts_admin:index"),
        reverse("payouts_admin:batch", args=[batch.pk]),
        reverse("payouts_admin:batch_file", args=[batch.pk, "csv"]),
        reverse("payouts_admin:withholding") + "?month=2026-12",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"0011001234567" not in response.content
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.DRAFT  # the file was not handed out

    # Staff in the "Payout officers" group (payouts.0003) may; other staff may not.
    from django.contrib.auth.models import Group

    clerk = User.objects.create_user(email="clerk@example.com", password="x" * 12, is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("payouts_admin:index")).status_code in (302, 403)
    clerk.groups.add(Group.objects.get(name="Payout officers"))
    clerk = User.objects.get(pk=clerk.pk)
    client.force_login(clerk)
    assert client.get(reverse("payouts_admin:batch", args=[batch.pk])).status_code == 200
