"""Traceability: a producer's lots, their QR labels, the public trace page and its scan count."""

import datetime

import pytest
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.models import ModelLogEntry

from accounts.models import User
from producers import services, trace
from producers.models import LOT_CODE_ALPHABET, LOT_CODE_LENGTH, Lot
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (Linux; Android 10; Redmi 9A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
LOT = {
    "lot_number": "CHE-2026-03",
    "produced_on": datetime.date(2026, 3, 12),
    "quantity": "120 gói",
    "inputs": "Phân chuồng hoai mục, không phun thuốc.",
    "ocop_number": "OCOP-LC-0042",
    "vietgap_number": "VG-2025-117",
    "organic_number": "",
    "provincial_url": "https://truyxuat.laocai.gov.vn/san-pham/123",
}


def _lot(producer, product, user, **changes):
    return trace.lot_save(producer=producer, by=user, product=product, **{**LOT, **changes})


def _signed_in(user):
    client = Client(HTTP_USER_AGENT=PHONE)
    client.force_login(user)
    return client


def _form(product, **changes):
    data = {**LOT, "product": product.pk, "produced_on": "2026-03-12", **changes}
    return data


def test_producer_records_a_lot_in_the_portal_and_it_is_logged(tea):
    producer, product, user = tea
    client = _signed_in(user)
    response = client.post(reverse("portal:lot_add"), _form(product))
    lot = Lot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:lot_edit", args=[lot.pk])
    assert (lot.producer, lot.product, lot.lot_number) == (producer, product, "CHE-2026-03")
    assert lot.certificates == [("OCOP", "OCOP-LC-0042"), ("VietGAP", "VG-2025-117")]
    entry = ModelLogEntry.objects.get(action="producers.lot_add")
    assert (entry.user_id, entry.object_id) == (user.pk, str(lot.pk))


def test_lot_code_is_random_not_the_pk(tea):
    first = _lot(*tea)
    second = _lot(*tea, lot_number="CHE-2026-04")
    assert len(first.code) == LOT_CODE_LENGTH
    assert first.code != second.code
    assert first.get_absolute_url() == f"/t/{first.code}/"
    assert set(first.code) <= set(LOT_CODE_ALPHABET)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"provincial_url": "javascript:alert(1)"}, "provincial_url"),
        ({"provincial_url": "ftp://truyxuat.laocai.gov.vn/x"}, "provincial_url"),
        ({"produced_on": "2099-01-01"}, "produced_on"),
        ({"lot_number": ""}, "lot_number"),
    ],
)
def test_bad_lot_is_refused_with_a_reason(tea, changes, field):
    producer, product, user = tea
    response = _signed_in(user).post(reverse("portal:lot_add"), _form(product, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Lot.objects.exists()


def test_service_refuses_a_non_web_address(tea):
    with pytest.raises(ValidationError) as error:
        _lot(*tea, provincial_url="javascript:alert(1)")
    assert "provincial_url" in error.value.message_dict


def test_same_lot_number_twice_for_a_product_is_refused(tea):
    producer, product, user = tea
    _lot(*tea)
    response = _signed_in(user).post(reverse("portal:lot_add"), _form(product))
    assert response.status_code == 200
    assert Lot.objects.count() == 1


def test_lot_of_another_producers_product_is_refused(tea):
    producer, _product, user = tea
    other = make_product(partner=make_producer(name="Hộ khác").partner)
    with pytest.raises(PermissionDenied):
        trace.lot_save(producer=producer, by=user, product=other, **LOT)
    # and the portal form does not even offer it
    response = _signed_in(user).post(reverse("portal:lot_add"), _form(other))
    assert "product" in response.context["form"].errors
    assert not Lot.objects.exists()


def test_other_producers_get_404_on_every_lot_url(tea):
    lot = _lot(*tea)
    stranger = User.objects.create_user(email="other@example.com", password="x" * 12)
    make_producer(name="Hộ kinh doanh khác").partner.users.add(stranger)
    client = _signed_in(stranger)
    assert client.get(reverse("portal:lot_edit", args=[lot.pk])).status_code == 404
    assert (
        client.post(reverse("portal:lot_edit", args=[lot.pk]), _form(lot.product)).status_code
        == 404
    )
    assert client.get(reverse("portal:lot_labels", args=[lot.pk])).status_code == 404
    assert lot.pk not in [item.pk for item in client.get(reverse("portal:lots")).context["lots"]]
    lot.refresh_from_db()
    assert lot.quantity == "120 gói"


def test_qr_encodes_the_absolute_trace_url_which_opens_the_trace_page(tea):
    lot = _lot(*tea)
    response = _signed_in(tea[2]).get(reverse("portal:lot_edit", args=[lot.pk]))
    url = response.context["trace_url"]
    assert url == f"http://testserver/t/{lot.code}/"
    # The QR shown is segno's symbol for exactly that address.
    expected = segno.make(url, error="m", boost_error=False, micro=False).svg_inline(border=4)
    assert response.context["qr"].split("</title>")[1] == expected.split(">", 1)[1]
    page = Client(HTTP_USER_AGENT=PHONE).get(url.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert page.context["lot"] == lot


def _read_modules(label: Image.Image, size: int) -> list[list[bool]]:
    """Read the QR's modules back from the printed label: find its top-left dark module and
    sample each module's centre (the label is 1-bit, QR drawn from whole printer dots)."""
    width, height = label.size
    pixels = label.load()
    left = next(x for x in range(width) if any(pixels[x, y] == 0 for y in range(height)))
    top = next(y for y in range(height) if pixels[left, y] == 0)
    right = left
    while pixels[right, top] == 0:
        right += 1
    module = (right - left) // 7  # the finder pattern is 7 modules wide
    return [
        [
            pixels[left + module * c + module // 2, top + module * r + module // 2] == 0
            for c in range(size)
        ]
        for r in range(size)
    ]


def test_printed_label_carries_the_qr_of_the_trace_url(tea):
    lot = _lot(*tea)
    url = f"https://chophien.vn/t/{lot.code}/"
    label = trace._label_image(lot, url)
    expected = segno.make(url, error="m", boost_error=False, micro=False)
    modules = _read_modules(label, expected.symbol_size(border=0)[0])
    assert modules == [[bool(cell) for cell in row] for row in expected.matrix]
    # and it is not any QR: another lot's address differs
    other = segno.make(f"https://chophien.vn/t/{'x' * 10}/", error="m", boost_error=False)
    assert modules != [[bool(cell) for cell in row] for row in other.matrix]


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_label_sheet_is_an_a4_pdf_of_21_labels_a_page(tea):
    lot = _lot(*tea)
    client = _signed_in(tea[2])
    response = client.get(reverse("portal:lot_labels", args=[lot.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _pages(response.content) == 1
    # 42 labels: two pages; and the page is A4 (595 × 842 points)
    two = client.get(reverse("portal:lot_labels", args=[lot.pk]), {"count": 42}).content
    assert _pages(two) == 2
    assert b"/MediaBox [ 0 0 595.2 841.92 ]" in two or b"/MediaBox [0 0 595.2 841.92]" in two


def test_label_image_is_the_printers_size(tea):
    lot = _lot(*tea)
    label = trace._label_image(lot, "https://chophien.vn/t/abc/")
    assert label.size == (827, 501)  # 70 × 42.4 mm at 300 dpi
    assert label.mode == "1"


def test_trace_page_shows_origin_and_buy_again(client, tea):
    producer, product, user = tea
    lot = _lot(*tea)
    response = Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    # Nothing of its own needs a script (the site header's search suggestions are optional).
    assert "<script" not in html.split('id="content_inner"')[1]
    for text in (
        "Chè Shan Tuyết Tả Phìn",
        "Tả Phìn",
        "Bắc Hà",
        "CHE-2026-03",
        "12/03/2026",
        "OCOP-LC-0042",
        "VG-2025-117",
    ):
        assert text in html
    assert 'href="https://truyxuat.laocai.gov.vn/san-pham/123"' in html
    assert "Mua lại" in html
    assert f'href="{product.get_absolute_url()}"' in html


def test_trace_page_of_suspended_producer_shows_origin_without_buy_button(tea):
    producer, product, user = tea
    lot = _lot(*tea)
    moderator = User.objects.create_superuser(email="staff@example.com", password="x" * 12)
    services.producer_suspend(producer=producer, by=moderator, reason="Kiểm tra lại giấy tờ")
    html = Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url()).content.decode()
    assert "CHE-2026-03" in html
    assert "Mua lại" not in html


def test_trace_page_of_withdrawn_product_has_no_buy_button(tea):
    producer, product, user = tea
    lot = _lot(*tea)
    product.is_public = False
    product.save()
    html = Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url()).content.decode()
    assert "Tả Phìn" in html and "Mua lại" not in html


def test_unknown_code_is_404(client):
    assert client.get("/t/khongcoday/").status_code == 404


def test_scans_are_counted_but_not_the_producers_own_or_bots(tea):
    producer, product, user = tea
    lot = _lot(*tea)
    url = lot.get_absolute_url()
    Client(HTTP_USER_AGENT=PHONE).get(url)
    Client(HTTP_USER_AGENT=PHONE).get(url)
    _signed_in(user).get(url)  # the producer's preview
    Client(HTTP_USER_AGENT="facebookexternalhit/1.1").get(url)
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(url)
    Client().get(url)  # no user agent at all
    lot.refresh_from_db()
    assert lot.scan_count == 2


def test_scan_count_is_an_atomic_increment(tea, django_assert_num_queries):
    lot = _lot(*tea)
    stale = Lot.objects.get(pk=lot.pk)
    Lot.objects.filter(pk=lot.pk).update(scan_count=5)  # scans counted meanwhile elsewhere
    anonymous = type("Anonymous", (), {"is_authenticated": False})()
    with django_assert_num_queries(1):
        assert trace.lot_scan_record(lot=stale, user=anonymous, user_agent=PHONE)
    stale.refresh_from_db()
    assert stale.scan_count == 6


def test_portal_home_shows_scans_per_lot(tea, django_assert_max_num_queries):
    producer, product, user = tea
    lot = _lot(*tea)
    Lot.objects.filter(pk=lot.pk).update(scan_count=7)
    response = _signed_in(user).get(reverse("portal:home"))
    assert "7 lượt quét" in response.content.decode()


def test_lot_list_query_count_does_not_grow_with_lots(tea, django_assert_num_queries):
    producer, product, user = tea
    client = _signed_in(user)
    _lot(*tea)
    client.get(reverse("portal:lots"))  # warm the session and caches
    with CaptureQueriesContext(connection) as one_lot:
        client.get(reverse("portal:lots"))
    for number in range(5):
        _lot(*tea, lot_number=f"L{number}")
    with django_assert_num_queries(len(one_lot.captured_queries)):
        response = client.get(reverse("portal:lots"))
    assert len(response.context["lots"]) == 6


@pytest.mark.parametrize(
    "url",
    [
        "https://truyxuat-laocai.example.com/san-pham/123",  # looks like the portal, is not
        "https://truyxuat.laocai.gov.vn.example.com/san-pham/123",
        "https://truyxuat.laocai.gov.vn@example.com/san-pham/123",  # goes to example.com
        "http://example.com/?https://truyxuat.laocai.gov.vn/",
    ],
)
def test_a_provincial_record_on_another_site_is_refused_in_the_form(tea, url):
    """The trace page shows the link under the province's name: any other site would borrow
    the province's word."""
    producer, product, user = tea
    client = _signed_in(user)
    response = client.post(reverse("portal:lot_add"), _form(product, provincial_url=url))
    assert response.status_code == 200
    assert response.context["form"].errors["provincial_url"] == [
        "Chỉ nhận địa chỉ trên cổng truy xuất nguồn gốc của tỉnh (truyxuat.laocai.gov.vn)."
    ]
    assert not Lot.objects.exists()


def test_the_service_refuses_a_provincial_record_on_another_site(tea):
    with pytest.raises(ValidationError) as error:
        _lot(*tea, provincial_url="https://example.com/san-pham/123")
    assert error.value.message_dict["provincial_url"]
    assert not Lot.objects.exists()


def test_the_portals_the_province_configures_are_accepted(tea, settings):
    settings.CHOPHIEN_PROVINCIAL_RECORD_HOSTS = ["truyxuat.laocai.gov.vn", "check.vn"]
    lot = _lot(*tea, provincial_url="https://CHECK.vn/lo/ABC-123")
    assert lot.provincial_url == "https://CHECK.vn/lo/ABC-123"
    assert _lot(*tea, lot_number="CHE-2", provincial_url="").provincial_url == ""


def test_the_service_refuses_a_future_date_too(tea):
    # The portal's form asks first; a caller that skips the form meets the same rule.
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _lot(*tea, produced_on=tomorrow)
    assert "tương lai" in " ".join(error.value.message_dict["produced_on"])
    assert not Lot.objects.exists()


def test_the_service_reads_a_date_given_as_text_and_refuses_it_in_the_future(tea):
    # A script or an import passes the ISO text the model field accepts: read, then checked.
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        _lot(*tea, produced_on=tomorrow.isoformat())
    assert "tương lai" in " ".join(error.value.message_dict["produced_on"])
    lot = _lot(*tea, produced_on="2026-03-12")
    assert lot.produced_on == datetime.date(2026, 3, 12)
