"""Each page type can be created where the site's structure allows it and nowhere else, and
every page type renders and can be edited in the admin (Wagtail's page test helpers)."""

import datetime

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    CampaignIndexPage,
    CampaignPage,
    DestinationIndexPage,
    DestinationPage,
    FormPage,
    HomePage,
    LegalPage,
    LessonIndexPage,
    LessonPage,
    NewsIndexPage,
    NewsPage,
    ProducerStoryPage,
    SectionPage,
    StandardPage,
    StoryIndexPage,
)
from tests.factories.cms import make_site_pages

ALLOWED_CHILDREN = {
    HomePage: {
        NewsIndexPage,
        CampaignIndexPage,
        LessonIndexPage,
        DestinationIndexPage,
        StoryIndexPage,
        SectionPage,
        StandardPage,
        FormPage,
        LegalPage,  # the rules and notices (legal), or under a standard page grouping them
    },
    NewsIndexPage: {NewsPage},
    CampaignIndexPage: {CampaignPage},
    LessonIndexPage: {LessonPage},
    DestinationIndexPage: {DestinationPage},
    StoryIndexPage: {ProducerStoryPage},
    SectionPage: {NewsPage, DestinationPage, ProducerStoryPage, StandardPage},
    StandardPage: {StandardPage, LegalPage},
    NewsPage: set(),
    CampaignPage: set(),
    LessonPage: set(),
    DestinationPage: set(),
    ProducerStoryPage: set(),
    FormPage: set(),
    LegalPage: set(),
}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_each_page_type_allows_exactly_its_children(self):
        for parent, children in ALLOWED_CHILDREN.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_each_page_type_is_refused_under_every_other_parent(self):
        for parent, children in ALLOWED_CHILDREN.items():
            for child in set(ALLOWED_CHILDREN) - children:
                with self.subTest(parent=parent.__name__, child=child.__name__):
                    self.assertCanNotCreateAt(parent, child)

    def test_home_page_sits_only_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        for parent in ALLOWED_CHILDREN:
            self.assertCanNotCreateAt(parent, HomePage)

    def test_a_second_home_page_cannot_be_added(self):
        root = Page.get_first_root_node()
        assert HomePage.objects.exists()
        assert not HomePage.can_create_at(root)


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.pages = make_site_pages()

    def test_editor_creates_a_news_article_with_tags_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Thanh niên Bát Xát học chụp ảnh",
                "slug": "thanh-nien-bat-xat",
                "date": "2026-11-20",
                "tags": "Tập huấn, Bát Xát",
                "intro": "Lớp tập huấn hai ngày.",
                "body": streamfield([("paragraph", rich_text("<p>Sáu mươi đoàn viên.</p>"))]),
            }
        )
        self.assertCanCreate(self.pages["news_index"], NewsPage, data)
        article = NewsPage.objects.get(slug="thanh-nien-bat-xat")
        assert article.live
        assert sorted(tag.name for tag in article.tags.all()) == ["Bát Xát", "Tập huấn"]

    def test_editor_creates_a_campaign_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Mùa chè Shan Tuyết",
                "slug": "mua-che",
                "start_date": "2026-11-01",
                "end_date": "2026-12-31",
                "intro": "",
                "campaign_products": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
                "body": streamfield([]),
            }
        )
        self.assertCanCreate(self.pages["campaign_index"], CampaignPage, data)

    def test_a_campaign_cannot_end_before_it_starts(self):
        campaign = CampaignPage(
            title="Sai ngày",
            slug="sai-ngay",
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )
        with self.assertRaises(Exception) as raised:
            campaign.full_clean()
        assert "end_date" in raised.exception.message_dict


class RenderingTests(WagtailPageTestCase):
    def setUp(self):
        self.pages = make_site_pages()

    def test_every_page_type_renders(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                self.assertPageIsRenderable(page.specific)

    def test_every_page_type_opens_in_the_admin_editor(self):
        # assertPageIsEditable re-posts the form scraped from the HTML, which cannot carry a
        # StreamField (its inputs are built by JavaScript): the editor's GET proves the panels,
        # choosers and inline forms of each type render.
        self.login()
        for name, page in self.pages.items():
            with self.subTest(page=name):
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                assert response.status_code == 200
