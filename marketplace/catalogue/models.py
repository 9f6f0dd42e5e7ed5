import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct

from marketplace.catalogue.managers import ProductQuerySet
from marketplace.order.statuses import LineStatus, OrderStatus


class Product(AbstractProduct):
    """Oscar's product, plus what a Lao Cai specialty needs: where it comes from, how it is
    sold, and whether staff have checked it (Oscar's is_public is the "on sale" switch)."""

    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        BOX = "hop", _("box")
        PACK = "goi", _("pack")
        BOTTLE = "chai", _("bottle")
        PIECE = "cai", _("piece")
        BAG = "tui", _("bag")
        JAR = "lo", _("jar")

    class Moderation(models.TextChoices):
        # Drafted by a mentor for a union member (mentoring.assisted): not even staff review
        # it before the member confirms from their own account.
        DRAFTED = "drafted", _("Drafted by a mentor, waiting for the producer")
        SUBMITTED = "submitted", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        # A trainee's product in a practice shop (mentoring.practice): never reviewed, never
        # public; only the trainees of the same training can buy it.
        PRACTICE = "practice", _("Practice product, never on sale")

    origin_district = models.CharField(
        _("District of origin"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The district (or town) where the product is grown or made."),
    )
    origin_commune = models.CharField(_("commune of origin"), max_length=100, blank=True)
    # Where it is grown or made as a unit of today's map (its producer's commune unless said
    # otherwise); origin_district keeps the district name of before 1 July 2025 buyers know.
    origin = models.ForeignKey(
        "places.AdministrativeUnit",
        verbose_name=_("commune of origin (today's map)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune", "valid_until__isnull": True},
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    weight_grams = models.PositiveIntegerField(
        _("weight with packing (grams)"), null=True, blank=True, help_text=_("For shipping.")
    )
    harvest_season = models.CharField(
        _("harvest season"), max_length=100, blank=True, help_text=_("E.g. “tháng 3 – tháng 5”.")
    )
    moderation = models.CharField(
        _("review"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.APPROVED,  # staff's own products in the Oscar dashboard
        db_index=True,
    )
    moderation_reason = models.TextField(_("reason"), blank=True)

    objects = ProductQuerySet.as_manager()

    @property
    def is_shown_to_public(self) -> bool:
        """`Product.objects.shown_to_public()` for one product already loaded (no query)."""
        return (
            self.is_public
            and self.moderation == self.Moderation.APPROVED
            and self.parent_id is None
        )

    def is_review_permitted(self, user):
        """Only a signed-in buyer who has paid for this product reviews it, once (Oscar's own
        rule, which Oscar's docstring invites us to tighten). Reviews wait for staff
        (OSCAR_MODERATE_REVIEWS): a rating counts approved reviews only. Reads the buyer's
        order lines: one query."""
        if not user.is_authenticated or self.has_review_by(user):
            return False
        from marketplace.order.models import Line

        return (
            Line.objects.filter(order__user=user, order__status=OrderStatus.PAID, product=self)
            .exclude(status=LineStatus.CANCELLED)
            .exists()
        )


class OcopCertificate(models.Model):
    """The product's OCOP rating (One Commune One Product, 3 to 5 stars), as a credential with
    dates: the badge shows only while the certificate is valid."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="ocop_certificate"
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    number = models.CharField(_("certificate number"), max_length=100)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"))

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=3, stars__lte=5), name="ocop_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")),
                name="ocop_expires_after_issue",
                violation_error_message=_("The expiry date cannot come before the issue date."),
            ),
        ]

    def __str__(self):
        return f"OCOP {self.stars}★ {self.number}"

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.issued_on <= day <= self.expires_on  # valid through its expiry date


from oscar.apps.catalogue.models import *  # noqa: E402, F403
