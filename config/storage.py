"""Storage classes for S3-compatible buckets (config.switches.storage_settings)."""

from django.conf import settings
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    """The public media bucket. sorl-thumbnail (Oscar's thumbnails) makes its storage from the
    class name alone, with no options, so the options of STORAGES["default"] are the defaults."""

    def __init__(self, **options):
        super().__init__(**{**settings.STORAGES["default"].get("OPTIONS", {}), **options})
