"""What every editorial page shares: the listing and sharing images, and the listings' pager."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from core.places import LAO_CAI_DISTRICTS

LISTING_PAGE_SIZE = 12
DISTRICT_CHOICES = [(name, name) for name in LAO_CAI_DISTRICTS]


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
