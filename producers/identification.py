"""Seller identification (E-commerce Law 2025): who is behind a producer, confirmed before its
first product goes on sale.

The rule: a product goes on sale only when its producer is approved AND identified
(producers.services.producer_may_sell). The two places that put products on sale ask it
(producers.services.producer_approve, producers.listing.product_approve); every other path
(the portal's product form, the spreadsheet import, a mentor's assisted listing) only submits
products for review, so it reaches the sale through those two. Approving the identification
puts the producer's approved products on sale (identity_approve).

Producers that were selling before this existed keep their products on sale (taking them off
would punish people for a rule that did not exist): staff find them in the producers list
("Identification missing"), their portal asks them to identify, and any product they change
or add waits off sale until they do.

Who confirms: one interface, IdentityVerifier, named by CHOPHIEN_IDENTITY_VERIFIER.
ManualVerifier leaves it to staff (they check the documents and the VNeID level-2 screenshot
and approve or refuse with a reason, audited). An adapter for the national identification
service answers itself; StandInNationalVerifier is a stand-in that answers from a local file,
not an integration.
"""

import io
import json
import re
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from marketplace.catalogue.models import Product
from producers.citizen_ids import citizen_id_normalise
from producers.images import DECODING_ERRORS, MAX_UPLOAD_BYTES, photo_normalise
from producers.models import IdentityDocument, Producer, SellerIdentity
from producers.services import producer_products_including_unpublished, require_reason

# Reviewing staff: the "Producer moderators" group has it (migration 0018). It opens the
# documents and decides.
IDENTITY_PERMISSION = "producers.change_selleridentity"

# The documents each kind of seller sends.
REQUIRED_DOCUMENTS = {
    SellerIdentity.Holder.PERSON: (
        IdentityDocument.Kind.ID_FRONT,
        IdentityDocument.Kind.ID_BACK,
        IdentityDocument.Kind.VNEID,
    ),
    SellerIdentity.Holder.ORGANISATION: (
        IdentityDocument.Kind.ID_FRONT,
        IdentityDocument.Kind.ID_BACK,
        IdentityDocument.Kind.REGISTRATION,
    ),
}


def holder_for(producer: Producer) -> str:
    """A household is identified by its owner; a cooperative or enterprise as an organisation."""
    if producer.kind == Producer.Kind.HOUSEHOLD:
        return SellerIdentity.Holder.PERSON
    return SellerIdentity.Holder.ORGANISATION


# --- Documents: the photo rules of producers.images, and PDFs without active content ---

PDF_ACCEPT = "application/pdf"
# What makes a PDF do something when opened (scripts, launching programs, embedded files,
# forms that send data). Looked for in the file and in each compressed stream.
_PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|OpenAction|AA|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)\b"
)
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PDF_INFLATE_LIMIT = 50 * 1024 * 1024  # bytes of decompressed content looked at in all

DOCUMENT_MESSAGES = {
    "not_image_or_pdf": gettext_lazy(
        "Send a photo (JPEG, PNG, WebP or HEIC) or a PDF of the document."
    ),
    "too_large": gettext_lazy("This file is larger than 15 MB. Choose a smaller one."),
    "pdf_active": gettext_lazy(
        "This PDF contains scripts or attachments and cannot be accepted. Send a photo of the "
        "document, or a plain PDF."
    ),
}


def _document_invalid(code: str) -> ValidationError:
    return ValidationError(DOCUMENT_MESSAGES[code], code=code)


def _pdf_has_active_content(data: bytes) -> bool:
    if _PDF_ACTIVE.search(data):
        return True
    budget = _PDF_INFLATE_LIMIT
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not a Flate stream (an image, say): nothing to read in it
        budget -= len(inflated)
        if _PDF_ACTIVE.search(inflated):
            return True
        if budget <= 0:
            return True  # a decompression bomb is refused rather than half read
    return False


def identity_document_accept(upload) -> tuple[ContentFile, str]:
    """The upload as it is stored, with its content type, or ValidationError (a code each).

    A photo goes through the producers' photo rules (type from the content, size, pixels,
    re-encoded without its metadata: no location of the phone). A PDF (a business
    registration certificate is often one) is kept as sent if it has no active content."""
    if upload.seekable():
        upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise _document_invalid("too_large")
        if _pdf_has_active_content(data):
            raise _document_invalid("pdf_active")
        return ContentFile(data, name="document.pdf"), PDF_ACCEPT
    try:
        photo = photo_normalise(upload)
    except ValidationError as error:
        if error.code in ("not_an_image", "unsupported_type"):
            raise _document_invalid("not_image_or_pdf") from None
        raise
    except DECODING_ERRORS:  # pragma: no cover  photo_normalise maps these itself
        raise _document_invalid("not_image_or_pdf") from None
    content_type = "image/png" if photo.extension == "png" else "image/jpeg"
    return ContentFile(photo.content, name=f"document.{photo.extension}"), content_type


# --- Who confirms: one interface ---


@dataclass(frozen=True)
class Verdict:
    """An answer of a verifier: confirmed True (identified), False (the service says no), or
    None (it cannot say: staff decide)."""

    confirmed: bool | None
    note: str = ""


class IdentityVerifier:
    """Confirms a seller's identity. `method` is recorded on the identification."""

    method = SellerIdentity.Method.MANUAL

    def verify(self, identity: SellerIdentity) -> Verdict:
        raise NotImplementedError


class ManualVerifier(IdentityVerifier):
    """Staff check the documents and the VNeID level-2 screenshot (the review queue)."""

    def verify(self, identity: SellerIdentity) -> Verdict:
        return Verdict(None)


class StandInNationalVerifier(IdentityVerifier):
    """A stand-in for the national identification service, answering from a local JSON file
    (CHOPHIEN_IDENTITY_STANDIN_FILE: [{"citizen_id", "full_name", "level"}]). A number it
    knows at level 2 under the same name is confirmed; a number it knows otherwise is not;
    an unknown number is left to staff."""

    method = SellerIdentity.Method.NATIONAL_SERVICE

    def __init__(self, path: str | None = None):
        self.path = path or settings.CHOPHIEN_IDENTITY_STANDIN_FILE

    def _records(self) -> dict[str, dict]:
        with open(self.path, encoding="utf-8") as source:
            return {row["citizen_id"]: row for row in json.load(source)}

    def verify(self, identity: SellerIdentity) -> Verdict:
        record = self._records().get(identity.citizen_id)
        if record is None:
            return Verdict(None, "not found")
        same_name = _folded(record["full_name"]) == _folded(identity.full_name)
        if same_name and int(record.get("level", 0)) >= 2:
            return Verdict(True, "level 2")
        return Verdict(False, "name differs" if not same_name else "not level 2")


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def identity_verifier() -> IdentityVerifier:
    return import_string(settings.CHOPHIEN_IDENTITY_VERIFIER)()


# --- Writes ---


def _ensure_owner(producer: Producer, by) -> None:
    if by is None or not producer.partner.users.filter(pk=by.pk).exists():
        raise PermissionDenied


@transaction.atomic
def identity_submit(
    *,
    producer: Producer,
    by,
    full_name: str,
    citizen_id: str,
    documents: dict,
    vneid_level2: bool = False,
    registration_number: str = "",
    tax_code: str = "",
    verifier: IdentityVerifier | None = None,
) -> SellerIdentity:
    """The producer's owner sends who they are, with the documents (`documents`: kind → the
    (ContentFile, content type) from identity_document_accept). Sending again (while waiting,
    or after a refusal) replaces the details and the documents. Once identified, a change
    goes through staff.

    The verifier answers at once: the stand-in or a national adapter may approve or refuse;
    the manual one leaves it waiting for staff."""
    _ensure_owner(producer, by)
    identity = SellerIdentity.objects.select_for_update().filter(
        producer=producer
    ).first() or SellerIdentity(producer=producer)
    if identity.status == SellerIdentity.Status.APPROVED and identity.pk:
        raise ValidationError(
            _("Your identity is already confirmed. To change it, contact Chợ Phiên staff."),
            code="already_identified",
        )
    holder = holder_for(producer)
    missing = [kind for kind in REQUIRED_DOCUMENTS[holder] if kind not in documents]
    if missing:
        raise ValidationError(
            {
                kind: ValidationError(_("Add this document."), code="document_required")
                for kind in missing
            }
        )
    identity.holder = holder
    identity.full_name = " ".join(full_name.split())
    identity.citizen_id = citizen_id_normalise(citizen_id)
    identity.vneid_level2 = vneid_level2
    identity.registration_number = registration_number if holder != "person" else ""
    identity.tax_code = tax_code if holder != "person" else ""
    identity.status, identity.reason, identity.method = SellerIdentity.Status.SUBMITTED, "", ""
    identity.submitted_at, identity.decided_at, identity.decided_by = timezone.now(), None, None
    identity.documents_deleted_at = None
    identity.full_clean()
    identity.save()
    _documents_delete(identity.documents.all())
    for kind, (content, content_type) in documents.items():
        IdentityDocument.objects.create(
            identity=identity, kind=kind, file=content, content_type=content_type
        )
    log(instance=producer, action="producers.identity_submit", user=by)
    verdict = (verifier or identity_verifier()).verify(identity)
    method = (verifier or identity_verifier()).method
    if verdict.confirmed is True:
        _identity_decide(identity, status=SellerIdentity.Status.APPROVED, by=None, method=method)
    elif verdict.confirmed is False:
        _identity_decide(
            identity,
            status=SellerIdentity.Status.REFUSED,
            by=None,
            method=method,
            reason=_(
                "The national identification service could not confirm this number with "
                "this name at level 2. Check both, or contact Chợ Phiên staff."
            ),
        )
    return identity


@transaction.atomic
def identity_record_checked(
    *,
    producer: Producer,
    by,
    full_name: str,
    citizen_id: str,
    vneid_level2: bool = False,
    registration_number: str = "",
    tax_code: str = "",
) -> SellerIdentity:
    """An identification staff checked outside the site (the owner came to the union office
    with the card and showed VNeID on their phone): recorded approved at once, no documents
    kept. `by` None is the project's own code (the demo loader). Safe to repeat."""
    if by is not None:
        _ensure_reviewer(by)
    identity = SellerIdentity.objects.filter(producer=producer).first() or SellerIdentity(
        producer=producer
    )
    if identity.status == SellerIdentity.Status.APPROVED and identity.pk:
        return identity
    identity.holder = holder_for(producer)
    identity.full_name, identity.citizen_id = full_name, citizen_id_normalise(citizen_id)
    identity.vneid_level2 = vneid_level2
    identity.registration_number, identity.tax_code = registration_number, tax_code
    identity.status = SellerIdentity.Status.SUBMITTED
    identity.submitted_at = timezone.now()
    identity.full_clean()
    identity.save()
    return _identity_decide(identity, status=SellerIdentity.Status.APPROVED, by=by, method="manual")


def _ensure_reviewer(user) -> None:
    if user is None or not user.has_perm(IDENTITY_PERMISSION):
        raise PermissionDenied


def identity_approve(*, identity: SellerIdentity, by) -> SellerIdentity:
    """Staff confirm the identity (documents and VNeID level 2 checked)."""
    _ensure_reviewer(by)
    return _identity_decide(identity, status=SellerIdentity.Status.APPROVED, by=by, method="manual")


def identity_refuse(*, identity: SellerIdentity, by, reason: str) -> SellerIdentity:
    """Staff refuse, saying what is wrong; the producer can send it again."""
    _ensure_reviewer(by)
    require_reason(reason)
    return _identity_decide(
        identity, status=SellerIdentity.Status.REFUSED, by=by, method="manual", reason=reason
    )


@transaction.atomic
def _identity_decide(
    identity: SellerIdentity, *, status: str, by, method: str, reason: str = ""
) -> SellerIdentity:
    current = SellerIdentity.objects.select_for_update().values_list("status", flat=True)
    if current.get(pk=identity.pk) != SellerIdentity.Status.SUBMITTED:
        raise ValidationError(
            _("This identification was already decided."), code="invalid_transition"
        )
    identity.status, identity.reason, identity.method = status, reason.strip(), method
    identity.decided_at, identity.decided_by = timezone.now(), by
    identity.save(update_fields=["status", "reason", "method", "decided_at", "decided_by"])
    producer = identity.producer
    action = "approve" if status == SellerIdentity.Status.APPROVED else "refuse"
    log(
        instance=producer,
        action=f"producers.identity_{action}",
        user=by,
        data={"reason": identity.reason, "method": method},
    )
    if status == SellerIdentity.Status.APPROVED and producer.status == Producer.Status.APPROVED:
        # What staff approved while the seller was not identified goes on sale now.
        producer_products_including_unpublished(producer=producer).filter(
            moderation=Product.Moderation.APPROVED
        ).update(is_public=True)
    return identity


def _documents_delete(documents) -> int:
    count = 0
    for document in documents:
        document.file.delete(save=False)
        document.delete()
        count += 1
    return count


@transaction.atomic
def identity_documents_purge(*, now=None) -> int:
    """Delete the document files of identifications decided more than
    CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS ago; record it on each and in the audit trail.
    Safe to repeat. Returns the number of files deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS)
    deleted = 0
    expired = SellerIdentity.objects.select_related("producer").filter(
        decided_at__lt=cutoff, documents__isnull=False
    )
    for identity in expired.distinct():
        count = _documents_delete(identity.documents.all())
        identity.documents_deleted_at = now
        identity.save(update_fields=["documents_deleted_at"])
        log(
            instance=identity.producer,
            action="producers.identity_documents_deleted",
            user=None,
            data={"files": count, "keep_days": settings.CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS},
        )
        deleted += count
    return deleted


def identity_document_open(*, document: IdentityDocument, user) -> io.BufferedReader:
    """The file, for reviewing staff only (everyone else: PermissionDenied, shown as 404)."""
    if not user.is_authenticated or not user.has_perm(IDENTITY_PERMISSION):
        raise PermissionDenied
    return document.file.open("rb")
