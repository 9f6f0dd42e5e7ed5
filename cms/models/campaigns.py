"""Seasonal campaigns and the products chosen for them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyBlock
from cms.models.base import BasePage
from core.pages import pages_public


class CampaignIndexPage(BasePage):
    """Seasonal campaigns: those running or coming first, past ones archived below."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CampaignPage"]

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        campaigns = selectors.with_listing_images(
            pages_public(pages=CampaignPage.objects.child_of(self)), "image"
        ).order_by("-start_date", "-pk")
        context["campaigns"] = [c for c in campaigns if c.end_date >= today]
        context["past_campaigns"] = [c for c in campaigns if c.end_date < today]
        return context


class CampaignPage(BasePage):
    """A seasonal campaign (e.g. Bắc Hà plum season): dates, story and a chosen product list."""

    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"))
    intro = models.TextField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("campaign_products", heading=_("Products in the campaign"), label=_("product")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end_date": _("A campaign cannot end before it starts.")})

    @property
    def date_range(self) -> str:
        """E.g. "14/11/2026 – 12/1/2027", the way Vietnamese dates are written (and read in
        English too)."""
        start, end = self.start_date, self.end_date
        return f"{start.day}/{start.month}/{start.year} – {end.day}/{end.month}/{end.year}"

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()

    @property
    def is_running(self) -> bool:
        return self.start_date <= timezone.localdate() <= self.end_date

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = selectors.live_products(
            product_ids=[row.product_id for row in self.campaign_products.all()]
        )
        return context


class CampaignProduct(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="campaign_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("product")]
