"""Readable ASCII slugs for Vietnamese names: "Đặc sản" → "dac-san".

Django's and Oscar's slugify drop letters that Unicode cannot decompose (đ, Đ), giving
"u0110ac-san"; anyascii (installed with Wagtail) transliterates every letter first.
"""

from anyascii import anyascii
from django.utils.text import slugify


def ascii_slugify(value: str, allow_unicode: bool = False) -> str:
    return slugify(anyascii(str(value)))
