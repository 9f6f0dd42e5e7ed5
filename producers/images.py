"""Phone photos from producers: checked, turned upright, shrunk and stripped of metadata.

Producers upload straight from cheap phones, so a photo can be a 12 MB HEIC with GPS in its EXIF.
We store only a re-encoded copy: small enough for slow connections, and carrying nothing about
where or on which phone it was taken.
"""

import io
from dataclasses import dataclass
from typing import IO

import pillow_heif
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# iPhones and many Android phones save HEIC by default; Pillow reads it only through this plugin.
pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
STORED_MAX_SIDE = 1600  # px, longest side after normalising
JPEG_QUALITY = 85

# Pillow's format names, detected from the file's content.
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "HEIF"})
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif"

MESSAGES = {
    "not_an_image": _("This file is not a photo. Choose a JPEG, PNG, WebP or HEIC picture."),
    "unsupported_type": _(
        "Photos in this format are not accepted. Choose a JPEG, PNG, WebP or HEIC picture."
    ),
    "too_large": _("This photo is larger than 15 MB. Choose a smaller one."),
    "too_many_pixels": _(
        "This photo has too many pixels (more than 40 megapixels). Choose a smaller one."
    ),
    "corrupt": _("This photo is damaged or incomplete. Take it again or choose another one."),
}

# Decoding errors Pillow and pillow_heif raise for damaged data.
DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, RuntimeError)


@dataclass(frozen=True)
class NormalisedPhoto:
    content: bytes  # the re-encoded image
    extension: str  # "jpg", or "png" when the photo really uses transparency
    width: int
    height: int


def _invalid(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


def _stored_size(
    width: int, height: int, max_side: int | None = STORED_MAX_SIDE
) -> tuple[int, int]:
    if max_side is None:
        return width, height
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _uses_transparency(image: Image.Image) -> bool:
    # Many PNGs carry an alpha channel that is opaque everywhere; those are stored as JPEG.
    if not image.has_transparency_data:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def photo_normalise(
    uploaded: UploadedFile | IO[bytes], *, max_side: int | None = STORED_MAX_SIDE
) -> NormalisedPhoto:
    """Validate and normalise one phone photo, or raise ValidationError with a code.

    The type comes from the content, never from the file name or the browser's content type.
    `max_side` None keeps every pixel (the CMS's originals, cms.images): only the metadata goes.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # A global some other code may set; it would let half-uploaded photos through as grey.
        raise ImproperlyConfigured("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False.")

    if uploaded.seekable():
        uploaded.seek(0)  # a form field or validator may already have read it
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _invalid("too_large")

    try:
        # Reads only the header: nothing is decoded yet.
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise _invalid("not_an_image") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit is far above ours; it fires on headers claiming gigantic sizes.
        raise _invalid("too_many_pixels") from None
    except DECODING_ERRORS:
        # A known format whose header is cut short or broken ("Truncated File Read").
        raise _invalid("corrupt") from None

    with image:
        if image.format not in ACCEPTED_FORMATS:
            raise _invalid("unsupported_type")
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _invalid("too_many_pixels")

        # Lets JPEG decode at 1/2, 1/4 or 1/8 scale when that is still large enough: less memory.
        image.draft(None, _stored_size(width, height, max_side))
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except DECODING_ERRORS:
            raise _invalid("corrupt") from None
        source_mode = image.mode
        icc_profile = image.info.get("icc_profile")

    if _uses_transparency(upright):
        photo, extension = upright.convert("RGBA"), "png"
        save_options = {"format": "PNG", "optimize": True}
    else:
        photo, extension = upright.convert("RGB"), "jpg"
        save_options = {
            "format": "JPEG",
            "quality": JPEG_QUALITY,
            "optimize": True,
            "progressive": True,
        }
    if max_side is not None:
        photo.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    # Savers copy some metadata (comments, text chunks) from info: start from nothing. The colour
    # profile is kept for RGB sources (phones shoot Display P3) as it says nothing about the owner;
    # for other modes it would describe the wrong colour space after conversion.
    photo.info.clear()
    if icc_profile and source_mode in ("RGB", "RGBA"):
        save_options["icc_profile"] = icc_profile

    output = io.BytesIO()
    photo.save(output, **save_options)  # never exif=: the location and phone stay behind
    return NormalisedPhoto(
        content=output.getvalue(), extension=extension, width=photo.width, height=photo.height
    )


class PhotoFormField(forms.FileField):
    """A photo upload that cleans to a ContentFile of the normalised photo, never the original."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        photo = photo_normalise(upload)
        # The phone's file name is not kept: it can carry the date or the owner's name.
        return ContentFile(photo.content, name=f"photo.{photo.extension}")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs
