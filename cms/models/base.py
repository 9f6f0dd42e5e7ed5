"""What every editorial page shares: the listing and sharing images, and the listings' pager."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

LISTING_PAGE_SIZE = 12


def area_field():
    """The place a section or destination covers: a district of before 1 July 2025 (its
    communes' successors: "Bắc Hà" as people still name the area) or one of today's communes.
    The producers nearby are those of its communes (cms.selectors.producers_near)."""
    return models.ForeignKey(
        "places.AdministrativeUnit",
        verbose_name=_("area"),
        help_text=_("A former district (before 1 July 2025) or one of today's communes."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=models.Q(level="district", valid_until__isnull=False)
        | models.Q(level="commune", valid_until__isnull=True),
    )


def area_label(page) -> str:
    """The area as a reader names it: "Bắc Hà" for a former district, "Xã Tả Van" for a
    commune, or the text of before the units."""
    area = page.area
    if area is None:
        return page.district_as_typed
    return area.name if area.level == "district" else area.full_name


def district_as_typed_field():
    # The district name chosen before places were units: kept for history, read once by
    # the data migration (and by load_admin_units on a fresh database) to set `area`.
    return models.CharField(_("district (as typed)"), max_length=100, blank=True, editable=False)


def _image_field(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class BasePage(Page):
    """Fields every editorial page shares: a listing/hero image and an OpenGraph image for
    sharing (Facebook and Zalo previews), with Wagtail's SEO title and description."""

    image = _image_field(_("main image"), _("Shown at the top of the page and on listings."))
    og_image = _image_field(
        _("sharing image"),
        _("Shown when the page is shared on Facebook or Zalo. The main image if empty."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("og_image"),
            ],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
    ]

    class Meta:
        abstract = True

    @property
    def sharing_image(self):
        return self.og_image or self.image


def _paginate(request, items, per_page=LISTING_PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))
