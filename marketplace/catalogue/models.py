from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct


class Product(AbstractProduct):
    """Oscar's product, plus where it comes from: buyers choose Lao Cai goods by place."""

    origin_district = models.CharField(
        _("District of origin"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The district (or town) where the product is grown or made."),
    )


from oscar.apps.catalogue.models import *  # noqa: E402, F403
