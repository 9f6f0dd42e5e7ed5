"""Editors' images (Wagtail) lose their metadata on upload, as producers' photos do.

An original is public under /media/original_images/, and a phone photo's EXIF says where it
was taken and on which phone. Wagtail stores an upload through several paths (the add view,
the multiple upload, its "create from uploaded file" step that writes the file before the
row, the chooser, a replaced file, code): the one place all of them pass is the image's save,
so a pre_save handler re-encodes every new or changed file with producers.images'
photo_normalise, keeping every pixel (upright, with its colour profile) and nothing else.
"""

import hashlib
import io
import logging
import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from producers.images import photo_normalise

logger = logging.getLogger(__name__)


def image_strip_metadata(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save of the image model: replace a new file by its copy without metadata."""
    if raw or not instance.file or (update_fields is not None and "file" not in update_fields):
        return
    file = instance.file
    if file._committed:
        # Already stored: either the row's own file (an edit of the title, focal point …), or
        # one written before the row by Wagtail's "create from uploaded file" step.
        if instance.pk and sender.objects.filter(pk=instance.pk, file=file.name).exists():
            return
    with file.open("rb") as stored:
        data = stored.read()
    try:
        photo = photo_normalise(io.BytesIO(data), max_side=None)
    except ValidationError as error:
        # GIF and SVG carry no camera metadata; a format the photo helper does not re-encode
        # is kept as the form accepted it.
        logger.info("Image %s kept as uploaded (%s)", file.name, error.code)
        return
    stem = posixpath.splitext(posixpath.basename(file.name))[0]
    if file._committed:
        file.storage.delete(file.name)
    instance.file = ContentFile(photo.content, name=f"{stem}.{photo.extension}")
    instance.width, instance.height = photo.width, photo.height
    instance.file_size = len(photo.content)
    instance.file_hash = hashlib.sha1(photo.content).hexdigest()  # as Wagtail's hash_filelike


def connect() -> None:
    from django.db.models.signals import pre_save
    from wagtail.images import get_image_model

    pre_save.connect(
        image_strip_metadata, sender=get_image_model(), dispatch_uid="cms_image_strip_metadata"
    )
