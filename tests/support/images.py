"""Photos for tests: real JPEGs (Pillow), small and quick to make."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(size=(640, 480), colour=(230, 170, 40)) -> bytes:
    """A plain JPEG of `size`, as a phone's photo would arrive once read."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def jpeg_upload(name="mat-ong.jpg", size=(640, 480), colour=(230, 170, 40)) -> SimpleUploadedFile:
    """The same JPEG as a file sent with a form."""
    return SimpleUploadedFile(name, jpeg_bytes(size, colour), content_type="image/jpeg")
