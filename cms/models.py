"""The editorial site: Wagtail pages that tell the stories and point at live commerce data.

Page tree (each type's parent_page_types/subpage_types enforce it):

    HomePage (site root; an English translation tree beside it)
    ├── NewsIndexPage → NewsPage
    ├── CampaignIndexPage → CampaignPage
    ├── LessonIndexPage → LessonPage
    ├── DestinationIndexPage → DestinationPage
    ├── StoryIndexPage → ProducerStoryPage
    ├── SectionPage (a district's section: its own news, destinations, stories, pages)
    ├── StandardPage → StandardPage
    └── FormPage ("I want to sell here")

Products and producers are referenced by id; prices, stock and "still on sale?" are read from
Oscar when a page renders (cms.selectors), never copied into the page.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.throttling import client_ip, throttle_hit
from cms import selectors
from cms.blocks import BodyBlock, OpeningTimeBlock
from core.pages import pages_public
from core.places import LAO_CAI_DISTRICTS
from core.slugs import ascii_slugify
from marketplace.search.selectors import product_browse_list
from mentoring.models import Topic
from producers.selectors import producers_public

HOME_PRODUCT_COUNT = 8
LISTING_PAGE_SIZE = 12
DISTRICT_CHOICES = [(name, name) for name in LAO_CAI_DISTRICTS]


def _image_field(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class BasePage(Page):
    """Fields every editorial page shares: a listing/hero image and an OpenGraph image for
    sharing (Facebook and Zalo previews), with Wagtail's SEO title and description."""

    image = _image_field(_("main image"), _("Shown at the top of the page and on listings."))
    og_image = _image_field(
        _("sharing image"),
        _("Shown when the page is shared on Facebook or Zalo. The main image if empty."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("og_image"),
            ],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
    ]

    class Meta:
        abstract = True

    @property
    def sharing_image(self):
        return self.og_image or self.image


def _paginate(request, items, per_page=LISTING_PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


# --------------------------------------------------------------------------- home


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


# --------------------------------------------------------------------------- news


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


# --------------------------------------------------------------------------- campaigns


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


# --------------------------------------------------------------------------- training library


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


# --------------------------------------------------------------------------- destinations


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

    district = models.CharField(_("district"), max_length=100, choices=DISTRICT_CHOICES)
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
        FieldPanel("district"),
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
        context["producers"] = selectors.producers_near(district=self.district)
        return context


class DestinationPhoto(Orderable):
    page = ParentalKey(DestinationPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    panels = [FieldPanel("image"), FieldPanel("caption")]


# --------------------------------------------------------------------------- producer stories


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


# --------------------------------------------------------------------------- district sections


class SectionPage(BasePage):
    """A district's own section: its editors add news, destinations, stories and pages here
    and send them to the provincial editors for approval (see cms.permissions)."""

    district = models.CharField(_("district"), max_length=100, choices=DISTRICT_CHOICES)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("district"),
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


# --------------------------------------------------------------------------- plain pages


class StandardPage(BasePage):
    """A plain page (about us, how to buy, privacy)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage", "cms.SectionPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class FormField(AbstractFormField):
    page = ParentalKey("cms.FormPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        # Wagtail's own escapes "đ" ("Số điện thoại" → so_u0111ien_thoai); anyascii reads it.
        return ascii_slugify(self.label).replace("-", "_")


SELL_FORM_POSTS_PER_HOUR = 5  # from one client address
SELL_FORM_MAILS_PER_HOUR = 60  # to the onboarding team, from one form page


class FormPage(AbstractEmailForm):
    """ "I want to sell here": an interest form whose submissions are stored and emailed to the
    producer onboarding team (the page's address, else settings.PRODUCER_ONBOARDING_EMAIL)."""

    image = _image_field(_("main image"))
    og_image = _image_field(_("sharing image"))
    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Email"),
        ),
    ]
    promote_panels = BasePage.promote_panels
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")

    @property
    def sharing_image(self):
        return self.og_image or self.image

    @property
    def recipients(self) -> list[str]:
        addresses = self.to_address or settings.PRODUCER_ONBOARDING_EMAIL
        return [address.strip() for address in addresses.split(",") if address.strip()]

    def get_submissions_list_view_class(self):
        # Anonymous visitors fill this form: its CSV must not carry their formulas to the
        # team's spreadsheet (config.spreadsheets).
        from cms.form_views import SubmissionsListView

        return SubmissionsListView

    def serve(self, request, *args, **kwargs):
        # Anyone may post this form, and each post is stored and mailed: a few an hour from one
        # client address; past that, the form answers with an error and keeps what was typed.
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            over = throttle_hit(
                scope="sell-form",
                keys={"ip": client_ip(request)},
                limits={"ip": SELL_FORM_POSTS_PER_HOUR},
                window=60 * 60,
            )
            if not over:
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(None, _("Too many requests. Please try again in an hour."))
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def process_form_submission(self, form):
        # AbstractEmailForm mails only when the page names an address; the team's default
        # address from settings must receive the submissions too. Past a number of mails an
        # hour to the team (many clients at once), submissions are stored without a mail: the
        # team still sees them in the admin, its mailbox is not flooded.
        submission = super(AbstractEmailForm, self).process_form_submission(form)
        if self.recipients and not throttle_hit(
            scope="sell-form-mail",
            keys={"page": str(self.pk)},
            limits={"page": SELL_FORM_MAILS_PER_HOUR},
            window=60 * 60,
        ):
            self.send_mail(form)
        return submission

    def send_mail(self, form):
        subject = self.subject or _("New interest in selling on Chợ Phiên")
        send_mail(str(subject), self.render_email(form), self.recipients, self.from_address)


# --------------------------------------------------------------------------- site settings


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
