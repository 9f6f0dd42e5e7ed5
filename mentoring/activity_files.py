"""The upload rules for an activity's evidence (photos, a sign-in sheet): a photo goes through
the producers' photo rules (type from the content, size, pixels, not damaged); a PDF is read
for its signature and refused if it carries scripts or actions that run on opening."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from producers.images import MAX_UPLOAD_BYTES, photo_normalise

# PDF names that make a reader run something: JavaScript, actions on opening, launching a
# program, embedded files. A sign-in sheet scanned to PDF has none of them.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia|XFA)\b")


def evidence_file_check(uploaded) -> None:
    """Refuse anything but a photo within the photo rules or a PDF without scripts."""
    if uploaded.seekable():
        uploaded.seek(0)
    head = uploaded.read(5)
    if uploaded.seekable():
        uploaded.seek(0)
    if head != b"%PDF-":
        try:
            photo_normalise(uploaded, max_side=None)
        except ValidationError:
            raise ValidationError(
                _("Choose a photo (JPEG, PNG, WebP or HEIC) or a PDF file, up to 15 MB."),
                code="not_evidence",
            ) from None
        finally:
            if uploaded.seekable():
                uploaded.seek(0)
        return
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if uploaded.seekable():
        uploaded.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This file is larger than 15 MB."), code="too_large")
    if _ACTIVE_PDF.search(data):
        raise ValidationError(
            _("This PDF contains scripts or actions. Scan or print the sheet to a plain PDF."),
            code="active_pdf",
        )
