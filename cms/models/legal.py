"""The platform's rules and notices (operating rules, terms, privacy notice, returns and
complaints policy, seller's commitments) as pages an editor writes and versions.

One page per version: a new version is a new page (copy the current one, raise the version,
set the date it comes into force), so the text in force stays readable until then and old
versions stay readable after. Publishing registers the version in the `legal` app
(cms.signals), where sign-in and checkout read what is in force and record acceptances."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models.base import BasePage
from legal.models import DocumentKind, DocumentVersion
from legal.selectors import version_in_force


class LegalPage(BasePage):
    """One version of one of the platform's documents."""

    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("in force from"))
    changes = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("Shown to people asked to accept this version after sign-in."),
    )
    is_template = models.BooleanField(
        _("template to review"),
        default=True,
        help_text=_(
            "Shows a notice that this text is a template to review with a lawyer. Untick once "
            "it has been reviewed."
        ),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("version"),
                FieldPanel("effective_from"),
                FieldPanel("changes"),
                FieldPanel("is_template"),
            ],
            heading=_("Version"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("rules or notice page")

    def clean(self):
        super().clean()
        # The page itself and its translations (the same version in another language) may.
        same = Page.objects.filter(translation_key=self.translation_key).values("pk")
        taken = DocumentVersion.objects.filter(kind=self.kind, number=self.version).exclude(
            page_id__in=same
        )
        if self.kind and taken.filter(page_id__isnull=False).exists():
            raise ValidationError(
                {"version": _("Another page already holds this version of this document.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        current = version_in_force(self.kind)
        context["in_force"] = current
        context["is_current"] = current is not None and current.number == self.version
        context["is_future"] = self.effective_from > timezone.localdate()
        return context
