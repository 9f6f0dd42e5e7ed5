"""Fuzzed product photos: random bytes and damaged real pictures end as a clean validation
error (or a normalised photo), never an exception, and nothing is stored outside MEDIA_ROOT."""

import io
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from marketplace.catalogue.models import ProductImage
from producers.images import MESSAGES, PhotoFormField
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer
from tests.producers.test_products import _form, _owner_client

FUZZ = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _picture(fmt: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, (40, 30), (200, 60, 30) if mode == "RGB" else (200, 60, 30, 128))
    image.save(buffer, format=fmt)
    return buffer.getvalue()


REAL = {
    "jpeg": _picture("JPEG"),
    "png": _picture("PNG", "RGBA"),
    "webp": _picture("WEBP"),
}


@st.composite
def damaged_pictures(draw):
    """A real JPEG, PNG or WebP with some bytes changed, cut short, or with bytes inserted."""
    data = bytearray(REAL[draw(st.sampled_from(sorted(REAL)))])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        how = draw(st.sampled_from(["flip", "cut", "insert"]))
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if how == "flip":
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif how == "cut":
            del data[at:]
            if not data:
                break
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


FILE_NAMES = st.one_of(
    st.sampled_from(["a.jpg", "../../../etc/x.jpg", "/tmp/abs.png", "..\\..\\y.webp", "a"]),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"),
        min_size=1,
        max_size=40,
    ),
)


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    """Django refuses, before any view, a name with nothing left after its folders ("/")."""
    try:
        return SimpleUploadedFile(name[:100], data, content_type="image/jpeg")
    except SuspiciousFileOperation:
        return SimpleUploadedFile("a", data, content_type="image/jpeg")


class PhotoForm(forms.Form):
    photo = PhotoFormField()


def _clean(data: bytes, name: str = "a.jpg"):
    """The form's answer: a normalised photo, or errors worded from the photo messages."""
    form = PhotoForm(files={"photo": _upload(name, data)})
    if form.is_valid():
        photo = form.cleaned_data["photo"]
        assert isinstance(photo, ContentFile) and photo.name in {"photo.jpg", "photo.png"}
        Image.open(io.BytesIO(photo.read())).verify()  # what is kept is a sound picture
        return photo
    messages = {str(message) for message in MESSAGES.values()}
    assert set(form.errors["photo"]) <= messages | {
        str(forms.FileField.default_error_messages["empty"])
    }
    return None


@FUZZ
@given(data=st.binary(min_size=1, max_size=4096))
def test_random_bytes_are_refused_cleanly(data):
    _clean(data)


@FUZZ
@given(data=damaged_pictures())
def test_damaged_pictures_are_refused_or_normalised(data):
    _clean(data)


@FUZZ
@given(data=st.binary(max_size=64), name=FILE_NAMES)
def test_random_bytes_behind_real_image_signatures(data, name):
    for signature in (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"\x89PNG\r\n\x1a\n",
        b"RIFF\0\0\0\0WEBP",
    ):
        _clean(signature + data, name)


def test_validation_error_is_what_the_field_raises():
    with pytest.raises(ValidationError) as caught:
        PhotoFormField().clean(SimpleUploadedFile("a.jpg", b"not a picture"))
    assert caught.value.code == "not_an_image"


# --- through the producer portal: no 500, and files only inside MEDIA_ROOT -----------------


@pytest.fixture
def category():
    return make_category(name="Chè Shan Tuyết")


@pytest.fixture
def approved_product(category):
    producer = make_producer()
    product = make_product(partner=producer.partner, title="Chè Shan Tuyết", category=category)
    return producer, product


def _files_outside(media_root: Path, watched: Path) -> set[Path]:
    return {
        path
        for path in watched.rglob("*")
        if path.is_file() and not path.resolve().is_relative_to(media_root.resolve())
    }


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(damaged_pictures(), st.binary(min_size=1, max_size=512)), name=FILE_NAMES)
def test_the_portal_answers_a_damaged_photo_with_the_form_again(
    client, settings, tmp_path_factory, category, approved_product, data, name
):
    producer, product = approved_product
    watched = tmp_path_factory.getbasetemp()
    settings.MEDIA_ROOT = watched / "media"
    if not hasattr(client, "_fuzz_owner"):
        client._fuzz_owner = _owner_client(client, producer)
    before_outside = _files_outside(Path(settings.MEDIA_ROOT), watched)
    images_before = set(product.images.values_list("pk", flat=True))

    upload = _upload(name, data)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    response = client.post(url, {**_form(category), "photo": upload})

    assert response.status_code in {200, 302}
    new = ProductImage.objects.filter(product=product).exclude(pk__in=images_before)
    if response.status_code == 200:  # the form again, with its error
        assert not new.exists()
    for image in new:
        stored = Path(image.original.path).resolve()
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert stored.name.startswith("photo")  # the uploaded name is never used
        image.delete()
    assert _files_outside(Path(settings.MEDIA_ROOT), watched) == before_outside


@pytest.mark.parametrize(
    "data", [b"\xff\xd8\xff\xe0\x00\x10", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\x89PNG\r\n\x1a\n"]
)
def test_a_picture_cut_inside_its_header_is_damaged(data):
    """Found by the fuzzing above: Pillow fails while reading such a header ("Truncated File
    Read"), before any decoding; the upload was a server error."""
    with pytest.raises(ValidationError) as caught:
        PhotoFormField().clean(SimpleUploadedFile("a.jpg", data))
    assert caught.value.code in {"corrupt", "not_an_image"}
