"""`load_demo_data` builds the CMS demo: Vietnamese pages with English translations, the
editors' groups and workflow, the menu and footer; running it again adds nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, WorkflowPage

from cms import services
from cms.models import (
    CampaignPage,
    DestinationPage,
    FooterSettings,
    LessonPage,
    NavigationSettings,
    NewsPage,
)

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: {
            lang: model.objects.live().filter(locale__language_code=lang).count()
            for lang in ("vi", "en")
        }
        for model in (NewsPage, CampaignPage, LessonPage, DestinationPage)
    } | {"pages": Page.objects.count()}


def test_demo_content_is_bilingual_complete_and_loads_once(demo_data, client):
    first = _counts()  # after the first load: the shared demo world (tests/support/worlds.py)
    assert first["NewsPage"]["vi"] >= 6 and first["NewsPage"]["en"] == first["NewsPage"]["vi"]
    assert first["CampaignPage"] == {"vi": 2, "en": 2}
    assert first["LessonPage"] == {"vi": 8, "en": 8}  # 3 of them guidance (issue 27)
    assert first["DestinationPage"] == {"vi": 4, "en": 4}
    titles = set(DestinationPage.objects.values_list("title", flat=True))
    assert {"Sa Pa", "Chợ phiên Bắc Hà", "Y Tý", "Fansipan"} <= titles
    assert all(d.audio_guide_id for d in DestinationPage.objects.all())

    call_command("load_demo_data", verbosity=0)
    assert _counts() == first

    assert Group.objects.filter(name=services.PROVINCIAL_EDITORS).exists()
    assert WorkflowPage.objects.filter(workflow__name=services.DISTRICT_WORKFLOW).exists()
    site = Page.objects.get(depth=2, locale__language_code="vi").get_site()
    assert NavigationSettings.for_site(site).links.count() == 5
    assert FooterSettings.for_site(site).links.count() == 3

    html = client.get("/").content.decode()
    assert "Thu hoạch chè Shan Tuyết" in html  # the campaign running now
    assert 'type="image/webp"' in html  # WebP renditions with a JPEG fallback
