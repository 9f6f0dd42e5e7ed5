"""The many-machine scenario, run by scripts/topology.sh against app servers A and B.

Every action goes over HTTP to one server and every check to the other, so each passes only
if the engine the two share (PostgreSQL, Redis, the task worker, the S3 bucket) does its part.
Django's ORM (the same settings and environment as the servers) only finds the demo objects'
ids and URLs and reads what the worker wrote. Prints a PASS/FAIL table; exit 1 on any FAIL.
"""

import io
import os
import re
import sys
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import boto3  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from PIL import Image  # noqa: E402

from marketplace.catalogue.models import Product, ProductImage  # noqa: E402
from marketplace.order.models import Order  # noqa: E402
from mentoring.models import Member, OrgUnit, RosterImport  # noqa: E402

A, B = os.environ["TOPOLOGY_A"], os.environ["TOPOLOGY_B"]
PROXY = os.environ["TOPOLOGY_PROXY"]
PASSWORD = settings.DEMO_PASSWORD
# Above the roster import's BACKGROUND_ROWS (2,000), so the import goes to the worker, not the
# request.
ROSTER_ROWS = int(os.environ.get("TOPOLOGY_ROSTER_ROWS", "3000"))


class FormFields(HTMLParser):
    """The fields a browser would submit from the first form with a field named `marker…`."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker, self.forms, self._form, self._select, self._text = marker, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._form = {}
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form:
                self._form[self._select] = attrs.get("value", "")
        elif not name:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind == "checkbox" and "checked" not in attrs:
                return
            if kind == "radio" and "checked" not in attrs:  # a choice must be made: the first
                self._form.setdefault(name, attrs.get("value", ""))
                return
            self._form[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._text, self._form[name] = name, ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._text = None

    def handle_data(self, data):
        if self._text and self._form is not None:
            value = self._form[self._text] + data
            # A browser drops the newline that follows <textarea>.
            self._form[self._text] = (
                value.removeprefix("\n") if not self._form[self._text] else value
            )

    @classmethod
    def of(cls, html: str, marker: str) -> dict:
        parser = cls(marker)
        parser.feed(html)
        return next(form for form in parser.forms if any(map(lambda k: k.startswith(marker), form)))


def form_errors(html: str) -> list[str]:
    """The messages next to a refused form's fields, to say why in the table."""
    found = re.finditer(
        r'class="[^"]*(?:error|invalid)[^"]*"[^>]*>\s*(?:<[^>]*>\s*)*([^<]{3,200})', html
    )
    return [match.group(1).strip() for match in found][:6]


def browser() -> requests.Session:
    """One visitor: one cookie jar for both servers (cookies are per host, not per port)."""
    session = requests.Session()
    session.headers["Accept-Language"] = "vi"
    return session


def get(session, server, path, **kwargs):
    response = session.get(server + path, timeout=30, **kwargs)
    assert response.status_code == 200, f"GET {server}{path}: {response.status_code}"
    return response


def post(session, server, path, data=None, files=None, expect=302):
    """POST with the CSRF token from the cookie, as Django's forms do."""
    data = {**(data or {}), "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
    response = session.post(
        server + path,
        data=data,
        files=files,
        allow_redirects=False,
        timeout=60,
        headers={"Referer": server + path},
    )
    assert response.status_code == expect, (
        f"POST {server}{path}: {response.status_code} {form_errors(response.text)}"
    )
    return response


def sign_in(session, server, email):
    login = reverse("customer:login")
    get(session, server, login)
    post(
        session,
        server,
        login,
        {"login-username": email, "login-password": PASSWORD, "login_submit": "1"},
    )


def vnd(amount) -> str:
    return f"{int(amount):,}".replace(",", ".")  # "180.000", as Babel writes it in Vietnamese


def demo_product() -> Product:
    """The demo producer's first product on sale."""
    return (
        Product.objects.filter(
            is_public=True, stockrecords__partner__users__email="producer@example.com"
        )
        .order_by("pk")
        .first()
    )


def approve(product: Product, server: str) -> None:
    """Staff approve the producer's edit (it went back to review), through `server`."""
    product.refresh_from_db()
    if product.moderation == Product.Moderation.APPROVED:
        return
    admin = browser()
    sign_in(admin, server, "admin@example.com")
    review = reverse("product_review:review", kwargs={"pk": product.pk})
    get(admin, server, review)
    post(admin, server, review, {"decision": "approve"})


def producer_edit(product: Product, server: str, *, photo: bytes | None = None, **changes):
    producer = browser()
    sign_in(producer, server, "producer@example.com")
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    data = {**FormFields.of(get(producer, server, url).text, "price"), **changes}
    files = {"photo": ("anh-moi.jpg", photo, "image/jpeg")} if photo else None
    post(producer, server, url, data, files)
    approve(product, server)


# --- The five checks ---


def check_session_shared():
    buyer = browser()
    sign_in(buyer, A, "buyer@example.com")
    page = buyer.get(B + reverse("customer:profile-view"), allow_redirects=False, timeout=30)
    assert page.status_code == 200, f"B answered {page.status_code}: not signed in there"
    assert "buyer@example.com" in page.text
    return "signed in on A; B shows buyer@example.com's account page"


def check_basket_then_checkout():
    product = demo_product()
    guest = browser()
    get(guest, A, product.get_absolute_url())
    post(guest, A, reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    basket = get(guest, B, reverse("basket:summary")).text
    assert product.title in basket, "B's basket page does not list A's line"
    contact = f"topology-{time.time_ns()}@example.com"
    get(guest, B, reverse("checkout:index"))
    post(guest, B, reverse("checkout:index"), {"username": contact, "options": "anonymous"})
    # Two tiers since 1 July 2025: the GSO codes of Thành phố Hà Nội and Phường Hoàn Kiếm (the
    # demo data loads the units).
    address = {
        "first_name": "Nguyễn Thị Lan",
        "phone_number": "0987 654 321",
        "province": "01",
        "commune": "00070",
        "line1": "12 Hàng Bạc",
    }
    form = get(guest, B, reverse("checkout:shipping-address")).text
    post(
        guest, B, reverse("checkout:shipping-address"), {**FormFields.of(form, "line1"), **address}
    )
    form = get(guest, B, reverse("checkout:shipping-method")).text
    post(guest, B, reverse("checkout:shipping-method"), FormFields.of(form, "group_"))
    get(guest, B, reverse("checkout:payment-method"))
    post(guest, B, reverse("checkout:payment-method"), {"method": "cod"})
    # The place-order form carries the versions of the terms the preview showed (legal).
    form = get(guest, B, reverse("checkout:preview")).text
    post(guest, B, reverse("checkout:preview"), FormFields.of(form, "terms_"))
    order = Order.objects.get(guest_email=contact)
    assert order.lines.filter(product=product).exists()
    return f"added on A, order {order.number} placed on B"


def check_photo_upload():
    product = demo_product()
    before = set(ProductImage.objects.filter(product=product).values_list("pk", flat=True))
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 40, 90)).save(jpeg, format="JPEG")
    producer_edit(product, A, photo=jpeg.getvalue())
    image = ProductImage.objects.filter(product=product).exclude(pk__in=before).get()
    s3 = boto3.client("s3", endpoint_url=settings.STORAGES["default"]["OPTIONS"]["endpoint_url"])
    bucket = settings.STORAGES["default"]["OPTIONS"]["bucket_name"]
    s3.head_object(Bucket=bucket, Key=image.original.name)  # in the bucket, not on A's disk
    original = requests.get(image.original.url, timeout=30)
    assert original.status_code == 200 and original.headers["Content-Type"].startswith("image/")
    # B's page shows the product's photos as thumbnails that B makes from the bucket.
    page = get(browser(), B, product.get_absolute_url()).text
    media = f"{PROXY}/media/"
    thumbnails = {part.split('"')[0] for part in page.split(f'src="{media}')[1:]}
    assert thumbnails, "B's product page shows no photo from the bucket"
    for name in thumbnails:
        served = requests.get(media + name, timeout=30)
        assert served.status_code == 200, f"{media}{name}: {served.status_code}"
    return f"{image.original.name} in the bucket; B's page: {len(thumbnails)} photo(s) served"


def check_price_on_cached_page():
    product = demo_product()
    url = product.get_absolute_url()
    visitor = browser()
    for _ in range(20):  # the worker's search refresh after the photo check may empty it once
        cached = get(visitor, B, url)
        if cached.headers.get("X-Page-Cache") == "hit":
            break
        time.sleep(0.25)
    assert cached.headers.get("X-Page-Cache") == "hit", "B did not cache the product page"
    price = product.stockrecords.get().price
    new_price = int(price) + 7000
    assert vnd(new_price) not in cached.text
    producer_edit(product, A, price=str(new_price))
    page = get(visitor, B, url)
    assert vnd(new_price) in page.text, "B still shows the old price"
    return f"B's cached page: {vnd(price)} → {vnd(new_price)} after A's change"


def check_roster_import_on_worker():
    admin = browser()
    sign_in(admin, A, "admin@example.com")
    unit = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.GRASSROOTS, closed_on__isnull=True)
        .order_by("pk")
        .first()
    )
    header = (
        "Số thẻ đoàn viên,Họ và tên,Năm sinh,Giới tính,Dân tộc,Số điện thoại,Mã đơn vị,"
        "Có sản phẩm đặc sản,Sản phẩm đặc sản,Có tài khoản thanh toán điện tử,"
        "Dùng dịch vụ công trực tuyến,Ngày ghi nhận,Đồng ý liên hệ"
    )
    rows = [
        f"TOPO-{n:05d},Lý Thị Mai {n},2001,Nữ,Dao,,{unit.code},Có,Mật ong,Không,Chưa rõ,"
        "15/03/2025,Có"
        for n in range(ROSTER_ROWS)
    ]
    data = ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode()
    upload = reverse("mentoring_import:upload")
    get(admin, A, upload)
    done = post(admin, A, upload, files={"file": ("danh-sach.csv", data, "text/csv")})
    roster_import = RosterImport.objects.order_by("-pk").first()
    assert done.headers["Location"].endswith(
        reverse("mentoring_import:detail", args=[roster_import.pk])
    )
    served = 0

    def serve_pages_until(*statuses, limit=90):
        nonlocal served
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            roster_import.refresh_from_db()
            if roster_import.status in statuses:
                return
            for server, path in ((A, "/"), (B, "/shop/catalogue/")):
                get(browser(), server, path)
                served += 1
        raise AssertionError(f"the import stayed {roster_import.status} for {limit} s")

    serve_pages_until(RosterImport.Status.CHECKED, RosterImport.Status.REJECTED)
    assert roster_import.status == RosterImport.Status.CHECKED, roster_import.summary
    get(admin, B, reverse("mentoring_import:detail", args=[roster_import.pk]))
    post(admin, B, reverse("mentoring_import:commit", args=[roster_import.pk]))
    serve_pages_until(RosterImport.Status.DONE, RosterImport.Status.FAILED)
    assert roster_import.status == RosterImport.Status.DONE
    assert Member.objects.filter(member_number__startswith="TOPO-").count() == ROSTER_ROWS
    runs = DBTaskResult.objects.filter(
        task_path="mentoring.tasks.roster_import_run",
        args_kwargs__kwargs__roster_import_id=roster_import.pk,
    )
    assert runs.count() == 2 and all(run.worker_ids for run in runs), "not run by the worker"
    # The members' list is in the private bucket, which answers no unsigned request.
    private = settings.STORAGES["private"]["OPTIONS"]
    unsigned = requests.get(
        f"{private['endpoint_url']}/{private['bucket_name']}/{roster_import.file.name}", timeout=30
    )
    assert unsigned.status_code == 403, f"the members' list answered {unsigned.status_code}"
    return f"{ROSTER_ROWS} rows checked and imported by the worker; {served} pages served meanwhile"


def check_redis_lost():
    """Last: Redis is shut down, and both servers go on serving from PostgreSQL."""
    buyer = browser()
    sign_in(buyer, A, "buyer@example.com")
    redis.Redis.from_url(settings.REDIS_URL).shutdown(nosave=True)
    url = demo_product().get_absolute_url()
    for server in (A, B):
        page = get(browser(), server, url)
        assert page.headers.get("X-Page-Cache") != "hit"
    account = buyer.get(B + reverse("customer:profile-view"), allow_redirects=False, timeout=30)
    assert account.status_code == 200, f"B answered {account.status_code} without Redis"
    return "Redis shut down: A and B render pages, B keeps A's sign-in (sessions in PostgreSQL)"


CHECKS = [
    ("Sign in on A, session on B", check_session_shared),
    ("Basket on A, checkout on B", check_basket_then_checkout),
    ("Photo uploaded on A, served via B", check_photo_upload),
    ("Price changed on A, B's cached page", check_price_on_cached_page),
    ("Roster import on the worker", check_roster_import_on_worker),
    ("Redis lost, both servers serve", check_redis_lost),
]


def main() -> int:
    results = []
    for name, check in CHECKS:
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except Exception as error:
            detail, ok = f"{type(error).__name__}: {error}", False
            traceback.print_exc()
        results.append((name, ok, time.monotonic() - started, detail))
    print()
    print(f"{'check':<38} {'result':<6} {'s':>5}  detail")
    for name, ok, seconds, detail in results:
        print(f"{name:<38} {'PASS' if ok else 'FAIL':<6} {seconds:5.1f}  {detail}")
    failed = sum(not ok for _, ok, _, _ in results)
    print(f"topology: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
