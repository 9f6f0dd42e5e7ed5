import math
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.banks import BANK_CHOICES
from core.storage import private_storage
from core.tax_codes import tax_code_is_valid, tax_code_normalise
from places.selectors import home_province
from producers.citizen_ids import citizen_id_valid

# Shared with the portal form, which says the same thing before the model has to.
account_number_digits = RegexValidator(
    r"^[0-9]+\Z",
    _("An account number has only digits (0–9). Check it on your bank card or banking app."),
    code="digits_only",
)
account_name_bank_style = RegexValidator(
    r"^[A-Z0-9 ]+\Z",
    _(
        "Write the name in capital letters without accents, as the bank prints it, "
        "e.g. “LO THI MAI”."
    ),
    code="not_bank_style",
)


def tax_code_valid(value: str) -> None:
    """A Vietnamese tax code (MST) whose check digit is right (core.tax_codes)."""
    if value and not tax_code_is_valid(value):
        raise ValidationError(
            _(
                "This is not a valid tax code: 10 digits (or 13 for a branch, e.g. "
                "“0101243150-001”). Check it on the business registration certificate."
            ),
            code="invalid_tax_code",
        )


class ProducerQuerySet(models.QuerySet):
    def approved(self):
        """Approved producers the public may see: never a sandbox shop."""
        return self.filter(status=Producer.Status.APPROVED, is_sandbox=False)

    def real(self):
        """Every producer but the sandbox shops (practice shops of trainings)."""
        return self.filter(is_sandbox=False)


class Producer(models.Model):
    """A household, cooperative or small enterprise that sells in the shop.

    The commerce side is Oscar's partner (one-to-one): its name is the producer's display
    name, its users are the producer's accounts, and its stock records are the producer's
    offers. This model holds what buyers and staff need to know about the people behind it.
    """

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SUSPENDED = "suspended", _("Suspended")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="producer"
    )
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    story = models.TextField(_("story"), blank=True)
    # Where the producer is: a commune-level unit in force today (of the site's province,
    # CHOPHIEN_HOME_PROVINCE_CODE), and the district it was in before 1 July 2025, which
    # buyers still search by ("Bắc Hà", "Sa Pa"). The text typed before the units existed
    # stays for history; a producer whose text could not be read has no commune yet and is
    # listed for staff (the "place not known" filter), still selling.
    commune = models.ForeignKey(
        "places.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune", "valid_until__isnull": True},
        verbose_name=_("commune or ward"),
    )
    former_district = models.ForeignKey(
        "places.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "district"},
        verbose_name=_("former district (before 1 July 2025)"),
    )
    commune_as_typed = models.CharField(
        _("commune or ward (as typed)"), max_length=100, blank=True, editable=False
    )
    district_as_typed = models.CharField(
        _("district (as typed)"), max_length=100, blank=True, editable=False
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=20,
        blank=True,
        help_text=_("Seen only by staff and mentors, never shown publicly."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why changes are requested or why it is suspended.")
    )
    # How the producer is paid and how buyers get the goods: the checkout reads these. They
    # are not on the public page, so changing them needs no review.
    bank_bin = models.CharField(_("bank"), max_length=6, blank=True, choices=BANK_CHOICES)
    bank_account_number = models.CharField(
        _("account number"),
        max_length=19,  # VietQR's limit; 6 is its shortest
        blank=True,
        validators=[account_number_digits, MinLengthValidator(6)],
    )
    bank_account_name = models.CharField(
        _("account holder's name"),
        max_length=50,
        blank=True,
        validators=[account_name_bank_style],
        help_text=_("As the bank prints it: capital letters without accents."),
    )
    # A cooperative or enterprise with its own tax code declares its own tax; a household or
    # an individual is withheld from when the platform collects for them (payouts, Decree
    # 117/2025/NĐ-CP). Stored normalised (core.tax_codes.tax_code_normalise).
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        blank=True,
        validators=[tax_code_valid],
        help_text=_("Only if your cooperative or business has its own tax code (MST)."),
    )
    offers_pickup = models.BooleanField(_("Buyers can pick up at my place"), default=False)
    offers_local_delivery = models.BooleanField(_("I deliver to buyers near me"), default=False)
    # The local delivery zone: the producer's own commune, these communes, and every commune
    # whose centre is within local_delivery_km of the producer (its own coordinates, or else
    # its commune's). Names no longer match across the 2025 map, so the zone is units.
    local_delivery_communes = models.ManyToManyField(
        "places.AdministrativeUnit",
        blank=True,
        related_name="+",
        limit_choices_to={"level": "commune", "valid_until__isnull": True},
        verbose_name=_("also delivers to these communes"),
    )
    local_delivery_km = models.PositiveSmallIntegerField(
        _("delivers within (km)"),
        null=True,
        blank=True,
        help_text=_("Communes whose centre is this close, as the crow flies."),
    )
    offers_national_post = models.BooleanField(_("I send by national post"), default=False)
    # Shown to the buyer who chooses pickup (checkout, order page, emails): a buyer in Hà Nội
    # must know where and when before choosing it.
    pickup_address = models.CharField(
        _("pickup place"),
        max_length=255,
        blank=True,
        help_text=_("Where buyers come to collect, e.g. “Nhà văn hoá thôn Tả Phời, xã Hợp Thành”."),
    )
    pickup_hours = models.CharField(
        _("pickup hours"),
        max_length=120,
        blank=True,
        help_text=_("When buyers can come, e.g. “7:00–17:00, thứ Hai đến thứ Bảy”."),
    )
    # Mentor-assisted listing (producers.assisted): who drafted the profile for a union member,
    # and when the member confirmed it from their own account. Nothing is reviewed or sold
    # before that.
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    draft_confirmed_at = models.DateTimeField(_("confirmed by the producer"), null=True, blank=True)
    # A shop for practising (the practice shop of a training is one: see
    # CHOPHIEN_SANDBOX_POLICY, which says who may buy from it): approved from the start but
    # never public, its products never reviewed, and left out of every sales figure. Who it
    # was made for is the policy's business, not this table's.
    is_sandbox = models.BooleanField(
        _("sandbox shop"),
        default=False,
        help_text=_("A shop for practising: never public, never reviewed, paid only by test card."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("producers:detail", kwargs={"slug": self.slug})

    def clean(self):
        self._commune_check()
        self.tax_code = tax_code_normalise(self.tax_code)
        # Half an account cannot receive a transfer: all three parts, or none yet.
        bank = {
            "bank_bin": self.bank_bin,
            "bank_account_number": self.bank_account_number,
            "bank_account_name": self.bank_account_name,
        }
        if any(bank.values()) and not all(bank.values()):
            message = _(
                "Fill in the bank, the account number and the name, or leave all three empty."
            )
            raise ValidationError(
                {
                    field: ValidationError(message, code="incomplete_bank_account")
                    for field, value in bank.items()
                    if not value
                }
            )

    def _commune_check(self):
        """The commune is a commune-level unit in force today, in the site's province
        (settings.CHOPHIEN_HOME_PROVINCE_CODE): a buyer's local delivery, the directory and
        the search read it."""
        if self.commune_id is None:
            return
        province = home_province()
        commune = self.commune
        if (
            province is None
            or commune.level != commune.Level.COMMUNE
            or commune.valid_until is not None
            or commune.parent_id != province.pk
        ):
            raise ValidationError(
                {
                    "commune": ValidationError(
                        _("Choose a commune or ward of %(province)s as it is today."),
                        code="commune_not_in_province",
                        params={"province": province.full_name if province else "—"},
                    )
                }
            )

    @property
    def awaiting_member_confirmation(self) -> bool:
        """A mentor's draft that the member has not yet taken over."""
        return self.drafted_by_id is not None and self.draft_confirmed_at is None

    @property
    def has_bank_account(self) -> bool:
        """Buyers can pay by bank transfer (the checkout's VietQR needs all three)."""
        return bool(self.bank_bin and self.bank_account_number and self.bank_account_name)

    @property
    def place_name(self) -> str:
        """The commune as buyers read it: "Xã Tú Lệ (Văn Chấn cũ)", or the text typed before
        the units existed (reads commune and former_district: select them with the producer)."""
        if self.commune_id is None:
            return ", ".join(p for p in (self.commune_as_typed, self.district_as_typed) if p)
        if self.former_district_id is None:
            return self.commune.full_name
        return _("%(commune)s (former %(district)s)") % {
            "commune": self.commune.full_name,
            "district": self.former_district.name,
        }

    @property
    def district_name(self) -> str:
        """The former district's name ("Bắc Hà"), or the text typed, or ""."""
        if self.former_district_id is not None:
            return self.former_district.name
        return self.district_as_typed

    @property
    def pickup_place(self) -> str:
        """Where a buyer collects: the place the producer gave, or else their commune (a
        practice shop, or a producer who has not said yet)."""
        return self.pickup_address or self.place_name

    @property
    def offers_shipping(self) -> bool:
        """Buyers have at least one way to get the goods."""
        return self.offers_pickup or self.offers_local_delivery or self.offers_national_post

    def delivers_locally_to(self, commune) -> bool:
        """Whether `commune` (a commune-level unit in force, or None) is in this producer's
        local delivery zone: its own commune, a commune it listed, or a commune whose centre
        lies within local_delivery_km. Says nothing of whether it offers local delivery
        (offers_local_delivery). Reads the listed communes: one query unless prefetched."""
        if commune is None or self.commune_id is None:
            return False
        if commune.pk == self.commune_id:
            return True
        if any(unit.pk == commune.pk for unit in self.local_delivery_communes.all()):
            return True
        if self.local_delivery_km is None:
            return False
        here = self.coordinates
        there = (commune.latitude, commune.longitude)
        if here is None or None in there:
            return False
        return distance_km(here, there) <= self.local_delivery_km

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """The producer's own coordinates, or else its commune's centre (reads commune)."""
        if self.latitude is not None and self.longitude is not None:
            return (float(self.latitude), float(self.longitude))
        if self.commune_id is not None and self.commune.latitude is not None:
            return (self.commune.latitude, self.commune.longitude)
        return None

    @property
    def name(self) -> str:
        """The display name, kept on Oscar's partner (reads self.partner: a query unless
        selected with it)."""
        return self.partner.name


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class ProducerPhoto(models.Model):
    """A photo of the producer's place, people or work, shown on their public page."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="producers/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("producer photo")
        verbose_name_plural = _("producer photos")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.caption or self.image.name


def provincial_record_url_check(url: str) -> None:
    """A lot's provincial record is shown under the province's name, so it may only point at
    the portals the province runs (settings.CHOPHIEN_PROVINCIAL_RECORD_HOSTS), never at any
    site the producer types. ValidationError otherwise."""
    if not url:
        return
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    allowed = [h.lower() for h in settings.CHOPHIEN_PROVINCIAL_RECORD_HOSTS]
    # "https://portal@elsewhere/" goes to elsewhere: an address with a user part is refused.
    if host not in allowed or "@" in parts.netloc:
        raise ValidationError(
            _("Only an address on the province's traceability portal is accepted (%(hosts)s)."),
            code="provincial_host",
            params={"hosts": ", ".join(allowed)},
        )


# Without 0/O and 1/I/L, so a code read aloud or typed from a label is not misread.
LOT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LOT_CODE_LENGTH = 10


def _lot_code() -> str:
    # A module function, so the migration refers to it by its path.
    return "".join(secrets.choice(LOT_CODE_ALPHABET) for _ in range(LOT_CODE_LENGTH))


class Lot(models.Model):
    """One lot (batch) of a producer's product: harvested or made on one day, with what went
    into it and the certificates it carries. Its QR label opens the public trace page at
    /t/<code>/; `code` is random, so lots cannot be counted or guessed from their numbers.

    The producer's own record: nothing here is reviewed by staff (it is shown as the
    producer's statement), but every change is in Wagtail's log like the other producer
    actions."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="lots")
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="lots",
        verbose_name=_("product"),
    )
    code = models.CharField(max_length=16, unique=True, default=_lot_code, editable=False)
    lot_number = models.CharField(
        _("lot number"),
        max_length=50,
        help_text=_("As you write it on the pack, e.g. “CHE-2026-03”."),
    )
    produced_on = models.DateField(_("harvest or production date"))
    quantity = models.CharField(
        _("quantity"), max_length=50, help_text=_("E.g. “120 gói” or “80 kg”.")
    )
    inputs = models.TextField(
        _("inputs used"),
        blank=True,
        help_text=_("Seeds, fertiliser, sprays, packing… what a buyer may want to know."),
    )
    ocop_number = models.CharField(_("OCOP certificate number"), max_length=100, blank=True)
    vietgap_number = models.CharField(_("VietGAP certificate number"), max_length=100, blank=True)
    organic_number = models.CharField(_("organic certificate number"), max_length=100, blank=True)
    provincial_url = models.URLField(
        _("record on the provincial traceability portal"),
        max_length=500,
        blank=True,
        help_text=_("The address of this product's page on the province's portal, if it has one."),
        # Only web addresses: a javascript: or file: link must never reach the trace page.
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Write the full web address, starting with https:// or http://."),
            )
        ],
    )
    scan_count = models.PositiveIntegerField(_("scans"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-produced_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "lot_number"],
                name="lot_number_unique_per_product",
                violation_error_message=_("This product already has a lot with this number."),
            )
        ]

    def __str__(self):
        return f"{self.lot_number} ({self.produced_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("trace", kwargs={"code": self.code})

    def clean(self):
        super().clean()
        try:
            provincial_record_url_check(self.provincial_url)
        except ValidationError as error:
            raise ValidationError({"provincial_url": error}) from error

    @property
    def certificates(self) -> list[tuple[str, str]]:
        """(name, number) of each certificate the lot carries."""
        names = [
            ("OCOP", self.ocop_number),
            ("VietGAP", self.vietgap_number),
            (_("Organic"), self.organic_number),
        ]
        return [(str(name), number) for name, number in names if number]


class ProductImport(models.Model):
    """One spreadsheet of products (and optionally a ZIP of their photos) uploaded by a
    producer, or by a mentor for a member's draft shop: checked first (the dry run), then
    created all at once. See producers.product_import."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, ready to import")
        REJECTED = "rejected", _("Rejected: nothing was imported")
        DONE = "done", _("Imported")

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="imports")
    sheet = models.FileField(upload_to="product-imports/%Y/%m/", storage=private_storage)
    photos = models.FileField(
        upload_to="product-imports/%Y/%m/", storage=private_storage, blank=True
    )
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices)
    # {"creates": [{"row": 2, "title": …}], "errors": [{"row": 3, "code": …, …}], "file_error": …}
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Imported by someone drafting the shop for its future owner (producers.assisted): the
    # products stay drafts, and the owner's own portal neither lists nor commits it.
    for_draft = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("product import")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"


class SellerIdentityQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=SellerIdentity.Status.APPROVED)


class SellerIdentity(models.Model):
    """Who is behind a producer, identified before its first product goes on sale (E-commerce
    Law 2025: sellers on a platform are identified, through VNeID for individuals). One per
    producer: sending it again replaces the details, and the audit trail keeps each decision.

    A household (or a person selling alone) is identified by its owner: name, citizen ID
    number (CCCD) and a VNeID level-2 account. A cooperative or enterprise by its registration
    number and tax code, and its legal representative's name and CCCD. The numbers are kept as
    long as the producer sells (the operator must be able to name the seller); the photos of
    the documents are deleted CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS after the decision
    (producers.identification.identity_documents_purge). Nothing of this is ever public: the
    producer's page says only that the seller is identified, and since when."""

    class Holder(models.TextChoices):
        PERSON = "person", _("A person or household business")
        ORGANISATION = "organisation", _("A cooperative or enterprise")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for staff to check")
        APPROVED = "approved", _("Identified")
        REFUSED = "refused", _("Refused")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Checked by staff")
        NATIONAL_SERVICE = "national_service", _("Confirmed by the national identification service")

    producer = models.OneToOneField(Producer, on_delete=models.CASCADE, related_name="identity")
    holder = models.CharField(_("who sells"), max_length=20, choices=Holder.choices)
    full_name = models.CharField(
        _("full name"),
        max_length=100,
        help_text=_("As on the citizen ID card (the owner, or the legal representative)."),
    )
    citizen_id = models.CharField(
        _("citizen ID number (CCCD)"), max_length=12, validators=[citizen_id_valid]
    )
    vneid_level2 = models.BooleanField(_("has a VNeID level-2 account"), default=False)
    registration_number = models.CharField(
        _("business or cooperative registration number"), max_length=20, blank=True
    )
    tax_code = models.CharField(
        _("tax code"), max_length=14, blank=True, validators=[tax_code_valid]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.TextField(_("reason"), blank=True)
    method = models.CharField(_("confirmed by"), max_length=20, choices=Method.choices, blank=True)
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    documents_deleted_at = models.DateTimeField(_("documents deleted"), null=True, blank=True)

    objects = SellerIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("seller identification")
        verbose_name_plural = _("seller identifications")
        ordering = ["submitted_at"]

    def __str__(self):
        return str(self.producer)

    def clean(self):
        self.tax_code = tax_code_normalise(self.tax_code)
        self.registration_number = self.registration_number.strip()
        required = {}
        if self.holder == self.Holder.PERSON and not self.vneid_level2:
            required["vneid_level2"] = _(
                "Sellers are identified through VNeID: you need a level-2 VNeID account."
            )
        if self.holder == self.Holder.ORGANISATION:
            if not self.registration_number:
                required["registration_number"] = _(
                    "Write the number on the business or cooperative registration certificate."
                )
            if not self.tax_code:
                required["tax_code"] = _("Write the tax code (MST) of the cooperative or business.")
        if required:
            raise ValidationError(
                {
                    name: ValidationError(message, code="required")
                    for name, message in required.items()
                }
            )


class IdentityDocument(models.Model):
    """A photo or PDF of an identity document, in the private storage (no URL serves it):
    only reviewing staff open it, through producers.admin_views.IdentityDocumentView."""

    class Kind(models.TextChoices):
        ID_FRONT = "id_front", _("Citizen ID card, front")
        ID_BACK = "id_back", _("Citizen ID card, back")
        VNEID = "vneid", _("VNeID screenshot (level 2)")
        REGISTRATION = "registration", _("Business or cooperative registration certificate")

    identity = models.ForeignKey(SellerIdentity, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="identity/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=40)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity document")
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()
