"""Writes to Oscar's catalogue and partner data that our own code needs.

The producers issue builds its listing services on these.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.apps.partner.models import Partner

from marketplace.catalogue.models import (
    Category,
    Product,
    ProductCategory,
    ProductClass,
    ProductImage,
)
from marketplace.partner.models import StockRecord

SPECIALTY_PRODUCT_CLASS_SLUG = "dac-san"


@transaction.atomic
def category_upsert(*, slug: str, name: str, description: str = "") -> Category:
    """A top-level category found by its slug, created or updated to the given name."""
    category = Category.objects.filter(depth=1, slug=slug).first()
    if category is None:
        return Category.add_root(name=name, slug=slug, description=description)
    category.name, category.description = name, description
    category.full_clean(exclude=["code"])  # Oscar's optional code is blank here
    category.save()
    return category


@transaction.atomic
def partner_upsert(*, code: str, name: str) -> Partner:
    partner, _ = Partner.objects.update_or_create(code=code, defaults={"name": name})
    return partner


@transaction.atomic
def product_upsert(
    *,
    partner: Partner,
    sku: str,
    title: str,
    description: str,
    category: Category,
    price: Decimal,
    num_in_stock: int,
    origin_district: str,
    origin=None,
    is_public: bool = True,
) -> Product:
    """A standalone product with its single stock record, found by the partner's SKU.

    Running it again with the same SKU updates the product instead of adding another.
    """
    record = (
        StockRecord.objects.select_related("product")
        .filter(partner=partner, partner_sku=sku)
        .first()
    )
    product = (
        record.product
        if record
        else Product(
            product_class=ProductClass.objects.get(slug=SPECIALTY_PRODUCT_CLASS_SLUG),
            structure=Product.STANDALONE,
        )
    )
    product.title = title
    product.description = description
    product.origin_district = origin_district
    if origin is not None:  # a commune-level unit of today's map
        product.origin = origin
    product.is_public = is_public
    # Oscar fills the slug from the title on save. An empty UPC reads back as "" and Oscar's
    # NullCharField then matches every other empty UPC in validate_unique, so leave it out.
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    ProductCategory.objects.get_or_create(product=product, category=category)

    record = record or StockRecord(product=product, partner=partner, partner_sku=sku)
    record.price = price
    record.price_currency = "VND"
    record.num_in_stock = num_in_stock
    record.full_clean()
    record.save()
    return product


def product_image_add(
    *, product: Product, filename: str, content: bytes, caption: str = ""
) -> None:
    """Attach a photo as the product's next image."""
    ProductImage.objects.create(
        product=product,
        original=ContentFile(content, name=filename),
        caption=caption,
        display_order=product.images.count(),
    )
