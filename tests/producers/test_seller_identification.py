"""Seller identification (producers.identification): who sells is confirmed before a product
goes on sale; the documents are private, seen only by reviewing staff, and deleted after the
period the settings keep them; the public page says only "identified", with the date."""

import datetime
import io
import json
import zlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from accounts.models import User
from core.storage import private_storage
from marketplace.catalogue.models import Product
from producers import identification, listing, services
from producers.citizen_ids import citizen_id_validate
from producers.forms import IdentityForm
from producers.models import IdentityDocument, Producer, SellerIdentity
from producers.product_import import committing
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import TEST_CITIZEN_ID, make_producer
from tests.support.images import jpeg_bytes, jpeg_upload
from tests.trace.test_product_import import ROW, _sheet

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


# --- The citizen ID number and the tax code ---


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("01009500012", "cccd_length"),  # 11 digits
        ("0100950001234", "cccd_length"),  # 13
        ("01009500012a", "cccd_length"),
        ("003095000123", "cccd_province"),  # a gap in the list
        ("097095000123", "cccd_province"),  # after Cà Mau (096)
        ("010495000123", "cccd_century"),  # born in the 22nd century
        ("010912000123", "cccd_century"),
        ("010212000123", "cccd_too_young"),  # born 2012: 14
        ("010020000123", "cccd_too_old"),  # born 1920: 106
    ],
)
def test_impossible_citizen_id_numbers_are_refused(value, code):
    with pytest.raises(ValidationError) as error:
        citizen_id_validate(value, today=TODAY)
    assert error.value.code == code


def test_possible_citizen_id_numbers_pass():
    for value in ("010095000123", "001310000001", "096 1 95 000001", "011205000001"):
        citizen_id_validate(value, today=TODAY)


def _form(holder, **data):
    files = {
        "id_front": jpeg_upload("a.jpg"),
        "id_back": jpeg_upload("b.jpg"),
        "vneid": jpeg_upload("c.jpg"),
        "registration": jpeg_upload("d.jpg"),
    }
    return IdentityForm(data, files, holder=holder)


def test_form_says_what_is_wrong_in_vietnamese():
    with translation.override("vi"):
        form = _form("person", full_name="Lò Thị Mai", citizen_id="0100950001", vneid_level2="on")
        assert not form.is_valid()
        assert "12 chữ số" in form.errors["citizen_id"][0]
        form = _form(
            "organisation",
            full_name="Vàng Seo Dín",
            citizen_id=TEST_CITIZEN_ID,
            registration_number="5301000123",
            tax_code="0101243151",  # the right check digit is 0
        )
        assert not form.is_valid()
        assert "mã số thuế" in form.errors["tax_code"][0].lower()
        assert "citizen_id" not in form.errors


# --- Documents: the upload rules, and who may open them ---


def _pdf(body: bytes = b"") -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + body + b"\n%%EOF"


def test_documents_must_be_a_photo_or_a_plain_pdf():
    accepted, content_type = identification.identity_document_accept(io.BytesIO(_pdf()))
    assert content_type == "application/pdf"
    with pytest.raises(ValidationError) as error:
        identification.identity_document_accept(io.BytesIO(b"<script>alert(1)</script>"))
    assert error.value.code == "not_image_or_pdf"
    with pytest.raises(ValidationError) as error:
        identification.identity_document_accept(
            io.BytesIO(_pdf(b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"))
        )
    assert error.value.code == "pdf_active"
    hidden = zlib.compress(b"<< /OpenAction << /S /JavaScript >> >>")
    with pytest.raises(ValidationError) as error:
        identification.identity_document_accept(
            io.BytesIO(_pdf(b"3 0 obj << /Filter /FlateDecode >> stream\n" + hidden + b"endstream"))
        )
    assert error.value.code == "pdf_active"


def _owner(producer, email="owner@example.com"):
    user = User.objects.create_user(email=email, password="x")
    producer.partner.users.add(user)
    return user


def _reviewer(email="staff@example.com"):
    user = User.objects.create_user(email=email, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Producer moderators"))
    return User.objects.get(pk=user.pk)


def _documents(*kinds):
    return {kind: (ContentFile(jpeg_bytes(), name="document.jpg"), "image/jpeg") for kind in kinds}


def _submit(producer, user, **extra):
    return identification.identity_submit(
        producer=producer,
        by=user,
        full_name="Lý Thị Dung",
        citizen_id=TEST_CITIZEN_ID,
        registration_number="5301000123",
        tax_code="0101243150",
        documents=_documents("id_front", "id_back", "registration"),
        **extra,
    )


def test_identity_documents_are_404_to_everyone_but_reviewing_staff():
    producer = make_producer(identified=False)
    owner = _owner(producer)
    identity = _submit(producer, owner)
    document = identity.documents.first()
    url = reverse("producers:identity_document", kwargs={"pk": document.pk})
    editor = User.objects.create_user(email="editor@example.com", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    for user in (None, owner, editor):
        client = Client()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404
    client = Client()
    client.force_login(_reviewer())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    # Kept in the storage no URL serves.
    assert document.file.storage is private_storage()


@override_settings(CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS=30)
def test_documents_are_deleted_after_the_period_kept_and_it_is_recorded():
    old, recent = make_producer(name="HTX Cũ", identified=False), make_producer(identified=False)
    reviewer = _reviewer()
    old_identity = _submit(old, _owner(old, "a@example.com"))
    recent_identity = _submit(recent, _owner(recent, "b@example.com"))
    identification.identity_approve(identity=old_identity, by=reviewer)
    identification.identity_approve(identity=recent_identity, by=reviewer)
    SellerIdentity.objects.filter(pk=old_identity.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=31)
    )
    names = [document.file.name for document in old_identity.documents.all()]

    assert identification.identity_documents_purge() == 3
    assert identification.identity_documents_purge() == 0  # safe to repeat

    assert not any(private_storage().exists(name) for name in names)
    assert not IdentityDocument.objects.filter(identity=old_identity).exists()
    assert IdentityDocument.objects.filter(identity=recent_identity).count() == 3
    old_identity.refresh_from_db()
    assert old_identity.documents_deleted_at is not None
    assert old_identity.status == SellerIdentity.Status.APPROVED  # the numbers stay on record
    assert ModelLogEntry.objects.filter(
        object_id=str(old.pk), action="producers.identity_documents_deleted"
    ).exists()


# --- The rule: nothing goes on sale before identification ---


def test_product_approval_waits_for_identification_then_goes_on_sale():
    """The portal's product form, the spreadsheet import and a mentor's assisted listing all
    submit products through producer_product_add; staff approval is where they go on sale."""
    producer = make_producer(identified=False)
    owner, reviewer = _owner(producer), _reviewer()
    product = listing.producer_product_add(
        producer=producer,
        title="Mật ong rừng – chai 500ml",
        category=make_category(),
        price=Decimal(250000),
        num_in_stock=10,
    )
    listing.product_approve(product=product, by=reviewer)
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.APPROVED
    assert not product.is_public

    identity = _submit(producer, owner)
    identification.identity_approve(identity=identity, by=reviewer)
    product.refresh_from_db()
    assert product.is_public
    assert ModelLogEntry.objects.filter(
        object_id=str(producer.pk), action="producers.identity_approve", user=reviewer
    ).exists()


def test_imported_products_do_not_go_on_sale_before_identification():
    make_category(name="Chè Shan Tuyết")
    producer = make_producer(identified=False)
    owner = _owner(producer)
    checked = committing.product_import_check(
        producer=producer,
        by=owner,
        sheet=SimpleUploadedFile("san-pham.xlsx", _sheet({**ROW, "photo": None})),
    )
    committing.product_import_commit(
        product_import=checked,
        by=owner,
        add=lambda **data: listing.producer_product_add(producer=producer, **data),
    )
    product = Product.objects.get(stockrecords__partner=producer.partner)
    listing.product_approve(product=product, by=_reviewer())
    product.refresh_from_db()
    assert not product.is_public


def test_approving_an_unidentified_producer_puts_nothing_on_sale():
    producer = make_producer(status=Producer.Status.SUBMITTED, identified=False)
    product = make_product(partner=producer.partner, title="Chè búp")
    Product.objects.filter(pk=product.pk).update(
        moderation=Product.Moderation.SUBMITTED, is_public=False
    )
    services.producer_approve(producer=producer, by=_reviewer())
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.APPROVED and not product.is_public


def test_staff_review_form_says_the_product_waits_for_identification():
    producer = make_producer(identified=False)
    product = listing.producer_product_add(
        producer=producer,
        title="Gạo Séng Cù",
        category=make_category(),
        price=Decimal(40000),
        num_in_stock=10,
    )
    client = Client()
    client.force_login(_reviewer())
    response = client.post(
        reverse("product_review:review", kwargs={"pk": product.pk}),
        {"decision": "approve"},
        follow=True,
    )
    assert "chưa được xác minh danh tính" in response.content.decode()
    product.refresh_from_db()
    assert not product.is_public


def test_producers_already_selling_keep_their_products_and_are_listed_for_staff():
    grandfathered = make_producer(name="HTX Đã Bán", identified=False)
    product = make_product(partner=grandfathered.partner, title="Chè cũ")
    make_producer(name="HTX Đã Xác Minh")
    client = Client()
    client.force_login(_reviewer())
    html = client.get(
        reverse("producers_admin:index"), {"identification_missing": "true"}
    ).content.decode()
    assert "HTX Đã Bán" in html and "HTX Đã Xác Minh" not in html
    product.refresh_from_db()
    assert product.is_public
    # Its portal asks the owner to identify, with a link to the step.
    owner = Client()
    owner.force_login(_owner(grandfathered))
    home = owner.get(reverse("portal:home")).content.decode()
    assert reverse("portal:identity") in home
    assert "xác nhận người bán" in home.lower()


# --- The portal step and the staff queue, over HTTP ---


def test_producer_sends_identification_from_the_portal_and_staff_decide():
    producer = make_producer(identified=False)
    phone = Client()
    phone.force_login(_owner(producer))
    response = phone.post(
        reverse("portal:identity"),
        {
            "full_name": "Vàng  Seo Dín",
            "citizen_id": "010 095 000 123",
            "registration_number": "5301000123",
            "tax_code": "0101243150",
            "id_front": jpeg_upload("truoc.jpg"),
            "id_back": jpeg_upload("sau.jpg"),
            "registration": SimpleUploadedFile("dkkd.pdf", _pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    identity = SellerIdentity.objects.get(producer=producer)
    assert identity.status == SellerIdentity.Status.SUBMITTED
    assert identity.citizen_id == TEST_CITIZEN_ID and identity.full_name == "Vàng Seo Dín"
    assert "đang chờ cán bộ kiểm tra" in phone.get(reverse("portal:identity")).content.decode()

    staff = Client()
    staff.force_login(_reviewer())
    queue = staff.get(reverse("seller_identity:index"), {"status": "submitted"})
    assert producer.name in queue.content.decode()
    review = reverse("seller_identity:review", kwargs={"pk": identity.pk})
    assert TEST_CITIZEN_ID in staff.get(review).content.decode()
    response = staff.post(review, {"decision": "refuse", "reason": "Ảnh mặt sau bị mờ."})
    assert response.status_code == 302
    page = phone.get(reverse("portal:identity")).content.decode()
    assert "Ảnh mặt sau bị mờ." in page


def test_public_page_shows_identified_with_the_date_never_the_number():
    producer = make_producer(identified=False)
    url = producer.get_absolute_url()
    assert "Đã xác minh danh tính người bán" not in Client().get(url).content.decode()
    identity = _submit(producer, _owner(producer))
    identification.identity_approve(identity=identity, by=_reviewer())
    html = Client().get(url).content.decode()
    day = timezone.localdate(SellerIdentity.objects.get(pk=identity.pk).decided_at)
    assert f"Đã xác minh danh tính người bán ({day:%d/%m/%Y})" in html
    assert TEST_CITIZEN_ID not in html and "Lý Thị Dung" not in html
    assert "0101243150" not in html and "5301000123" not in html


# --- The national service: an adapter behind one interface, tried with the stand-in ---


@pytest.fixture
def standin(tmp_path, settings):
    path = tmp_path / "vneid.json"
    path.write_text(
        json.dumps(
            [
                {"citizen_id": TEST_CITIZEN_ID, "full_name": "LÝ THỊ DUNG", "level": 2},
                {"citizen_id": "010195000777", "full_name": "Lò Văn Páo", "level": 1},
            ]
        ),
        encoding="utf-8",
    )
    settings.CHOPHIEN_IDENTITY_VERIFIER = "producers.identification.StandInNationalVerifier"
    settings.CHOPHIEN_IDENTITY_STANDIN_FILE = str(path)


def test_stand_in_national_service_confirms_refuses_or_leaves_it_to_staff(standin):
    verifier = identification.identity_verifier()
    assert isinstance(verifier, identification.IdentityVerifier)
    confirmed = make_producer(name="HTX A", identified=False)
    identity = _submit(confirmed, _owner(confirmed, "a@example.com"))
    assert identity.status == SellerIdentity.Status.APPROVED
    assert identity.method == SellerIdentity.Method.NATIONAL_SERVICE

    level_one = make_producer(name="HTX B", identified=False)
    identity = identification.identity_submit(
        producer=level_one,
        by=_owner(level_one, "b@example.com"),
        full_name="Lò Văn Páo",
        citizen_id="010195000777",
        registration_number="5301000124",
        tax_code="0101243150",
        documents=_documents("id_front", "id_back", "registration"),
    )
    assert identity.status == SellerIdentity.Status.REFUSED and identity.reason

    unknown = make_producer(name="HTX C", identified=False)
    identity = identification.identity_submit(
        producer=unknown,
        by=_owner(unknown, "c@example.com"),
        full_name="Giàng A Lử",
        citizen_id="010095000999",
        registration_number="5301000125",
        tax_code="0101243150",
        documents=_documents("id_front", "id_back", "registration"),
    )
    assert identity.status == SellerIdentity.Status.SUBMITTED  # staff decide


def test_manual_verifier_leaves_every_identification_to_staff():
    producer = make_producer(identified=False)
    identity = _submit(producer, _owner(producer))
    assert identity.status == SellerIdentity.Status.SUBMITTED
    assert identification.ManualVerifier().verify(identity).confirmed is None


def test_a_household_needs_its_vneid_level_two_and_the_screenshot():
    producer = make_producer(identified=False)
    Producer.objects.filter(pk=producer.pk).update(kind=Producer.Kind.HOUSEHOLD)
    producer.refresh_from_db()
    owner = _owner(producer)
    details = {"full_name": "Lò Thị Mai", "citizen_id": "010195000456"}
    with pytest.raises(ValidationError) as error:
        identification.identity_submit(
            producer=producer,
            by=owner,
            vneid_level2=True,
            documents=_documents("id_front", "id_back"),
            **details,
        )
    assert "vneid" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        identification.identity_submit(
            producer=producer,
            by=owner,
            vneid_level2=False,
            documents=_documents("id_front", "id_back", "vneid"),
            **details,
        )
    assert "vneid_level2" in error.value.error_dict
    identity = identification.identity_submit(
        producer=producer,
        by=owner,
        vneid_level2=True,
        documents=_documents("id_front", "id_back", "vneid"),
        **details,
    )
    assert identity.holder == SellerIdentity.Holder.PERSON
    assert identity.registration_number == identity.tax_code == ""
    # Someone else's account cannot send it for this producer.
    stranger = User.objects.create_user(email="x@example.com", password="x")
    with pytest.raises(PermissionDenied):
        identification.identity_submit(
            producer=producer,
            by=stranger,
            vneid_level2=True,
            documents=_documents("id_front", "id_back", "vneid"),
            **details,
        )
