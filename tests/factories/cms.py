"""Pages for the CMS tests, built under the site's home page (created by cms.0002)."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.models import (
    CampaignIndexPage,
    CampaignPage,
    DestinationIndexPage,
    DestinationPage,
    FormField,
    FormPage,
    HomePage,
    LessonIndexPage,
    LessonPage,
    NewsIndexPage,
    NewsPage,
    ProducerStoryPage,
    SectionPage,
    StandardPage,
    StoryIndexPage,
)

_sequence = itertools.count(1)


def home_page() -> HomePage:
    return HomePage.objects.get(locale__language_code="vi")


def make_image(title: str = "Ruộng bậc thang"):
    data = io.BytesIO()
    PILImage.new("RGB", (64, 40), (47, 93, 58)).save(data, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(data, name=f"test-{next(_sequence)}.jpg")
    )


def add_page(parent: Page, page: Page, *, publish: bool = True) -> Page:
    if not page.slug:
        page.slug = f"page-{next(_sequence)}"
    page.live = publish  # a page added to the tree is live unless told otherwise
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_site_pages(*, producer=None) -> dict:
    """One published page of every type, in the shape of the real site."""
    home = home_page()
    image = make_image()
    today = datetime.date.today()
    pages = {"home": home}
    pages["news_index"] = add_page(home, NewsIndexPage(title="Tin tức"))
    pages["news"] = add_page(
        pages["news_index"],
        NewsPage(title="Khai trương Chợ Phiên", intro="Tin vui.", image=image, date=today),
    )
    pages["campaign_index"] = add_page(home, CampaignIndexPage(title="Mùa vụ"))
    pages["campaign"] = add_page(
        pages["campaign_index"],
        CampaignPage(
            title="Mùa mận Bắc Hà",
            start_date=today - datetime.timedelta(days=3),
            end_date=today + datetime.timedelta(days=30),
            image=image,
        ),
    )
    pages["lesson_index"] = add_page(home, LessonIndexPage(title="Học bán hàng"))
    pages["lesson"] = add_page(
        pages["lesson_index"], LessonPage(title="Chụp ảnh sản phẩm", topic="ecommerce")
    )
    pages["destination_index"] = add_page(home, DestinationIndexPage(title="Điểm đến"))
    pages["destination"] = add_page(
        pages["destination_index"],
        DestinationPage(
            title="Chợ phiên Bắc Hà",
            district_as_typed="Bắc Hà",  # its area is set by tests that load the units
            latitude="22.539700",
            longitude="104.289200",
            image=image,
        ),
    )
    pages["story_index"] = add_page(home, StoryIndexPage(title="Câu chuyện"))
    pages["story"] = add_page(
        pages["story_index"], ProducerStoryPage(title="Vườn mận Bản Phố", producer=producer)
    )
    pages["section"] = add_page(home, SectionPage(title="Đoàn Bắc Hà", district_as_typed="Bắc Hà"))
    pages["standard"] = add_page(home, StandardPage(title="Giới thiệu"))
    form = FormPage(title="Tôi muốn bán hàng")
    form.form_fields = [
        FormField(label="Họ và tên", field_type="singleline", required=True),
        FormField(label="Số điện thoại", field_type="singleline", required=True),
    ]
    pages["form"] = add_page(home, form)
    return pages
