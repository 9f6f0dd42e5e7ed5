from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractOrder

from marketplace.money import WholeDongField


class Order(AbstractOrder):
    """Oscar's order, plus how the buyer chose to pay and the language to write to them in.

    A buyer without an email (many have only a phone) leaves `guest_phone` instead of Oscar's
    `guest_email`.
    """

    payment_method = models.CharField(_("payment method"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    guest_phone = models.CharField(_("guest phone"), max_length=20, blank=True)
    # A trainee's purchase in a practice shop (mentoring.practice), paid by test card: left
    # out of every sales figure.
    is_practice = models.BooleanField(_("practice order"), default=False)


class ShippingAddress(AbstractShippingAddress):
    """Where an order goes: the commune, ward or special zone of today's map (its province is
    its parent) and the street; line3/line4 keep their names for display and history. Orders
    placed before the two-tier form have no commune: they went to the address as written."""

    commune = models.ForeignKey(
        "places.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune, ward or special zone"),
    )


class ShippingGroup(models.Model):
    """One producer's part of an order: its lines travel together, by the option the buyer
    chose for that producer, at the charge shown at checkout."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="shipping_groups"
    )
    partner = models.ForeignKey("partner.Partner", on_delete=models.PROTECT, related_name="+")
    method_code = models.CharField(_("shipping option"), max_length=40)
    method_name = models.CharField(_("shipping option"), max_length=128)
    charge = WholeDongField(_("shipping charge"))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=0)

    class Meta:
        verbose_name = _("shipping group")
        verbose_name_plural = _("shipping groups")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "partner"], name="one_group_per_producer")
        ]

    def __str__(self):
        return f"{self.order.number} · {self.partner.name}"


from oscar.apps.order.models import *  # noqa: E402, F403
