"""A district's own section of the site."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms import selectors
from cms.models.base import BasePage, _paginate, area_field, area_label, district_as_typed_field
from cms.models.destinations import DestinationPage
from cms.models.news import NewsPage
from cms.models.standard import StandardPage
from cms.models.stories import ProducerStoryPage
from core.pages import pages_public


class SectionPage(BasePage):
    """A district's own section: its editors add news, destinations, stories and pages here
    and send them to the provincial editors for approval (see cms.permissions)."""

    area = area_field()
    district_as_typed = district_as_typed_field()
    area_label = property(area_label)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("area"),
        FieldPanel("intro"),
        FieldPanel("image"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.NewsPage",
        "cms.DestinationPage",
        "cms.ProducerStoryPage",
        "cms.StandardPage",
    ]

    class Meta:
        verbose_name = _("district section")
        verbose_name_plural = _("district sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Children have four types: one query per type (with images), whatever their number.
        children = [
            child
            for model in (NewsPage, DestinationPage, ProducerStoryPage, StandardPage)
            for child in selectors.with_listing_images(
                pages_public(pages=model.objects.child_of(self)), "image"
            )
        ]
        children.sort(key=lambda page: page.first_published_at or timezone.now(), reverse=True)
        context["children"] = _paginate(request, children)
        return context
