"""Writes about producers. Views, commands and the demo loader call these."""

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.apps.partner.models import Partner

from marketplace.slugs import ascii_slugify
from producers.models import Producer, ProducerPhoto


@transaction.atomic
def producer_upsert(
    *,
    partner: Partner,
    kind: str,
    district: str,
    commune: str = "",
    story: str = "",
    contact_phone: str = "",
    status: str = Producer.Status.DRAFT,
) -> Producer:
    """The producer behind an Oscar partner, created or updated. Its slug follows the name."""
    producer = Producer.objects.filter(partner=partner).first() or Producer(
        partner=partner, slug=_unique_slug(partner.name)
    )
    producer.kind = kind
    producer.district = district
    producer.commune = commune
    producer.story = story
    producer.contact_phone = contact_phone
    producer.status = status
    producer.full_clean()
    producer.save()
    return producer


def producer_photo_add(*, producer: Producer, filename: str, content: bytes, caption: str = ""):
    return ProducerPhoto.objects.create(
        producer=producer,
        image=ContentFile(content, name=filename),
        caption=caption,
        display_order=producer.photos.count(),
    )


def _unique_slug(name: str) -> str:
    base = ascii_slugify(name)[:100] or "nha-san-xuat"
    slug, number = base, 2
    while Producer.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
