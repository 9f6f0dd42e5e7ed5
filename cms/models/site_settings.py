"""Site settings: the main menu and the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu: pages shown after the shop's own links, titled in the reader's language."""

    panels = [InlinePanel("links", label=_("Menu link"))]

    class Meta:
        verbose_name = _("main menu")


class NavigationLink(Orderable):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("page")]


@register_setting(icon="placeholder")
class FooterSettings(ClusterableModel, BaseSiteSetting):
    """The footer's "About" text in both languages, its page links and contact details."""

    about_vi = models.TextField(_("about the site (Vietnamese)"), blank=True)
    about_en = models.TextField(_("about the site (English)"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("about_vi"),
        FieldPanel("about_en"),
        InlinePanel("links", label=_("Footer link")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("footer")


class FooterLink(Orderable):
    setting = ParentalKey(FooterSettings, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("page")]
