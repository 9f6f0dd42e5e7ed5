"""Product import from a spreadsheet: template, dry run, all-or-nothing commit, and every kind
of bad row or bad photo writing nothing."""

import datetime
import io
import os
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from accounts.models import User
from marketplace.catalogue.models import Product, ProductImage
from producers import listing
from producers.models import ProductImport
from producers.product_import import columns, committing, reading
from producers.product_import.template import template_workbook
from producers.services import producer_products_including_unpublished
from tests.factories.marketplace import make_category
from tests.factories.producers import make_producer
from tests.support.images import jpeg_bytes

pytestmark = pytest.mark.django_db


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, format="GIF")
    return buffer.getvalue()


ROW = {
    "title": "Chè Shan Tuyết Tả Phìn – gói 200g",
    "category": "Chè Shan Tuyết",
    "price": 150000,
    "num_in_stock": 30,
    "unit": "gói",
    "weight_grams": 250,
    "description": "Chè búp hái tay.",
    "origin_commune": "Tả Phìn",
    "harvest_season": "tháng 3 – tháng 5",
    "photo": "che.jpg",
}


def _sheet(*rows: dict) -> bytes:
    """The downloaded template, with its example row replaced by `rows`."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = workbook[columns.SHEET_TITLE]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append([row.get(column.key) for column in columns.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def world():
    make_category(name="Chè Shan Tuyết")
    make_category(name="Mật ong rừng")
    producer = make_producer(name="Hợp tác xã Chè Tả Phìn")
    user = User.objects.create_user(email="coop@example.com", password="x" * 12)
    producer.partner.users.add(user)
    client = Client()
    client.force_login(user)
    return producer, user, client


def _check(producer, user, sheet: bytes, photos: bytes | None = None) -> ProductImport:
    return committing.product_import_check(
        producer=producer,
        by=user,
        sheet=SimpleUploadedFile("san-pham.xlsx", sheet),
        photos=SimpleUploadedFile("anh.zip", photos) if photos is not None else None,
    )


def _nothing_written(producer):
    assert not producer_products_including_unpublished(producer=producer).exists()
    assert not ProductImage.objects.exists()


def test_template_has_categories_and_units_as_choices(world):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = workbook[columns.SHEET_TITLE]
    assert [cell.value for cell in sheet[1]] == [c.header for c in columns.COLUMNS]
    lists = workbook["Danh sách"]
    assert [row[0].value for row in lists.iter_rows(max_col=1) if row[0].value] == [
        "Chè Shan Tuyết",
        "Mật ong rừng",
    ]
    units = {row[0].value for row in lists.iter_rows(min_col=2, max_col=2) if row[0].value}
    assert {"kg", "gói", "chai"} <= units
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges["B2"] == "'Danh sách'!$A$1:$A$2"  # category
    assert ranges["E2"].startswith("'Danh sách'!$B$1")  # unit
    assert ranges["C2"] == "0"  # price: whole numbers


def test_portal_downloads_the_template(world):
    response = world[2].get(reverse("portal:product_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(response.content))


def test_dry_run_lists_products_and_writes_none(world):
    producer, user, client = world
    second = {
        **ROW,
        "title": "Mật ong bạc hà – chai 500ml",
        "category": "mật ong rừng",
        "unit": "chai",
        "photo": "",
        "price": "250.000",
    }
    response = client.post(
        reverse("portal:product_import"),
        {
            "sheet": SimpleUploadedFile("san-pham.xlsx", _sheet(ROW, second)),
            "photos": SimpleUploadedFile("anh.zip", _zip({"anh/che.jpg": jpeg_bytes()})),
        },
    )
    checked = ProductImport.objects.get()
    assert response["Location"] == reverse("portal:product_import_result", args=[checked.pk])
    assert checked.status == ProductImport.Status.CHECKED
    page = client.get(response["Location"])
    creates = page.context["report"]["creates"]
    assert [(c["row"], c["title"], c["price"], c["photo"]) for c in creates] == [
        (2, "Chè Shan Tuyết Tả Phìn – gói 200g", 150000, "che.jpg"),
        (3, "Mật ong bạc hà – chai 500ml", 250000, ""),
    ]
    _nothing_written(producer)


def test_commit_creates_all_products_for_review_through_the_portal_service(world):
    producer, user, client = world
    second = {**ROW, "title": "Chè xanh – gói 100g", "photo": "", "unit": ""}
    checked = _check(producer, user, _sheet(ROW, second), _zip({"che.jpg": jpeg_bytes()}))
    response = client.post(reverse("portal:product_import_result", args=[checked.pk]))
    assert response["Location"] == reverse("portal:home")
    products = {p.title: p for p in producer_products_including_unpublished(producer=producer)}
    assert set(products) == {ROW["title"], "Chè xanh – gói 100g"}
    tea = products[ROW["title"]]
    assert (tea.moderation, tea.is_public) == (Product.Moderation.SUBMITTED, False)
    assert (tea.unit, tea.weight_grams, tea.origin_commune) == ("goi", 250, "Tả Phìn")
    assert tea.stockrecords.get().price == 150000
    assert tea.stockrecords.get().num_in_stock == 30
    assert tea.categories.get().name == "Chè Shan Tuyết"
    assert tea.images.count() == 1
    assert products["Chè xanh – gói 100g"].images.count() == 0
    checked.refresh_from_db()
    assert checked.status == ProductImport.Status.DONE
    entry = ModelLogEntry.objects.get(action="producers.product_import")
    assert entry.data["created"] == 2 and entry.user_id == user.pk
    # A second click creates nothing more.
    client.post(reverse("portal:product_import_result", args=[checked.pk]))
    assert producer_products_including_unpublished(producer=producer).count() == 2


def test_commit_is_all_or_nothing(world, monkeypatch):
    producer, user, _client = world
    second = {**ROW, "title": "Chè xanh – gói 100g"}
    checked = _check(producer, user, _sheet(ROW, second), _zip({"che.jpg": jpeg_bytes()}))
    calls, photo_files = [], []

    def add_then_fail(**data):
        calls.append(data["title"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        product = listing.producer_product_add(producer=producer, **data)
        photo_files.extend(image.original.path for image in product.images.all())
        return product

    with pytest.raises(RuntimeError):
        committing.product_import_commit(product_import=checked, by=user, add=add_then_fail)
    assert calls == [ROW["title"], "Chè xanh – gói 100g"]
    # The first product's photo was written before the failure: it goes with its rows.
    assert len(photo_files) == 1
    assert not os.path.exists(photo_files[0])
    assert not producer_products_including_unpublished(producer=producer).exists()
    checked.refresh_from_db()
    assert checked.status == ProductImport.Status.CHECKED


def test_commit_checks_again_and_rejects_if_a_category_went_away(world):
    producer, user, _client = world
    checked = _check(producer, user, _sheet({**ROW, "photo": ""}))
    from marketplace.catalogue.models import Category

    Category.objects.filter(name="Chè Shan Tuyết").update(is_public=False)
    done = committing.product_import_commit(
        product_import=checked,
        by=user,
        add=lambda **data: listing.producer_product_add(producer=producer, **data),
    )
    assert done.status == ProductImport.Status.REJECTED
    assert done.summary["errors"][0]["code"] == "unknown_category"
    _nothing_written(producer)


BAD_ROWS = [
    ({"title": ""}, "required", "“Tên sản phẩm (*)” đang để trống."),
    ({"title": "x" * 256}, "too_long", None),
    ({"price": 150000.5}, "bad_price", None),
    ({"price": "150.000,50"}, "bad_price", None),
    ({"price": "một trăm"}, "bad_price", None),
    ({"price": 0}, "price_range", None),
    ({"price": None}, "required", None),
    ({"num_in_stock": -1}, "negative_number", None),
    ({"num_in_stock": "nhiều"}, "bad_number", None),
    ({"weight_grams": 0}, "negative_number", None),
    ({"category": "Rau rừng"}, "unknown_category", None),
    ({"unit": "thùng"}, "unknown_unit", None),
    ({"photo": "khong-co.jpg"}, "photo_missing", None),
]


@pytest.mark.parametrize(("changes", "code", "message"), BAD_ROWS)
def test_each_bad_row_is_rejected_with_its_number_and_nothing_is_written(
    world, changes, code, message
):
    producer, user, client = world
    good = {**ROW, "title": "Chè xanh – gói 100g"}
    checked = _check(
        producer, user, _sheet(good, {**ROW, **changes}), _zip({"che.jpg": jpeg_bytes()})
    )
    assert checked.status == ProductImport.Status.REJECTED
    [error] = checked.summary["errors"]
    assert (error["row"], error["code"]) == (3, code)
    if message:
        assert error["message"] == message
    page = client.get(reverse("portal:product_import_result", args=[checked.pk]))
    assert page.context["report"]["errors"][0]["row"] == 3
    assert "Tạo các sản phẩm này" not in page.content.decode()
    # Committing a rejected import does nothing.
    client.post(reverse("portal:product_import_result", args=[checked.pk]))
    _nothing_written(producer)


def test_duplicate_titles_reject_both_rows(world):
    producer, user, _client = world
    checked = _check(producer, user, _sheet({**ROW, "photo": ""}, {**ROW, "photo": ""}))
    assert [(e["row"], e["code"]) for e in checked.summary["errors"]] == [
        (2, "duplicate_title"),
        (3, "duplicate_title"),
    ]


def test_photo_named_without_zip_is_rejected(world):
    producer, user, _client = world
    checked = _check(producer, user, _sheet(ROW))
    assert checked.summary["errors"][0]["code"] == "photo_without_zip"
    _nothing_written(producer)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a photo", "not_an_image"),
        (jpeg_bytes()[:300], "corrupt"),
        (_gif(), "unsupported_type"),
    ],
)
def test_photo_failing_the_photo_checks_is_rejected(world, content, reason):
    producer, user, _client = world
    checked = _check(producer, user, _sheet(ROW), _zip({"che.jpg": content}))
    [error] = checked.summary["errors"]
    assert (error["code"], error["reason"]) == ("bad_photo", reason)
    assert error["message"].startswith("Ảnh “che.jpg”: ")
    _nothing_written(producer)


def test_photo_with_too_many_pixels_is_rejected(world):
    producer, user, _client = world
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 megapixels, tiny file
    checked = _check(producer, user, _sheet(ROW), _zip({"che.jpg": buffer.getvalue()}))
    assert checked.summary["errors"][0]["reason"] == "too_many_pixels"


def _zip_bomb() -> bytes:
    return _zip({"che.jpg": b"\x00" * (20 * 1024 * 1024)}, compression=zipfile.ZIP_DEFLATED)


def _traversal() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/che.jpg", jpeg_bytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("photos", "code"),
    [
        (_zip_bomb, "zip_bomb"),
        (_traversal, "zip_unsafe_name"),
        (lambda: _zip({"/tmp/che.jpg": jpeg_bytes()}), "zip_unsafe_name"),
        (lambda: _zip({f"{n}.jpg": b"x" for n in range(301)}), "zip_too_many"),
        (lambda: b"not a zip at all", "zip_not_zip"),
        (lambda: _zip({"a/che.jpg": jpeg_bytes(), "b/CHE.jpg": jpeg_bytes()}), "zip_duplicate"),
    ],
)
def test_bad_zip_is_refused_as_a_whole(world, photos, code):
    producer, user, client = world
    checked = _check(producer, user, _sheet(ROW), photos())
    assert checked.status == ProductImport.Status.REJECTED
    assert checked.summary["file_error"]["code"] == code
    page = client.get(reverse("portal:product_import_result", args=[checked.pk]))
    assert page.context["report"]["file_error"]
    _nothing_written(producer)


@pytest.mark.parametrize(
    ("sheet", "code"),
    [
        (b"", "empty"),
        (b"name,price\nche,1000\n", "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
    ],
)
def test_bad_sheet_is_refused_as_a_whole(world, sheet, code):
    producer, user, _client = world
    checked = _check(producer, user, sheet)
    assert checked.summary["file_error"]["code"] == code
    _nothing_written(producer)


def test_sheet_without_rows_or_columns_is_refused(world):
    producer, user, _client = world
    assert _check(producer, user, _sheet()).summary["file_error"]["code"] == "no_rows"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tên sản phẩm (*)", "Giá bán (đồng) (*)"])
    workbook.active.append(["Chè", 1000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = _check(producer, user, buffer.getvalue()).summary["file_error"]
    assert error["code"] == "missing_column"


def test_other_producers_imports_are_404(world):
    producer, user, _client = world
    checked = _check(producer, user, _sheet({**ROW, "photo": ""}))
    stranger = User.objects.create_user(email="other@example.com", password="x" * 12)
    make_producer(name="Hộ khác").partner.users.add(stranger)
    client = Client()
    client.force_login(stranger)
    url = reverse("portal:product_import_result", args=[checked.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    _nothing_written(producer)


# ---------------------------------------------------------------------------------------------
# A mentor imports for a member's draft shop (mentoring.assisted)


@pytest.fixture
def mentoring_world(admin_units):
    from tests.producers.test_assisted_listing import World, shop_profile

    world = World()
    world.category.name = "Chè Shan Tuyết"
    world.category.save()
    client = world.mentor_client()
    client.post(reverse("mentoring_members:shop_profile", args=[world.mai.pk]), shop_profile())
    world.mai.refresh_from_db()
    return world, client


def test_mentor_imports_products_that_stay_drafts_until_the_member_confirms(mentoring_world):
    world, client = mentoring_world
    producer = world.mai.producer
    template = client.get(reverse("mentoring_members:shop_import_template", args=[world.mai.pk]))
    assert template.status_code == 200
    response = client.post(
        reverse("mentoring_members:shop_import", args=[world.mai.pk]),
        {
            "sheet": SimpleUploadedFile("san-pham.xlsx", _sheet(ROW)),
            "photos": SimpleUploadedFile("anh.zip", _zip({"che.jpg": jpeg_bytes()})),
        },
    )
    checked = ProductImport.objects.get()
    assert (checked.producer, checked.drafted_for.member) == (producer, world.mai)
    assert checked.for_draft
    assert response["Location"] == reverse(
        "mentoring_members:shop_import_result", args=[world.mai.pk, checked.pk]
    )
    _nothing_written(producer)
    client.post(response["Location"])
    product = producer_products_including_unpublished(producer=producer).get()
    assert product.moderation == Product.Moderation.DRAFTED
    assert not product.is_public
    assert ModelLogEntry.objects.filter(
        action="producers.product_draft_for_member", object_id=str(product.pk)
    ).exists()
    entry = ModelLogEntry.objects.get(action="producers.product_import")
    assert entry.data["on_behalf_of_member"] == world.mai.member_number


def test_mentor_of_another_unit_cannot_see_the_import(mentoring_world):
    from django.contrib.auth.models import Group

    from mentoring.models import MemberProductImport, OrgUnitRole

    world, client = mentoring_world
    checked = _check(world.mai.producer, world.mentor, _sheet({**ROW, "photo": ""}))
    checked.for_draft = True
    checked.save()
    MemberProductImport.objects.create(product_import=checked, member=world.mai)
    other = User.objects.create_user(email="other-mentor@example.com", password="x" * 12)
    other.groups.add(Group.objects.get(name="Mentors"))
    OrgUnitRole.objects.create(user=other, org_unit=world.tree["ta_phin"])
    outsider = Client()
    outsider.force_login(other)
    url = reverse("mentoring_members:shop_import_result", args=[world.mai.pk, checked.pk])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url).status_code == 404
    # nor through a member they do see
    url = reverse("mentoring_members:shop_import_result", args=[world.sung.pk, checked.pk])
    assert outsider.get(url).status_code == 404
    _nothing_written(world.mai.producer)


def test_members_portal_does_not_commit_a_mentors_import(mentoring_world):
    """The mentor's import drafts for the member; the member's own portal cannot turn it into
    products that skip the draft step."""
    from mentoring.models import MemberProductImport

    mentoring, _client = mentoring_world
    producer = mentoring.mai.producer
    checked = _check(producer, mentoring.mentor, _sheet({**ROW, "photo": ""}))
    checked.for_draft = True
    checked.save()
    MemberProductImport.objects.create(product_import=checked, member=mentoring.mai)
    member_account = User.objects.create_user(email="mai@example.com", password="x" * 12)
    producer.partner.users.add(member_account)
    client = Client()
    client.force_login(member_account)
    url = reverse("portal:product_import_result", args=[checked.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    _nothing_written(producer)


def test_oversized_upload_is_refused_before_it_is_stored(world, monkeypatch):
    producer, user, client = world
    monkeypatch.setattr(reading, "MAX_ZIP_BYTES", 1024 * 1024)
    response = client.post(
        reverse("portal:product_import"),
        {
            "sheet": SimpleUploadedFile("san-pham.xlsx", _sheet(ROW)),
            "photos": SimpleUploadedFile("anh.zip", b"\0" * (1024 * 1024 + 1)),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        "Tệp lớn hơn 1 MB. Hãy chia thành các tệp nhỏ hơn."
    ]
    assert not ProductImport.objects.exists()


def test_a_worker_stopped_mid_commit_leaves_no_photo_files(world):
    """A worker being shut down (SystemExit, not an Exception) rolls the rows back: its
    photo files go with them."""
    producer, user, _client = world
    second = {**ROW, "title": "Chè xanh – gói 100g"}
    checked = _check(producer, user, _sheet(ROW, second), _zip({"che.jpg": jpeg_bytes()}))
    photo_files = []

    def add_then_stop(**data):
        if photo_files:
            raise SystemExit(0)
        product = listing.producer_product_add(producer=producer, **data)
        photo_files.extend(image.original.path for image in product.images.all())
        return product

    with pytest.raises(SystemExit):
        committing.product_import_commit(product_import=checked, by=user, add=add_then_stop)
    assert len(photo_files) == 1
    assert not os.path.exists(photo_files[0])
    assert not producer_products_including_unpublished(producer=producer).exists()


def test_photos_of_an_import_killed_outright_are_deleted_later(world, settings, tmp_path):
    """A process killed mid-commit runs no cleanup: its transaction rolls back and its photo
    files stay, until delete_orphan_photos finds that no product refers to them."""
    from django.core.management import call_command
    from django.db import transaction

    settings.MEDIA_ROOT = tmp_path
    producer, _user, _client = world
    values = {"title": "Chè xanh", "category": make_category(name="Chè xanh"), "price": 1000}
    kept = listing.producer_product_add(
        producer=producer, **values, num_in_stock=1, photo=_photo_upload()
    )
    with transaction.atomic():  # the commit of the killed process: its rows never land
        lost = listing.producer_product_add(
            producer=producer,
            **{**values, "title": "Mật ong"},
            num_in_stock=1,
            photo=_photo_upload(),
        )
        orphan = lost.images.get().original.path
        transaction.set_rollback(True)
    recent = tmp_path / "images" / "products" / "recent.jpg"  # an import still running
    recent.write_bytes(jpeg_bytes())
    long_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for path in (orphan, kept.images.get().original.path):
        os.utime(path, (long_ago, long_ago))
    assert os.path.exists(orphan)

    output = io.StringIO()
    call_command("delete_orphan_photos", "--hours", "24", stdout=output)
    assert not os.path.exists(orphan)
    assert os.path.exists(kept.images.get().original.path)
    assert recent.exists()
    assert "1 orphan photo files deleted." in output.getvalue()


def _photo_upload():
    from django.core.files.base import ContentFile

    return ContentFile(jpeg_bytes(), name="photo.jpg")
