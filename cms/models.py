from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from marketplace.search.selectors import product_browse_list

HOME_PRODUCT_COUNT = 8


class HomePage(Page):
    """The site root: a welcome to the market and its newest products, live from the shop."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Prices and stock come from Oscar at render time; the page stores none of them.
        context["products"] = product_browse_list()[:HOME_PRODUCT_COUNT]
        return context
