"""Editors' image originals are public under /media/original_images/: whichever way they are
uploaded, they are stored without the camera's EXIF (GPS position, phone make and model)."""

import io

import pytest
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_a_temporary_folder")]


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="editor@example.com", password="x")
    client.force_login(user)
    return client


def _phone_photo(size=(400, 300), orientation=1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "PM-A105"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (22.0, 20.0, 10.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (103.0, 50.0, 30.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # has GPS
    return data


def _assert_stored_without_metadata(image) -> None:
    with image.file.open("rb") as stored:
        data = stored.read()
    opened = Image.open(io.BytesIO(data))
    assert not opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert dict(opened.getexif()) == {}
    assert b"PhoneMaker" not in data
    assert image.file.name.startswith("original_images/")
    assert (image.width, image.height) == opened.size
    assert image.file_size == len(data)


def test_the_add_view_stores_the_original_without_gps(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ruộng bậc thang Y Tý",
            "file": SimpleUploadedFile("y-ty.jpg", _phone_photo(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    _assert_stored_without_metadata(get_image_model().objects.get())


def test_the_multiple_upload_stores_the_original_without_gps(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("y-ty.jpg", _phone_photo(), content_type="image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"]
    _assert_stored_without_metadata(get_image_model().objects.get())


def test_an_image_saved_by_code_is_stripped_and_turned_upright():
    from django.core.files.base import ContentFile

    image = get_image_model().objects.create(
        title="Chợ phiên Bắc Hà",
        file=ContentFile(_phone_photo(size=(400, 200), orientation=6), name="bac-ha.jpg"),
    )
    _assert_stored_without_metadata(image)
    assert (image.width, image.height) == (200, 400)  # the phone was held upright


def test_editing_the_title_does_not_store_the_file_again():
    from django.core.files.base import ContentFile

    image = get_image_model().objects.create(
        title="Chợ phiên", file=ContentFile(_phone_photo(), name="cho.jpg")
    )
    name = image.file.name
    image.title = "Chợ phiên Bắc Hà"
    image.save()
    image.refresh_from_db()
    assert image.file.name == name
