"""Fill an empty site with Lao Cai's demo producers, products and accounts.

Safe to run again: every record is found by a stable key (category slug, partner code,
product SKU, account email) and updated rather than duplicated. Later issues add their own
demo records here, through their own services.
"""

import contextlib
import io
import itertools
import logging
import zlib
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from complaints.services import complaint_open
from core.slugs import ascii_slugify
from demo import pages, photos, shop
from demo.orders import (
    AWAITING_BANK_TRANSFER,
    CASH_ON_DELIVERY,
    PAID_BY_BANK_TRANSFER,
    PAID_BY_CARD,
    demo_buyer_addresses_save,
    demo_order_place,
)
from demo.union import load_mentoring_demo
from legal.models import Acceptance, DocumentKind
from legal.selectors import needs_acceptance
from legal.services import acceptance_record
from marketplace import services
from marketplace.catalogue.models import Product
from marketplace.order.models import Line
from places.models import AdministrativeUnit, UnitSuccession
from places.old_names import OldNameReader
from places.selectors import home_province
from places.services import admin_units_load
from producers import identification
from producers import services as producer_services
from producers.models import Producer

DEMO_ACCOUNTS = [
    # email, given name, family name, role
    ("buyer@example.com", "Lan", "Nguyễn Thị", "buyer"),
    ("producer@example.com", "Páo", "Giàng A", "producer"),
    ("mentor@example.com", "Hương", "Lý Thị", "mentor"),
    ("staff@example.com", "Minh", "Trần Văn", "staff"),
    ("admin@example.com", "Quản trị", "", "admin"),
]


def _interleaved_by_category(products):
    """Products in turn from each category, so that "newest products" shows a varied market."""
    by_category = defaultdict(list)
    for product in products:
        by_category[product.category].append(product)
    rounds = itertools.zip_longest(*by_category.values())
    return [product for round_ in rounds for product in round_ if product is not None]


# The last demo producers show the moderation states; every other one is approved.
DEMO_PRODUCER_STATES = {
    -1: (Producer.Status.DRAFT, ""),
    -2: (Producer.Status.SUBMITTED, ""),
    -3: (
        Producer.Status.CHANGES_REQUESTED,
        "Xin bổ sung ảnh nơi sản xuất và xã của hộ.",
    ),
}


def _demo_communes() -> dict:
    """Today's commune of each demo producer, read from the district and commune it gives in
    the map of before 1 July 2025 (demo.shop) through the official old-to-new map. Loads the
    administrative units first if this database has none yet (`load_admin_units`)."""
    if home_province() is None:
        admin_units_load()
    reader = OldNameReader(
        unit_model=AdministrativeUnit,
        succession_model=UnitSuccession,
        province_code=settings.CHOPHIEN_HOME_PROVINCE_CODE,
    )
    communes = {}
    for item in shop.PRODUCERS:
        placed = reader.read(district=item.district, commune=item.commune)
        if placed.commune is None:
            raise CommandError(
                f"{item.name}: no commune of today's map for {item.commune}, {item.district}"
            )
        communes[item.name] = placed.commune
    return communes


def _producer_state(index: int) -> tuple[str, str]:
    return DEMO_PRODUCER_STATES.get(index - len(shop.PRODUCERS), (Producer.Status.APPROVED, ""))


@contextlib.contextmanager
def _quiet(verbosity: int):
    """Below --verbosity 2, keep the load to its own summary lines: Wagtail logs every page
    created, edited and published (hundreds of lines) and the demo orders' e-mails go to the
    console backend, which pushed `make run`'s banner off the screen."""
    if verbosity >= 2:
        yield
        return
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)
    try:
        # The console e-mail backend writes to sys.stdout; this command writes to self.stdout.
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        wagtail_log.setLevel(level)


class Command(BaseCommand):
    help = "Load Lao Cai demo producers, products and (with DEBUG on) demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the shop already has products (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, verbosity=1, **options):
        if if_empty and Product.objects.exists():
            self.stdout.write("The shop already has products: demo data left as it is.")
            return
        with _quiet(verbosity), transaction.atomic():
            partners = self.load_catalogue()
            pages.load(stdout=self.stdout)
            if settings.DEBUG:
                self.load_accounts(producer_partner=partners[shop.PRODUCTS[0].producer])
            else:
                self.stdout.write("DEBUG is off: no demo accounts created.")
            load_mentoring_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def load_catalogue(self):
        categories = {
            category.slug: services.category_upsert(
                slug=category.slug, name=category.name, description=category.description
            )
            for category in shop.CATEGORIES
        }
        partners, districts, approved = {}, {}, {}
        communes = _demo_communes()
        for index, item in enumerate(shop.PRODUCERS):
            status, reason = _producer_state(index)
            partner = services.partner_upsert(code=ascii_slugify(item.name), name=item.name)
            producer = producer_services.producer_upsert(
                partner=partner,
                kind=item.kind,
                commune=communes[item.name],
                story=item.story,
                contact_phone=item.phone,
                status=status,
            )
            if producer.status_reason != reason:
                producer.status_reason = reason
                producer.save(update_fields=["status_reason"])
            producer_services.producer_selling_setup_update(
                producer=producer,
                **{name: getattr(item, name) for name in producer_services.SELLING_SETUP_FIELDS},
            )
            approved[item.name] = status == Producer.Status.APPROVED
            if approved[item.name]:
                # Identified before selling (producers.identification): invented numbers.
                identification.identity_record_checked(
                    producer=producer, by=None, **shop.demo_identity(index + 1, item)
                )
            if not producer.photos.exists():
                producer_services.producer_photo_add(
                    producer=producer,
                    filename=f"{producer.slug}.jpg",
                    content=photos.producer_photo(seed=index, size=settings.DEMO_PHOTO_SIZE),
                )
            partners[item.name], districts[item.name] = partner, producer.district_name
        for item in _interleaved_by_category(shop.PRODUCTS):
            sku = ascii_slugify(item.title)[:128]
            product = services.product_upsert(
                partner=partners[item.producer],
                sku=sku,
                title=item.title,
                description=item.description,
                category=categories[item.category],
                price=Decimal(item.price),
                num_in_stock=item.stock,
                origin_district=districts[item.producer],
                is_public=approved[item.producer],
            )
            if not approved[item.producer]:
                # Sent with a profile that staff have not approved yet: waiting for review.
                product.moderation = Product.Moderation.SUBMITTED
                product.save(update_fields=["moderation"])
            if not product.images.exists():
                services.product_image_add(
                    product=product,
                    filename=f"{sku}.jpg",
                    content=photos.product_photo(
                        category_slug=item.category,
                        seed=zlib.crc32(sku.encode()),
                        size=settings.DEMO_PHOTO_SIZE,
                    ),
                    caption=item.title,
                )
        self.stdout.write(
            f"{len(categories)} categories, {len(partners)} producers, "
            f"{len(shop.PRODUCTS)} products."
        )
        return partners

    def load_accounts(self, *, producer_partner):
        staff_groups = Group.objects.filter(
            # Wagtail's editors, Oscar's dashboard group (filled by marketplace.0001) and the
            # producer review queue (producers.0002), and payouts (payouts.0003)
            name__in=[
                "Editors",
                "All Oscar Dashboard Permissions",
                "Producer moderators",
                "Payout officers",
            ]
        )
        for email, first_name, last_name, role in DEMO_ACCOUNTS:
            user = User.objects.filter(email__iexact=email).first() or User(email=email)
            user.first_name, user.last_name = first_name, last_name
            user.is_staff = role in ("staff", "admin")
            user.is_superuser = role == "admin"
            user.set_password(settings.DEMO_PASSWORD)
            user.full_clean()
            user.save()
            if role == "staff":
                user.groups.add(*staff_groups)
            if role == "producer":
                producer_partner.users.add(user)
            if role == "buyer":
                buyer = user
            # The demo's people have accepted the texts in force: nobody meets the gate.
            acceptance_record(
                versions=needs_acceptance(user, DocumentKind.values),
                user=user,
                context=Acceptance.Context.SIGN_UP,
            )
        demo_buyer_addresses_save(buyer=buyer)
        self.load_orders(buyer=buyer, partner=producer_partner)
        self.stdout.write(f"{len(DEMO_ACCOUNTS)} demo accounts, password from DEMO_PASSWORD.")

    def load_orders(self, *, buyer, partner):
        """Four orders for the demo producer to fulfil (once), one paid each way: each also
        holds another producer's line, so the portal's "only my lines" shows."""
        if Line.objects.filter(partner=partner).exists():
            return
        own = list(Product.objects.filter(stockrecords__partner=partner).order_by("pk")[:4])
        other = (
            Product.objects.filter(is_public=True).exclude(stockrecords__partner=partner).first()
        )
        ways = [PAID_BY_BANK_TRANSFER, PAID_BY_CARD, CASH_ON_DELIVERY, AWAITING_BANK_TRANSFER]
        orders = [
            demo_order_place(buyer=buyer, items=[(product, number), (other, 1)], paid=paid)
            for number, (product, paid) in enumerate(zip(own, ways, strict=False), start=1)
        ]
        if orders:
            # One open complaint on the transfer-paid order, for the producer to answer and
            # staff to decide (complaints).
            line = orders[0].lines.get(partner=partner)
            complaint_open(
                order=orders[0],
                partner_id=partner.pk,
                line=line,
                reason="damaged",
                description="Một lọ bị nứt nắp, mật chảy ra ngoài túi.",
                by=buyer,
            )
        self.stdout.write(f"{len(own)} demo orders for {partner.name}.")
