"""Listing pages cost the same number of queries for 6 items or 60: their images and the
images' renditions are prefetched (Wagtail's prefetch_renditions)."""

import datetime
import difflib

import pytest

from cms.models import CampaignPage, DestinationPage, LessonPage, NewsPage
from tests.factories.cms import add_page, make_image, make_site_pages

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
CHILDREN = {
    "news_index": lambda n, image: NewsPage(title=f"Tin số {n}", image=image, intro="Tin vắn."),
    "campaign_index": lambda n, image: CampaignPage(
        title=f"Mùa vụ {n}",
        image=image,
        start_date=TODAY - datetime.timedelta(days=n),
        end_date=TODAY + datetime.timedelta(days=30 - n),  # half running, half archived
    ),
    "lesson_index": lambda n, image: LessonPage(
        title=f"Bài {n}", image=image, topic=["ecommerce", "epayment", "safe_internet"][n % 3]
    ),
    "destination_index": lambda n, image: DestinationPage(
        title=f"Điểm đến {n}", image=image, district_as_typed="Bắc Hà"
    ),
}


def _listing_queries(client, django_assert_max_num_queries, index_name, count):
    index = make_site_pages()[index_name]
    for n in range(count):
        add_page(index, CHILDREN[index_name](n, make_image(f"Ảnh {n}")))
    client.get(index.url)  # the first view makes the renditions
    client.get(index.url)  # and a second fills what the first left to later (settings caches)
    with django_assert_max_num_queries(40) as captured:
        response = client.get(index.url)
    assert response.status_code == 200
    # every item is shown (news: the first page of 12)
    assert response.content.decode().count('class="cms-card"') >= min(count, 12)
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("index_name", list(CHILDREN))
def test_listing_query_count_stays_flat_from_6_to_60_items(
    client, django_assert_max_num_queries, index_name
):
    few, many = (
        _listing_queries(client, django_assert_max_num_queries, index_name, count)
        for count in (6, 60)
    )
    # On failure, the queries that differ (savepoint names aside) say where the extra ones are.
    extra = "\n".join(difflib.unified_diff(few, many, lineterm="", n=0))
    assert len(few) == len(many), extra
