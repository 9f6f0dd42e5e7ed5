"""The producer's statement (their own entries only) and what order pages say about where
the money went."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.order.selectors import order_status_path
from marketplace.payment.card_services import demo_card_payment_record
from payouts import services
from tests.payouts.helpers import card_order, card_paid_order, sellers

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(admin_units):
    honey, jar, tea, pack = sellers()
    # The honey's order alone, then one with both: 450.000 of honey, 90.000 of tea.
    only_honey = card_paid_order([(jar, 3)])
    both = card_paid_order([(jar, 1), (pack, 1)], email="tung@example.com")
    return honey, tea, only_honey, both


def _login(client, producer, email):
    user = User.objects.create_user(email=email, password="a-long-password-1")
    producer.partner.users.add(user)
    client.force_login(user)
    return user


def test_a_producer_sees_only_their_own_statement(paid, client):
    honey, tea, only_honey, both = paid
    _login(client, tea, "chi@example.com")
    response = client.get(reverse("portal:statement"))
    assert response.status_code == 200
    [month] = response.context["months"]
    assert (month.gross, month.withheld, month.net, month.paid_out) == (90000, 0, 90000, 0)
    numbers = {entry.order.number for entry in response.context["entries"]}
    assert numbers == {both.number}
    assert only_honey.number.encode() not in response.content

    client.logout()
    _login(client, honey, "mai@example.com")
    today = timezone.localdate()
    url = reverse("portal:statement_month", kwargs={"year": today.year, "month": today.month})
    response = client.get(url)
    [month] = response.context["months"]
    # 600.000 of honey: VAT 6.000 and PIT 3.000 withheld.
    assert (month.gross, month.withheld, month.owed) == (600000, 9000, 591000)
    assert {e.order.number for e in response.context["entries"]} == {
        only_honey.number,
        both.number,
    }
    assert b"VietQR" in response.content  # transfers and cash: they declare themselves
    bad = reverse("portal:statement_month", kwargs={"year": today.year, "month": 13})
    assert client.get(bad).status_code == 404


def test_someone_without_a_producer_has_no_statement(paid, client):
    client.force_login(User.objects.create_user(email="x@example.com", password="a-long-pw-12"))
    response = client.get(reverse("portal:statement"))
    assert response.status_code == 302 and "statement" not in response.url


def test_order_pages_say_when_the_money_is_paid_out(paid, client):
    honey, tea, _only_honey, both = paid
    page = client.get(order_status_path(both)).content.decode()
    assert "Chợ Phiên sẽ chuyển cho Hộ Lò Thị Mai trong đợt chi trả hằng tuần tới" in page
    assert "HTX Chè Tả Phìn" in page

    batch = services.payout_batch_create(period_end=timezone.localdate(), by=None)
    services.payout_batch_export(batch=batch, by=None)
    day = timezone.localdate()
    page = client.get(order_status_path(both)).content.decode()
    assert f"Hộ Lò Thị Mai trong đợt chi trả ngày {day:%d/%m}" in page

    services.payout_batch_mark_paid(batch=batch, reference="VCB-1", paid_on=day, by=None)
    _login(client, tea, "chi@example.com")
    page = client.get(reverse("portal:order", kwargs={"number": both.number})).content.decode()
    assert f"đã chuyển cho HTX Chè Tả Phìn ngày {day:%d/%m/%Y}" in page
    assert "Hộ Lò Thị Mai" not in page.split("data-payout-note")[1]


def test_the_emails_say_who_pays_the_producers_out(
    admin_units, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 25 item 5: the buyer's "paid" email and each producer's notice say that Chợ Phiên
    took the card money and pays each producer out in the next weekly batch."""
    honey, jar, tea, pack = sellers()
    for producer, email in ((honey, "mai@example.com"), (tea, "chi@example.com")):
        producer.partner.users.add(User.objects.create_user(email=email, password="x" * 12))
    order = card_order([(jar, 1), (pack, 1)], email="tung@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        demo_card_payment_record(order=order)
    to_buyer = "\n".join(m.body for m in mailoutbox if m.to == ["tung@example.com"])
    assert "Chợ Phiên sẽ chuyển cho Hộ Lò Thị Mai trong đợt chi trả hằng tuần tới" in to_buyer
    assert "Chợ Phiên sẽ chuyển cho HTX Chè Tả Phìn trong đợt chi trả hằng tuần tới" in to_buyer
    # Each producer reads their own payout, not the other's.
    (to_mai,) = [m.body for m in mailoutbox if m.to == ["mai@example.com"]]
    (to_chi,) = [m.body for m in mailoutbox if m.to == ["chi@example.com"]]
    assert "chuyển cho Hộ Lò Thị Mai trong đợt chi trả hằng tuần tới" in to_mai
    assert "HTX Chè Tả Phìn" not in to_mai
    assert "chuyển cho HTX Chè Tả Phìn trong đợt chi trả hằng tuần tới" in to_chi
