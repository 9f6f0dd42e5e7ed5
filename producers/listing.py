"""Writes about a producer's products: adding, editing, and staff review.

What buyers trust (name, price, photos, OCOP rating) is checked by staff before it goes on
sale, and checked again when it changes; stock changes every day and is not reviewed.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.catalogue.models import OcopCertificate, Product, ProductImage
from marketplace.services import product_image_add, product_upsert
from producers.models import Producer
from producers.services import ensure_moderator, producer_may_sell, require_reason

DETAIL_FIELDS = ("unit", "weight_grams", "origin_commune", "harvest_season")
OCOP_FIELDS = ("stars", "number", "issued_on", "expires_on")


@transaction.atomic
def producer_product_add(
    *,
    producer: Producer,
    title: str,
    category,
    price,
    num_in_stock: int,
    description: str = "",
    photo=None,
    **details,
) -> Product:
    """A new product of the producer's, waiting for staff review before it goes on sale."""
    product = product_upsert(
        partner=producer.partner,
        sku=f"p{producer.pk}-{uuid.uuid4().hex[:10]}",
        title=title,
        description=description,
        category=category,
        price=price,
        num_in_stock=num_in_stock,
        origin_district=producer.district_name,
        origin=producer.commune,
        is_public=False,
    )
    _apply_details(product, details)
    # A sandbox shop's product (a training's practice shop) is never reviewed or put on sale.
    product.moderation = (
        Product.Moderation.PRACTICE if producer.is_sandbox else Product.Moderation.SUBMITTED
    )
    product.save()
    _apply_ocop(product, details)
    if photo is not None:  # already normalised: see producers.images
        product_image_add(product=product, filename=photo.name, content=photo.read(), caption=title)
    return product


@transaction.atomic
def producer_product_update(*, producer: Producer, product: Product, by, **data) -> Product:
    """Save the producer's edit. A new name, description, price, photo or OCOP rating takes
    the product off sale until staff review it again, and so does any edit of a product sent
    back for changes; stock and the other details do not."""
    record = product.stockrecords.select_for_update().get(partner=producer.partner)
    if data.get("photo") is not None:
        try:
            photo_room_check(photo_count=product.images.count())
        except ValidationError as error:
            raise ValidationError({"photo": error}) from error
    certificate = getattr(product, "ocop_certificate", None)
    old_ocop = tuple(getattr(certificate, f) for f in OCOP_FIELDS) if certificate else None
    new_ocop = tuple(data.get(f) for f in OCOP_FIELDS) if data.get("stars") else None
    needs_review = (
        product.moderation == Product.Moderation.CHANGES_REQUESTED
        or product.title != data["title"]
        or product.description != data.get("description", "")
        or record.price != data["price"]
        or data.get("photo") is not None
        or old_ocop != new_ocop
    )
    product.title = data["title"]
    product.description = data.get("description", "")
    product.categories.set([data["category"]])
    _apply_details(product, data)
    if producer.is_sandbox:
        needs_review = False  # practice products stay "practice": never reviewed, never public
    if needs_review:
        product.moderation = Product.Moderation.SUBMITTED
        product.is_public = False
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    record.price, record.num_in_stock = data["price"], data["num_in_stock"]
    record.full_clean()
    record.save()
    _apply_ocop(product, data)
    if data.get("photo") is not None:
        product_image_add(
            product=product, filename=data["photo"].name, content=data["photo"].read()
        )
    log(instance=product, action="producers.product_edit", user=by, data={"review": needs_review})
    return product


# Buyers see up to six photos; the first is the one on every listing.
MAX_PHOTOS = 6


def photo_room_check(*, photo_count: int) -> None:
    """Refuse one more photo for a product that has MAX_PHOTOS already: the edit form asks
    with the count it shows, the service asks again."""
    if photo_count >= MAX_PHOTOS:
        raise ValidationError(
            _("A product has at most %(max)s photos. Remove one before adding another.")
            % {"max": MAX_PHOTOS},
            code="too_many_photos",
        )


def _own_image(*, producer: Producer, product: Product, image_id: int):
    if not product.stockrecords.filter(partner=producer.partner).exists():
        raise PermissionDenied
    # Not through product.images: the image would carry this product instance, whose cached
    # (prefetched) images Oscar's ProductImage.delete() re-saves, deleted one included.
    return ProductImage.objects.select_for_update().get(product_id=product.pk, pk=image_id)


@transaction.atomic
def product_photo_remove(*, producer: Producer, product: Product, image_id: int, by) -> None:
    """Take a photo off the product. Nothing new is shown to buyers, so no review is needed;
    the last photo stays (a product is always shown with one)."""
    image = _own_image(producer=producer, product=product, image_id=image_id)
    if ProductImage.objects.filter(product_id=product.pk).count() <= 1:
        raise ValidationError(
            _("A product needs at least one photo. Add another before removing this one."),
            code="last_photo",
        )
    image.delete()  # Oscar keeps the remaining display orders consecutive
    log(
        instance=product, action="producers.product_edit", user=by, data={"photo_removed": image_id}
    )


@transaction.atomic
def product_photo_make_first(*, producer: Producer, product: Product, image_id: int, by) -> None:
    """Show this (already reviewed) photo first, on listings and at the top of the page."""
    chosen = _own_image(producer=producer, product=product, image_id=image_id)
    others = [
        image
        for image in ProductImage.objects.filter(product_id=product.pk).order_by("display_order")
        if image.pk != chosen.pk
    ]
    for order, image in enumerate([chosen, *others]):
        if image.display_order != order:
            image.display_order = order
            image.save(update_fields=["display_order"])
    log(instance=product, action="producers.product_edit", user=by, data={"photo_first": image_id})


@transaction.atomic
def product_approve(*, product: Product, by) -> Product:
    """Staff approve the product; it goes on sale if its producer is approved and identified
    (producer_may_sell), or else as soon as it is (producers.identification)."""
    ensure_moderator(by)
    producer = Producer.objects.filter(partner__stockrecords__product=product).first()
    if producer is None:
        raise ValidationError(_("This product has no producer to review."), code="no_producer")
    _ensure_not_a_draft(product)
    product.moderation, product.moderation_reason = Product.Moderation.APPROVED, ""
    product.is_public = producer_may_sell(producer=producer)
    product.save(update_fields=["moderation", "moderation_reason", "is_public"])
    log(instance=product, action="producers.product_approve", user=by)
    return product


@transaction.atomic
def product_request_changes(*, product: Product, by, reason: str) -> Product:
    """Staff send the product back with the reason; it stays off sale meanwhile."""
    ensure_moderator(by)
    require_reason(reason)
    _ensure_not_a_draft(product)
    product.moderation = Product.Moderation.CHANGES_REQUESTED
    product.moderation_reason, product.is_public = reason.strip(), False
    product.save(update_fields=["moderation", "moderation_reason", "is_public"])
    log(
        instance=product,
        action="producers.product_request_changes",
        user=by,
        data={"reason": reason},
    )
    return product


def _ensure_not_a_draft(product: Product) -> None:
    if product.moderation == Product.Moderation.PRACTICE:
        raise ValidationError(
            _("This is a trainee's practice product: it is never reviewed or put on sale."),
            code="practice_product",
        )
    if product.moderation == Product.Moderation.DRAFTED:
        raise ValidationError(
            _(
                "A mentor drafted this product for a union member, who has not confirmed it "
                "yet. It can be reviewed once they do."
            ),
            code="awaiting_producer",
        )


def _apply_details(product: Product, data: dict) -> None:
    for field in DETAIL_FIELDS:
        if field in data:
            empty = None if field == "weight_grams" else ""
            setattr(product, field, empty if data[field] is None else data[field])


def _apply_ocop(product: Product, data: dict) -> None:
    if not data.get("stars"):
        OcopCertificate.objects.filter(product=product).delete()
        return
    certificate = OcopCertificate.objects.filter(product=product).first() or OcopCertificate(
        product=product
    )
    for field in OCOP_FIELDS:
        setattr(certificate, field, data[field])
    certificate.full_clean()
    certificate.save()
