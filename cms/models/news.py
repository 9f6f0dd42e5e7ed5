"""News from the Youth Union and the market, filterable by tag."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyBlock
from cms.models.base import BasePage, _paginate
from core.pages import pages_public


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(BasePage):
    """News from the Youth Union and the market, newest first, filterable by tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = pages_public(pages=NewsPage.objects, locale=self.locale)
        tag = request.GET.get("tag", "").strip()
        if tag:
            news = news.filter(tags__name=tag)
        news = selectors.with_listing_images(news, "image").order_by("-date", "-pk")
        context["tag"] = tag
        context["news"] = _paginate(request, news)
        return context


class NewsPage(BasePage):
    """A news article: date, summary, body with images, documents and product rows; tags."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("tags")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage", "cms.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
