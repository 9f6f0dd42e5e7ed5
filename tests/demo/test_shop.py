"""`load_demo_data` fills an empty site with Lao Cai's producers and can run again safely."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from oscar.apps.partner.models import Partner

from accounts.models import User
from complaints.models import Complaint
from demo import shop as content
from marketplace.catalogue.models import Category, Product, ProductImage
from marketplace.order.models import Line, Order
from marketplace.partner.models import StockRecord
from payouts.models import LedgerEntry
from producers.models import Producer

pytestmark = pytest.mark.django_db(transaction=False)

DEMO_EMAILS = {
    "buyer@example.com",
    "producer@example.com",
    "mentor@example.com",
    "staff@example.com",
    "admin@example.com",
}


def _counts():
    return {
        "products": Product.objects.count(),
        "stock records": StockRecord.objects.count(),
        "images": ProductImage.objects.count(),
        "partners": Partner.objects.count(),
        "categories": Category.objects.count(),
        "users": User.objects.count(),
        "orders": Order.objects.count(),
        "public products": Product.objects.filter(is_public=True).count(),
    }


@override_settings(DEBUG=True)
def test_loading_twice_leaves_the_same_data(demo_data_with_accounts, settings):
    first = _counts()  # after the first load: the shared demo world (tests/support/worlds.py)
    call_command("load_demo_data", verbosity=0)
    assert _counts() == first
    assert first["products"] >= 120
    assert first["public products"] >= 120
    assert first["orders"] == 4
    assert first["images"] == first["products"]
    assert first["partners"] >= 30
    assert Category.objects.filter(depth=1).count() >= 8
    districts = set(Product.objects.values_list("origin_district", flat=True))
    assert len(districts) == len(content.DISTRICTS)  # each the former district's name
    assert {"Bắc Hà", "Sa Pa", "Mù Căng Chải", "Văn Chấn", "Trạm Tấu"} <= districts
    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.check_password(settings.DEMO_PASSWORD)


@pytest.mark.usefixtures("demo_data")
def test_every_demo_product_has_a_whole_dong_price_and_stock():
    records = StockRecord.objects.all()
    assert records.count() == len(content.PRODUCTS)
    assert all(r.price > 0 and r.price == r.price.to_integral_value() for r in records)
    assert all(r.num_in_stock > 0 for r in records)


@pytest.mark.usefixtures("demo_data")
def test_no_demo_accounts_without_debug():
    assert not User.objects.exists()


@pytest.mark.usefixtures("demo_data")
def test_if_empty_leaves_an_existing_shop_alone():
    # A product changed since the load (not deleted: its photo file would go with it, and the
    # tests after this one share the demo's files): a load would put its title back.
    product = Product.objects.order_by("pk").first()
    Product.objects.filter(pk=product.pk).update(title="Đã sửa tay")
    call_command("load_demo_data", "--if-empty", verbosity=0)
    assert Product.objects.get(pk=product.pk).title == "Đã sửa tay"


@pytest.mark.usefixtures("demo_data")
def test_demo_producers_show_every_moderation_state_and_have_a_photo():
    producers = Producer.objects.all()
    assert producers.count() == len(content.PRODUCERS)
    assert set(producers.values_list("status", flat=True)) == {
        Producer.Status.APPROVED,
        Producer.Status.SUBMITTED,
        Producer.Status.CHANGES_REQUESTED,
        Producer.Status.DRAFT,
    }
    assert all(producer.photos.count() == 1 for producer in producers)
    waiting = Product.objects.filter(stockrecords__partner__producer__status="submitted")
    assert waiting.exists() and not waiting.filter(is_public=True).exists()


@pytest.mark.usefixtures("demo_data_with_accounts")
def test_demo_producer_account_has_orders_to_fulfil():
    producer = Producer.objects.get(partner__users__email="producer@example.com")
    assert producer.status == Producer.Status.APPROVED
    lines = Line.objects.filter(partner=producer.partner)
    assert lines.count() == 4 and set(lines.values_list("status", flat=True)) == {"Pending"}


@pytest.mark.usefixtures("demo_data_with_accounts")
def test_demo_orders_are_paid_each_way():
    orders = {
        (order.payment_method, order.status)
        for order in Order.objects.filter(user__email="buyer@example.com")
    }
    assert orders == {
        ("bank-transfer", "Paid"),
        ("card", "Paid"),
        ("cod", "Awaiting payment"),
        ("bank-transfer", "Awaiting payment"),
    }
    # The card order's money is the platform's to pay out: the ledger owes both producers
    # of it (payouts), and only for that order.
    card = Order.objects.get(user__email="buyer@example.com", payment_method="card")
    entries = LedgerEntry.objects.all()
    assert {entry.order_id for entry in entries} == {card.pk}
    assert sum(entry.gross for entry in entries) == card.total_incl_tax
    # The producer has a complaint to answer on the transfer-paid order (complaints).
    complaint = Complaint.objects.get()
    assert (complaint.order.payment_method, complaint.order.status) == ("bank-transfer", "Paid")
    assert complaint.is_open and complaint.partner.users.filter(email="producer@example.com")


@override_settings(DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_load_is_quiet_by_default_so_make_runs_banner_stays_on_screen(capfd):
    """`make run` loads the demo with the default verbosity, then prints its banner."""
    call_command("load_demo_data")
    out, err = capfd.readouterr()
    lines = (out + err).splitlines()
    assert "Demo data loaded." in out
    assert not [line for line in lines if line.startswith(("Page created", "Published"))]
    assert "Subject:" not in out  # the demo orders' e-mails
    assert len(lines) <= 25, lines


@pytest.mark.usefixtures("demo_data")
def test_the_demo_producers_live_in_todays_communes_of_the_former_lao_cai_and_yen_bai():
    """Issue 24: the demo is today's Lào Cai; its producers come from both former provinces,
    each in a commune of the merged province with its former district kept."""
    producers = Producer.objects.real().select_related("commune__parent", "former_district__parent")
    assert producers.count() == len(content.PRODUCERS)
    assert all(p.commune is not None and p.commune.parent.code == "15" for p in producers)
    assert all(p.commune.valid_until is None for p in producers)
    old_provinces = {p.former_district.parent.name for p in producers}
    assert old_provinces == {"Lào Cai", "Yên Bái"}
    suoi_giang = producers.get(partner__name="Hợp tác xã Chè Shan Tuyết Suối Giàng")
    assert suoi_giang.former_district.name == "Văn Chấn"
    assert Product.objects.filter(
        stockrecords__partner=suoi_giang.partner, title__contains="Shan tuyết"
    ).exists()


def test_the_demo_buyers_addresses_are_places_of_todays_map(demo_data_with_accounts):
    buyer = User.objects.get(email="buyer@example.com")
    saved = {a.commune.code: a for a in buyer.addresses.select_related("commune__parent")}
    assert set(saved) == {"00070", "04630"}  # Phường Hoàn Kiếm, Hà Nội; Xã Tú Lệ, Lào Cai
    home = saved["04630"]
    assert (home.line2, home.line3, home.line4) == ("", "Xã Tú Lệ", "Tỉnh Lào Cai")
    assert saved["00070"].is_default_for_shipping and not home.place_to_confirm
    orders = Order.objects.filter(user=buyer).select_related("shipping_address")
    assert orders and {o.shipping_address.commune.code for o in orders} == {"00070"}
    assert all(o.shipping_address.line3 == "Phường Hoàn Kiếm" for o in orders)
