"""The editorial site: Wagtail pages that tell the stories and point at live commerce data.

Page tree (each type's parent_page_types/subpage_types enforce it):

    HomePage (site root; an English translation tree beside it)
    ├── NewsIndexPage → NewsPage
    ├── CampaignIndexPage → CampaignPage
    ├── LessonIndexPage → LessonPage
    ├── DestinationIndexPage → DestinationPage
    ├── StoryIndexPage → ProducerStoryPage
    ├── SectionPage (a district's section: its own news, destinations, stories, pages)
    ├── StandardPage → StandardPage, LegalPage
    ├── LegalPage (one version of the rules, terms, privacy notice...)
    └── FormPage ("I want to sell here")

Products and producers are referenced by id; prices, stock and "still on sale?" are read from
Oscar when a page renders (cms.selectors), never copied into the page.
"""

from cms.models.campaigns import CampaignIndexPage, CampaignPage, CampaignProduct
from cms.models.destinations import DestinationIndexPage, DestinationPage, DestinationPhoto
from cms.models.form_page import FormField, FormPage
from cms.models.home import HomeFeaturedProducer, HomeFeaturedProduct, HomePage
from cms.models.legal import LegalPage
from cms.models.lessons import LessonIndexPage, LessonPage
from cms.models.news import NewsIndexPage, NewsPage, NewsPageTag
from cms.models.sections import SectionPage
from cms.models.site_settings import FooterLink, FooterSettings, NavigationLink, NavigationSettings
from cms.models.standard import StandardPage
from cms.models.stories import ProducerStoryPage, StoryIndexPage

__all__ = [
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignProduct",
    "DestinationIndexPage",
    "DestinationPage",
    "DestinationPhoto",
    "FooterLink",
    "FooterSettings",
    "FormField",
    "FormPage",
    "HomeFeaturedProducer",
    "HomeFeaturedProduct",
    "HomePage",
    "LegalPage",
    "LessonIndexPage",
    "LessonPage",
    "NavigationLink",
    "NavigationSettings",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "ProducerStoryPage",
    "SectionPage",
    "StandardPage",
    "StoryIndexPage",
]
