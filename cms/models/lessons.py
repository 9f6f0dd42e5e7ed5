"""The training library: lessons grouped by the topics of mentoring's trainings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import selectors
from cms.blocks import BodyBlock
from cms.models.base import BasePage
from core.pages import pages_public
from mentoring.models import Topic


class LessonIndexPage(BasePage):
    """The training library: lessons grouped by the topics of mentoring's trainings."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.LessonPage"]

    class Meta:
        verbose_name = _("training library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(
            selectors.with_listing_images(
                pages_public(pages=LessonPage.objects.child_of(self)), "image"
            ).order_by("path")
        )
        context["topics"] = [
            (label, [lesson for lesson in lessons if lesson.topic == value])
            for value, label in Topic.choices
            if any(lesson.topic == value for lesson in lessons)
        ]
        return context


class LessonPage(BasePage):
    """A lesson: text, images, documents to download and embedded video."""

    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    intro = models.TextField(_("summary"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("time to study (minutes)"), null=True, blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("topic"), FieldPanel("duration_minutes")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.LessonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
