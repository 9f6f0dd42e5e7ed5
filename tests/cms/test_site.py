"""The home page's blocks, the English translations, the menu and footer settings and the
"I want to sell here" form."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from cms.models import FooterLink, FooterSettings, NavigationLink, NavigationSettings, NewsPage
from tests.factories.cms import add_page, make_site_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    return make_site_pages()


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_home_page_shows_the_running_campaign_and_latest_news(client, pages):
    html = client.get("/").content.decode()
    assert pages["campaign"].title in html
    assert pages["news"].title in html


def test_progress_block_is_hidden_while_the_union_has_no_members(client, pages):
    # The block with real figures is tested with the dashboard (tests/mentoring/test_dashboard.py).
    assert "cms-progress" not in client.get("/").content.decode()


def test_past_campaigns_are_archived_on_the_index(client, pages):
    from cms.models import CampaignPage

    past = add_page(
        pages["campaign_index"],
        CampaignPage(
            title="Mùa mận năm ngoái",
            start_date=datetime.date(2025, 5, 15),
            end_date=datetime.date(2025, 7, 15),
        ),
    )
    response = client.get(pages["campaign_index"].url)
    assert [c.pk for c in response.context["campaigns"]] == [pages["campaign"].pk]
    assert [c.pk for c in response.context["past_campaigns"]] == [past.pk]


def test_news_index_filters_by_tag(client, pages):
    tagged = add_page(pages["news_index"], NewsPage(title="OCOP mới"))
    tagged.tags.add("OCOP")
    tagged.save_revision().publish()
    response = client.get(pages["news_index"].url, {"tag": "OCOP"})
    assert [p.pk for p in response.context["news"]] == [tagged.pk]


def test_english_readers_get_the_english_translation_at_the_same_address(client, pages):
    english = Locale.objects.get(language_code="en")
    article = pages["news"]
    translation = article.copy_for_translation(english, copy_parents=True)
    translation.title = "Chợ Phiên opens"
    translation.save_revision().publish()

    assert "Khai trương Chợ Phiên" in client.get(article.url).content.decode()
    _english(client)
    html = client.get(article.url).content.decode()
    assert "Chợ Phiên opens" in html
    assert '<html lang="en"' in html


def test_menu_and_footer_come_from_site_settings_in_the_readers_language(client, pages):
    site = pages["home"].get_site()
    nav = NavigationSettings.for_site(site)
    nav.links = [NavigationLink(page=pages["news_index"])]
    nav.save()
    footer = FooterSettings.for_site(site)
    footer.about_vi, footer.about_en = "Chợ của thanh niên.", "The youth's market."
    footer.links = [FooterLink(page=pages["standard"])]
    footer.save()

    html = client.get("/shop/").content.decode()  # shop pages share the menu and footer
    assert f'href="{pages["news_index"].url}"' in html
    assert "Chợ của thanh niên." in html
    _english(client)
    assert "The youth&#x27;s market." in client.get("/shop/").content.decode()


def test_menu_costs_no_query_once_cached(rf, pages, django_assert_num_queries):
    from cms.templatetags.cms_tags import site_chrome

    site_chrome(rf.get("/"))
    with django_assert_num_queries(0):
        site_chrome(rf.get("/"))


def test_sell_form_submission_is_stored_and_emailed_to_the_onboarding_team(client, pages, settings):
    settings.PRODUCER_ONBOARDING_EMAIL = "hotro@example.com"
    form = pages["form"]
    response = client.post(form.url, {"ho_va_ten": "Giàng Thị Dính", "so_dien_thoai": "0900000123"})
    assert "cms-thanks" in response.content.decode()
    assert form.get_submission_class().objects.filter(page=form).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hotro@example.com"]
    assert "Giàng Thị Dính" in mail.outbox[0].body


def test_sell_form_refuses_a_missing_phone_number_in_vietnamese(client, pages):
    response = client.post(pages["form"].url, {"ho_va_ten": "Dính"})
    assert "Trường này là bắt buộc" in response.content.decode()
    assert len(mail.outbox) == 0


def test_campaign_cards_show_their_state_and_dates(client, pages):
    campaign = pages["campaign"]
    html = client.get(pages["campaign_index"].url).content.decode()
    assert f"Đang vào mùa · {campaign.date_range}" in html
