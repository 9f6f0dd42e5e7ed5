"""Demo content for the CMS, in Vietnamese with English translations: a home page, news,
two seasonal campaigns, lessons, destinations, producer stories, district sections, plain
pages, the "I want to sell here" form, the menu and footer, and the editors' groups.

Called by `manage.py load_demo_data` after the catalogue. Safe to run again: a page is found
by its slug under its parent and left as it is; missing translations are added. Images are
drawn by demo.page_images and the audio guides synthesised here, so nothing is downloaded.
"""

from __future__ import annotations

import datetime
import io
import math
import wave
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms import services
from cms.models import (
    CampaignIndexPage,
    CampaignPage,
    DestinationIndexPage,
    DestinationPage,
    FooterLink,
    FooterSettings,
    FormPage,
    HomeFeaturedProducer,
    HomeFeaturedProduct,
    HomePage,
    LessonIndexPage,
    LessonPage,
    NavigationLink,
    NavigationSettings,
    NewsIndexPage,
    NewsPage,
    ProducerStoryPage,
    SectionPage,
    StandardPage,
    StoryIndexPage,
)
from demo import legal_pages
from demo.guidance_images import phone_screen
from demo.page_images import landscape
from marketplace.search.selectors import product_browse_list
from places.models import AdministrativeUnit, UnitSuccession
from places.old_names import OldNameReader
from places.selectors import communes_of, home_province
from producers.models import Producer

Image = get_image_model()
Document = get_document_model()


# --------------------------------------------------------------------------- media


def _image(title: str, *, seed: int, scene: str, palette: str = "day"):
    image = Image.objects.filter(title=title).first()
    if image is None:
        width = settings.DEMO_PHOTO_SIZE * 2
        data = landscape(seed=seed, scene=scene, palette=palette, width=width)
        image = Image(
            title=title, file=ImageFile(io.BytesIO(data), name=f"cms-demo-{seed}-{scene}.jpg")
        )
        image.save()
    return image


def _audio_guide_wav(*, seed: int, seconds: int = 8) -> bytes:
    """A short pentatonic tune, like a khèn's, as a small 8 kHz mono WAV (a stand-in for the
    narrated guide an editor would upload as MP3)."""
    rate, notes = 8000, [392.0, 440.0, 523.25, 587.33, 659.25]
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(rate)
        frames = bytearray()
        beat = rate // 2
        for i in range(seconds * 2):
            freq = notes[(seed + i * 3 + i // 4) % len(notes)]
            for n in range(beat):
                envelope = min(1.0, n / 400) * math.exp(-3 * n / beat)
                sample = envelope * (
                    math.sin(2 * math.pi * freq * n / rate)
                    + 0.3 * math.sin(4 * math.pi * freq * n / rate)
                )
                frames.append(int(128 + 90 * sample / 1.3))
        wav.writeframes(bytes(frames))
    return out.getvalue()


def _document(title: str, filename: str, data: bytes):
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
    return document


# --------------------------------------------------------------------------- StreamField helpers


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


def _h(text: str) -> list[dict]:
    return [{"type": "heading", "value": text}]


def _img(image, caption: str = "") -> list[dict]:
    return [{"type": "image", "value": {"image": image.pk, "caption": caption}}]


def _quote(text: str, who: str = "") -> list[dict]:
    return [{"type": "quote", "value": {"text": text, "attribution": who}}]


def _products(heading: str, products) -> list[dict]:
    return [
        {"type": "products", "value": {"heading": heading, "products": [p.pk for p in products]}}
    ]


def _progress() -> list[dict]:
    return [{"type": "target_progress", "value": None}]


def _doc(document, title: str = "") -> list[dict]:
    return [{"type": "document", "value": {"document": document.pk, "title": title}}]


def _list(*items: str) -> list[dict]:
    return [
        {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"}
    ]


# --------------------------------------------------------------------------- page helpers


@dataclass
class Spec:
    """One page in both languages: `vi` and `en` hold field values; `shared` holds fields
    that are the same in both (dates, images, producer)."""

    model: type
    slug: str
    vi: dict
    en: dict
    shared: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # child relation name -> list of kwargs
    tags: list = field(default_factory=list)


def _upsert(parent: Page, spec: Spec, *, english: Locale) -> Page:
    page = spec.model.objects.child_of(parent).filter(slug=spec.slug).first()
    if page is None:
        page = spec.model(slug=spec.slug, **spec.vi, **spec.shared)
        for relation, rows in spec.children.items():
            setattr(
                page,
                relation,
                [getattr(spec.model, relation).rel.related_model(**row) for row in rows],
            )
        if spec.tags:
            page.tags.add(*spec.tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
    if page.get_translation_or_none(english) is None:
        translated = page.copy_for_translation(english, copy_parents=True)
        for name, value in spec.en.items():
            setattr(translated, name, value)
        translated.save()
        translated.save_revision().publish()
    return page


# --------------------------------------------------------------------------- content


def _today() -> datetime.date:
    return timezone.localdate()


def _campaign_dates():
    today = _today()
    plum_year = today.year if datetime.date(today.year, 7, 15) < today else today.year - 1
    plum = (datetime.date(plum_year, 5, 15), datetime.date(plum_year, 7, 15))
    tea = (today - datetime.timedelta(days=14), today + datetime.timedelta(days=45))
    return plum, tea


def load(stdout=None) -> None:
    """Create (or complete) the demo pages, settings and editor groups."""
    english, _ = Locale.objects.get_or_create(language_code="en")
    Locale.objects.get_or_create(language_code="vi")
    home = HomePage.objects.filter(locale__language_code="vi").first()
    if home is None:
        return
    images = {
        "hero": _image("Ruộng bậc thang Lào Cai", seed=11, scene="terraces", palette="dawn"),
        "news": _image("Đồi chè buổi sớm", seed=12, scene="tea", palette="mist"),
        "plum": _image("Hoa mận Bắc Hà", seed=13, scene="plum", palette="spring"),
        "tea": _image("Chè Shan Tuyết Y Tý", seed=14, scene="tea", palette="day"),
        "market": _image("Chợ phiên Bắc Hà", seed=15, scene="market", palette="dawn"),
        "summit": _image("Đỉnh Fansipan", seed=16, scene="summit", palette="day"),
        "clouds": _image("Biển mây Y Tý", seed=17, scene="clouds", palette="dusk"),
        "sapa": _image("Thung lũng Mường Hoa", seed=18, scene="terraces", palette="day"),
        "valley": _image("Thung lũng lúc hoàng hôn", seed=19, scene="terraces", palette="dusk"),
        "lesson": _image("Lớp học bán hàng trực tuyến", seed=20, scene="market", palette="day"),
    }
    products = list(product_browse_list()[:60])
    producers = {p.name: p for p in Producer.objects.approved().select_related("partner")}

    _home(home, images, products, producers, english)
    news_index = _upsert(home, _news_index(images), english=english)
    for spec in _news(images, products):
        _upsert(news_index, spec, english=english)
    campaigns = _upsert(home, _campaign_index(images), english=english)
    for spec in _campaigns(images, products, producers):
        _upsert(campaigns, spec, english=english)
    lessons = _upsert(home, _lesson_index(images), english=english)
    for spec in _lessons(images) + _guidance():
        _upsert(lessons, spec, english=english)
    destinations = _upsert(home, _destination_index(images), english=english)
    for spec in _destinations(images):
        _upsert(destinations, spec, english=english)
    stories = _upsert(home, _story_index(images), english=english)
    for spec in _stories(images, producers):
        _upsert(stories, spec, english=english)
    sections = [_upsert(home, spec, english=english) for spec in _sections(images)]
    for section in sections:
        for spec in _section_news(section.specific, images):
            _upsert(section, spec, english=english)
    about = _upsert(home, _about(images), english=english)
    how_to_buy = _upsert(home, _how_to_buy(), english=english)
    sell = _upsert(home, _sell_form(images), english=english)
    # The rules and notices (version 1 of each): published, so sign-in and checkout ask for them.
    legal_pages.load(home, upsert=_upsert, spec_class=Spec, english=english)

    _menus(home, [news_index, campaigns, lessons, destinations, stories], [about, how_to_buy, sell])
    provincial = services.provincial_editors_setup(home=home)
    for section in sections:
        services.district_editors_setup(
            section=section, district=section.specific.area_label, approvers=provincial
        )
    if stdout is not None:
        stdout.write(
            f"CMS: {NewsPage.objects.count()} news pages, {CampaignPage.objects.count()} "
            f"campaign pages, {LessonPage.objects.count()} lesson pages, "
            f"{DestinationPage.objects.count()} destination pages (vi + en)."
        )


def _home(home, images, products, producers, english):
    if not home.image_id:
        home.image = images["hero"]
        home.og_image = images["hero"]
        home.hero_heading = "Đặc sản Lào Cai, từ tay người trẻ"
        home.hero_text = (
            "Chè Shan Tuyết, mật ong bạc hà, mận tam hoa, thổ cẩm… mua thẳng từ các hộ, hợp tác "
            "xã và doanh nghiệp trẻ ở vùng cao Lào Cai."
        )
        home.search_description = (
            "Chợ Phiên: đặc sản Lào Cai bán trực tiếp từ thanh niên các dân tộc vùng cao."
        )
        home.featured_products = [HomeFeaturedProduct(product=p) for p in products[:8]]
        chosen = [
            producers[name]
            for name in (
                "Hợp tác xã Mận Tam Hoa Bản Phố",
                "Hợp tác xã Chè Shan Tuyết Y Tý",
                "Hợp tác xã Thổ cẩm Dao đỏ Tả Phìn",
            )
            if name in producers
        ]
        home.featured_producers = [HomeFeaturedProducer(producer=p) for p in chosen]
        home.body = _quote(
            "Mỗi đơn hàng là một lý do để thanh niên ở lại bản, làm giàu trên chính mảnh đất của mình.",
            "Ban Thường vụ Tỉnh Đoàn Lào Cai",
        )
        home.save_revision().publish()
    if home.get_translation_or_none(english) is None:
        en = home.copy_for_translation(english)
        en.title = "Chợ Phiên"
        en.hero_heading = "Lao Cai specialties, from young hands"
        en.hero_text = (
            "Shan Tuyết tea, mint honey, tam hoa plums, brocade… bought straight from young "
            "households, cooperatives and small firms in the highlands of Lao Cai."
        )
        en.search_description = "Chợ Phiên: Lao Cai specialties sold directly by highland youth."
        en.body = _quote(
            "Every order is one more reason for young people to stay in their village and make a living from their own land.",
            "Standing Committee, Lao Cai Provincial Youth Union",
        )
        en.save()
        en.save_revision().publish()


def _news_index(images):
    return Spec(
        NewsIndexPage,
        "tin-tuc",
        vi={
            "title": "Tin tức",
            "intro": "Tin của Tỉnh Đoàn, các huyện và của những phiên chợ trên mạng.",
        },
        en={
            "title": "News",
            "intro": "News from the Provincial Youth Union, the districts and the online market.",
        },
        shared={"image": images["news"]},
    )


def _news(images, products):
    days = lambda n: _today() - datetime.timedelta(days=n)  # noqa: E731
    rows = [
        (
            "khai-truong-cho-phien",
            days(2),
            ["Chợ Phiên", "Tỉnh Đoàn"],
            images["market"],
            "Chợ Phiên chính thức mở cửa trên mạng",
            "Hơn ba mươi hộ, hợp tác xã trẻ của chín huyện, thị xã, thành phố đã có gian hàng.",
            "Chợ Phiên opens its online doors",
            "More than thirty young households and cooperatives from nine districts now have a stall.",
            [
                "Sáng nay, Tỉnh Đoàn Lào Cai khai trương Chợ Phiên, nơi thanh niên vùng cao bán đặc sản của mình trực tiếp cho người mua ở khắp cả nước.",
                "Mỗi gian hàng có câu chuyện của người làm ra sản phẩm, ảnh nơi sản xuất và giá niêm yết rõ ràng. Người mua trả tiền qua chuyển khoản VietQR, thẻ hoặc khi nhận hàng.",
            ],
            [
                "This morning the Lao Cai Provincial Youth Union opened Chợ Phiên, where young people of the highlands sell their specialties straight to buyers across the country.",
                "Every stall tells the story of the people behind the product, with photos of where it is made and a clear price. Buyers pay by VietQR bank transfer, by card or on delivery.",
            ],
        ),
        (
            "tap-huan-ban-hang-bat-xat",
            days(6),
            ["Tập huấn", "Bát Xát"],
            images["lesson"],
            "60 đoàn viên Bát Xát học chụp ảnh sản phẩm bằng điện thoại",
            "Lớp tập huấn hai ngày ở Y Tý do Tổ công nghệ số cộng đồng hướng dẫn.",
            "60 union members in Bát Xát learn product photography on their phones",
            "A two-day training in Y Tý, led by the community digital technology team.",
            [
                "Trong hai ngày, các bạn trẻ người Hà Nhì, H'Mông ở Y Tý học cách chụp ảnh chè, gạo, mật ong dưới ánh sáng tự nhiên, viết mô tả ngắn gọn và đăng sản phẩm lên Chợ Phiên.",
                "Cuối lớp, mười hai bạn đã đăng sản phẩm đầu tiên và đang chờ cán bộ duyệt.",
            ],
            [
                "Over two days, young Hà Nhì and H'Mông people in Y Tý learnt to photograph tea, rice and honey in daylight, write short descriptions and list their products on Chợ Phiên.",
                "By the end of the course twelve of them had listed their first product, now waiting for review.",
            ],
        ),
        (
            "ocop-moi-2026",
            days(11),
            ["OCOP", "Sản phẩm"],
            images["tea"],
            "Thêm tám sản phẩm của thanh niên đạt OCOP 3 sao",
            "Chè, mật ong, gạo Séng Cù và thổ cẩm của các hợp tác xã trẻ được công nhận.",
            "Eight more youth products win a 3-star OCOP rating",
            "Tea, honey, Séng Cù rice and brocade from young cooperatives were recognised.",
            [
                "Hội đồng đánh giá OCOP của tỉnh vừa công nhận tám sản phẩm do thanh niên làm chủ. Huy hiệu OCOP hiện ngay trên thẻ sản phẩm trong Chợ Phiên.",
            ],
            [
                "The province's OCOP council has recognised eight products run by young people. The OCOP badge now shows on each product's card in Chợ Phiên.",
            ],
        ),
        (
            "thanh-toan-khong-tien-mat",
            days(15),
            ["Thanh toán số", "Tỉnh Đoàn"],
            images["valley"],
            "Đoàn viên vùng cao mở tài khoản thanh toán điện tử",
            "Mục tiêu 80% thanh niên có tài khoản thanh toán điện tử đang đến gần.",
            "Highland union members open e-payment accounts",
            "The target of 80% of young people with an e-payment account is within reach.",
            [
                "Các chi đoàn đã hỗ trợ hàng trăm đoàn viên mở tài khoản ngân hàng trên điện thoại, để nhận tiền bán hàng qua mã VietQR ngay khi có đơn.",
            ],
            [
                "Union branches have helped hundreds of members open a bank account on their phone, so they are paid by VietQR as soon as an order comes in.",
            ],
        ),
        (
            "mua-che-dong",
            days(20),
            ["Chè Shan Tuyết", "Mùa vụ"],
            images["news"],
            "Vào vụ chè đông trên những đỉnh núi Y Tý",
            "Búp chè đông nhỏ, đậm vị, được hái tay lúc sớm mai.",
            "The winter tea harvest begins on the peaks of Y Tý",
            "Small, rich winter buds, picked by hand early in the morning.",
            [
                "Những cây chè Shan Tuyết hàng trăm năm tuổi lại cho búp. Các hợp tác xã trẻ hái, sao chè ngay trong ngày và gửi đi khắp cả nước.",
            ],
            [
                "The hundred-year-old Shan Tuyết trees are budding again. Young cooperatives pick and roast the tea the same day and send it all over the country.",
            ],
        ),
        (
            "ngay-hoi-chuyen-doi-so",
            days(27),
            ["Chuyển đổi số", "Sa Pa"],
            images["sapa"],
            "Ngày hội chuyển đổi số của thanh niên Sa Pa",
            "Dịch vụ công trực tuyến, thanh toán số và an toàn trên mạng cho hơn 300 bạn trẻ.",
            "Sa Pa youth digital transformation day",
            "Online public services, e-payment and internet safety for more than 300 young people.",
            [
                "Các gian hướng dẫn nộp hồ sơ trực tuyến, cài ứng dụng ngân hàng và nhận biết tin nhắn lừa đảo luôn đông người. Nhiều bạn lần đầu mở gian hàng trên Chợ Phiên ngay tại ngày hội.",
            ],
            [
                "The stands on applying online, installing a banking app and spotting scam messages were always busy. Many young people opened their first Chợ Phiên stall at the event.",
            ],
        ),
    ]
    specs = []
    for slug, date, tags, image, vt, vs, et, es, vb, eb in rows:
        body_vi = _p(*vb) + _img(image, vt)
        body_en = _p(*eb) + _img(image, et)
        if slug == "ocop-moi-2026" and products:
            body_vi += _products("Một số sản phẩm OCOP", products[:4])
            body_en += _products("Some OCOP products", products[:4])
        specs.append(
            Spec(
                NewsPage,
                slug,
                vi={"title": vt, "intro": vs, "body": body_vi},
                en={"title": et, "intro": es, "body": body_en},
                shared={"date": date, "image": image},
                tags=tags,
            )
        )
    return specs


def _campaign_index(images):
    return Spec(
        CampaignIndexPage,
        "mua-vu",
        vi={
            "title": "Mùa vụ",
            "intro": "Mỗi mùa một đặc sản: mua đúng lúc ngon nhất, từ người trồng.",
        },
        en={
            "title": "In season",
            "intro": "A specialty for every season: bought at its best, from the growers.",
        },
        shared={"image": images["plum"]},
    )


def _campaigns(images, products, producers):
    (plum_start, plum_end), (tea_start, tea_end) = _campaign_dates()
    plum_producer = producers.get("Hợp tác xã Mận Tam Hoa Bản Phố")
    plum_products = [
        p
        for p in products
        if plum_producer
        and any(r.partner_id == plum_producer.partner_id for r in p.stockrecords.all())
    ] or products[:4]
    tea_products = [p for p in products if "chè" in p.title.lower() or "shan" in p.title.lower()][
        :8
    ] or products[4:8]
    return [
        Spec(
            CampaignPage,
            "mua-man-tam-hoa-bac-ha",
            vi={
                "title": "Mùa mận tam hoa Bắc Hà",
                "intro": "Mận giòn, ngọt, phủ phấn trắng, hái từ những vườn mận trên cao nguyên Bắc Hà.",
                "body": _p(
                    "Tháng Năm, cao nguyên Bắc Hà chín đỏ mận tam hoa. Các hợp tác xã trẻ hái vào sáng sớm, chọn quả và gửi đi trong ngày để mận đến tay người mua vẫn còn giòn.",
                )
                + _img(images["plum"], "Hoa mận trắng Bắc Hà vào xuân"),
            },
            en={
                "title": "Bắc Hà tam hoa plum season",
                "intro": "Crisp, sweet plums with their white bloom, picked in the orchards of the Bắc Hà plateau.",
                "body": _p(
                    "In May the Bắc Hà plateau turns red with tam hoa plums. Young cooperatives pick them at dawn, sort them and send them the same day so they reach buyers still crisp.",
                )
                + _img(images["plum"], "White plum blossom in Bắc Hà in spring"),
            },
            shared={"start_date": plum_start, "end_date": plum_end, "image": images["plum"]},
            children={"campaign_products": [{"product": p} for p in plum_products[:8]]},
        ),
        Spec(
            CampaignPage,
            "thu-hoach-che-shan-tuyet",
            vi={
                "title": "Thu hoạch chè Shan Tuyết",
                "intro": "Chè từ những cây cổ thụ trên núi cao Y Tý, Bản Liền, Tả Phời, hái tay và sao trong ngày.",
                "body": _p(
                    "Chè Shan Tuyết mọc tự nhiên ở độ cao trên 1.500 mét. Búp chè phủ lông tơ trắng như tuyết, nước chè vàng sánh, hậu ngọt. Mua trong mùa thu hoạch để có mẻ chè mới nhất.",
                )
                + _quote(
                    "Cây chè nhà em đã hơn hai trăm năm tuổi, ông bà để lại.", "Chảo Thị Mẩy, Y Tý"
                ),
            },
            en={
                "title": "Shan Tuyết tea harvest",
                "intro": "Tea from ancient trees on the peaks of Y Tý, Bản Liền and Tả Phời, picked by hand and roasted the same day.",
                "body": _p(
                    "Shan Tuyết tea grows wild above 1,500 metres. Its buds are covered in white down like snow; the liquor is golden with a sweet finish. Buy during the harvest for the newest batch.",
                )
                + _quote(
                    "Our tea trees are more than two hundred years old, left to us by our grandparents.",
                    "Chảo Thị Mẩy, Y Tý",
                ),
            },
            shared={"start_date": tea_start, "end_date": tea_end, "image": images["tea"]},
            children={"campaign_products": [{"product": p} for p in tea_products]},
        ),
    ]


def _lesson_index(images):
    return Spec(
        LessonIndexPage,
        "hoc-ban-hang",
        vi={
            "title": "Học bán hàng trên mạng",
            "intro": "Bài học ngắn, dễ làm theo trên điện thoại, theo các chủ đề tập huấn của Đoàn.",
        },
        en={
            "title": "Learn to sell online",
            "intro": "Short lessons, easy to follow on a phone, on the same topics as the Union's trainings.",
        },
        shared={"image": images["lesson"]},
    )


def _lessons(images):
    checklist_vi = (
        "DANH SÁCH VIỆC CẦN LÀM TRƯỚC KHI ĐĂNG SẢN PHẨM\n\n"
        "1. Chụp 3–6 ảnh rõ nét, ánh sáng tự nhiên.\n2. Ghi tên sản phẩm, quy cách (500 g, chai 1 lít).\n"
        "3. Ghi giá bán và số lượng còn.\n4. Ghi nơi sản xuất (xã, huyện).\n5. Kiểm tra tài khoản ngân hàng nhận tiền.\n"
    )
    checklist = _document(
        "Danh sách việc cần làm trước khi đăng sản phẩm",
        "danh-sach-dang-san-pham.txt",
        checklist_vi.encode(),
    )
    rows = [
        (
            "chup-anh-san-pham",
            "ecommerce",
            15,
            images["tea"],
            "Chụp ảnh sản phẩm bằng điện thoại",
            "Ánh sáng, nền và góc chụp để người mua muốn mua ngay.",
            "Photographing products with your phone",
            "Light, background and angle that make buyers want to buy.",
            [
                "Chụp gần cửa sổ hoặc ngoài trời lúc râm mát. Dùng nền trơn: tấm vải, mặt gỗ, nong tre.",
                "Chụp ít nhất ba ảnh: toàn bộ sản phẩm, cận cảnh và ảnh nơi sản xuất.",
            ],
            [
                "Shoot near a window or outside in the shade. Use a plain background: cloth, wood or a bamboo tray.",
                "Take at least three photos: the whole product, a close-up and where it is made.",
            ],
        ),
        (
            "viet-mo-ta-san-pham",
            "ecommerce",
            10,
            images["market"],
            "Viết mô tả sản phẩm",
            "Kể ngắn gọn: sản phẩm là gì, làm ở đâu, ai làm, dùng thế nào.",
            "Writing a product description",
            "Say briefly what it is, where and by whom it is made, and how to use it.",
            [
                "Câu đầu tiên nói sản phẩm là gì và khối lượng. Sau đó kể nơi trồng, cách làm và cách bảo quản.",
                "Viết bằng tiếng Việt có dấu, câu ngắn, không viết hoa cả câu.",
            ],
            [
                "The first sentence says what it is and how much. Then tell where it grows, how it is made and how to store it.",
                "Write in Vietnamese with diacritics, in short sentences, never all in capitals.",
            ],
        ),
        (
            "nhan-tien-qua-vietqr",
            "epayment",
            12,
            images["valley"],
            "Nhận tiền bán hàng qua VietQR",
            "Mở tài khoản, ghi đúng tên không dấu và kiểm tra tiền về.",
            "Getting paid by VietQR",
            "Open an account, enter the name exactly as the bank prints it and check payments.",
            [
                "Ghi số tài khoản và tên chủ tài khoản viết hoa không dấu, đúng như trên thẻ ngân hàng.",
                "Khi có đơn chuyển khoản, mở ứng dụng ngân hàng để kiểm tra tiền về trước khi gửi hàng.",
            ],
            [
                "Enter the account number and the holder's name in capitals without accents, exactly as on the bank card.",
                "When a bank-transfer order arrives, check the money in your banking app before sending the goods.",
            ],
        ),
        (
            "nhan-biet-lua-dao",
            "safe_internet",
            8,
            images["clouds"],
            "Nhận biết tin nhắn lừa đảo",
            "Không ai của Chợ Phiên hỏi mã OTP hay mật khẩu của bạn.",
            "Spotting scam messages",
            "No one from Chợ Phiên will ever ask for your OTP code or password.",
            [
                "Kẻ gian thường giả làm người mua, gửi đường link lạ và đòi mã OTP để 'nhận tiền'. Đừng bấm, đừng gửi mã.",
                "Gặp tin nhắn lạ, hỏi cán bộ Đoàn hoặc Tổ công nghệ số cộng đồng ở xã.",
            ],
            [
                "Scammers often pose as buyers, send a strange link and ask for an OTP code to 'receive the money'. Do not click, do not send the code.",
                "If a message looks odd, ask your Union officer or the commune's community digital technology team.",
            ],
        ),
        (
            "dich-vu-cong-truc-tuyen",
            "public_services",
            20,
            images["sapa"],
            "Đăng ký hộ kinh doanh trên Cổng dịch vụ công",
            "Từng bước nộp hồ sơ trên điện thoại, không phải lên huyện.",
            "Registering a household business online",
            "Step by step on your phone, without travelling to the district.",
            [
                "Chuẩn bị căn cước công dân, số điện thoại và ảnh chụp giấy tờ nhà đất hoặc hợp đồng thuê.",
                "Tài khoản định danh điện tử mức 2 giúp đăng nhập nhanh, không cần mật khẩu riêng.",
            ],
            [
                "Have your citizen ID card, phone number and a photo of your land papers or lease ready.",
                "A level-2 electronic ID account lets you sign in quickly without a separate password.",
            ],
        ),
    ]
    specs = []
    for slug, topic, minutes, image, vt, vs, et, es, vb, eb in rows:
        body_vi = _p(*vb) + _img(image, vt)
        body_en = _p(*eb) + _img(image, et)
        if topic == "ecommerce":
            body_vi += _doc(checklist, "Tải danh sách việc cần làm")
            body_en += _doc(checklist, "Download the checklist (Vietnamese)")
        specs.append(
            Spec(
                LessonPage,
                slug,
                vi={"title": vt, "intro": vs, "body": body_vi},
                en={"title": et, "intro": es, "body": body_en},
                shared={"topic": topic, "duration_minutes": minutes, "image": image},
            )
        )
    return specs


# The three tasks the volunteer teams help with (mentoring's assisted sign-up log), each a
# lesson with short steps and an illustration of the phone's screen for each step (drawn by
# demo.guidance_images: illustrations, not screenshots of the real apps).
GUIDES = [
    (
        "tai-khoan-vneid-muc-2",
        "public_services",
        "VNeID",
        "#b3261e",
        "Tạo tài khoản định danh điện tử VNeID mức 2",
        "Làm một lần ở Công an xã, rồi kích hoạt trên điện thoại.",
        "Creating a level-2 VNeID electronic ID account",
        "Done once at the commune police, then activated on your phone.",
        [
            (
                "Mang căn cước gắn chip và điện thoại có số chính chủ đến Công an xã, phường nơi "
                "bạn ở. Đề nghị cấp tài khoản định danh điện tử mức 2.",
                [],
                "Đến Công an xã",
            ),
            (
                "Cán bộ chụp ảnh chân dung và lấy vân tay. Bạn nhận tin nhắn có mã kích hoạt.",
                ["Số định danh cá nhân", "Số điện thoại"],
                "Gửi yêu cầu",
            ),
            (
                "Mở ứng dụng VNeID, chọn “Kích hoạt tài khoản”, nhập mã trong tin nhắn, đặt "
                "mật khẩu và mã PIN. Không cho ai biết mật khẩu, mã PIN.",
                ["Mã kích hoạt", "Mật khẩu mới"],
                "Kích hoạt",
            ),
        ],
        [
            "Take your chip ID card and a phone with a number in your own name to the commune or "
            "ward police. Ask for a level-2 electronic ID account.",
            "The officer takes your photo and fingerprints. You get a text with an activation code.",
            "Open the VNeID app, choose “Activate account”, type the code, set a password and a "
            "PIN. Never tell anyone your password or PIN.",
        ],
    ),
    (
        "cong-dich-vu-cong-quoc-gia",
        "public_services",
        "Dịch vụ công",
        "#1f4e99",
        "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia",
        "Đăng nhập bằng VNeID, chọn thủ tục, điền tờ khai và theo dõi hồ sơ.",
        "Using the national public services portal",
        "Sign in with VNeID, choose the procedure, fill in the form and follow your file.",
        [
            (
                "Mở dichvucong.gov.vn, chọn “Đăng nhập”, rồi “Tài khoản định danh điện tử” "
                "và xác nhận trên ứng dụng VNeID.",
                [],
                "Đăng nhập bằng VNeID",
            ),
            (
                "Gõ tên thủ tục vào ô tìm kiếm (ví dụ “Đăng ký khai sinh”), chọn cơ quan "
                "thực hiện ở tỉnh Lào Cai.",
                ["Tên thủ tục", "Cơ quan thực hiện"],
                "Nộp trực tuyến",
            ),
            (
                "Điền tờ khai, chụp ảnh giấy tờ để tải lên, rồi nộp. Ghi lại mã hồ sơ để theo "
                "dõi ở “Quản lý hồ sơ đã nộp”.",
                ["Ảnh giấy tờ"],
                "Nộp hồ sơ",
            ),
        ],
        [
            "Open dichvucong.gov.vn, choose “Sign in”, then “Electronic ID account”, and "
            "confirm in the VNeID app.",
            "Type the procedure's name in the search box (for example “Birth registration”) and "
            "choose the office in Lào Cai province.",
            "Fill in the form, photograph the papers to upload, and submit. Note the file number "
            "to follow it under “Files submitted”.",
        ],
    ),
    (
        "mo-vi-dien-tu-tai-khoan-ngan-hang",
        "epayment",
        "Ngân hàng số",
        "#0b7a53",
        "Mở ví điện tử hoặc tài khoản ngân hàng trên điện thoại",
        "Đăng ký bằng số điện thoại chính chủ và căn cước, xác thực khuôn mặt.",
        "Opening an e-wallet or a bank account on your phone",
        "Sign up with a phone number in your own name and your ID card, then verify your face.",
        [
            (
                "Tải ứng dụng chính thức của ngân hàng hoặc ví điện tử từ CH Play hoặc App "
                "Store. Không cài ứng dụng từ đường link lạ.",
                [],
                "Cài đặt",
            ),
            (
                "Đăng ký bằng số điện thoại chính chủ, chụp hai mặt căn cước và quay khuôn mặt "
                "theo hướng dẫn (eKYC).",
                ["Số điện thoại", "Ảnh căn cước"],
                "Tiếp tục",
            ),
            (
                "Đặt mật khẩu. Không bao giờ gửi mã OTP cho ai, kể cả người xưng là cán bộ "
                "ngân hàng.",
                ["Mật khẩu", "Nhập lại mật khẩu"],
                "Hoàn tất",
            ),
        ],
        [
            "Install the bank's or the e-wallet's official app from Google Play or the App Store. "
            "Never install an app from a strange link.",
            "Sign up with a phone number in your own name, photograph both sides of your ID card "
            "and film your face as asked (eKYC).",
            "Set a password. Never send an OTP code to anyone, even someone who says they work for "
            "the bank.",
        ],
    ),
]


def _guide_image(title: str, **drawing):
    image = Image.objects.filter(title=title).first()
    if image is None:
        data = phone_screen(**drawing)
        slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40]
        image = Image(title=title, file=ImageFile(io.BytesIO(data), name=f"guide-{slug}.png"))
        image.save()
    return image


def _guidance():
    specs = []
    for slug, topic, app, colour, vt, vs, et, es, steps, steps_en in GUIDES:
        body_vi = _p("Các ảnh dưới đây là ảnh minh họa, không phải ảnh chụp màn hình thật.")
        body_en = _p("The pictures below are illustrations, not real screenshots.")
        first = None
        for number, ((text, fields, button), text_en) in enumerate(
            zip(steps, steps_en, strict=True), 1
        ):
            image = _guide_image(
                f"Minh họa: {vt} – bước {number}",
                app=app,
                step=number,
                text=text,
                fields=fields,
                button=button,
                colour=colour,
            )
            first = first or image
            body_vi += _h(f"Bước {number}") + _p(text) + _img(image, f"Ảnh minh họa bước {number}")
            body_en += (
                _h(f"Step {number}") + _p(text_en) + _img(image, f"Illustration, step {number}")
            )
        specs.append(
            Spec(
                LessonPage,
                slug,
                vi={"title": vt, "intro": vs, "body": body_vi},
                en={"title": et, "intro": es, "body": body_en},
                shared={"topic": topic, "duration_minutes": 10, "image": first},
            )
        )
    return specs


def _destination_index(images):
    return Spec(
        DestinationIndexPage,
        "diem-den",
        vi={
            "title": "Điểm đến",
            "intro": "Những nơi nên đến ở Lào Cai, và những người trẻ làm ra đặc sản quanh đó.",
        },
        en={
            "title": "Places to visit",
            "intro": "Places worth the trip in Lao Cai, and the young people who make specialties nearby.",
        },
        shared={"image": images["sapa"]},
    )


def _destinations(images):
    rows = [
        (
            "sa-pa",
            "Thị xã Sa Pa",
            ("22.336400", "103.843800"),
            images["sapa"],
            [images["valley"], images["clouds"], images["hero"]],
            "Sa Pa",
            "Thị trấn trong sương, ruộng bậc thang Mường Hoa và bản làng của người H'Mông, Dao đỏ.",
            "Sa Pa",
            "A town in the mist, the Mường Hoa terraces and H'Mông and Red Dao villages.",
            [("Cả tuần", "Cả ngày")],
            [("Every day", "All day")],
            "Sa Pa đẹp nhất vào mùa lúa chín (tháng Chín) và mùa nước đổ (tháng Năm). Hãy mua thổ cẩm và dược liệu trực tiếp từ các hợp tác xã trẻ ở Tả Phìn, Tả Van.",
            "Sa Pa is at its best when the rice ripens (September) and when the terraces are flooded (May). Buy brocade and herbal remedies straight from young cooperatives in Tả Phìn and Tả Van.",
        ),
        (
            "cho-phien-bac-ha",
            "Bắc Hà",
            ("22.539700", "104.289200"),
            images["market"],
            [images["plum"], images["market"]],
            "Chợ phiên Bắc Hà",
            "Phiên chợ Chủ nhật lớn nhất vùng cao phía Bắc, rực rỡ sắc áo người H'Mông Hoa.",
            "Bắc Hà market",
            "The biggest Sunday market of the northern highlands, bright with Flower H'Mông dress.",
            [("Chủ nhật", "6:00 – 14:00")],
            [("Sunday", "6:00 – 14:00")],
            "Đến sớm để xem phiên chợ trâu, ăn thắng cố và mua mận, rượu ngô, mật ong bạc hà của các bạn trẻ Bắc Hà.",
            "Come early for the buffalo market, a bowl of thắng cố, and the plums, corn wine and mint honey of Bắc Hà's young producers.",
        ),
        (
            "y-ty",
            "Bát Xát",
            ("22.628100", "103.627200"),
            images["clouds"],
            [images["clouds"], images["tea"]],
            "Y Tý",
            "Biển mây, ruộng bậc thang và những nhà trình tường của người Hà Nhì trên độ cao 2.000 mét.",
            "Y Tý",
            "A sea of clouds, terraced fields and the rammed-earth houses of the Hà Nhì at 2,000 metres.",
            [("Tháng 9 – tháng 4", "Mùa săn mây")],
            [("September – April", "Cloud season")],
            "Y Tý là quê của chè Shan Tuyết cổ thụ và gạo đỏ. Nhiều homestay của thanh niên Hà Nhì đón khách quanh năm.",
            "Y Tý is home to ancient Shan Tuyết tea and red rice. Many homestays run by young Hà Nhì people welcome guests all year.",
        ),
        (
            "fansipan",
            "Thị xã Sa Pa",
            ("22.303300", "103.775000"),
            images["summit"],
            [images["summit"], images["valley"]],
            "Fansipan",
            "Nóc nhà Đông Dương, 3.143 mét, lên bằng cáp treo hoặc hai ngày leo núi.",
            "Fansipan",
            "The roof of Indochina, 3,143 metres, by cable car or a two-day trek.",
            [
                ("Cáp treo, hằng ngày", "7:30 – 17:30"),
                ("Leo núi có hướng dẫn", "Đăng ký trước 1 ngày"),
            ],
            [("Cable car, daily", "7:30 – 17:30"), ("Guided trek", "Book a day ahead")],
            "Mang áo ấm: trên đỉnh có thể dưới 5 °C ngay cả mùa hè. Người dẫn đường trẻ ở Sa Pa và Tả Van biết từng khúc đường.",
            "Bring warm clothes: the summit can be below 5 °C even in summer. Young guides from Sa Pa and Tả Van know every stretch of the path.",
        ),
    ]
    specs = []
    for index, (
        slug,
        district,
        (lat, lon),
        image,
        gallery,
        vt,
        vs,
        et,
        es,
        hours_vi,
        hours_en,
        vb,
        eb,
    ) in enumerate(rows):
        audio = _document(
            f"Thuyết minh: {vt}", f"thuyet-minh-{slug}.wav", _audio_guide_wav(seed=index)
        )
        specs.append(
            Spec(
                DestinationPage,
                slug,
                vi={
                    "title": vt,
                    "intro": vs,
                    "body": _p(vb),
                    "opening_times": [
                        {"type": "time", "value": {"days": d, "hours": h}} for d, h in hours_vi
                    ],
                },
                en={
                    "title": et,
                    "intro": es,
                    "body": _p(eb),
                    "opening_times": [
                        {"type": "time", "value": {"days": d, "hours": h}} for d, h in hours_en
                    ],
                },
                shared={
                    "area": _former_district(district),
                    "latitude": lat,
                    "longitude": lon,
                    "image": image,
                    "audio_guide": audio,
                },
                children={"photos": [{"image": photo, "caption": vt} for photo in gallery]},
            )
        )
    return specs


def _story_index(images):
    return Spec(
        StoryIndexPage,
        "cau-chuyen",
        vi={
            "title": "Câu chuyện nhà nông trẻ",
            "intro": "Những người trẻ ở lại bản, làm ra đặc sản và bán nó cho cả nước.",
        },
        en={
            "title": "Young producers' stories",
            "intro": "Young people who stayed in their villages, make specialties and sell them nationwide.",
        },
        shared={"image": images["valley"]},
    )


def _stories(images, producers):
    rows = [
        (
            "Hợp tác xã Mận Tam Hoa Bản Phố",
            "man-tam-hoa-ban-pho",
            images["plum"],
            "Vườn mận hai mươi năm tuổi của những xã viên trẻ Bản Phố",
            "Họ giữ vườn mận của cha mẹ và đưa mận Bắc Hà lên mạng.",
            "The twenty-year-old plum orchards of Bản Phố's young members",
            "They kept their parents' orchards and brought Bắc Hà plums online.",
        ),
        (
            "Hợp tác xã Chè Shan Tuyết Y Tý",
            "che-shan-tuyet-y-ty",
            images["tea"],
            "Người Hà Nhì trẻ và những cây chè hai trăm năm",
            "Hái tay, sao củi, và lần đầu bán chè cho người Hà Nội.",
            "Young Hà Nhì people and their two-hundred-year-old tea trees",
            "Picked by hand, roasted over wood, and sold to Hanoi for the first time.",
        ),
        (
            "Hợp tác xã Thổ cẩm Dao đỏ Tả Phìn",
            "tho-cam-ta-phin",
            images["sapa"],
            "Những tấm thổ cẩm Dao đỏ từ Tả Phìn",
            "Mỗi tấm vải thêu mất hàng tháng; giờ người mua biết tên người thêu.",
            "Red Dao brocade from Tả Phìn",
            "Each cloth takes months to embroider; now buyers know who made it.",
        ),
    ]
    specs = []
    for name, slug, image, vt, vs, et, es in rows:
        producer = producers.get(name)
        if producer is None:
            continue
        story = producer.story or vs
        specs.append(
            Spec(
                ProducerStoryPage,
                slug,
                vi={"title": vt, "intro": vs, "body": _p(story) + _img(image, vt)},
                en={"title": et, "intro": es, "body": _p(es) + _img(image, et)},
                shared={"producer": producer, "image": image},
            )
        )
    return specs


def _sections(images):
    return [
        Spec(
            SectionPage,
            district_slug,
            vi={
                "title": f"Đoàn {district}",
                "intro": f"Tin và điểm đến do Huyện Đoàn {district} viết.",
            },
            en={
                "title": f"{district} Youth Union",
                "intro": f"News and places written by the {district} district Youth Union.",
            },
            shared={"area": _former_district(district), "image": image},
        )
        for district_slug, district, image in [
            ("bac-ha", "Bắc Hà", images["market"]),
            ("sa-pa-doan", "Thị xã Sa Pa", images["sapa"]),
        ]
    ]


def _section_news(section, images):
    return [
        Spec(
            NewsPage,
            f"{section.slug}-thanh-nien-tinh-nguyen",
            vi={
                "title": f"Thanh niên {section.area_label} ra quân tình nguyện mùa đông",
                "intro": "Sửa đường vào bản, trao áo ấm và hướng dẫn bà con bán hàng trên mạng.",
                "body": _p(
                    "Các chi đoàn cùng tổ công nghệ số cộng đồng đến từng bản, hướng dẫn bà con chụp ảnh và đăng sản phẩm."
                ),
            },
            en={
                "title": f"{section.area_label} youth volunteer for winter",
                "intro": "Mending village roads, giving warm clothes and showing families how to sell online.",
                "body": _p(
                    "Union branches and the community digital technology teams visited each village to help families photograph and list their products."
                ),
            },
            shared={"date": _today() - datetime.timedelta(days=4), "image": images["valley"]},
        )
    ]


def _about(images):
    return Spec(
        StandardPage,
        "gioi-thieu",
        vi={
            "title": "Giới thiệu Chợ Phiên",
            "intro": "Chợ Phiên do Tỉnh Đoàn Lào Cai xây dựng để giúp thanh niên vùng cao bán đặc sản trên mạng.",
            "body": _h("Vì sao có Chợ Phiên")
            + _p(
                "Kế hoạch chuyển đổi số của Tỉnh Đoàn đặt mục tiêu ít nhất 10% đoàn viên thanh niên có sản phẩm đặc sản được hỗ trợ quảng bá, bán hàng trên sàn thương mại điện tử."
            )
            + _progress()
            + _h("Ai đứng sau")
            + _p(
                "Cán bộ Đoàn và Tổ công nghệ số cộng đồng ở từng xã hướng dẫn các bạn trẻ mở gian hàng, chụp ảnh, nhận tiền và gửi hàng."
            ),
        },
        en={
            "title": "About Chợ Phiên",
            "intro": "Chợ Phiên was built by the Lao Cai Provincial Youth Union to help highland youth sell their specialties online.",
            "body": _h("Why Chợ Phiên")
            + _p(
                "The Union's digital transformation plan aims for at least 10% of union members with a specialty product to be helped to promote and sell it online."
            )
            + _progress()
            + _h("Who is behind it")
            + _p(
                "Union officers and each commune's community digital technology team help young people open a stall, take photos, get paid and ship."
            ),
        },
        shared={"image": images["hero"]},
    )


def _how_to_buy():
    return Spec(
        StandardPage,
        "cach-mua-hang",
        vi={
            "title": "Cách mua hàng",
            "intro": "Chọn sản phẩm, trả tiền theo cách bạn muốn, nhận hàng từ tay người làm ra.",
            "body": _list(
                "Thêm sản phẩm vào giỏ; một giỏ có thể có hàng của nhiều nhà sản xuất.",
                "Chọn cách nhận hàng của từng nhà sản xuất.",
                "Trả tiền bằng chuyển khoản VietQR, thẻ hoặc khi nhận hàng.",
                "Theo dõi đơn hàng qua đường dẫn trong email.",
            ),
        },
        en={
            "title": "How to buy",
            "intro": "Choose your products, pay the way you like, and receive them from the people who made them.",
            "body": _list(
                "Add products to your basket; one basket can hold several producers' goods.",
                "Choose how each producer sends your goods.",
                "Pay by VietQR bank transfer, by card or on delivery.",
                "Follow your order from the link in your email.",
            ),
        },
    )


def _former_district(name: str):
    """The district unit (before 1 July 2025) a demo page names as people still do ("Bắc
    Hà", "Thị xã Sa Pa"), read through the official map data (loaded by load_catalogue)."""
    reader = OldNameReader(
        unit_model=AdministrativeUnit,
        succession_model=UnitSuccession,
        province_code=settings.CHOPHIEN_HOME_PROVINCE_CODE,
    )
    district = reader.read(district=name).former_district
    if district is None:
        raise ValueError(f"no former district {name!r} in the map data")
    return district


def _sell_form(images):
    province = home_province()
    communes = [unit.full_name for unit in communes_of(province)] if province else []

    fields_vi = [
        {
            "clean_name": "ho_va_ten",
            "label": "Họ và tên",
            "field_type": "singleline",
            "required": True,
        },
        {
            "clean_name": "so_dien_thoai",
            "label": "Số điện thoại",
            "field_type": "singleline",
            "required": True,
        },
        {
            "clean_name": "xa_phuong",
            "label": "Xã, phường (theo địa giới từ 1/7/2025)",
            "field_type": "dropdown",
            "required": True,
            "choices": "\n".join(communes),
        },
        {
            "clean_name": "san_pham",
            "label": "Bạn làm ra sản phẩm gì?",
            "field_type": "multiline",
            "required": True,
        },
        {
            "clean_name": "doan_vien",
            "label": "Tôi là đoàn viên thanh niên",
            "field_type": "checkbox",
            "required": False,
        },
    ]
    return Spec(
        FormPage,
        "toi-muon-ban-hang",
        vi={
            "title": "Tôi muốn bán hàng ở Chợ Phiên",
            "intro": "<p>Để lại thông tin, cán bộ hỗ trợ nhà sản xuất sẽ gọi cho bạn trong vòng ba ngày làm việc để hướng dẫn mở gian hàng.</p>",
            "thank_you_text": "<p>Cảm ơn bạn! Cán bộ hỗ trợ nhà sản xuất sẽ gọi cho bạn sớm.</p>",
            "subject": "Đăng ký bán hàng mới trên Chợ Phiên",
        },
        en={
            "title": "I want to sell on Chợ Phiên",
            "intro": "<p>Leave your details and the producer support team will call you within three working days to help you open a stall.</p>",
            "thank_you_text": "<p>Thank you! The producer support team will call you soon.</p>",
        },
        shared={"image": images["market"], "to_address": ""},
        children={"form_fields": [dict(row, sort_order=i) for i, row in enumerate(fields_vi)]},
    )


def _menus(home, menu_pages, footer_pages):
    site = home.get_site()
    if site is None:
        return
    nav = NavigationSettings.for_site(site)
    if not nav.links.exists():
        nav.links = [NavigationLink(page=page) for page in menu_pages]
        nav.save()
    footer = FooterSettings.for_site(site)
    if not footer.links.exists():
        footer.about_vi = "Chợ Phiên do Tỉnh Đoàn Lào Cai vận hành, giúp thanh niên vùng cao bán đặc sản của mình trên mạng."
        footer.about_en = "Chợ Phiên is run by the Lao Cai Provincial Youth Union to help young people of the highlands sell their specialties online."
        footer.address = "Tỉnh Đoàn Lào Cai, phường Cốc Lếu, thành phố Lào Cai"
        footer.email = "chophien@example.com"
        footer.links = [FooterLink(page=page) for page in footer_pages]
        footer.save()
