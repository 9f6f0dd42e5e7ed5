from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractUserAddress


class UserAddress(AbstractUserAddress):
    """A buyer's saved address, in today's two-tier form: the commune, ward or special zone
    (its province is its parent), then the street. Oscar's lines stay filled for display
    (line3 the commune's name, line4 the province's), so orders and emails print it.

    Addresses saved before 1 July 2025's map were converted (order migration 0025 / address
    0008) through the old-to-new map where it could be read, and flagged `place_to_confirm`:
    the buyer sees the new form and confirms it before it is used."""

    commune = models.ForeignKey(
        "places.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune, ward or special zone"),
    )
    place_to_confirm = models.BooleanField(
        _("place to be confirmed by the buyer"),
        default=False,
        help_text=_("Converted from an address written before 1 July 2025."),
    )
    address_as_typed = models.CharField(
        _("address as first written"),
        max_length=400,
        blank=True,
        help_text=_("The old three-level address this one was converted from."),
    )


from oscar.apps.address.models import *  # noqa: E402, F403
