"""sorl-thumbnail's backend (settings.THUMBNAIL_BACKEND), making each thumbnail once even when
many requests ask for it at the same moment.

sorl's own backend (sorl.thumbnail.base.ThumbnailBackend, 12.11) looks the thumbnail up in its
key-value store and, on a miss, checks that the file exists, writes it and records it, with
nothing held in between. On a fresh site, eight clients opening /search/ at once asked for
every card's thumbnail together, and three got a 500:

- one request saw the file another was still writing (FileSystemStorage creates it, then
  writes it chunk by chunk), took it as made, and read its size from the half-written file:
  PIL.UnidentifiedImageError;
- the cached_db key-value store caches a miss: a request that missed the photo's entry just
  before another recorded it put "missing" back in the cache over the new entry, and the other
  request's next step ("record this thumbnail of that photo") failed with sorl's "Cannot add
  thumbnails for source ... that is not in kvstore".

Here a request that misses takes a lock named after the thumbnail, looks again (the first
request may have made it meanwhile) and only then makes it; the photo's entries are written
under a second lock named after the photo, since the photo's other sizes (a card asks for
200, 400 and 600 px) are made under other thumbnail locks at the same time. Locks are always
taken thumbnail first, then photo, so no two requests can each wait for the other.

A lookup that hits (every request once the thumbnail exists) takes no lock.

Nobody reads a thumbnail's file before its key-value entry exists, and sorl writes that entry
only after the storage's save has returned (the whole file written and closed); under the lock,
a later request sees the file only once it is complete. So the file itself need not be written
atomically (FileSystemStorage cannot cheaply: it writes in place; S3 makes an object visible
only once it is whole).

The locks are files (filelock), so they hold for every thread and every process of one
machine (gunicorn's workers, runserver's threads). Several app servers sharing an S3 bucket do
not share these locks: two servers may each make the same thumbnail once. That is still
correct, only wasted work: each writes a whole object (S3 never shows a partial one) and
records it in the shared database; with file_overwrite off, the later save gets a name of its
own (the storage adds a suffix) and its entry points at that complete file, so at worst one
orphan thumbnail is left in the bucket. The photo's entry may also be read as missing there
(the other server's cached miss, in the shared Redis): it is then written again (_make).
"""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from filelock import FileLock, Timeout
from PIL import Image
from sorl.thumbnail import default
from sorl.thumbnail.base import ThumbnailBackend
from sorl.thumbnail.conf import defaults as sorl_defaults
from sorl.thumbnail.conf import settings as sorl_settings
from sorl.thumbnail.helpers import ThumbnailError
from sorl.thumbnail.images import DummyImageFile, ImageFile

logger = logging.getLogger(__name__)

# Longer than any one thumbnail takes (a 4000 px phone photo on S3: a few seconds). Past it
# the waiting request makes the thumbnail itself, as sorl would have, rather than fail: a
# holder that is stuck must not take the pages down with it. One way to get stuck: a view that
# renders inside its request's transaction (`render()` under ATOMIC_REQUESTS) and waits for
# this lock while the holder waits to write sorl's row behind that transaction (SQLite's one
# writer; on PostgreSQL, the photo's row the view inserted for another size). The timeout
# ends that wait; it needs the same new thumbnail asked for by both at that moment.
LOCK_TIMEOUT_SECONDS = 20


class LockingThumbnailBackend(ThumbnailBackend):
    """sorl's backend, with each thumbnail made under a per-thumbnail lock (module docstring)."""

    def get_thumbnail(self, file_, geometry_string, **options):
        # sorl's own preparation of the source and the options, unchanged (12.11's
        # ThumbnailBackend.get_thumbnail up to the file name): the name must be the one sorl
        # gives, so thumbnails made before this backend are found again.
        if not file_:
            raise ValueError("falsey file_ argument in get_thumbnail()")
        source = ImageFile(file_)
        if sorl_settings.THUMBNAIL_PRESERVE_FORMAT:
            options.setdefault("format", self._get_format(source))
        for key, value in self.default_options.items():
            options.setdefault(key, value)
        for key, attr in self.extra_options:
            value = getattr(sorl_settings, attr)
            if value != getattr(sorl_defaults, attr):
                options.setdefault(key, value)

        name = self._get_thumbnail_filename(source, geometry_string, options)
        thumbnail = ImageFile(name, default.storage)
        if cached := default.kvstore.get(thumbnail):
            return cached
        with _lock("thumbnail", thumbnail.key):
            # The request that held the lock before this one may have made it.
            if cached := default.kvstore.get(thumbnail):
                return cached
            return self._make(source, thumbnail, geometry_string, options)

    def _make(self, source, thumbnail, geometry_string, options):
        """The rest of sorl's get_thumbnail, called under the thumbnail's lock."""
        if sorl_settings.THUMBNAIL_FORCE_OVERWRITE or not _complete_file(thumbnail):
            try:
                source_image = default.engine.get_image(source)
            except Exception as error:  # noqa: BLE001  sorl's own handling of unreadable photos
                logger.exception(error)
                if sorl_settings.THUMBNAIL_DUMMY:
                    return DummyImageFile(geometry_string)
                logger.warning(
                    "Remote file [%s] at [%s] does not exist", source.name, geometry_string
                )
                return thumbnail
            options["image_info"] = default.engine.get_image_info(source_image)
            source.set_size(default.engine.get_image_size(source_image))
            try:
                self._create_thumbnail(source_image, geometry_string, options, thumbnail)
                self._create_alternative_resolutions(
                    source_image, geometry_string, options, thumbnail.name
                )
            finally:
                default.engine.cleanup(source_image)
        # Read here, outside the photo's lock, when this request did not make the file.
        thumbnail.set_size()
        with _lock("source", source.key):
            default.kvstore.get_or_set(source)
            try:
                default.kvstore.set(thumbnail, source)
            except ThumbnailError:
                # The photo's entry read as missing just after it was written: a request on
                # another app server, which this lock does not reach, cached its miss over it
                # in the shared cache. Write it again, then record the thumbnail.
                default.kvstore.set(source)
                default.kvstore.set(thumbnail, source)
        return thumbnail


def _complete_file(thumbnail) -> bool:
    """Whether the thumbnail's file exists and decodes to its end; an incomplete one is deleted.

    A file with no key-value entry was made by a request whose entry is not visible here yet
    (its transaction is open, or it is cached in another process), by another server, or by a
    process that died while writing it. Under the lock the first ones are complete; the last
    one is not, and sorl would have recorded it as it is, failing every page showing it."""
    if not thumbnail.exists():
        return False
    try:
        with thumbnail.storage.open(thumbnail.name) as stored, Image.open(stored) as image:
            image.load()
    except (OSError, SyntaxError, ValueError):  # PIL's errors for a truncated or unknown file
        logger.warning("Thumbnail %s is incomplete: making it again", thumbnail.name)
        thumbnail.delete()
        return False
    return True


@contextmanager
def _lock(kind: str, key: str):
    """Hold the machine-wide lock `kind`/`key` (a sorl key: an md5 hex digest), or go on
    without it, as sorl would, if it cannot be had within LOCK_TIMEOUT_SECONDS."""
    path = _lock_root() / kind / f"{key}.lock"
    lock = FileLock(path, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except (Timeout, OSError) as error:
        # Still held after the timeout, or a folder this process may not write (made by
        # another user): the page is worth more than the lock.
        logger.warning("Thumbnail lock %s not taken (%r): going on without it", path, error)
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _lock_root() -> Path:
    # settings.CHOPHIEN_THUMBNAIL_LOCK_ROOT (base.py says why it is not under MEDIA_ROOT).
    return Path(str(settings.CHOPHIEN_THUMBNAIL_LOCK_ROOT))
