"""The site root: hero, editor-picked products and producers, the campaign and the news."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from cms import selectors
from cms.blocks import BodyBlock
from cms.models.base import BasePage
from cms.models.campaigns import CampaignPage
from cms.models.news import NewsPage
from core.pages import pages_public
from marketplace.search.selectors import product_browse_list
from producers.selectors import producers_public

HOME_PRODUCT_COUNT = 8


class HomePage(BasePage):
    """The site root: hero, editor-picked products and producers, the campaign running now,
    the latest news. (The union's progress toward its target is a block for the union's own
    pages, cms.blocks.TargetProgressBlock: buyers come here to shop.)"""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("image")],
            heading=_("Hero"),
        ),
        InlinePanel("featured_products", heading=_("Featured products"), label=_("product")),
        InlinePanel("featured_producers", heading=_("Featured producers"), label=_("producer")),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.CampaignIndexPage",
        "cms.LessonIndexPage",
        "cms.DestinationIndexPage",
        "cms.StoryIndexPage",
        "cms.SectionPage",
        "cms.StandardPage",
        "cms.LegalPage",
        "cms.FormPage",
    ]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent):
        # One home page; its English version is made with "Translate", not "Add child page".
        return super().can_create_at(parent) and not cls.objects.exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Prices and stock come from Oscar at render time; the page stores none of them.
        featured = selectors.live_products(
            product_ids=[row.product_id for row in self.featured_products.all()]
        )
        context["featured_products"] = featured
        context["products"] = featured or product_browse_list()[:HOME_PRODUCT_COUNT]
        context["featured_producers"] = [
            row.producer
            for row in self.featured_producers.select_related("producer__partner")
            .prefetch_related("producer__photos")
            .filter(producer__in=producers_public())
        ]
        context["campaign"] = self.current_campaign()
        context["news"] = self.latest_news()
        return context

    # The two reads of pages are methods here, not cms.selectors: selectors may not import
    # the page models that use them.
    def current_campaign(self):
        """The live campaign running today (the one ending soonest), else the next to start."""
        today = timezone.localdate()
        campaigns = selectors.with_listing_images(
            pages_public(pages=CampaignPage.objects, locale=self.locale), "image"
        )
        running = campaigns.filter(start_date__lte=today, end_date__gte=today).order_by("end_date")
        return (
            running.first() or campaigns.filter(start_date__gt=today).order_by("start_date").first()
        )

    def latest_news(self, *, limit: int = 3):
        return selectors.with_listing_images(
            pages_public(pages=NewsPage.objects, locale=self.locale), "image"
        ).order_by("-date", "-pk")[:limit]


class HomeFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("product")]


class HomeFeaturedProducer(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_producers")
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("producer"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("producer")]
