"""A small Lao Cai catalogue for the search tests: names chosen so that diacritics, đ, tone
placement and near-homographs ("con dê" / "con dế") all matter."""

import datetime

from marketplace.catalogue.models import OcopCertificate
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

PRODUCERS = {
    "mat-ong": ("Hợp tác xã Mật ong Bắc Hà", "Bắc Hà"),
    "che": ("Hợp tác xã Chè Shan Tuyết Tả Phìn", "Sa Pa"),
    "giang-a-pao": ("Hộ kinh doanh Giàng A Páo", "Si Ma Cai"),
    "thao-qua": ("Tổ hợp tác Thảo quả Bát Xát", "Bát Xát"),
    "nam": ("Tổ hợp tác Nấm rừng Bảo Yên", "Bảo Yên"),
    "hoa-binh": ("Hợp tác xã Hoà Bình Mường Khương", "Mường Khương"),
}
CATEGORIES = {
    "mat-ong": "Mật ong",
    "che": "Chè và trà",
    "gia-vi": "Gia vị",
    "thit": "Thịt gác bếp và đặc sản",
    "lam-san": "Nấm và lâm sản",
    "luong-thuc": "Gạo và lương thực",
}
# title, producer, category, price, stock, OCOP stars, description
PRODUCTS = [
    (
        "Mật ong hoa bạc hà – chai 500ml",
        "mat-ong",
        "mat-ong",
        250_000,
        10,
        4,
        "Ong nuôi trên cao nguyên Bắc Hà, hoa bạc hà nở tháng 10.",
    ),
    (
        "Mật ong rừng nguyên chất",
        "mat-ong",
        "mat-ong",
        400_000,
        5,
        None,
        "Khai thác tự nhiên trong rừng già.",
    ),
    ("Sáp ong tự nhiên", "mat-ong", "mat-ong", 80_000, 0, None, "Dùng làm nến, son dưỡng môi."),
    (
        "Mật ong hoa mận Hoà Bình",
        "hoa-binh",
        "mat-ong",
        220_000,
        3,
        None,
        "Mùa hoa mận tháng Giêng.",
    ),
    ("Chè Shan Tuyết cổ thụ", "che", "che", 300_000, 20, 5, "Búp chè từ cây cổ thụ trăm năm tuổi."),
    ("Trà hoa vàng", "che", "che", 650_000, 2, None, "Loài trà quý, hoa màu vàng."),
    ("Chè xanh Tả Phìn", "che", "che", 90_000, 40, 3, "Chè xanh sao tay."),
    ("Thảo quả khô", "thao-qua", "gia-vi", 120_000, 30, 3, "Quả thảo quả phơi khô trên gác bếp."),
    (
        "Đường phèn mía",
        "hoa-binh",
        "gia-vi",
        60_000,
        50,
        None,
        "Đường kết tinh từ mía Mường Khương.",
    ),
    (
        "Thịt con dê núi hun khói",
        "giang-a-pao",
        "thit",
        450_000,
        4,
        None,
        "Dê thả núi đá Si Ma Cai.",
    ),
    ("Con dế rang lá chanh", "giang-a-pao", "thit", 150_000, 6, None, "Dế mèn rang giòn."),
    ("Gạo Séng Cù", "hoa-binh", "luong-thuc", 35_000, 100, 4, "Gạo dẻo thơm vùng cao."),
    ("Nấm hương rừng – túi 300g", "nam", "lam-san", 180_000, 12, 3, "Nấm hương mọc trên gỗ mục."),
    ("Mộc nhĩ đen", "nam", "lam-san", 95_000, 8, None, "Mộc nhĩ phơi nắng."),
    ("Măng tre khô", "nam", "lam-san", 110_000, 0, None, "Măng rừng luộc, sấy khô."),
    (
        "Hạt dổi rừng",
        "thao-qua",
        "gia-vi",
        520_000,
        3,
        None,
        "Gia vị chấm thịt nướng của người Tày.",
    ),
    ("Mắc khén", "thao-qua", "gia-vi", 75_000, 15, None, "Hạt tiêu rừng thơm nồng."),
    (
        "Rượu ngô men lá Bắc Hà",
        "mat-ong",
        "luong-thuc",
        140_000,
        9,
        4,
        "Rượu nấu từ ngô với men lá.",
    ),
    ("Tương ớt Mường Khương", "hoa-binh", "gia-vi", 45_000, 25, 3, "Ớt chỉ thiên giã tay."),
    ("Lạp xưởng gác bếp", "giang-a-pao", "thit", 260_000, 7, None, "Thịt lợn bản, hun khói."),
    ("Thịt trâu gác bếp", "giang-a-pao", "thit", 700_000, 5, 4, "Thịt trâu tẩm mắc khén."),
    (
        "Miến dong Thuỷ Hoà",
        "hoa-binh",
        "luong-thuc",
        70_000,
        30,
        None,
        "Miến làm từ củ dong riềng.",
    ),
    (
        "Táo mèo ngâm đường",
        "hoa-binh",
        "gia-vi",
        130_000,
        11,
        None,
        "Táo mèo thái lát, ngâm đường phèn.",
    ),
    ("Cá hồi Sa Pa phi lê", "che", "thit", 380_000, 0, None, "Cá nuôi nước lạnh."),
    ("Bột tam thất", "thao-qua", "lam-san", 900_000, 2, 5, "Tam thất bắc trồng dưới tán rừng."),
    ("Đậu tương rang", "hoa-binh", "luong-thuc", 40_000, 20, None, "Đỗ tương vùng cao."),
    ("Khoai sọ Bắc Hà", "mat-ong", "luong-thuc", 30_000, 60, None, "Khoai sọ dẻo."),
    ("Nghệ đỏ Bảo Yên", "nam", "gia-vi", 65_000, 14, None, "Củ nghệ tươi."),
]
PAGES = [
    ("Câu chuyện Hợp tác xã Mật ong Bắc Hà", "Những người trẻ nuôi ong trên cao nguyên."),
    ("Hướng dẫn đặt hàng và thanh toán", "Chuyển khoản, trả tiền khi nhận hàng hoặc thẻ."),
]


def build_catalogue() -> dict:
    """Creates the producers, categories, products and pages through the services."""
    from wagtail.models import Page

    producers = {
        key: make_producer(name=name, district=district)
        for key, (name, district) in PRODUCERS.items()
    }
    categories = {key: make_category(name=name) for key, name in CATEGORIES.items()}
    products = {}
    today = datetime.date.today()
    for title, producer, category, price, stock, stars, description in PRODUCTS:
        product = make_product(
            title=title,
            partner=producers[producer].partner,
            category=categories[category],
            price=price,
            num_in_stock=stock,
            origin_district=producers[producer].district_name,
            description=description,
        )
        if stars:
            OcopCertificate.objects.create(
                product=product,
                stars=stars,
                number=f"OCOP-{product.pk}",
                issued_on=today - datetime.timedelta(days=30),
                expires_on=today + datetime.timedelta(days=365),
            )
        products[title] = product
    root = Page.objects.get(depth=1).get_children().first()
    pages = {}
    for title, text in PAGES:
        page = root.add_child(instance=Page(title=title, seo_title=text, search_description=text))
        pages[title] = page
    return {"producers": producers, "categories": categories, "products": products, "pages": pages}


def listed_titles(response) -> list[str]:
    """The titles of the products a search page lists, in order (its `products` are
    ProductRefs: ids, read only for the cards that are not cached)."""
    from marketplace.catalogue.models import Product

    ids = [p.pk for p in response.context["products"]]
    titles = dict(Product.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]
