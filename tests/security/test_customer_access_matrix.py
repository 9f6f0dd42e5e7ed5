"""Customer A against customer B: every account URL of Oscar's that names one of B's objects
(orders and their lines, re-ordering, saved addresses, wishlists, basket lines, emails,
notifications, stock alerts, the signed order-status pages) refuses it to A, shows none of B's
data, and a POST from A changes nothing of B's.

The owner tests open the same URLs for A's own objects (200), so a broken URL cannot pass for
a refusal."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from oscar.apps.communication.models import Email, Notification
from oscar.apps.customer.models import ProductAlert
from oscar.apps.wishlists.models import Line as WishListLine
from oscar.apps.wishlists.models import WishList

from accounts.models import User
from marketplace.address.models import UserAddress
from marketplace.basket.models import Basket
from marketplace.basket.models import Line as BasketLine
from marketplace.catalogue.models import Product
from marketplace.order.models import Order
from marketplace.partner.strategy import Selector
from tests.checkout.helpers import make_seller
from tests.factories.orders import make_order
from tests.support.worlds import copied_per_test, rolled_back

pytestmark = pytest.mark.django_db

B_SECRETS = ["Đinh Thị Bích", "45 Phố Huế", "Quà Tết của Bích", "Thư riêng của Bích"]
B_TITLE = "Mật ong bạc hà Mèo Vạc của Bích"


@dataclass
class Customer:
    user: User
    order: Order
    guest_order: Order  # placed without signing in, with this customer's email
    address: UserAddress
    wishlist: WishList
    wish_line: WishListLine
    basket_line: BasketLine
    saved_line: BasketLine  # "saved for later"
    email: Email
    notification: Notification
    alert: ProductAlert

    @property
    def order_line(self):
        return self.order.lines.get()


@dataclass
class World:
    a: Customer
    b: Customer
    product_a: Product
    product_b: Product

    def snapshot(self) -> dict:
        """Everything of B's that A must not change."""
        b = self.b
        return {
            "orders": sorted(
                Order.objects.filter(user=b.user).values_list("number", "status", "total_incl_tax")
            )
            + sorted(Order.objects.filter(pk=b.guest_order.pk).values_list("number", "status")),
            "addresses": sorted(
                UserAddress.objects.filter(user=b.user).values_list(
                    "pk", "first_name", "line1", "is_default_for_shipping", "is_default_for_billing"
                )
            ),
            "wishlists": sorted(
                WishList.objects.filter(owner=b.user).values_list("pk", "key", "name", "visibility")
            ),
            "wish_lines": sorted(
                WishListLine.objects.filter(wishlist__owner=b.user).values_list(
                    "pk", "wishlist_id", "product_id", "quantity"
                )
            ),
            "basket_lines": sorted(
                BasketLine.objects.filter(basket__owner=b.user).values_list(
                    "pk", "basket_id", "product_id", "quantity"
                )
            ),
            "emails": sorted(Email.objects.filter(user=b.user).values_list("pk", "subject")),
            "notifications": sorted(
                Notification.objects.filter(recipient=b.user).values_list(
                    "pk", "location", "date_read"
                )
            ),
            "alerts": sorted(ProductAlert.objects.filter(user=b.user).values_list("pk", "status")),
        }


def _customer(email, *, name, line1, product, wishlist_name, secret) -> Customer:
    user = User.objects.create_user(email=email, password="x" * 12, first_name=name)
    order = make_order(items=[(product, 2)], user=user, email=email)
    Order.objects.filter(pk=order.pk).update(payment_method="cod")  # as checkout records it
    order.shipping_address.first_name, order.shipping_address.line1 = name, line1
    order.shipping_address.save()
    guest_order = make_order(items=[(product, 1)], email=email)
    Order.objects.filter(pk=guest_order.pk).update(payment_method="cod")
    guest_order.refresh_from_db()
    guest_order.shipping_address.first_name, guest_order.shipping_address.line1 = name, line1
    guest_order.shipping_address.save()
    address = UserAddress.objects.create(
        user=user, first_name=name, line1=line1, line4="Hà Nội", country_id="VN",
        phone_number="+84912345678",
    )  # fmt: skip
    wishlist = WishList.objects.create(owner=user, name=wishlist_name)  # private by default
    wish_line = wishlist.lines.create(product=product, title=product.get_title(), quantity=1)
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    saved = Basket.objects.create(owner=user, status=Basket.SAVED)
    saved.strategy = Selector().strategy()
    saved.add_product(product, 3)
    return Customer(
        user=user,
        order=order,
        guest_order=guest_order,
        address=address,
        wishlist=wishlist,
        wish_line=wish_line,
        basket_line=basket.lines.get(),
        saved_line=saved.lines.get(),
        email=Email.objects.create(user=user, email=email, subject=secret, body_text=secret),
        notification=Notification.objects.create(recipient=user, subject=secret, body=secret),
        alert=ProductAlert.objects.create(user=user, product=product),
    )


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
    _seller_a, product_a = make_seller(name="HTX Chè Tả Phìn", price=90000, stock=50)
    _seller_b, product_b = make_seller(name="Hộ Vàng Seo Sử", price=237000, stock=50)
    Product.objects.filter(pk=product_b.pk).update(title=B_TITLE)
    product_b.refresh_from_db()
    a = _customer(
        "lan@example.com", name="Nguyễn Thị Lan", line1="12 Hàng Bạc", product=product_a,
        wishlist_name="Chè cho mẹ", secret="Thư riêng của Lan",
    )  # fmt: skip
    b = _customer(
        "bich@example.com", name="Đinh Thị Bích", line1="45 Phố Huế", product=product_b,
        wishlist_name="Quà Tết của Bích", secret="Thư riêng của Bích",
    )  # fmt: skip
    return World(a=a, b=b, product_a=product_a, product_b=product_b)


@dataclass
class Case:
    id: str
    url: Callable[[World, Customer], str]  # the URL of the given customer's object
    method: str = "get"
    data: Callable[[World, Customer], dict] = field(default=lambda w, c: {})
    owner_status: int | None = 200  # for a GET of A's own object; None: no owner check

    def __str__(self):
        return self.id


def _u(name, **kwargs):
    def url(w: World, c: Customer) -> str:
        return reverse(name, kwargs={k: v(w, c) for k, v in kwargs.items()})

    return url


_number = lambda w, c: c.order.number  # noqa: E731
_key = lambda w, c: c.wishlist.key  # noqa: E731

CASES = [
    Case("order", _u("customer:order", order_number=_number)),
    Case(
        "order-line",  # the owner is sent to the order's page, where the lines are
        _u("customer:order-line", order_number=_number, line_id=lambda w, c: c.order_line.pk),
        owner_status=302,
    ),
    # A's own order number with B's line id.
    Case(
        "order-line-under-a-order",
        lambda w, c: reverse(
            "customer:order-line",
            kwargs={"order_number": w.a.order.number, "line_id": c.order_line.pk},
        ),
        owner_status=None,
    ),
    Case(
        "order-line-under-a-order-reorder",
        lambda w, c: reverse(
            "customer:order-line",
            kwargs={"order_number": w.a.order.number, "line_id": c.order_line.pk},
        ),
        "post",
        lambda w, c: {"action": "reorder"},
        owner_status=None,
    ),
    Case(
        "order-reorder",
        _u("customer:order", order_number=_number),
        "post",
        lambda w, c: {"order_id": c.order.pk, "action": "reorder"},
    ),
    Case(
        "order-line-reorder",
        _u("customer:order-line", order_number=_number, line_id=lambda w, c: c.order_line.pk),
        "post",
        lambda w, c: {"action": "reorder"},
    ),
    Case("address", _u("customer:address-detail", pk=lambda w, c: c.address.pk)),
    Case(
        "address-edit",
        _u("customer:address-detail", pk=lambda w, c: c.address.pk),
        "post",
        lambda w, c: {
            "first_name": "Kẻ gian",
            "line1": "1 Ngõ Tối",
            "line4": "Hà Nội",
            "country": "VN",
            "phone_number": "0987654321",
        },  # fmt: skip
    ),
    Case("address-delete", _u("customer:address-delete", pk=lambda w, c: c.address.pk)),
    Case(
        "address-delete-post",
        _u("customer:address-delete", pk=lambda w, c: c.address.pk),
        "post",
    ),
    *[
        Case(
            f"address-{action}",
            _u(
                "customer:address-change-status",
                pk=lambda w, c: c.address.pk,
                action=lambda w, c, a=action: a,
            ),  # fmt: skip
            "post",
        )
        for action in ("default_for_shipping", "default_for_billing")
    ],
    Case("wishlist", _u("customer:wishlists-detail", key=_key)),
    Case("wishlist-public-page", _u("wishlists:detail", key=_key)),
    Case("wishlist-edit", _u("customer:wishlists-update", key=_key)),
    Case(
        "wishlist-edit-post",
        _u("customer:wishlists-update", key=_key),
        "post",
        lambda w, c: {"name": "Bị đổi tên", "visibility": "Public"},
    ),
    Case("wishlist-delete", _u("customer:wishlists-delete", key=_key)),
    Case("wishlist-delete-post", _u("customer:wishlists-delete", key=_key), "post"),
    Case(
        "wishlist-remove-line",
        _u("customer:wishlists-remove-product", key=_key, line_pk=lambda w, c: c.wish_line.pk),
        "post",
    ),
    Case(
        "wishlist-remove-product",
        _u(
            "customer:wishlists-remove-product",
            key=_key,
            product_pk=lambda w, c: c.wish_line.product_id,
        ),
        "post",
    ),
    Case(
        "wishlist-add-product",
        _u("customer:wishlists-add-product", key=_key, product_pk=lambda w, c: w.product_a.pk),
        "post",
    ),
    # Oscar moves a line on a GET.
    Case(
        "wishlist-move-line-out",  # B's line into A's list
        _u(
            "customer:wishlists-move-product-to-another",
            key=_key,
            line_pk=lambda w, c: c.wish_line.pk,
            to_key=lambda w, c: w.a.wishlist.key,
        ),
        owner_status=None,
    ),
    Case(
        "wishlist-move-line-in",  # A's line into B's list
        _u(
            "customer:wishlists-move-product-to-another",
            key=lambda w, c: w.a.wishlist.key,
            line_pk=lambda w, c: w.a.wish_line.pk,
            to_key=_key,
        ),
        owner_status=None,
    ),
    Case("email", _u("customer:email-detail", email_id=lambda w, c: c.email.pk)),
    Case("notification", _u("customer:notifications-detail", pk=lambda w, c: c.notification.pk)),
    *[
        Case(
            f"notifications-{action}",
            lambda w, c: reverse("customer:notifications-update"),
            "post",
            lambda w, c, a=action: {"action": a, "selected_notification": [c.notification.pk]},
            owner_status=None,
        )
        for action in ("archive", "delete")
    ],
    Case(
        "alert-cancel",
        _u("customer:alerts-cancel-by-pk", pk=lambda w, c: c.alert.pk),
        "post",
        owner_status=None,
    ),
    *[
        Case(
            f"basket-line-{name}",
            lambda w, c: reverse("basket:summary"),
            "post",
            lambda w, c, q=quantity: _formset("form", c.basket_line, quantity=q),
            owner_status=None,
        )
        for name, quantity in (("quantity", 9), ("delete", 0))
    ],
    Case(
        "basket-saved-line-move",
        lambda w, c: reverse("basket:saved"),
        "post",
        lambda w, c: _formset("saved", c.saved_line, move_to_basket="on"),
        owner_status=None,
    ),
    Case(
        "basket-saved-line-delete",
        lambda w, c: reverse("basket:saved"),
        "post",
        lambda w, c: _formset("saved", c.saved_line, DELETE="on"),
        owner_status=None,
    ),
]


PLAIN_CASES = [case for case in CASES if isinstance(case, Case)]


def _formset(prefix, line, **fields) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": str(line.pk),
        f"{prefix}-0-quantity": str(line.quantity),
    }
    data.update({f"{prefix}-0-{name}": str(value) for name, value in fields.items()})
    return data


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shows_b(response) -> bool:
    if response.status_code != 200:
        return False
    html = response.content.decode()
    return any(secret in html for secret in B_SECRETS)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_cannot_reach_or_change_b_objects(world, case):
    before = world.snapshot()
    client = _signed_in(world.a.user)
    url = case.url(world, world.b)
    response = getattr(client, case.method)(url, case.data(world, world.b))
    if case.method == "get":
        assert response.status_code in (403, 404), (url, response.status_code)
    else:
        # A POST A may make on A's own objects (a basket form, a move into A's list) answers
        # with A's page again or a redirect; it must not show or change anything of B's.
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert not _shows_b(response), url
    assert world.snapshot() == before, url
    # Nothing of B's was copied into A's account either (a re-order, a moved line).
    assert not BasketLine.objects.filter(basket__owner=world.a.user, product=world.product_b)
    assert not WishListLine.objects.filter(wishlist__owner=world.a.user, product=world.product_b)


@pytest.mark.parametrize(
    "case", [c for c in PLAIN_CASES if c.method == "get" and c.owner_status], ids=str
)
def test_a_reaches_the_same_pages_for_a_own_objects(world, case):
    response = _signed_in(world.a.user).get(case.url(world, world.a))
    assert response.status_code == case.owner_status
    page = response.content.decode()
    # The order's page names the buyer only under "Deliver to", which an order with no
    # producer's delivery (the factory's) has not: its number there says it is A's order.
    own_order = case.id == "order" and f"#{world.a.order.number}" in page
    assert case.owner_status == 302 or "Nguyễn Thị Lan" in page or own_order or case.id in {
        "address-delete", "wishlist", "wishlist-public-page", "wishlist-edit",
        "wishlist-delete", "email", "notification",
    }  # fmt: skip


def test_a_own_posts_go_through(world):
    """The POSTs refused above work on A's own objects: they are not refused for a bad URL."""
    a = world.a
    client = _signed_in(a.user)
    client.post(
        reverse("customer:order", args=[a.order.number]),
        {"order_id": a.order.pk, "action": "reorder"},
    )
    assert client.get(reverse("basket:summary")).context["basket"].num_items >= 1
    response = client.post(
        reverse("customer:address-change-status",
                kwargs={"pk": a.address.pk, "action": "default_for_shipping"})
    )  # fmt: skip
    assert response.status_code == 302
    assert UserAddress.objects.get(pk=a.address.pk).is_default_for_shipping
    client.post(reverse("customer:wishlists-remove-product",
                        kwargs={"key": a.wishlist.key, "line_pk": a.wish_line.pk}))  # fmt: skip
    assert not a.wishlist.lines.exists()
    client.post(reverse("customer:alerts-cancel-by-pk", kwargs={"pk": a.alert.pk}))
    assert ProductAlert.objects.get(pk=a.alert.pk).status == ProductAlert.CANCELLED
    client.post(
        reverse("customer:notifications-update"),
        {"action": "delete", "selected_notification": [a.notification.pk]},
    )
    assert not Notification.objects.filter(pk=a.notification.pk).exists()
    client.post(reverse("customer:address-delete", kwargs={"pk": a.address.pk}))
    assert not UserAddress.objects.filter(pk=a.address.pk).exists()
    client.post(reverse("customer:wishlists-delete", kwargs={"key": a.wishlist.key}))
    assert not WishList.objects.filter(pk=a.wishlist.pk).exists()


def test_a_own_basket_lines_update_through_the_same_form(world):
    a = world.a
    client = _signed_in(a.user)
    response = client.post(reverse("basket:summary"), _formset("form", a.basket_line, quantity=4))
    assert response.status_code == 302
    assert BasketLine.objects.get(pk=a.basket_line.pk).quantity == 4


# --- the signed order-status pages -----------------------------------------------------------


def _status_urls(world, order, hash_):
    return [
        reverse("checkout:order-status", kwargs={"order_number": order.number, "hash": hash_}),
        reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": hash_}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "a"])
def test_a_forged_or_borrowed_signature_opens_no_order_status(world, who):
    client = Client() if who == "anonymous" else _signed_in(world.a.user)
    guest_b = world.b.guest_order
    for hash_ in ["x", "0" * 64, world.a.guest_order.verification_hash(),
                  world.b.order.verification_hash()]:  # fmt: skip
        for url in _status_urls(world, guest_b, hash_):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            assert not _shows_b(response)
            if response.status_code == 302:
                assert "/order-status-form/" in response.headers["Location"]


def test_the_anonymous_order_status_form_needs_both_signature_and_email(world):
    guest_b = world.b.guest_order
    client = Client()
    borrowed = world.a.guest_order.verification_hash()
    form = reverse(
        "customer:anon-order-form", kwargs={"order_number": guest_b.number, "hash": borrowed}
    )
    # B's email with A's signature: refused, and the status page still is.
    response = client.post(form, {"email": guest_b.email})
    assert response.status_code == 200 and response.context["form"].errors
    assert not _shows_b(response)
    page = reverse("customer:anon-order", kwargs={"order_number": guest_b.number, "hash": borrowed})
    assert client.get(page).status_code == 302
    # The right signature with a wrong email: refused too.
    signed = guest_b.verification_hash()
    form = reverse(
        "customer:anon-order-form", kwargs={"order_number": guest_b.number, "hash": signed}
    )
    response = client.post(form, {"email": "lan@example.com"})
    assert response.status_code == 200 and response.context["form"].errors
    # An account's order is never shown there, even with its own signature and email.
    own = world.b.order
    form = reverse(
        "customer:anon-order-form",
        kwargs={"order_number": own.number, "hash": own.verification_hash()},
    )
    assert client.post(form, {"email": own.email}).status_code == 200


def test_the_order_status_pages_open_with_their_own_signature(world):
    """Sanity: the same URLs work for the order they were signed for."""
    guest_b = world.b.guest_order
    client = Client()
    signed = guest_b.verification_hash()
    status = reverse("checkout:order-status", kwargs={"order_number": guest_b.number,
                                                      "hash": signed})  # fmt: skip
    assert client.get(status).status_code == 200
    form = reverse("customer:anon-order-form", kwargs={"order_number": guest_b.number,
                                                        "hash": signed})  # fmt: skip
    response = client.post(form, {"email": guest_b.email})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "45 Phố Huế" in page.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(world):
    client = Client()
    for case in PLAIN_CASES:
        if case.method != "get" or case.id == "wishlist-public-page":
            continue
        response = client.get(case.url(world, world.b))
        if response.status_code == 404:  # Oscar's wishlist pages look the list up first
            assert case.id.startswith("wishlist"), case.id
            continue
        assert response.status_code == 302, case.id
        assert response.headers["Location"].startswith(reverse("customer:login")), case.id
    assert client.get(_u("wishlists:detail", key=_key)(world, world.b)).status_code in (403, 404)
