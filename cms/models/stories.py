"""The young producers' stories; their products come live from Oscar."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyBlock
from cms.models.base import BasePage, _paginate
from core.pages import pages_public


class StoryIndexPage(BasePage):
    """The young producers' stories."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProducerStoryPage"]

    class Meta:
        verbose_name = _("producer story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = selectors.with_listing_images(
            pages_public(pages=ProducerStoryPage.objects, locale=self.locale), "image"
        ).select_related("producer__partner")
        context["stories"] = _paginate(request, stories.order_by("-first_published_at", "-pk"))
        return context


class ProducerStoryPage(BasePage):
    """A producer's story; their products come live from Oscar (prices never stored here)."""

    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("producer"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.StoryIndexPage", "cms.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("producer story")
        verbose_name_plural = _("producer stories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = selectors.story_products(producer=self.producer)
        return context
