"""Places worth visiting in Lao Cai, with the producers nearby."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyBlock, OpeningTimeBlock
from cms.models.base import (
    BasePage,
    area_field,
    area_label,
    district_as_typed_field,
)
from core.pages import pages_public


class DestinationIndexPage(BasePage):
    """Places worth visiting in Lao Cai (the province's digital tourism plan)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.DestinationPage"]

    class Meta:
        verbose_name = _("destination index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["destinations"] = selectors.with_listing_images(
            pages_public(pages=DestinationPage.objects.child_of(self)), "image"
        ).order_by("path")
        return context


class DestinationPage(BasePage):
    """A place: photos, where it is, when to come, an audio guide and the producers nearby."""

    area = area_field()
    district_as_typed = district_as_typed_field()
    area_label = property(area_label)
    intro = models.TextField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_times = StreamField(
        [("time", OpeningTimeBlock())], verbose_name=_("opening times"), blank=True
    )
    audio_guide = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("audio guide"),
        help_text=_("An MP3 file visitors can play on the page."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("area"),
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("photos", heading=_("Photos"), label=_("photo")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Location"),
        ),
        FieldPanel("opening_times"),
        FieldPanel("audio_guide"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.DestinationIndexPage", "cms.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (float(self.latitude), float(self.longitude))

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=13/{self.latitude}/{self.longitude}"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = self.photos.select_related("image").prefetch_related(
            "image__renditions"
        )
        context["producers"] = selectors.producers_near(
            area=self.area, point=self.point, km=selectors.NEARBY_KM
        )
        return context


class DestinationPhoto(Orderable):
    page = ParentalKey(DestinationPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    panels = [FieldPanel("image"), FieldPanel("caption")]
