"""Producer A against producer B: every page a producer can reach, in the portal, the Oscar
dashboard, checkout, the account pages and the Wagtail admin, refuses B's objects to A, and a
POST from A changes nothing of B's.

Both producers' accounts hold `partner.dashboard_access`, as Oscar's partner pages give it
when staff link a user to a partner (the wizard and the demo loader do not): the strongest
account a producer can have, so the matrix covers the weaker one too. With it, stock Oscar
showed A the whole of an order A shares with B and let A cancel B's line, the order, or change
its address: Oscar's order pages are staff-only here (marketplace/dashboard/orders/apps.py).
The sanity tests open the same pages as their rightful owner, so a broken URL cannot pass for
a refusal.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.order.models import Line, Order, OrderNote, PaymentEvent, ShippingEvent
from marketplace.payment.models import Source
from marketplace.services import product_image_add
from producers.models import Producer
from tests.checkout.helpers import (
    ADDRESS,
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
)
from tests.factories.marketplace import make_product
from tests.support.images import jpeg_bytes
from tests.support.worlds import copied_per_test, rolled_back

pytestmark = pytest.mark.django_db

A_TITLE = "Chè Shan Tuyết Tả Phìn"
B_TITLE = "Mật ong Mường Khương"
B_DRAFT_TITLE = "Mật ong rừng chưa duyệt"  # waiting for review: on no public page
B_NAME = "Hộ ông Sùng Seo Lử"
B_BUYER = {
    **ADDRESS,
    "first_name": "Đinh Thị Bích",
    "phone_number": "0912 345 678",
    "line1": "45 Phố Huế",
}
B_BANK_ACCOUNT = "0099887766554"
NEW_BANK_ACCOUNT = {
    "bank_bin": "970436",
    "bank_account_number": "1111222233334444",
    "bank_account_name": "KE GIAN",
    "offers_pickup": "on",
    "pickup_address": "Nhà văn hoá thôn Tả Phìn",  # pickup needs a place (issue 22 item 8)
}
# Where a refusal may send A: a sign-in page, or A's own portal.
SAFE_REDIRECTS = (
    "/shop/accounts/login/",
    "/cms-admin/login/",
    "/dashboard/login/",
    "/producer/",
    "/shop/accounts/order-status-form/",  # asks for the buyer's email too
)


def _order(*products, address=ADDRESS, contact="lan@example.com", options=None) -> Order:
    buyer = Client()
    for product in products:
        basket_add(buyer, product)
    checkout_to_preview(buyer, contact=contact, address=address, options=options)
    response = place_order(buyer)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Order.objects.order_by("-pk").first()


@dataclass
class World:
    a: Producer
    b: Producer
    product_a: Product
    product_b: Product
    user_a: User
    user_b: User
    order_b: Order  # B's lines only, to a buyer A never deals with
    order_mixed: Order  # one line of A's, one of B's

    @property
    def images_b(self):
        return list(self.product_b.images.order_by("display_order"))

    @property
    def line_b(self) -> Line:
        return self.order_b.lines.get()

    @property
    def mixed_line_b(self) -> Line:
        return self.order_mixed.lines.get(partner=self.b.partner)

    @property
    def mixed_line_a(self) -> Line:
        return self.order_mixed.lines.get(partner=self.a.partner)

    @property
    def note_b(self) -> OrderNote:
        return self.order_b.notes.get()

    @property
    def wrong_hash(self) -> str:
        """A real signature, but of another order: all A could have."""
        return self.order_mixed.verification_hash()

    def markers(self) -> list[str]:
        """Text of B's that must not show on a page A opens."""
        return [
            B_TITLE,
            B_DRAFT_TITLE,
            B_NAME,
            B_BANK_ACCOUNT,
            self.order_b.number,
            "Đinh Thị Bích",
            "45 Phố Huế",
        ]

    def snapshot(self) -> dict:
        """Everything of B's that A must not change."""
        product = Product.objects.get(pk=self.product_b.pk)
        record = product.stockrecords.get()
        producer = Producer.objects.select_related("partner").get(pk=self.b.pk)
        user = User.objects.get(pk=self.user_b.pk)
        orders = Order.objects.filter(pk__in=[self.order_b.pk, self.order_mixed.pk])
        return {
            "product": (product.title, product.description, product.is_public, product.moderation),
            "record": (record.partner_id, record.price, record.num_in_stock, record.num_allocated),
            "images": list(product.images.order_by("pk").values_list("pk", "display_order")),
            "producer": (
                producer.status,
                producer.story,
                producer.bank_account_number,
                producer.partner.name,
                sorted(producer.partner.users.values_list("pk", flat=True)),
            ),
            "user": (user.email, user.is_active, user.password, user.first_name),
            "user_perms": sorted(user.user_permissions.values_list("codename", flat=True)),
            "orders": sorted(orders.values_list("number", "status", "payment_method")),
            "addresses": sorted(
                orders.values_list("shipping_address__first_name", "shipping_address__line1")
            ),
            "lines": sorted(
                Line.objects.filter(partner=self.b.partner).values_list("pk", "status")
            ),
            "sources": sorted(
                Source.objects.filter(partner=self.b.partner).values_list(
                    "pk", "amount_debited", "amount_refunded"
                )
            ),
            "notes": sorted(
                OrderNote.objects.filter(order__in=orders).values_list("pk", "message")
            ),
            "shipping_events": sorted(
                ShippingEvent.objects.filter(order__in=orders).values_list("pk", flat=True)
            ),
            # A's own payment is an event on the order A shares; B's shows in B's sources.
            "payment_events": sorted(
                PaymentEvent.objects.filter(order=self.order_b).values_list("pk", "amount")
            ),
        }


def _producer_account(producer, email) -> User:
    user = User.objects.create_user(email=email, password="x", first_name="Páo")
    producer.partner.users.add(user)
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    return user


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    """The world, built once for the module's tests (each test is rolled back to it): see
    tests/support/worlds.py."""
    with rolled_back(django_db_blocker):
        yield _world_build()


@pytest.fixture
def world(_world_once) -> World:
    return copied_per_test(_world_once)


def _world_build() -> World:
    a, product_a = make_seller(name="HTX Chè Tả Phìn", price=90000)
    b, product_b = make_seller(name=B_NAME, district="Mường Khương", price=237000)
    Producer.objects.filter(pk=b.pk).update(bank_account_number=B_BANK_ACCOUNT)
    Product.objects.filter(pk=product_a.pk).update(title=A_TITLE)
    Product.objects.filter(pk=product_b.pk).update(title=B_TITLE)
    product_a.refresh_from_db()
    product_b.refresh_from_db()
    product_image_add(product=product_a, filename="a.jpg", content=jpeg_bytes(size=(64, 64)))
    for number in range(2):
        product_image_add(
            product=product_b, filename=f"b{number}.jpg", content=jpeg_bytes(size=(64, 64))
        )
    draft = make_product(partner=b.partner, title=B_DRAFT_TITLE)
    Product.objects.filter(pk=draft.pk).update(
        is_public=False, moderation=Product.Moderation.SUBMITTED
    )
    order_b = _order(
        product_b, address=B_BUYER, contact="bich@example.com", options={b: "national-post"}
    )
    order_mixed = _order(product_a, product_b, options={a: "pickup", b: "pickup"})
    OrderNote.objects.create(order=order_b, message="Khách hẹn giao buổi sáng")
    return World(
        a=a,
        b=b,
        product_a=product_a,
        product_b=product_b,
        user_a=_producer_account(a, "pao.a@example.com"),
        user_b=_producer_account(b, "lu.b@example.com"),
        order_b=order_b,
        order_mixed=order_mixed,
    )


@dataclass(frozen=True)
class Case:
    """One URL of B's as A tries it. `owner` opens it (with `owner_status`) in the sanity test:
    "b", "staff", "signed" (anyone holding the order's real link), or "" (no GET to check)."""

    id: str
    url: Callable[[World], str]
    method: str = "get"
    data: Callable[[World], dict] = lambda w: {}
    owner: str = "b"
    owner_status: int = 200
    shows_b: bool = False  # the owner's page shows B's text: the marker check can fail

    def __str__(self):
        return self.id


def _u(name, **kwargs_of_world):
    """A URL builder: reverse(name) with kwargs taken from the world."""
    return lambda w: reverse(name, kwargs={k: f(w) for k, f in kwargs_of_world.items()})


def _q(builder, query):
    return lambda w: builder(w) + query


def _product_b(w):
    return w.product_b.pk


def _order_b(w):
    return w.order_b.number


def _mixed(w):
    return w.order_mixed.number


def _line_status(lines, status="Cancelled"):
    def data(w):
        chosen = lines(w)
        return {
            "line_action": "change_line_statuses",
            "new_status": status,
            "selected_line": [line.pk for line in chosen],
            **{f"selected_line_qty_{line.pk}": line.quantity for line in chosen},
        }

    return data


def _shipping_event(lines):
    def data(w):
        chosen = lines(w)
        return {
            "line_action": "create_shipping_event",
            "shipping_event_type": "dispatched",
            "selected_line": [line.pk for line in chosen],
            **{f"selected_line_qty_{line.pk}": line.quantity for line in chosen},
        }

    return data


def _portal_product_form(w):
    return {
        "title": "Bị sửa",
        "category": w.product_b.categories.first().pk,
        "price": "1000",
        "num_in_stock": "0",
        "description": "Bị sửa",
        "unit": "chai",
        "weight_grams": "500",
        "origin_commune": "",
        "harvest_season": "",
        "stars": "",
        "number": "",
        "issued_on": "",
        "expires_on": "",
    }


ADDRESS_CHANGE = {
    "first_name": "Kẻ gian",
    "last_name": "",
    "line1": "1 Đường khác",
    "line4": "Hà Nội",
    "country": "VN",
    "phone_number": "+84900000000",
}

# A on B's objects: refused, and nothing of B's changes.
REFUSED = [
    # The producer portal
    Case("portal-product-edit", _u("portal:product_edit", pk=_product_b)),
    Case(
        "portal-product-edit-post",
        _u("portal:product_edit", pk=_product_b),
        "post",
        _portal_product_form,
    ),
    Case(
        "portal-photo-remove",
        _u("portal:product_photo", pk=_product_b, image_id=lambda w: w.images_b[0].pk),
        "post",
        lambda w: {"action": "remove"},
        owner="",
    ),
    Case(
        "portal-photo-first",
        _u("portal:product_photo", pk=_product_b, image_id=lambda w: w.images_b[1].pk),
        "post",
        lambda w: {"action": "first"},
        owner="",
    ),
    Case(
        "portal-photo-remove-b-image-via-a-product",
        _u(
            "portal:product_photo",
            pk=lambda w: w.product_a.pk,
            image_id=lambda w: w.images_b[0].pk,
        ),
        "post",
        lambda w: {"action": "remove"},
        owner="",
    ),
    Case("portal-order", _u("portal:order", number=_order_b)),
    Case(
        "portal-order-dispatch",
        _u("portal:order", number=_order_b),
        "post",
        lambda w: {"action": "dispatch", "lines": [w.line_b.pk], "tracking_number": "X1"},
    ),
    Case(
        "portal-order-cancel",
        _u("portal:order", number=_order_b),
        "post",
        lambda w: {"action": "cancel", "lines": [w.line_b.pk]},
    ),
    Case(
        "portal-payment-received",
        _u("portal:payment_received", number=_order_b),
        "post",
        owner="",
    ),
    # Oscar's dashboard: catalogue
    # Staff only: a producer's own products are edited in the portal, through review.
    Case("dashboard-product", _u("dashboard:catalogue-product", pk=_product_b), owner="staff"),
    Case(
        "dashboard-product-post",
        _u("dashboard:catalogue-product", pk=_product_b),
        "post",
        lambda w: {"title": "Bị sửa", "is_public": ""},
    ),
    Case(
        "dashboard-product-delete",
        _u("dashboard:catalogue-product-delete", pk=_product_b),
        owner="staff",
    ),
    Case(
        "dashboard-product-delete-post",
        _u("dashboard:catalogue-product-delete", pk=_product_b),
        "post",
    ),
    Case(
        "dashboard-product-create-variant",
        _u("dashboard:catalogue-product-create-child", parent_pk=_product_b),
        owner="",  # variants of a standalone product: nobody may
    ),
    Case("dashboard-stock-alerts", _u("dashboard:stock-alert-list"), owner="staff"),
    # Oscar's dashboard: orders
    Case("dashboard-order", _u("dashboard:order-detail", number=_order_b), owner="staff"),
    Case(
        "dashboard-order-status",
        _u("dashboard:order-detail", number=_order_b),
        "post",
        lambda w: {"order_action": "change_order_status", "new_status": "Cancelled"},
    ),
    Case(
        "dashboard-order-line-status",
        _u("dashboard:order-detail", number=_order_b),
        "post",
        _line_status(lambda w: [w.line_b]),
    ),
    Case(
        "dashboard-order-note",
        _u("dashboard:order-detail", number=_order_b),
        "post",
        lambda w: {"order_action": "save_note", "message": "A đã ở đây"},
    ),
    Case(
        "dashboard-order-payment-event",
        _u("dashboard:order-detail", number=_order_b),
        "post",
        lambda w: {
            "order_action": "create_order_payment_event",
            "amount": "1",
            "payment_event_type": "Paid",
        },
    ),
    Case(
        "dashboard-order-note-edit",
        _u("dashboard:order-detail-note", number=_order_b, note_id=lambda w: w.note_b.pk),
        owner="staff",
    ),
    Case(
        "dashboard-order-line",
        _u("dashboard:order-line-detail", number=_order_b, line_id=lambda w: w.line_b.pk),
        owner="staff",
    ),
    Case(
        "dashboard-order-address",
        _u("dashboard:order-shipping-address", number=_order_b),
        owner="staff",
    ),
    Case(
        "dashboard-order-address-post",
        _u("dashboard:order-shipping-address", number=_order_b),
        "post",
        lambda w: ADDRESS_CHANGE,
    ),
    # B's line inside an order A shares: still B's
    Case(
        "dashboard-mixed-order-b-line",
        _u(
            "dashboard:order-line-detail",
            number=_mixed,
            line_id=lambda w: w.mixed_line_b.pk,
        ),
        owner="staff",
    ),
    Case(
        "dashboard-mixed-order-b-line-status",
        _u("dashboard:order-detail", number=_mixed),
        "post",
        _line_status(lambda w: [w.mixed_line_b]),
    ),
    Case(
        "dashboard-mixed-order-b-line-shipped",
        _u("dashboard:order-detail", number=_mixed),
        "post",
        _shipping_event(lambda w: [w.mixed_line_b]),
    ),
    Case(
        "dashboard-mixed-order-status",
        _u("dashboard:order-detail", number=_mixed),
        "post",
        lambda w: {"order_action": "change_order_status", "new_status": "Cancelled"},
    ),
    Case(
        "dashboard-mixed-order-address-post",
        _u("dashboard:order-shipping-address", number=_mixed),
        "post",
        lambda w: ADDRESS_CHANGE,
    ),
    Case(
        "payments-order",
        _u("payments:order", order_number=_order_b),
        owner="staff",
    ),
    Case(
        "payments-order-confirm",
        _u("payments:order", order_number=_order_b),
        "post",
        lambda w: {"confirm": w.order_b.sources.get().pk},
    ),
    # Oscar's dashboard: partners and users
    Case(
        "dashboard-partner",
        _u("dashboard:partner-manage", pk=lambda w: w.b.partner_id),
        owner="staff",
    ),
    Case(
        "dashboard-partner-post",
        _u("dashboard:partner-manage", pk=lambda w: w.b.partner_id),
        "post",
        lambda w: {"name": "Bị đổi tên"},
    ),
    Case(
        "dashboard-partner-delete",
        _u("dashboard:partner-delete", pk=lambda w: w.b.partner_id),
        "post",
    ),
    Case(
        "dashboard-partner-user-create",
        _u("dashboard:partner-user-create", partner_pk=lambda w: w.b.partner_id),
        "post",
        lambda w: {
            "first_name": "Kẻ",
            "last_name": "Gian",
            "email": "ke.gian@example.com",
            "password1": "mật-khẩu-dài-123",
            "password2": "mật-khẩu-dài-123",
        },
    ),
    Case(
        "dashboard-partner-user-select",
        _u("dashboard:partner-user-select", partner_pk=lambda w: w.b.partner_id),
        owner="staff",
    ),
    Case(
        "dashboard-partner-user-link-self",
        _u(
            "dashboard:partner-user-link",
            partner_pk=lambda w: w.b.partner_id,
            user_pk=lambda w: w.user_a.pk,
        ),
        "post",
    ),
    Case(
        "dashboard-partner-user-unlink",
        _u(
            "dashboard:partner-user-unlink",
            partner_pk=lambda w: w.b.partner_id,
            user_pk=lambda w: w.user_b.pk,
        ),
        "post",
    ),
    Case(
        "dashboard-partner-user-update",
        _u(
            "dashboard:partner-user-update",
            partner_pk=lambda w: w.b.partner_id,
            user_pk=lambda w: w.user_b.pk,
        ),
        owner="staff",
    ),
    Case(
        "dashboard-partner-user-update-post",
        _u(
            "dashboard:partner-user-update",
            partner_pk=lambda w: w.b.partner_id,
            user_pk=lambda w: w.user_b.pk,
        ),
        "post",
        lambda w: {"first_name": "Kẻ", "last_name": "Gian", "email": "ke.gian@example.com"},
    ),
    Case("dashboard-user", _u("dashboard:user-detail", pk=lambda w: w.user_b.pk), owner="staff"),
    Case(
        "dashboard-user-password-reset",
        _u("dashboard:user-password-reset", pk=lambda w: w.user_b.pk),
        "post",
    ),
    # Checkout's signed order pages, with B's order number but not its signature
    Case(
        "checkout-order-status",
        _u("checkout:order-status", order_number=_order_b, hash=lambda w: w.wrong_hash),
        owner="signed",
    ),
    Case(
        "checkout-order-status-forged",
        _u("checkout:order-status", order_number=_order_b, hash=lambda w: "x"),
        owner="",
    ),
    Case(
        "checkout-card-payment",
        _u("checkout:card-payment", order_number=_order_b, hash=lambda w: w.wrong_hash),
        owner="signed",
        owner_status=302,  # a bank-transfer order: on to its status page
    ),
    Case(
        "checkout-card-payment-post",
        _u("checkout:card-payment", order_number=_order_b, hash=lambda w: w.wrong_hash),
        "post",
        lambda w: {"card": "4242424242424242"},
    ),
    Case(
        "checkout-card-authenticate",
        _u(
            "checkout:card-authenticate",
            order_number=_order_b,
            hash=lambda w: w.wrong_hash,
            intent_id=lambda w: "pi_x",
        ),
        "post",
        lambda w: {"result": "approve"},
    ),
    Case(
        "checkout-payment-method-change",
        _u("checkout:payment-method-change", order_number=_order_b, hash=lambda w: w.wrong_hash),
        "post",
        lambda w: {"method": "cash-on-delivery"},
    ),
    Case(
        "checkout-return-to-basket",
        _u("checkout:return-to-basket", order_number=_order_b, hash=lambda w: w.wrong_hash),
        "post",
    ),
    # The buyer's account pages
    Case("account-order", _u("customer:order", order_number=_order_b), owner=""),
    Case(
        "account-order-line",
        _u("customer:order-line", order_number=_order_b, line_id=lambda w: w.line_b.pk),
        owner="",
    ),
    Case(
        "account-anonymous-order",
        _u("customer:anon-order", order_number=_order_b, hash=lambda w: w.wrong_hash),
        owner="",
    ),
    # The Wagtail admin: staff review producers and their products there
    Case("cms-producer-edit", _u("producers_admin:edit", pk=lambda w: w.b.pk), owner="staff"),
    Case(
        "cms-producer-edit-post",
        _u("producers_admin:edit", pk=lambda w: w.b.pk),
        "post",
        lambda w: {"kind": "household", "commune_as_typed": "Bắc Hà", "story": "Bị sửa"},
    ),
    Case("cms-producer-inspect", _u("producers_admin:inspect", pk=lambda w: w.b.pk), owner="staff"),
    Case("cms-producer-review", _u("producers_admin:review", pk=lambda w: w.b.pk), owner="staff"),
    Case(
        "cms-producer-review-post",
        _u("producers_admin:review", pk=lambda w: w.b.pk),
        "post",
        lambda w: {"decision": "suspend", "reason": "A muốn thế"},
    ),
    Case("cms-producer-delete-post", _u("producers_admin:delete", pk=lambda w: w.b.pk), "post"),
    Case("cms-product-edit", _u("product_review:edit", pk=_product_b), owner="staff"),
    Case("cms-product-review", _u("product_review:review", pk=_product_b), owner="staff"),
    Case(
        "cms-product-review-post",
        _u("product_review:review", pk=_product_b),
        "post",
        lambda w: {"decision": "request_changes", "reason": "A muốn thế"},
    ),
]

# Pages A may open or post to (lists, the order A shares with B): B's data stays out of them,
# and nothing of B's changes.
SHARED = [
    Case("portal-home", _u("portal:home"), shows_b=True),
    # The bank account VietQR transfers go to: A's screen only ever changes A's own.
    Case(
        "portal-selling-setup-bank-change",
        _u("portal:selling_setup"),
        "post",
        lambda w: {**NEW_BANK_ACCOUNT, "producer": w.b.pk, "current_password": "x"},
    ),
    Case("portal-orders", _u("portal:orders"), shows_b=True),
    Case("portal-mixed-order", _u("portal:order", number=_mixed), shows_b=True),
    Case(
        "portal-mixed-order-dispatch-b-line",
        _u("portal:order", number=_mixed),
        "post",
        lambda w: {"action": "dispatch", "lines": [w.mixed_line_b.pk], "tracking_number": "X"},
    ),
    Case(
        "portal-mixed-order-cancel-both-lines",
        _u("portal:order", number=_mixed),
        "post",
        lambda w: {"action": "cancel", "lines": [w.mixed_line_a.pk, w.mixed_line_b.pk]},
    ),
    Case(
        "portal-mixed-order-payment-received",
        _u("portal:payment_received", number=_mixed),
        "post",
    ),
    Case("dashboard-index", _u("dashboard:index")),
    Case("dashboard-products", _u("dashboard:catalogue-product-list"), owner="staff", shows_b=True),
    Case(
        "dashboard-products-search",
        _q(_u("dashboard:catalogue-product-list"), "?title=Mường"),
        owner="staff",
        shows_b=True,
    ),
    # The lookup lists the shop's public products, B's included, as the shop does: only
    # B's product under review must stay out.
    Case(
        "dashboard-product-lookup",
        _q(_u("dashboard:catalogue-product-lookup"), "?q=chưa"),
        owner="staff",
    ),
    Case(
        "dashboard-products-bulk-hide",
        _u("dashboard:catalogue-product-list"),
        "post",
        lambda w: {"action": "make_products_non_public", "selected_product": [w.product_b.pk]},
    ),
    Case(
        "dashboard-products-bulk-price",
        _u("dashboard:catalogue-product-list"),
        "post",
        lambda w: {"action": "set_product_price", "selected_product": [w.product_b.pk]},
    ),
    Case("dashboard-orders", _u("dashboard:order-list"), owner="staff", shows_b=True),
    Case(
        "dashboard-orders-search",
        lambda w: reverse("dashboard:order-list") + f"?order_number={w.order_b.number[:-1]}",
        owner="staff",
        shows_b=True,
    ),
    Case(
        "dashboard-orders-bulk-status",
        _u("dashboard:order-list"),
        "post",
        lambda w: {
            "action": "change_order_statuses",
            "selected_order": [w.order_b.pk, w.order_mixed.pk],
            "new_status": "Cancelled",
        },
    ),
    Case("dashboard-order-stats", _u("dashboard:order-stats"), owner="staff"),
    Case(
        "dashboard-mixed-order",
        _u("dashboard:order-detail", number=_mixed),
        owner="staff",
        shows_b=True,
    ),
    Case("account-orders", _u("customer:order-list"), owner=""),
    Case(
        "account-anonymous-order-form",
        _u("customer:anon-order-form", order_number=_order_b, hash=lambda w: w.wrong_hash),
        "post",
        lambda w: {"email": "bich@example.com"},
        owner="",
    ),
]


def _fetch(client, case, world):
    url = case.url(world)
    if case.method == "post":
        return client.post(url, case.data(world))
    return client.get(url)


def _page_shows_b(response, world, case) -> list[str]:
    """B's text on the page, leaving out what A typed (an order number, a search) and the page
    echoes back."""
    typed = case.url(world) + str(case.data(world))
    text = response.content.decode(errors="replace")
    if response.headers.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)  # "Mật", not "M\u1eadt"
    return [marker for marker in world.markers() if marker in text and marker not in typed]


def _assert_refused(client, response, world, case):
    if response.status_code in (403, 404, 405):
        return
    assert response.status_code in (301, 302, 303), (
        f"{response.status_code}, showing {_page_shows_b(response, world, case)}"
    )
    location = response.headers["Location"]
    assert urlsplit(location).path.startswith(SAFE_REDIRECTS), location
    assert not _page_shows_b(client.get(location), world, case)


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_producer_a_is_refused_producer_b_objects(client, world, case):
    before = world.snapshot()
    client.force_login(world.user_a)
    response = _fetch(client, case, world)
    _assert_refused(client, response, world, case)
    assert world.snapshot() == before


@pytest.mark.parametrize("case", SHARED, ids=str)
def test_pages_producer_a_may_open_show_and_change_nothing_of_b(client, world, case):
    before = world.snapshot()
    client.force_login(world.user_a)
    response = _fetch(client, case, world)
    if response.status_code in (301, 302, 303):
        response = client.get(response.headers["Location"])
    if response.status_code == 200:
        assert not _page_shows_b(response, world, case)
    else:
        _assert_refused(client, response, world, case)
    assert world.snapshot() == before


def _owner_client(world, owner) -> Client:
    client = Client()
    if owner == "b":
        client.force_login(world.user_b)
    elif owner == "staff":
        client.force_login(User.objects.create_superuser(email="staff@example.com", password="x"))
    return client


def _rightful(case: Case) -> Case:
    """The same page as its owner reaches it: with the order's real signature when signed."""
    if case.owner != "signed":
        return case

    def url(w):
        path = case.url(w)
        return path.replace(w.wrong_hash, w.order_b.verification_hash())

    return Case(case.id, url, owner=case.owner, owner_status=case.owner_status)


@pytest.mark.parametrize(
    "case", [c for c in REFUSED + SHARED if c.method == "get" and c.owner], ids=str
)
def test_the_same_pages_open_for_their_owner(world, case):
    client = _owner_client(world, case.owner)
    response = client.get(_rightful(case).url(world))
    assert response.status_code == case.owner_status, (
        response.status_code,
        response.headers.get("Location"),
    )
    if case.shows_b:
        assert _page_shows_b(response, world, case)


def test_the_post_only_portal_urls_work_for_their_owner(world):
    """B's own photo and payment posts go through, so A's refusals above are not 404s of a
    broken URL."""
    client = _owner_client(world, "b")
    first, second = world.images_b
    photo = reverse(
        "portal:product_photo", kwargs={"pk": world.product_b.pk, "image_id": second.pk}
    )
    assert client.post(photo, {"action": "first"}).status_code == 302
    assert world.images_b == [second, first]
    paid = reverse("portal:payment_received", kwargs={"number": world.order_b.number})
    assert client.post(paid).status_code == 302
    source = world.order_b.sources.get()
    assert source.amount_debited == source.amount_allocated


def test_a_producer_account_as_the_wizard_makes_it_opens_no_dashboard_page(client, world):
    """The wizard and the demo loader give a producer's account no `partner.dashboard_access`:
    every dashboard URL of the matrix sends it to sign in as staff."""
    world.user_a.user_permissions.clear()
    client.force_login(world.user_a)
    for case in REFUSED + SHARED:
        url = case.url(world)
        if url.startswith("/dashboard/") and case.method == "get":
            response = client.get(url)
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert response.headers["Location"].startswith(reverse("customer:login")), url


def test_b_session_without_b_password_cannot_change_b_bank_account(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """The bank-account change in the matrix: a session of B's alone (a phone left signed in,
    an account someone got into) cannot send B's buyers' money elsewhere; B's password typed
    again can, and B's account is emailed about it."""
    client = _owner_client(world, "b")
    before = world.snapshot()
    for password in ("", "guess"):
        response = client.post(
            reverse("portal:selling_setup"), {**NEW_BANK_ACCOUNT, "current_password": password}
        )
        assert response.status_code == 200
        assert world.snapshot() == before
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:selling_setup"), {**NEW_BANK_ACCOUNT, "current_password": "x"}
        )
    assert response.status_code == 302
    assert Producer.objects.get(pk=world.b.pk).bank_account_number == "1111222233334444"
    assert [message.to for message in mailoutbox] == [[world.user_b.email]]
