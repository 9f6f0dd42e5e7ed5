"""Phone photos are checked by content, turned upright, shrunk and stripped of metadata."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from producers.images import (
    MAX_UPLOAD_BYTES,
    MESSAGES,
    STORED_MAX_SIDE,
    PhotoFormField,
    photo_normalise,
)


def _image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", color=(200, 60, 30), **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def _upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _rejection_code(data, name="photo.jpg"):
    with pytest.raises(ValidationError) as caught:
        photo_normalise(_upload(data, name=name))
    return caught.value.code


def _png_claiming_size(width, height):
    """A 1×1 PNG whose header claims another size: decoding it could only fail."""
    png = bytearray(_image_bytes("PNG", size=(1, 1), mode="L", color=0))
    ihdr = 8  # the IHDR chunk follows the 8-byte signature
    png[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(png[ihdr + 4 : ihdr + 8 + 13]))
    png[ihdr + 8 + 13 : ihdr + 8 + 17] = struct.pack(">I", crc)
    return bytes(png)


def _opened(content):
    return Image.open(io.BytesIO(content))


class PhotoForm(forms.Form):
    photo = PhotoFormField()


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("HEIF", "a.heic")],
)
def test_accepted_formats_come_out_as_jpeg(fmt, name):
    photo = photo_normalise(_upload(_image_bytes(fmt, size=(320, 240)), name=name))

    assert photo.extension == "jpg"
    assert _opened(photo.content).format == "JPEG"
    assert (photo.width, photo.height) == (320, 240)


def test_large_photo_is_downscaled_keeping_its_aspect():
    photo = photo_normalise(_upload(_image_bytes(size=(4000, 3000))))

    assert (photo.width, photo.height) == (STORED_MAX_SIDE, 1200)
    assert _opened(photo.content).size == (STORED_MAX_SIDE, 1200)


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the phone was held upright: rotate 90°
    photo = photo_normalise(_upload(_image_bytes(size=(400, 200), exif=exif)))

    assert (photo.width, photo.height) == (200, 400)


def test_gps_and_other_exif_are_removed():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (22.0, 20.0, 10.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (103.0, 50.0, 30.0),
    }
    source = _image_bytes(exif=exif, comment=b"owner: Nguyen Van A")
    assert _opened(source).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test input has GPS

    photo = photo_normalise(_upload(source))

    assert dict(_opened(photo.content).getexif()) == {}
    assert b"Exif" not in photo.content
    assert b"PhoneMaker" not in photo.content
    assert b"Nguyen" not in photo.content


def test_transparent_png_stays_png_with_its_transparency():
    photo = photo_normalise(
        _upload(_image_bytes("PNG", mode="RGBA", color=(0, 128, 0, 0)), name="logo.png")
    )

    assert photo.extension == "png"
    assert _opened(photo.content).getchannel("A").getextrema() == (0, 0)


def test_opaque_png_with_alpha_channel_becomes_jpeg():
    photo = photo_normalise(_upload(_image_bytes("PNG", mode="RGBA", color=(0, 128, 0, 255))))

    assert photo.extension == "jpg"


def test_text_file_named_jpg_is_not_an_image():
    assert _rejection_code(b"Dear buyer, my honey is ready.\n" * 10) == "not_an_image"


def test_pdf_named_jpg_is_not_an_image():
    assert _rejection_code(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") == "not_an_image"


def test_gif_is_an_unsupported_type():
    assert _rejection_code(_image_bytes("GIF"), name="photo.gif") == "unsupported_type"


def test_bmp_is_an_unsupported_type_even_when_named_jpg():
    assert _rejection_code(_image_bytes("BMP")) == "unsupported_type"


def test_truncated_jpeg_is_corrupt():
    # Noise, so the pixel data (not the header) makes up most of the file.
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(buffer, format="JPEG")
    whole = buffer.getvalue()

    assert _rejection_code(whole[: len(whole) // 2]) == "corrupt"


def test_photo_with_more_than_40_megapixels_is_rejected_before_decoding():
    # The file holds one pixel: had it been decoded, it would have failed as "corrupt".
    assert _rejection_code(_png_claiming_size(8_000, 6_000)) == "too_many_pixels"


def test_header_beyond_pillows_own_bomb_limit_is_too_many_pixels():
    assert _rejection_code(_png_claiming_size(50_000, 50_000)) == "too_many_pixels"


def test_file_over_15_mb_is_too_large():
    assert _rejection_code(b"\xff" * (MAX_UPLOAD_BYTES + 1)) == "too_large"


def test_at_most_15_mb_and_a_byte_are_read():
    stream = io.BytesIO(b"\xff" * (MAX_UPLOAD_BYTES + 100))
    with pytest.raises(ValidationError):
        photo_normalise(stream)

    assert stream.tell() == MAX_UPLOAD_BYTES + 1


def test_lenient_loading_of_truncated_images_is_refused(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    with pytest.raises(ImproperlyConfigured):
        photo_normalise(io.BytesIO(_image_bytes()))


def test_rejections_carry_the_friendly_message():
    with pytest.raises(ValidationError) as caught:
        photo_normalise(io.BytesIO(b"not a photo"))

    assert caught.value.messages == [str(MESSAGES["not_an_image"])]


def test_form_rejects_a_bad_file_with_the_message():
    form = PhotoForm(files={"photo": _upload(b"%PDF-1.7\n")})

    assert not form.is_valid()
    assert form.errors["photo"] == [str(MESSAGES["not_an_image"])]


def test_form_cleans_to_the_normalised_photo_without_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    form = PhotoForm(files={"photo": _upload(_image_bytes("HEIF", exif=exif), name="IMG_1.HEIC")})

    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["photo"]
    assert isinstance(cleaned, ContentFile)
    assert cleaned.name.endswith(".jpg")
    content = cleaned.read()
    assert _opened(content).format == "JPEG"
    assert dict(_opened(content).getexif()) == {}


def test_form_widget_offers_only_accepted_types():
    assert 'accept="image/jpeg,image/png,image/webp,image/heic,image/heif"' in str(PhotoForm())
