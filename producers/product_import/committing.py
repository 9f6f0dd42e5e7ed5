"""The import's services: keep the uploads and run the dry run (product_import_check), create
every product of a checked import in one transaction (product_import_commit), and word the
stored dry run for its reader (import_report)."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from producers.models import Producer, ProductImport
from producers.product_import.errors import file_error_message, row_error_message
from producers.product_import.planning import Plan, import_plan, plan_summary

LOG_ACTION = "producers.product_import"


def _stored(upload) -> ContentFile:
    upload.seek(0)
    return ContentFile(upload.read())


def _read(field) -> bytes | None:
    if not field:
        return None
    with field.open("rb") as stored:
        return stored.read()


@transaction.atomic
def product_import_check(
    *, producer: Producer, by, sheet, photos=None, for_draft: bool = False
) -> ProductImport:
    """Keep the uploads (under random names, in private storage) and run the dry run.
    `for_draft`: imported by someone drafting the shop (producers.assisted), not its owner."""
    product_import = ProductImport(
        producer=producer,
        created_by=by,
        for_draft=for_draft,
        original_name=(sheet.name or "")[:255],
        status=ProductImport.Status.REJECTED,
    )
    stem = uuid.uuid4().hex
    product_import.sheet.save(f"{stem}.xlsx", _stored(sheet), save=False)
    if photos is not None:
        product_import.photos.save(f"{stem}.zip", _stored(photos), save=False)
    plan = import_plan(sheet=_read(product_import.sheet), photos=_read(product_import.photos))
    product_import.summary = plan_summary(plan)
    if not plan.file_error and not plan.errors:
        product_import.status = ProductImport.Status.CHECKED
    product_import.save()
    return product_import


class _Rejected(Exception):
    def __init__(self, plan: Plan):
        self.plan = plan


def _delete_photo_files(products) -> None:
    for product in products:
        for image in product.images.all():
            image.original.delete(save=False)


def product_import_commit(
    *, product_import: ProductImport, by, add, audit: dict | None = None
) -> ProductImport:
    """Create every product of a checked import, in one transaction, with `add(**data)` (the
    portal's producer_product_add, or the mentor's member_draft_product_add). The files are
    checked again first (categories may have changed since the dry run): a rejected row, or
    any failure while creating, means nothing is created. A second click does nothing.
    `audit`: more for the import's audit entry (whom a drafter imported for)."""
    try:
        with transaction.atomic():
            locked = ProductImport.objects.select_for_update().get(pk=product_import.pk)
            if locked.status != ProductImport.Status.CHECKED:
                return locked
            plan = import_plan(sheet=_read(locked.sheet), photos=_read(locked.photos))
            if plan.file_error or plan.errors:
                raise _Rejected(plan)
            created = []
            try:
                for _row, values in plan.creates:
                    values = {key: value for key, value in values.items() if key != "photo_name"}
                    created.append(add(**values))
            except BaseException:
                # Their rows roll back; the files would stay. BaseException: a worker being
                # stopped (SystemExit) too. A process killed outright leaves them to the
                # delete_orphan_photos command.
                _delete_photo_files(created)
                raise
            locked.status = ProductImport.Status.DONE
            locked.finished_at = timezone.now()
            locked.summary = {**plan_summary(plan), "created": [product.pk for product in created]}
            locked.save(update_fields=["status", "finished_at", "summary"])
            log(
                instance=locked.producer,
                action=LOG_ACTION,
                user=by,
                data={
                    "import": locked.pk,
                    "created": len(created),
                    **(audit or {}),
                },
            )
            return locked
    except _Rejected as rejected:
        ProductImport.objects.filter(pk=product_import.pk).update(
            status=ProductImport.Status.REJECTED, summary=plan_summary(rejected.plan)
        )
        product_import.refresh_from_db()
        return product_import


def import_report(product_import: ProductImport) -> dict:
    """The stored dry run, worded in the reader's language."""
    summary = product_import.summary or {}
    file_error = summary.get("file_error")
    return {
        "file_error": file_error_message(file_error) if file_error else "",
        "errors": [
            {"row": error["row"], "message": row_error_message(error)}
            for error in summary.get("errors", [])
        ],
        "creates": summary.get("creates", []),
        "created": len(summary.get("created", [])),
    }
