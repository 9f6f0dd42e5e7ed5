"""Payouts in the browser: staff make a payout batch, download the bank file and mark it paid;
a producer reads their statement."""

import csv
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from payouts.models import PayoutBatch
from tests.browser.helpers import sign_in
from tests.payouts.helpers import card_paid_order, sellers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_run_a_payout_batch_and_download_the_bank_file(journey, admin_units):
    _honey, jar, _tea, pack = sellers()
    card_paid_order([(jar, 2), (pack, 1)])
    staff = User.objects.create_user(
        email="ketoan@example.com", password="x" * 12, is_staff=True, is_superuser=True
    )
    sign_in(journey.context, journey.base_url, staff)
    page = journey.page
    journey.goto("/cms-admin/payouts/")
    journey.check("staff: payouts", admin=True)
    page.locator("[data-batch-create] button[type=submit]").click()
    page.wait_for_url("**/cms-admin/payouts/*/", wait_until="load")
    expect(page.locator("[data-batch-total]")).to_contain_text("385.500")
    journey.check("staff: the new batch", admin=True)

    with page.expect_download() as download:
        page.locator("[data-bank-file]").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert sorted(row[4] for row in rows[1:]) == ["295500", "90000"]

    page.reload(wait_until="load")
    page.locator("[data-mark-paid] [name=reference]").fill("VCB-0612-01")
    page.locator("[data-mark-paid] button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("[data-batch-status]")).to_contain_text("VCB-0612-01")
    journey.check("staff: the batch is paid", admin=True)
    assert PayoutBatch.objects.get().status == PayoutBatch.Status.PAID
    journey.finish()


def test_a_producer_reads_their_statement(journey, admin_units):
    honey, jar, _tea, _pack = sellers()
    card_paid_order([(jar, 2)])
    person = User.objects.create_user(email="mai@example.com", password="x" * 12)
    honey.partner.users.add(person)
    sign_in(journey.context, journey.base_url, person)
    page = journey.page
    journey.goto("/producer/home/")
    page.locator("[data-statement-link]").click()
    page.wait_for_url("**/producer/statement/", wait_until="load")
    # 300.000 sold, 4.500 withheld (VAT 1 %, PIT 0.5 %), 295.500 owed, nothing paid out yet.
    expect(page.locator("[data-owed]")).to_contain_text("295.500")
    expect(page.locator("[data-entry]")).to_contain_text("3.000")
    journey.check("producer: statement")
    month = timezone.localdate().strftime("%m/%Y")
    expect(page.locator("[data-statement]")).to_contain_text(month)
    journey.finish()
