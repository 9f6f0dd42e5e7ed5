"""Demo catalogue for Chợ Phiên: young producers of Lào Cai and what they sell.

Pure data, no Django imports, so it can be used by seed commands, tests and fixtures alike.
All names are invented for the demo; phone numbers use the sequential range 0900000001…,
so none of them belongs to a real person. Run ``python -m demo.shop`` to
check the invariants (see :func:`validate`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, fields

from core.banks import BANK_CHOICES, account_name_normalise
from core.tax_codes import tax_code_check_digit

__all__ = [
    "CATEGORIES",
    "DISTRICTS",
    "PRODUCERS",
    "PRODUCTS",
    "DemoCategory",
    "DemoProducer",
    "DemoProduct",
    "validate",
]

# Where the demo producers live, written as they were before 1 July 2025 (district, then
# commune), the way producers still say it: the loader reads each pair into today's units of
# the merged Lào Cai (places.old_names, from the official map data), so no place is typed
# here as today's unit. The old Lào Cai's nine districts, then three of the former Yên Bái's.
FORMER_LAO_CAI: list[str] = [
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
]
FORMER_YEN_BAI: list[str] = ["Mù Căng Chải", "Văn Chấn", "Trạm Tấu"]
DISTRICTS: list[str] = [*FORMER_LAO_CAI, *FORMER_YEN_BAI]

# Communes and wards (before the 2025 reorganisation) that the demo producers may live in.
_COMMUNES: dict[str, set[str]] = {
    "Thành phố Lào Cai": {
        "Cốc Lếu",
        "Duyên Hải",
        "Kim Tân",
        "Bắc Cường",
        "Tả Phời",
        "Hợp Thành",
        "Cam Đường",
        "Vạn Hòa",
    },
    "Thị xã Sa Pa": {
        "Sa Pa",
        "Tả Van",
        "Tả Phìn",
        "Bản Hồ",
        "Hoàng Liên",
        "Thanh Bình",
        "Mường Hoa",
        "Trung Chải",
    },
    "Bát Xát": {"Y Tý", "A Lù", "A Mú Sung", "Mường Vi", "Bản Xèo", "Mường Hum", "Quang Kim"},
    "Mường Khương": {"Mường Khương", "Bản Lầu", "Lùng Vai", "Cao Sơn", "Thanh Bình", "Pha Long"},
    "Si Ma Cai": {"Si Ma Cai", "Cán Cấu", "Sín Chéng", "Lùng Thẩn", "Nàn Sán", "Bản Mế"},
    "Bắc Hà": {"Bắc Hà", "Bản Phố", "Bản Liền", "Thải Giàng Phố", "Nậm Lúc", "Tả Củ Tỷ", "Na Hối"},
    "Bảo Thắng": {"Phố Lu", "Phong Hải", "Xuân Quang", "Thái Niên", "Sơn Hà", "Gia Phú"},
    "Bảo Yên": {"Phố Ràng", "Nghĩa Đô", "Xuân Hòa", "Vĩnh Yên", "Điện Quan", "Tân Dương"},
    "Văn Bàn": {"Khánh Yên", "Nậm Xé", "Nậm Chày", "Thẩm Dương", "Dương Quỳ", "Minh Lương"},
    "Mù Căng Chải": {"Chế Cu Nha", "La Pán Tẩn", "Dế Xu Phình", "Mồ Dề", "Nậm Khắt"},
    "Văn Chấn": {"Suối Giàng", "Tú Lệ", "Sơn Thịnh", "Nậm Búng", "Gia Hội"},
    "Trạm Tấu": {"Bản Công", "Xà Hồ", "Túc Đán", "Phình Hồ"},
}

PRODUCER_KINDS: tuple[str, ...] = ("household", "cooperative", "enterprise")


@dataclass(frozen=True)
class DemoCategory:
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class DemoProducer:
    name: str
    kind: str  # "household" | "cooperative" | "enterprise"
    district: str  # one of DISTRICTS
    commune: str  # a commune or ward of that district
    story: str
    phone: str  # fake, sequential from 0900000001
    bank_bin: str  # a core.banks BIN
    bank_account_number: str  # invented: 1, zeros, then the producer's number
    bank_account_name: str  # the holder as the bank prints it
    offers_pickup: bool
    offers_local_delivery: bool
    offers_national_post: bool
    local_delivery_km: int | None  # how far a town producer delivers, or None
    pickup_address: str  # where buyers collect, for those who offer pickup
    pickup_hours: str
    tax_code: str = ""  # an enterprise's own (invented, with a right check digit)


@dataclass(frozen=True)
class DemoProduct:
    title: str
    producer: str  # a PRODUCERS name
    category: str  # a CATEGORIES slug
    price: int  # whole VND, multiple of 1000
    stock: int
    description: str


CATEGORIES: list[DemoCategory] = [
    DemoCategory(
        "Chè Shan Tuyết",
        "che-shan-tuyet",
        "Chè từ những cây Shan tuyết cổ thụ trên núi cao Y Tý, Bản Liền, Tả Phời, búp phủ lông "
        "tơ trắng như tuyết. Nước chè vàng sánh, chát dịu và ngọt hậu lâu.",
    ),
    DemoCategory(
        "Mật ong rừng",
        "mat-ong-rung",
        "Mật ong của đàn ong nội nuôi ven rừng già và trên nương hoa bạc hà, cùng phấn hoa, "
        "sáp ong. Mật được quay khi đã già, không pha đường.",
    ),
    DemoCategory(
        "Thảo quả",
        "thao-qua",
        "Thảo quả trồng dưới tán rừng Hoàng Liên, quả chín đỏ được sấy lò củi, thơm nồng. Gia "
        "vị không thể thiếu của phở, thắng cố và các món hầm.",
    ),
    DemoCategory(
        "Mận tam hoa Bắc Hà & trái cây",
        "man-tam-hoa-trai-cay",
        "Mận tam hoa Bắc Hà giòn ngọt phủ phấn trắng, lê, dứa, chuối vùng cao và trái cây sấy "
        "dẻo làm từ nông sản của bà con.",
    ),
    DemoCategory(
        "Gạo Séng Cù & ngũ cốc",
        "gao-seng-cu-ngu-coc",
        "Gạo Séng Cù một vụ của Mường Khương, Bát Xát, nếp nương, nếp cẩm và bột ngô mèn mén "
        "của người H'Mông.",
    ),
    DemoCategory(
        "Lá tắm người Dao đỏ",
        "la-tam-nguoi-dao-do",
        "Bài thuốc tắm truyền thống của người Dao đỏ từ hàng chục loại lá rừng, giúp ấm người, "
        "thư giãn và hồi sức. Có lá khô, túi ngâm chân, xà phòng và dầu gội thảo dược.",
    ),
    DemoCategory(
        "Dược liệu",
        "duoc-lieu",
        "Actiso, đương quy, tam thất, xuyên khung, giảo cổ lam trồng và sơ chế tại vùng núi "
        "Lào Cai theo hướng sạch.",
    ),
    DemoCategory(
        "Thổ cẩm",
        "tho-cam",
        "Thổ cẩm thêu, dệt tay của phụ nữ Dao đỏ, H'Mông Hoa, Tày: túi, khăn, váy áo và đồ "
        "trang trí mang hoa văn riêng của từng dân tộc.",
    ),
    DemoCategory(
        "Nấm & rau rừng",
        "nam-rau-rung",
        "Nấm hương rừng, mộc nhĩ, nấm sò, măng khô và rau vùng cao như cải mèo, su su bao tử.",
    ),
    DemoCategory(
        "Thịt gác bếp & đặc sản chế biến",
        "thit-gac-bep",
        "Thịt trâu, thịt bò, thịt lợn bản hun khói trên gác bếp, lạp sườn, xúc xích và chẩm "
        "chéo mắc khén. Hút chân không, giữ trọn hương vị núi rừng.",
    ),
    DemoCategory(
        "Quế & gia vị núi rừng",
        "que-gia-vi",
        "Quế Văn Bàn, Bảo Yên, tương ớt Mường Khương, hạt dổi và những gia vị làm nên mùi vị "
        "bếp vùng cao.",
    ),
]


# Producers: (name, kind, district, commune, story). Phones are assigned in order below.
_PRODUCER_ROWS: list[tuple[str, str, str, str, str]] = [
    # ---- Thành phố Lào Cai
    (
        "Hợp tác xã Chè Tả Phời",
        "cooperative",
        "Thành phố Lào Cai",
        "Tả Phời",
        "Mười hai xã viên, phần lớn là thanh niên người Dao và Phù Lá, cùng chăm hơn 30 ha chè "
        "trên sườn núi Tả Phời cao gần 1.000 m. Chè được hái một tôm hai lá vào sáng sớm và "
        "sao tay trên chảo gang ngay tại xưởng của hợp tác xã.",
    ),
    (
        "Công ty TNHH Đặc sản Cốc Lếu",
        "enterprise",
        "Thành phố Lào Cai",
        "Cốc Lếu",
        "Ba bạn trẻ từng làm bếp ở phố Cốc Lếu lập công ty để thu mua thịt trâu, thịt lợn bản "
        "từ các hộ chăn nuôi vùng cao với giá ổn định. Thịt được tẩm mắc khén, gừng, ớt rồi "
        "hun khói trên gác bếp như cách người Tày, người Thái vẫn làm, sau đó hút chân không.",
    ),
    (
        "Hộ kinh doanh Lương Thị Hoa",
        "household",
        "Thành phố Lào Cai",
        "Hợp Thành",
        "Hoa là cô gái Tày 26 tuổi, rời công việc văn phòng ở Hà Nội về quê trồng nấm sò và "
        "mộc nhĩ trong nhà lưới. Nấm được sấy ở nhiệt độ thấp nên giữ được độ giòn và mùi "
        "thơm tự nhiên.",
    ),
    (
        "Hợp tác xã Dược liệu Cam Đường",
        "cooperative",
        "Thành phố Lào Cai",
        "Cam Đường",
        "Nhóm kỹ sư nông nghiệp trẻ lập hợp tác xã, liên kết với bà con vùng cao trồng actiso, "
        "giảo cổ lam và cà gai leo theo hướng hữu cơ. Dược liệu được sơ chế, sấy và đóng túi "
        "lọc ngay tại xưởng ở Cam Đường.",
    ),
    # ---- Thị xã Sa Pa
    (
        "Hợp tác xã Thổ cẩm Dao đỏ Tả Phìn",
        "cooperative",
        "Thị xã Sa Pa",
        "Tả Phìn",
        "Hơn bốn mươi chị em người Dao đỏ ở Tả Phìn cùng thêu thổ cẩm sau mùa vụ và truyền "
        "nghề cho các em gái từ mười lăm tuổi. Mỗi sản phẩm được thêu tay bằng chỉ đỏ, vàng, "
        "trắng trên nền vải chàm, mất từ vài ngày đến vài tháng mới xong.",
    ),
    (
        "Hộ kinh doanh Tẩn Tả Mẩy",
        "household",
        "Thị xã Sa Pa",
        "Tả Phìn",
        "Chị Mẩy, 28 tuổi, người Dao đỏ, học bài thuốc tắm từ bà nội và tự lên rừng hái hơn "
        "hai mươi loại lá. Lá được phơi khô trong bóng râm, chia gói sẵn để khách chỉ cần đun "
        "sôi là có nồi nước tắm thơm ấm.",
    ),
    (
        "Hộ kinh doanh Giàng A Páo",
        "household",
        "Thị xã Sa Pa",
        "Tả Van",
        "Páo là chàng trai H'Mông 24 tuổi ở Tả Van, cùng vợ trồng cải mèo, su su và thu hái "
        "nấm hương trong rừng già sau bản. Nấm được hong trên gác bếp rồi sấy lại bằng than "
        "củi, đóng túi zip ghi rõ ngày thu hái.",
    ),
    (
        "Hợp tác xã Dược liệu Hoàng Liên",
        "cooperative",
        "Thị xã Sa Pa",
        "Hoàng Liên",
        "Các xã viên người H'Mông ở Hoàng Liên trồng đương quy, xuyên khung và actiso dưới "
        "chân dãy núi cùng tên, ở độ cao trên 1.500 m. Dược liệu được canh tác theo quy trình "
        "VietGAP và sấy trong lò khép kín để giữ dược tính.",
    ),
    (
        "Công ty TNHH Thảo mộc Sa Pa Xanh",
        "enterprise",
        "Thị xã Sa Pa",
        "Sa Pa",
        "Công ty khởi nghiệp của các bạn trẻ người Dao và người Kinh, biến bài thuốc lá tắm "
        "truyền thống thành xà phòng, dầu gội và cao tắm tiện dùng. Nguyên liệu được thu mua "
        "trực tiếp từ hơn sáu mươi hộ Dao đỏ ở Tả Phìn và Bản Hồ.",
    ),
    # ---- Bát Xát
    (
        "Hợp tác xã Chè Shan Tuyết Y Tý",
        "cooperative",
        "Bát Xát",
        "Y Tý",
        "Ở độ cao gần 2.000 m, nơi mây phủ quanh năm, thanh niên Hà Nhì ở Y Tý chăm những cây "
        "chè Shan tuyết cổ thụ hàng trăm năm tuổi. Búp chè phủ lông tơ trắng được hái tay, làm "
        "héo và sao thủ công nên nước vàng sánh, ngọt hậu.",
    ),
    (
        "Hộ kinh doanh Chu Thị Ca",
        "household",
        "Bát Xát",
        "A Lù",
        "Ca là cô gái Hà Nhì 25 tuổi, cùng gia đình chăm hai héc-ta thảo quả dưới tán rừng "
        "nguyên sinh ở A Lù. Quả chín đỏ được hái vào tháng mười và sấy bằng lò củi truyền "
        "thống nên có mùi thơm khói nhẹ rất riêng.",
    ),
    (
        "Hợp tác xã Gạo Séng Cù Mường Vi",
        "cooperative",
        "Bát Xát",
        "Mường Vi",
        "Hơn năm mươi hộ Giáy, Tày ở Mường Vi cấy lúa Séng Cù mỗi năm một vụ trên những thửa "
        "ruộng tưới bằng nước suối đầu nguồn. Hạt gạo thon dài, nấu lên dẻo thơm, để nguội "
        "vẫn mềm.",
    ),
    (
        "Hộ kinh doanh Phàn Văn Sơn",
        "household",
        "Bát Xát",
        "Bản Xèo",
        "Sơn, 27 tuổi, người Dao, học nghề nuôi ong từ bố và nay chăm hơn tám mươi đàn ong nội "
        "đặt trong những đõ gỗ ven rừng. Mật chỉ được quay khi đã già, lọc qua vải màn và đóng "
        "chai thủy tinh.",
    ),
    # ---- Mường Khương
    (
        "Hợp tác xã Séng Cù Lùng Vai",
        "cooperative",
        "Mường Khương",
        "Lùng Vai",
        "Các xã viên trẻ người Nùng, Tày ở Lùng Vai giữ giống lúa Séng Cù thuần, bón phân "
        "chuồng hoai mục và làm cỏ bằng tay. Thóc được phơi nắng tự nhiên, xay xát trong ngày "
        "để gạo còn lớp cám mỏng thơm ngọt.",
    ),
    (
        "Hộ kinh doanh Vàng Thị Sinh",
        "household",
        "Mường Khương",
        "Mường Khương",
        "Sinh là cô gái Pa Dí 27 tuổi, làm tương ớt theo công thức của mẹ: ớt chỉ thiên, tỏi, "
        "gừng và đậu tương rang ủ trong chum sành hơn ba tháng. Ớt trồng ngay trên nương nhà, "
        "không dùng chất bảo quản.",
    ),
    (
        "Hợp tác xã Chè Tuyết Cao Sơn",
        "cooperative",
        "Mường Khương",
        "Cao Sơn",
        "Thanh niên H'Mông, Phù Lá ở Cao Sơn chăm vùng chè Shan tuyết hữu cơ trên những đỉnh "
        "núi sương mù. Chè được làm thành chè xanh, hồng trà và bạch trà, đóng túi giấy kraft "
        "có lớp chống ẩm.",
    ),
    (
        "Hộ kinh doanh Lù Văn Dũng",
        "household",
        "Mường Khương",
        "Bản Lầu",
        "Dũng là chàng trai Giáy 29 tuổi, trồng dứa và chuối tiêu hồng trên sườn đồi Bản Lầu, "
        "bón phân vi sinh tự ủ. Anh làm thêm dứa sấy dẻo, chuối sấy để có hàng bán quanh năm.",
    ),
    # ---- Si Ma Cai
    (
        "Hợp tác xã Mật ong bạc hà Sín Chéng",
        "cooperative",
        "Si Ma Cai",
        "Sín Chéng",
        "Mỗi độ cuối thu, khi hoa bạc hà dại nở tím các sườn đồi đá, xã viên H'Mông trẻ ở Sín "
        "Chéng lại đưa đàn ong theo mùa hoa. Mật bạc hà màu hổ phách, ngọt thanh và mát nơi "
        "cuống họng.",
    ),
    (
        "Hộ kinh doanh Thào Seo Lử",
        "household",
        "Si Ma Cai",
        "Cán Cấu",
        "Lử, 30 tuổi, người H'Mông, nuôi bò vàng và lợn bản thả đồi gần chợ phiên Cán Cấu. "
        "Thịt được ướp muối, mắc khén rồi treo gác bếp cả tháng theo cách của ông bà.",
    ),
    (
        "Hộ kinh doanh Sùng Thị Mỷ",
        "household",
        "Si Ma Cai",
        "Lùng Thẩn",
        "Mỷ là cô gái H'Mông 22 tuổi, cùng chị em trong bản se lanh, dệt vải, vẽ sáp ong và "
        "nhuộm chàm. Những hoa văn xoáy ốc, chữ thập được khâu tay thành túi, khăn rực rỡ sắc "
        "màu Si Ma Cai.",
    ),
    (
        "Hợp tác xã Ngô bản địa Nàn Sán",
        "cooperative",
        "Si Ma Cai",
        "Nàn Sán",
        "Hợp tác xã gìn giữ giống ngô nếp, ngô tẻ bản địa mà người H'Mông trồng xen đậu trên "
        "nương đá. Ngô được hong trên gác, xay bằng cối đá để làm bột mèn mén thơm bùi.",
    ),
    # ---- Bắc Hà
    (
        "Hợp tác xã Mận Tam Hoa Bản Phố",
        "cooperative",
        "Bắc Hà",
        "Bản Phố",
        "Bản Phố là thủ phủ mận tam hoa của Bắc Hà, nơi xã viên trẻ người H'Mông, Tày chăm "
        "những vườn mận hơn hai mươi năm tuổi. Mận được hái khi còn phủ phấn trắng, chọn quả "
        "đều và đóng thùng có lỗ thoáng ngay trong ngày.",
    ),
    (
        "Hợp tác xã Chè hữu cơ Bản Liền",
        "cooperative",
        "Bắc Hà",
        "Bản Liền",
        "Người Tày ở Bản Liền trồng chè Shan tuyết theo hướng hữu cơ, không phân bón hóa học, "
        "không thuốc trừ sâu. Lứa xã viên thứ hai, phần lớn dưới ba mươi tuổi, đã làm thêm "
        "hồng trà và trà túi lọc.",
    ),
    (
        "Hộ kinh doanh Vàng Thị Dính",
        "household",
        "Bắc Hà",
        "Thải Giàng Phố",
        "Dính, 24 tuổi, người H'Mông Hoa, bán hàng ở chợ phiên Bắc Hà từ năm mười sáu tuổi. "
        "Chị và mẹ tự khâu những bộ váy, túi, khăn rực rỡ với hàng nghìn mũi chỉ đỏ, hồng, "
        "xanh lá.",
    ),
    (
        "Công ty TNHH Nông sản Bắc Hà Xanh",
        "enterprise",
        "Bắc Hà",
        "Bắc Hà",
        "Hai anh em người Tày quê Bắc Hà lập công ty sau khi học ngành công nghệ thực phẩm. Họ "
        "thu mua mận, lê và gạo nếp cẩm của bà con theo giá sàn, chế biến thành mận sấy dẻo, "
        "ô mai và nước cốt mận.",
    ),
    (
        "Hộ kinh doanh Hoàng Văn Thắng",
        "household",
        "Bắc Hà",
        "Nậm Lúc",
        "Thắng, 26 tuổi, người Tày ở Nậm Lúc, nuôi ong nội trong những thùng gỗ đặt ven rừng "
        "già. Anh chỉ lấy mật một lần sau mùa hoa rừng và để lại đủ mật cho đàn ong qua đông.",
    ),
    # ---- Bảo Thắng
    (
        "Công ty TNHH Thực phẩm Phố Lu",
        "enterprise",
        "Bảo Thắng",
        "Phố Lu",
        "Doanh nghiệp nhỏ của nhóm bạn trẻ Bảo Thắng, làm lạp sườn, xúc xích và thịt lợn gác "
        "bếp từ lợn bản nuôi thả. Mọi sản phẩm đều hút chân không và ghi rõ ngày sản xuất.",
    ),
    (
        "Hộ kinh doanh Nông Thị Lan",
        "household",
        "Bảo Thắng",
        "Phong Hải",
        "Lan là cô gái Tày 27 tuổi, cùng chồng trồng chuối tiêu hồng, dứa và mít trên đất đồi "
        "Phong Hải. Trái cây được thu hoạch vừa độ chín và đóng thùng ngay trong ngày.",
    ),
    (
        "Hợp tác xã Nấm Xuân Quang",
        "cooperative",
        "Bảo Thắng",
        "Xuân Quang",
        "Nhóm thanh niên Xuân Quang tận dụng rơm rạ và mùn cưa sau vụ mùa để trồng nấm sò, "
        "nấm rơm, mộc nhĩ và linh chi. Hợp tác xã tạo việc làm cho hơn hai mươi lao động trẻ "
        "trong xã.",
    ),
    (
        "Hộ kinh doanh Triệu Văn Hưng",
        "household",
        "Bảo Thắng",
        "Thái Niên",
        "Hưng, 25 tuổi, người Dao họ, nuôi ong dưới những đồi quế và vườn nhãn ở Thái Niên. Anh "
        "ghi nhật ký từng lần quay mật để khách biết mật của mùa hoa nào.",
    ),
    # ---- Bảo Yên
    (
        "Hợp tác xã Thổ cẩm Tày Nghĩa Đô",
        "cooperative",
        "Bảo Yên",
        "Nghĩa Đô",
        "Phụ nữ Tày ở Nghĩa Đô dệt thổ cẩm trên khung cửi gỗ, với hoa văn hình thoi, sao tám "
        "cánh và cây thông. Các xã viên trẻ làm thêm túi xách, khăn quàng và lót bàn để thổ "
        "cẩm gần hơn với đời sống hôm nay.",
    ),
    (
        "Hợp tác xã Quế Xuân Hòa",
        "cooperative",
        "Bảo Yên",
        "Xuân Hòa",
        "Hơn ba mươi hộ Tày, Dao ở Xuân Hòa trồng quế trên đồi và bóc vỏ vào mùa mưa khi vỏ dễ "
        "tách. Quế được phơi ủ thủ công để giữ nhiều tinh dầu, thơm cay ngọt.",
    ),
    (
        "Hộ kinh doanh Hà Văn Tuấn",
        "household",
        "Bảo Yên",
        "Vĩnh Yên",
        "Tuấn, 28 tuổi, người Tày ở Vĩnh Yên, cùng mẹ làm măng khô, thịt lợn gác bếp và hái "
        "rau rừng theo mùa. Măng được luộc kỹ, phơi nắng rồi sấy trên gác bếp nên vàng óng, "
        "giòn dai.",
    ),
    (
        "Hộ kinh doanh Bàn Thị Quyên",
        "household",
        "Bảo Yên",
        "Điện Quan",
        "Quyên, 26 tuổi, người Dao họ ở Điện Quan, giữ các bài thuốc nam của gia đình như lá "
        "tắm, cà gai leo, xạ đen. Chị trồng một vườn thuốc nhỏ sau nhà để không phải khai thác "
        "cạn cây rừng.",
    ),
    # ---- Mù Căng Chải (former Yên Bái)
    (
        "Hợp tác xã Mật ong Chế Cu Nha",
        "cooperative",
        "Mù Căng Chải",
        "Chế Cu Nha",
        "Chín thanh niên người H'Mông đặt đõ ong dưới tán rừng sơn tra và nương hoa bạc hà "
        "quanh ruộng bậc thang Chế Cu Nha. Mật chỉ được quay khi đã già và lọc qua vải màn, "
        "không pha thêm đường.",
    ),
    (
        "Hộ kinh doanh Giàng A Dế",
        "household",
        "Mù Căng Chải",
        "La Pán Tẩn",
        "Dế, 24 tuổi, thu hái quả táo mèo (sơn tra) trên rừng La Pán Tẩn mỗi mùa thu rồi "
        "thái lát, phơi khô theo cách của bà. Mùa lúa chín anh dẫn khách chụp ảnh ruộng bậc "
        "thang và bán thêm gạo nếp của nhà.",
    ),
    # ---- Văn Chấn (former Yên Bái)
    (
        "Hợp tác xã Chè Shan Tuyết Suối Giàng",
        "cooperative",
        "Văn Chấn",
        "Suối Giàng",
        "Hợp tác xã của những người Mông trẻ chăm hơn 400 cây chè Shan tuyết cổ thụ trên "
        "đỉnh Suối Giàng cao 1.400 m. Búp chè được hái tay, sao và vò ngay trong ngày.",
    ),
    (
        "Hộ kinh doanh Lò Thị Nhung",
        "household",
        "Văn Chấn",
        "Tú Lệ",
        "Nhung là cô gái Thái 22 tuổi, cùng mẹ cấy nếp Tú Lệ trên ruộng dưới chân đèo Khau "
        "Phạ. Nếp được làm thành cốm và xôi, hương thơm nổi tiếng cả vùng Mường Lò.",
    ),
    # ---- Trạm Tấu (former Yên Bái)
    (
        "Hộ kinh doanh Mùa A Chứ",
        "household",
        "Trạm Tấu",
        "Xà Hồ",
        "Chứ, 27 tuổi, người H'Mông, trồng sâm đất và thảo quả dưới tán rừng già Xà Hồ. "
        "Anh còn thu mua măng đắng và nấm hương rừng của các hộ trong bản.",
    ),
    # ---- Văn Bàn
    (
        "Hợp tác xã Thảo quả Nậm Xé",
        "cooperative",
        "Văn Bàn",
        "Nậm Xé",
        "Xã viên H'Mông trẻ ở Nậm Xé chăm thảo quả dưới tán rừng Hoàng Liên, vừa có thu nhập "
        "vừa giữ được rừng. Quả được sấy trong lò khép kín và phân loại theo kích cỡ trước khi "
        "đóng gói.",
    ),
    (
        "Hợp tác xã Quế hữu cơ Văn Bàn",
        "cooperative",
        "Văn Bàn",
        "Thẩm Dương",
        "Xã viên Tày, Dao ở Thẩm Dương trồng quế theo tiêu chuẩn hữu cơ để xuất khẩu. Ngoài quế "
        "ống, quế chẻ, hợp tác xã còn chưng cất tinh dầu quế và xay bột quế mịn.",
    ),
    (
        "Hộ kinh doanh Lý A Chư",
        "household",
        "Văn Bàn",
        "Nậm Chày",
        "Chư, 23 tuổi, người H'Mông, theo bố vào rừng đặt đõ ong từ khi còn nhỏ. Ngoài mật ong "
        "rừng, gia đình anh còn thu hái thảo quả và hạt dổi theo mùa.",
    ),
    (
        "Hộ kinh doanh Lò Thị Thoa",
        "household",
        "Văn Bàn",
        "Dương Quỳ",
        "Thoa, 25 tuổi, người Tày, cấy nếp và lúa bản địa trên ruộng bậc thang Dương Quỳ rồi "
        "xay xát bằng máy nhỏ của gia đình. Chị làm thêm cốm và bột nếp cho những dịp lễ Tết.",
    ),
]

# Where the demo producers bank, in turn: (BIN, account number length). Agribank comes up
# most, as it has a branch in every district of Lào Cai.
_DEMO_BANKS: list[tuple[str, int]] = [
    ("970405", 13),  # Agribank
    ("970418", 12),  # BIDV
    ("970405", 13),
    ("970415", 12),  # VietinBank
    ("970422", 11),  # MB
    ("970405", 13),
    ("970449", 12),  # LPBank, at the post offices
    ("970436", 10),  # Vietcombank
]
# Producers here can take an order across town the same day: they deliver to buyers within
# LOCAL_DELIVERY_KM of their commune.
_TOWN_DISTRICTS = {"Thành phố Lào Cai", "Thị xã Sa Pa"}
LOCAL_DELIVERY_KM = 15


def _account_holder(name: str, kind: str) -> str:
    """The name on the account: the householder's own, or the cooperative's or company's
    (banks shorten "Hợp tác xã" to "HTX")."""
    if kind == "household":
        name = name.removeprefix("Hộ kinh doanh ")
    elif kind == "cooperative":
        name = "HTX " + name.removeprefix("Hợp tác xã ")
    return account_name_normalise(name)


def _demo_producer(number: int, name: str, kind: str, district: str, commune: str, story: str):
    bank_bin, length = _DEMO_BANKS[(number - 1) % len(_DEMO_BANKS)]
    ships = number < len(_PRODUCER_ROWS)  # the last one, a draft, has not chosen yet
    return DemoProducer(
        name=name,
        kind=kind,
        district=district,
        commune=commune,
        story=story,
        phone=f"09{number:08d}",
        bank_bin=bank_bin,
        bank_account_number=f"1{number:0{length - 1}d}",
        bank_account_name=_account_holder(name, kind),
        # Companies sell from a shop or workshop, not from home.
        offers_pickup=ships and kind != "enterprise",
        offers_local_delivery=ships and district in _TOWN_DISTRICTS,
        offers_national_post=ships,
        local_delivery_km=LOCAL_DELIVERY_KM if ships and district in _TOWN_DISTRICTS else None,
        pickup_address=f"Nhà văn hoá {commune}, {district}"
        if ships and kind != "enterprise"
        else "",
        pickup_hours="7:00–17:00, thứ Hai đến thứ Bảy" if ships and kind != "enterprise" else "",
        tax_code=_demo_tax_code(number) if kind == "enterprise" else "",
    )


def _demo_tax_code(number: int) -> str:
    """An invented tax code of Lào Cai's range (53...) whose check digit is right: the
    enterprise declares its own tax, so the payout ledger withholds nothing from it."""
    for serial in range(number * 100, number * 100 + 100):
        head = f"53{serial:07d}"
        if (check := tax_code_check_digit(head)) is not None:
            return f"{head}{check}"
    raise ValueError(number)


PRODUCERS: list[DemoProducer] = [
    _demo_producer(number, *row) for number, row in enumerate(_PRODUCER_ROWS, start=1)
]

# Products by producer: (title, category slug, price VND, stock, description).
_CATALOGUE: dict[str, list[tuple[str, str, int, int, str]]] = {
    "Hợp tác xã Chè Tả Phời": [
        (
            "Chè xanh Shan Tuyết Tả Phời – gói 200g",
            "che-shan-tuyet",
            160_000,
            80,
            "Chè xanh sao tay từ búp Shan tuyết trên núi Tả Phời, nước xanh vàng, chát dịu, ngọt "
            "hậu. Đóng túi zip hai lớp có gói hút ẩm.",
        ),
        (
            "Hồng trà Tả Phời – hộp 100g",
            "che-shan-tuyet",
            180_000,
            45,
            "Hồng trà lên men tự nhiên, nước màu hổ phách, thơm mùi mật ong và trái chín. Hộp giấy "
            "kraft, bên trong là túi zip.",
        ),
        (
            "Chè Shan Tuyết búp nõn Tả Phời – gói 500g",
            "che-shan-tuyet",
            350_000,
            30,
            "Chỉ chọn búp nõn một tôm một lá, sao hai lần cho cánh chè xoăn chắc. Hợp pha ấm nhỏ "
            "tiếp khách.",
        ),
        (
            "Trà túi lọc Shan Tuyết Tả Phời – hộp 25 túi",
            "che-shan-tuyet",
            85_000,
            120,
            "Chè Shan tuyết xay vừa, đóng túi lọc giấy không tẩy trắng, mỗi túi 2g pha được hai "
            "lần nước. Tiện mang đi làm, đi đường.",
        ),
    ],
    "Công ty TNHH Đặc sản Cốc Lếu": [
        (
            "Đặc sản thịt trâu gác bếp – 500g",
            "thit-gac-bep",
            520_000,
            60,
            "Thịt bắp trâu tẩm mắc khén, gừng, ớt, hun khói hơn một tuần, thớ dai thơm, xé ăn kèm "
            "chẩm chéo. Hút chân không, bảo quản ngăn mát 3 tháng.",
        ),
        (
            "Thịt lợn bản gác bếp Cốc Lếu – 500g",
            "thit-gac-bep",
            320_000,
            70,
            "Thịt ba chỉ lợn bản ướp mắc khén, hun khói củi, khi ăn chỉ cần hấp hoặc nướng lại. "
            "Hút chân không từng miếng.",
        ),
        (
            "Lạp sườn hun khói Lào Cai – 500g",
            "thit-gac-bep",
            190_000,
            100,
            "Lạp sườn thịt nạc vai trộn mỡ phần, tẩm rượu gạo và mắc khén rồi hun khói nhẹ. Chiên "
            "vàng ăn với xôi nếp nương rất hợp.",
        ),
        (
            "Chẩm chéo mắc khén – hũ 100g",
            "thit-gac-bep",
            45_000,
            150,
            "Gia vị chấm giã tay từ mắc khén, ớt, tỏi, rau thơm rang khô. Hũ thủy tinh nắp kín, "
            "chấm thịt gác bếp hay rau luộc đều ngon.",
        ),
    ],
    "Hộ kinh doanh Lương Thị Hoa": [
        (
            "Nấm sò khô Hợp Thành – gói 200g",
            "nam-rau-rung",
            90_000,
            90,
            "Nấm sò sấy nhiệt thấp, ngâm nước ấm 15 phút là nở mềm, xào hay nấu canh đều ngọt. "
            "Túi zip có gói hút ẩm.",
        ),
        (
            "Mộc nhĩ đen Hợp Thành – gói 500g",
            "nam-rau-rung",
            130_000,
            80,
            "Mộc nhĩ tai nhỏ, dày và giòn, trồng trên mùn cưa sạch trong nhà lưới. Đóng túi 500g "
            "đã loại bỏ chân.",
        ),
        (
            "Nấm sò xám tươi – túi 1kg",
            "nam-rau-rung",
            50_000,
            40,
            "Nấm sò thu hái buổi sáng, giao trong ngày tại thành phố Lào Cai. Đóng túi giấy thoáng "
            "để nấm không bị úng.",
        ),
    ],
    "Hợp tác xã Dược liệu Cam Đường": [
        (
            "Trà actiso túi lọc – hộp 50 túi",
            "duoc-lieu",
            95_000,
            150,
            "Lá, thân và hoa actiso sấy khô phối đúng tỉ lệ, vị ngọt nhẹ, uống mát gan. Mỗi túi 2g, "
            "hộp giấy có màng bọc.",
        ),
        (
            "Cao actiso nguyên chất – hũ 200g",
            "duoc-lieu",
            220_000,
            60,
            "Cao đặc nấu từ thân lá actiso tươi, pha một thìa với nước ấm. Hũ thủy tinh nắp kín, "
            "bảo quản nơi khô mát.",
        ),
        (
            "Giảo cổ lam khô – gói 500g",
            "duoc-lieu",
            150_000,
            80,
            "Giảo cổ lam năm lá trồng dưới tán rừng, phơi âm can, hãm nước uống hằng ngày. Túi "
            "500g có nhãn ghi ngày thu hái.",
        ),
        (
            "Cà gai leo khô – gói 500g",
            "duoc-lieu",
            120_000,
            70,
            "Thân và lá cà gai leo thái nhỏ, sao vàng hạ thổ, đun nước uống thay trà. Đóng túi "
            "500g hút chân không.",
        ),
    ],
    "Hợp tác xã Thổ cẩm Dao đỏ Tả Phìn": [
        (
            "Túi đeo chéo thổ cẩm Dao đỏ – cỡ 25x30cm",
            "tho-cam",
            280_000,
            25,
            "Túi vải chàm thêu tay hoa văn Dao đỏ, quai da bò có thể chỉnh độ dài. Lót vải bông, "
            "có ngăn khóa kéo bên trong.",
        ),
        (
            "Khăn quàng thêu tay Dao đỏ – 180x40cm",
            "tho-cam",
            220_000,
            30,
            "Khăn vải bông nhuộm chàm, hai đầu thêu dải hoa văn đỏ, vàng và tua len. Mỗi chiếc "
            "thêu mất khoảng một tuần.",
        ),
        (
            "Vỏ gối thổ cẩm Dao đỏ – bộ 2 chiếc 45x45cm",
            "tho-cam",
            350_000,
            20,
            "Vỏ gối trang trí thêu hình cây thông, con chó và ngôi sao theo tích người Dao đỏ. "
            "Khóa kéo giấu, giặt tay nước lạnh.",
        ),
        (
            "Ví cầm tay thổ cẩm Tả Phìn – cỡ 20x10cm",
            "tho-cam",
            90_000,
            60,
            "Ví nhỏ đựng điện thoại, tiền lẻ, thêu tay trên nền chàm. Món quà nhỏ xinh từ Sa Pa.",
        ),
    ],
    "Hộ kinh doanh Tẩn Tả Mẩy": [
        (
            "Lá tắm người Dao đỏ – gói 500g",
            "la-tam-nguoi-dao-do",
            70_000,
            150,
            "Hơn hai mươi loại lá rừng phơi khô, đun sôi 30 phút lấy nước tắm hoặc ngâm bồn gỗ. Một "
            "gói dùng được 3–4 lần.",
        ),
        (
            "Lá tắm Dao đỏ cho mẹ sau sinh – gói 1kg",
            "la-tam-nguoi-dao-do",
            130_000,
            80,
            "Bài lá riêng cho phụ nữ sau sinh theo kinh nghiệm của bà nội, giúp ấm người, nhanh "
            "hồi sức. Chia sẵn 5 gói nhỏ.",
        ),
        (
            "Lá ngâm chân Dao đỏ – túi 10 gói",
            "la-tam-nguoi-dao-do",
            80_000,
            100,
            "Lá thuốc xay thô đóng túi vải, thả vào chậu nước nóng ngâm chân trước khi ngủ. Mỗi túi "
            "dùng một lần.",
        ),
        (
            "Lá tắm trẻ em Dao đỏ – gói 300g",
            "la-tam-nguoi-dao-do",
            55_000,
            90,
            "Bài lá dịu nhẹ cho trẻ nhỏ, giúp mát da và ngủ ngon. Đun kỹ, pha nước vừa ấm trước "
            "khi tắm cho bé.",
        ),
    ],
    "Hộ kinh doanh Giàng A Páo": [
        (
            "Nấm hương rừng Tả Van – gói 200g",
            "nam-rau-rung",
            110_000,
            60,
            "Nấm hương mọc tự nhiên trên thân gỗ mục, mũ dày, chân ngắn, thơm đậm. Hong gác bếp "
            "rồi sấy than củi, đóng túi zip.",
        ),
        (
            "Nấm hương rừng Tả Van – gói 500g",
            "nam-rau-rung",
            260_000,
            35,
            "Gói lớn cho gia đình, nấm chọn cỡ đều, hợp hầm gà, nấu lẩu hay làm nhân bánh. Ghi rõ "
            "ngày thu hái trên nhãn.",
        ),
        (
            "Cải mèo muối chua Sa Pa – hũ 500g",
            "nam-rau-rung",
            45_000,
            70,
            "Cải mèo trồng trên nương Tả Van, muối chua theo cách người H'Mông, giòn và thơm hăng "
            "nhẹ. Hũ nhựa thực phẩm, giữ lạnh.",
        ),
        (
            "Su su bao tử Sa Pa – túi 1kg",
            "nam-rau-rung",
            35_000,
            50,
            "Quả su su non hái sáng sớm, luộc hay xào tỏi đều ngọt giòn. Đóng túi lưới thoáng.",
        ),
    ],
    "Hợp tác xã Dược liệu Hoàng Liên": [
        (
            "Đương quy Sa Pa thái lát – gói 500g",
            "duoc-lieu",
            230_000,
            50,
            "Rễ đương quy ba năm tuổi, thái lát mỏng, sấy khô giữ mùi thơm đặc trưng. Dùng hầm gà, "
            "nấu chè dưỡng sinh.",
        ),
        (
            "Tam thất bắc củ khô – gói 100g",
            "duoc-lieu",
            320_000,
            25,
            "Củ tam thất trồng trên 1.500 m, chọn củ chắc, phơi và sấy khô. Túi 100g hút chân "
            "không.",
        ),
        (
            "Bột tam thất bắc – hũ 100g",
            "duoc-lieu",
            280_000,
            30,
            "Củ tam thất sấy khô, nghiền mịn, không pha trộn. Hũ thủy tinh tối màu để giữ chất.",
        ),
        (
            "Hoa actiso sấy khô Sa Pa – gói 200g",
            "duoc-lieu",
            140_000,
            60,
            "Bông actiso Sa Pa thái lát, sấy lạnh, hãm trà có vị ngọt nhẹ. Gói 200g dùng khoảng "
            "một tháng.",
        ),
        (
            "Xuyên khung khô – gói 300g",
            "duoc-lieu",
            150_000,
            40,
            "Thân rễ xuyên khung trồng xen đương quy, thái phiến, sấy khô. Đóng túi giấy kraft "
            "có lớp bạc.",
        ),
    ],
    "Công ty TNHH Thảo mộc Sa Pa Xanh": [
        (
            "Xà phòng lá tắm Dao đỏ – bánh 100g",
            "la-tam-nguoi-dao-do",
            45_000,
            200,
            "Xà phòng thủ công nấu lạnh từ dầu dừa và nước cốt lá tắm Dao đỏ, dịu cho da. Gói giấy "
            "tái chế.",
        ),
        (
            "Dầu gội thảo dược Dao đỏ – chai 300ml",
            "la-tam-nguoi-dao-do",
            120_000,
            110,
            "Bồ kết, vỏ bưởi và lá tắm người Dao, gội sạch mà không khô tóc. Chai nhựa tái chế có "
            "vòi nhấn.",
        ),
        (
            "Cao tắm lá Dao đỏ – chai 500ml",
            "la-tam-nguoi-dao-do",
            150_000,
            80,
            "Nước lá tắm cô đặc, chỉ cần pha 50ml với bồn nước ấm. Tiện cho người ở thành phố.",
        ),
        (
            "Bộ quà lá tắm Dao đỏ – hộp 3 món",
            "la-tam-nguoi-dao-do",
            290_000,
            40,
            "Gồm xà phòng, dầu gội và một gói lá tắm khô, đựng trong hộp giấy in họa tiết thổ "
            "cẩm. Món quà Sa Pa cho người thân.",
        ),
    ],
    "Hợp tác xã Chè Shan Tuyết Y Tý": [
        (
            "Chè Shan Tuyết cổ thụ Y Tý – gói 200g",
            "che-shan-tuyet",
            280_000,
            50,
            "Búp chè từ những cây cổ thụ hàng trăm năm tuổi trên núi Y Tý, nước vàng sánh, ngọt "
            "hậu lâu. Túi zip hai lớp, hút ẩm.",
        ),
        (
            "Bạch trà Shan Tuyết Y Tý – hộp 50g",
            "che-shan-tuyet",
            260_000,
            25,
            "Chỉ lấy búp non phủ lông trắng, làm héo tự nhiên, không vò không sao. Nước trà trong, "
            "thơm hoa cỏ.",
        ),
        (
            "Hồng trà cổ thụ Y Tý – hộp 100g",
            "che-shan-tuyet",
            240_000,
            35,
            "Hồng trà từ chè cổ thụ, vị ngọt mật, ít chát, hợp pha lạnh mùa hè. Hộp thiếc nhỏ.",
        ),
        (
            "Chè Shan Tuyết Y Tý – hộp quà 500g",
            "che-shan-tuyet",
            650_000,
            15,
            "Hộp gỗ đựng năm túi 100g chè Shan tuyết cổ thụ, làm quà biếu dịp Tết.",
        ),
    ],
    "Hộ kinh doanh Chu Thị Ca": [
        (
            "Thảo quả khô A Lù – gói 500g",
            "thao-qua",
            150_000,
            100,
            "Thảo quả chín đỏ sấy lò củi, vỏ nâu sẫm, hạt thơm nồng. Đập dập rồi nướng sơ trước khi "
            "nấu phở, thắng cố.",
        ),
        (
            "Thảo quả khô A Lù – túi 1kg",
            "thao-qua",
            280_000,
            60,
            "Túi lớn cho quán ăn và gia đình nấu nhiều, quả đều cỡ, đã loại quả lép.",
        ),
        (
            "Bột thảo quả nguyên chất – hũ 100g",
            "thao-qua",
            65_000,
            80,
            "Hạt thảo quả rang thơm xay mịn, rắc vào món kho, món nướng. Hũ thủy tinh nắp kín.",
        ),
        (
            "Thảo quả loại to chọn lọc – hộp 300g",
            "thao-qua",
            120_000,
            45,
            "Chỉ chọn quả to, chắc, đều màu, đựng hộp giấy làm quà. Mùi thơm khói nhẹ của lò củi.",
        ),
    ],
    "Hợp tác xã Gạo Séng Cù Mường Vi": [
        (
            "Gạo Séng Cù Mường Vi – túi 5kg",
            "gao-seng-cu-ngu-coc",
            140_000,
            150,
            "Gạo Séng Cù một vụ, hạt thon dài, cơm dẻo thơm, để nguội vẫn mềm. Túi PA hút chân "
            "không.",
        ),
        (
            "Gạo Séng Cù Mường Vi – túi 10kg",
            "gao-seng-cu-ngu-coc",
            270_000,
            80,
            "Túi 10kg tiết kiệm cho gia đình, gạo xay xát mới trong tháng.",
        ),
        (
            "Gạo lứt Séng Cù – túi 2kg",
            "gao-seng-cu-ngu-coc",
            80_000,
            70,
            "Gạo lứt giữ nguyên lớp cám, nấu cơm hoặc rang pha trà gạo lứt. Túi 2kg hút chân không.",
        ),
    ],
    "Hộ kinh doanh Phàn Văn Sơn": [
        (
            "Mật ong rừng Bát Xát – chai 500ml",
            "mat-ong-rung",
            280_000,
            40,
            "Mật ong nội quay từ đõ gỗ ven rừng, màu nâu hổ phách, vị ngọt đậm hơi đắng nhẹ. Chai "
            "thủy tinh nắp thiếc.",
        ),
        (
            "Mật ong rừng Bát Xát – chai 1 lít",
            "mat-ong-rung",
            520_000,
            20,
            "Mật ong rừng già, quay một lần mỗi năm, lọc qua vải màn. Có thể kết tinh khi trời lạnh, "
            "đó là mật thật.",
        ),
        (
            "Sáp ong rừng nguyên chất – khối 500g",
            "mat-ong-rung",
            150_000,
            15,
            "Sáp ong nấu lọc từ bánh tổ cũ, dùng làm nến, đánh bóng đồ gỗ hay vẽ sáp trên vải lanh.",
        ),
    ],
    "Hợp tác xã Séng Cù Lùng Vai": [
        (
            "Gạo Séng Cù Mường Khương – túi 5kg",
            "gao-seng-cu-ngu-coc",
            135_000,
            180,
            "Giống lúa Séng Cù thuần của Mường Khương, cơm trắng trong, dẻo vừa, thơm nhẹ. Túi 5kg "
            "có quai xách.",
        ),
        (
            "Gạo nếp cái hoa vàng Lùng Vai – túi 2kg",
            "gao-seng-cu-ngu-coc",
            70_000,
            90,
            "Nếp hạt tròn, đồ xôi dẻo thơm, gói bánh chưng rất ngon. Túi 2kg hút chân không.",
        ),
        (
            "Bột gạo Séng Cù xay mịn – gói 1kg",
            "gao-seng-cu-ngu-coc",
            50_000,
            60,
            "Bột gạo xay khô từ gạo Séng Cù, làm bánh cuốn, bánh đúc hay nấu bột cho bé.",
        ),
    ],
    "Hộ kinh doanh Vàng Thị Sinh": [
        (
            "Tương ớt Mường Khương – chai 500ml",
            "que-gia-vi",
            65_000,
            200,
            "Tương ớt ủ chum ba tháng từ ớt chỉ thiên, tỏi, gừng và đậu tương, cay nồng mà thơm. "
            "Chai thủy tinh, không chất bảo quản.",
        ),
        (
            "Tương ớt Mường Khương – hũ 250ml",
            "que-gia-vi",
            38_000,
            160,
            "Hũ nhỏ dùng thử, chấm thịt gác bếp, nem rán hay ăn kèm phở.",
        ),
        (
            "Ớt bột Mường Khương – hũ 100g",
            "que-gia-vi",
            35_000,
            120,
            "Ớt nương phơi nắng, rang và xay thô, màu đỏ đẹp, cay thơm.",
        ),
        (
            "Muối ớt mắc khén – hũ 150g",
            "que-gia-vi",
            40_000,
            100,
            "Muối rang với ớt khô và mắc khén giã dập, chấm hoa quả, thịt luộc hay rắc món nướng.",
        ),
    ],
    "Hợp tác xã Chè Tuyết Cao Sơn": [
        (
            "Chè xanh Shan Tuyết Cao Sơn – gói 200g",
            "che-shan-tuyet",
            150_000,
            90,
            "Chè hữu cơ trên núi Cao Sơn, cánh xoăn, nước xanh trong, hương cốm non. Túi giấy kraft "
            "có lớp chống ẩm.",
        ),
        (
            "Hồng trà Cao Sơn – hộp 100g",
            "che-shan-tuyet",
            170_000,
            50,
            "Hồng trà lên men kỹ, nước đỏ nâu, vị ngọt dịu, pha cùng mật ong bạc hà rất hợp.",
        ),
        (
            "Bạch trà Cao Sơn – hộp 50g",
            "che-shan-tuyet",
            230_000,
            25,
            "Búp non phơi héo tự nhiên dưới nắng sớm, nước trà vàng nhạt, thanh mát.",
        ),
    ],
    "Hộ kinh doanh Lù Văn Dũng": [
        (
            "Dứa Mường Khương – thùng 5 quả",
            "man-tam-hoa-trai-cay",
            120_000,
            40,
            "Dứa Queen trồng trên đồi Bản Lầu, mắt nông, thịt vàng, ngọt đậm. Thùng carton lót "
            "rơm.",
        ),
        (
            "Chuối tiêu hồng Bản Lầu – nải 2kg",
            "man-tam-hoa-trai-cay",
            60_000,
            50,
            "Chuối tiêu hồng chín cây, vỏ mỏng, thơm ngọt. Giao cả nải, bọc giấy báo.",
        ),
        (
            "Dứa sấy dẻo Mường Khương – túi 250g",
            "man-tam-hoa-trai-cay",
            75_000,
            100,
            "Dứa chín thái lát sấy dẻo, không thêm đường, chua ngọt tự nhiên. Túi zip có cửa sổ.",
        ),
        (
            "Chuối sấy dẻo Bản Lầu – túi 250g",
            "man-tam-hoa-trai-cay",
            55_000,
            90,
            "Chuối tiêu hồng chín kỹ sấy dẻo, ngọt lịm, làm quà vặt cho bé.",
        ),
    ],
    "Hợp tác xã Mật ong bạc hà Sín Chéng": [
        (
            "Mật ong bạc hà Si Ma Cai – chai 500ml",
            "mat-ong-rung",
            320_000,
            50,
            "Mật ong hoa bạc hà dại cuối thu, màu hổ phách, ngọt thanh và mát họng. Chai thủy tinh "
            "có tem truy xuất.",
        ),
        (
            "Mật ong bạc hà Si Ma Cai – chai 1 lít",
            "mat-ong-rung",
            600_000,
            25,
            "Chai lớn cho gia đình, mật quay một lần mỗi mùa hoa, không pha đường.",
        ),
        (
            "Mật ong bạc hà Si Ma Cai – lọ 250ml",
            "mat-ong-rung",
            170_000,
            80,
            "Lọ nhỏ dùng thử hoặc làm quà, pha nước ấm với chanh buổi sáng.",
        ),
        (
            "Phấn hoa bạc hà – hũ 200g",
            "mat-ong-rung",
            160_000,
            40,
            "Phấn hoa ong lấy trên nương bạc hà, sấy nhẹ, ăn kèm sữa chua hoặc pha mật ong.",
        ),
    ],
    "Hộ kinh doanh Thào Seo Lử": [
        (
            "Thịt bò gác bếp Cán Cấu – 500g",
            "thit-gac-bep",
            480_000,
            40,
            "Thịt bò vàng thả đồi ướp muối, mắc khén, treo gác bếp cả tháng. Xé sợi ăn kèm chẩm "
            "chéo, hút chân không.",
        ),
        (
            "Đặc sản lợn cắp nách gác bếp Si Ma Cai – 500g",
            "thit-gac-bep",
            350_000,
            30,
            "Lợn bản nhỏ nuôi thả, thịt chắc, bì giòn, hun khói củi thơm. Hấp hoặc nướng than "
            "trước khi ăn.",
        ),
        (
            "Lạp sườn lợn bản Si Ma Cai – 500g",
            "thit-gac-bep",
            200_000,
            50,
            "Lạp sườn nhồi tay, phơi gió rồi treo gác bếp, vị mặn ngọt vừa. Đóng túi 500g.",
        ),
    ],
    "Hộ kinh doanh Sùng Thị Mỷ": [
        (
            "Túi xách vải lanh vẽ sáp ong – cỡ 30x35cm",
            "tho-cam",
            320_000,
            20,
            "Vải lanh tự dệt, vẽ sáp ong hoa văn xoáy ốc rồi nhuộm chàm, khâu thành túi có quai "
            "vải. Mỗi chiếc một hoa văn riêng.",
        ),
        (
            "Khăn thổ cẩm H'Mông Si Ma Cai – 150x35cm",
            "tho-cam",
            180_000,
            35,
            "Khăn quàng khâu ghép vải màu theo lối H'Mông, ấm và rực rỡ. Giặt tay nước lạnh.",
        ),
        (
            "Vải lanh nhuộm chàm – tấm 2m",
            "tho-cam",
            450_000,
            12,
            "Tấm vải lanh dệt tay khổ 35cm, nhuộm chàm nhiều lần cho màu xanh sâu. Dùng may áo, "
            "khăn trải bàn.",
        ),
        (
            "Móc khóa thổ cẩm H'Mông – bộ 5 chiếc",
            "tho-cam",
            60_000,
            150,
            "Móc khóa nhỏ khâu từ vải thổ cẩm thừa, mỗi chiếc một màu. Quà tặng xinh cho bạn bè.",
        ),
    ],
    "Hợp tác xã Ngô bản địa Nàn Sán": [
        (
            "Bột ngô mèn mén Nàn Sán – gói 1kg",
            "gao-seng-cu-ngu-coc",
            45_000,
            120,
            "Ngô tẻ bản địa xay cối đá, đồ hai lần thành mèn mén thơm bùi như bữa cơm H'Mông.",
        ),
        (
            "Ngô nếp bản địa sấy khô – túi 2kg",
            "gao-seng-cu-ngu-coc",
            60_000,
            80,
            "Hạt ngô nếp trắng tách sẵn, nấu chè, nấu xôi ngô hay rang bỏng.",
        ),
        (
            "Hạt kê vàng Si Ma Cai – gói 500g",
            "gao-seng-cu-ngu-coc",
            55_000,
            60,
            "Kê trồng trên nương đá, hạt nhỏ vàng óng, nấu cháo, nấu chè kê.",
        ),
    ],
    "Hợp tác xã Mận Tam Hoa Bản Phố": [
        (
            "Mận tam hoa Bắc Hà – thùng 3kg",
            "man-tam-hoa-trai-cay",
            150_000,
            80,
            "Mận hái khi còn phủ phấn trắng, vỏ tím đỏ, ruột đỏ, giòn và ngọt chua. Có từ tháng "
            "năm đến tháng bảy.",
        ),
        (
            "Mận tam hoa Bắc Hà – thùng 5kg",
            "man-tam-hoa-trai-cay",
            240_000,
            50,
            "Thùng carton lỗ thoáng, mận chọn đều quả, giao trong ngày hái.",
        ),
        (
            "Mận tam hoa loại đặc biệt – hộp quà 2kg",
            "man-tam-hoa-trai-cay",
            160_000,
            30,
            "Chỉ chọn quả to nhất vườn, xếp từng lớp trong hộp giấy có lót xốp lưới.",
        ),
        (
            "Lê Tai Nung Bắc Hà – thùng 3kg",
            "man-tam-hoa-trai-cay",
            120_000,
            40,
            "Lê vỏ nâu vàng, giòn, nhiều nước, thu hoạch tháng tám. Gói giấy từng quả.",
        ),
    ],
    "Hợp tác xã Chè hữu cơ Bản Liền": [
        (
            "Chè Shan Tuyết hữu cơ Bản Liền – gói 200g",
            "che-shan-tuyet",
            200_000,
            80,
            "Chè trồng không phân bón hóa học, sao tay, nước xanh vàng, chát nhẹ, hậu ngọt. Túi zip "
            "giấy kraft.",
        ),
        (
            "Hồng trà hữu cơ Bản Liền – hộp 100g",
            "che-shan-tuyet",
            190_000,
            45,
            "Hồng trà lên men tự nhiên, thơm mùi mật và gỗ nhẹ, hợp pha sữa.",
        ),
        (
            "Trà túi lọc hữu cơ Bản Liền – hộp 20 túi",
            "che-shan-tuyet",
            95_000,
            100,
            "Chè xanh hữu cơ đóng túi lọc 2g, hộp giấy tái chế.",
        ),
        (
            "Chè Shan Tuyết hữu cơ Bản Liền – gói 500g",
            "che-shan-tuyet",
            450_000,
            25,
            "Gói lớn cho người uống chè hằng ngày, chè vụ xuân thơm nhất trong năm.",
        ),
    ],
    "Hộ kinh doanh Vàng Thị Dính": [
        (
            "Váy H'Mông Hoa Bắc Hà – bộ váy và áo",
            "tho-cam",
            1_500_000,
            5,
            "Bộ váy xếp ly và áo thêu tay của người H'Mông Hoa, mất nhiều tháng mới hoàn thành. "
            "May theo số đo, liên hệ trước khi đặt.",
        ),
        (
            "Túi đeo vai H'Mông Hoa – cỡ 30x30cm",
            "tho-cam",
            260_000,
            25,
            "Túi vải thêu hoa văn hồng, xanh lá, có lót và khóa kéo. Đeo đi chợ, đi chơi đều hợp.",
        ),
        (
            "Khăn đội đầu H'Mông Hoa – 120x30cm",
            "tho-cam",
            150_000,
            40,
            "Khăn vải thêu viền sặc sỡ, đội đầu hoặc quàng cổ, đúng kiểu chợ phiên Bắc Hà.",
        ),
        (
            "Dây đeo điện thoại thổ cẩm – bộ 3 chiếc",
            "tho-cam",
            75_000,
            100,
            "Dây đeo dệt từ chỉ màu, có móc gắn ốp lưng, ba màu khác nhau.",
        ),
    ],
    "Công ty TNHH Nông sản Bắc Hà Xanh": [
        (
            "Mận sấy dẻo Bắc Hà – túi 500g",
            "man-tam-hoa-trai-cay",
            130_000,
            150,
            "Mận tam hoa chín sấy dẻo, chua ngọt, giữ màu đỏ tím tự nhiên. Túi zip có gói hút ẩm.",
        ),
        (
            "Ô mai mận Bắc Hà – hộp 300g",
            "man-tam-hoa-trai-cay",
            85_000,
            120,
            "Ô mai mận với gừng và cam thảo, ít đường, làm quà Tết.",
        ),
        (
            "Nước cốt mận Bắc Hà – chai 500ml",
            "man-tam-hoa-trai-cay",
            70_000,
            90,
            "Nước cốt mận ngâm đường phèn, pha với đá và nước lọc thành thức uống mát. Không cồn.",
        ),
        (
            "Gạo nếp cẩm Bắc Hà – túi 2kg",
            "gao-seng-cu-ngu-coc",
            90_000,
            70,
            "Nếp cẩm hạt tím than, đồ xôi, làm sữa chua nếp cẩm hay ủ cơm rượu. Túi hút chân "
            "không.",
        ),
    ],
    "Hộ kinh doanh Hoàng Văn Thắng": [
        (
            "Mật ong rừng Nậm Lúc – chai 500ml",
            "mat-ong-rung",
            270_000,
            35,
            "Mật ong nội lấy một lần sau mùa hoa rừng, màu nâu sẫm, thơm mùi hoa dại. Chai thủy "
            "tinh 500ml.",
        ),
        (
            "Mật ong rừng Nậm Lúc – chai 1 lít",
            "mat-ong-rung",
            500_000,
            20,
            "Chai lớn cho gia đình, mật đặc, không pha đường, có thể kết tinh khi lạnh.",
        ),
        (
            "Mật ong hoa rừng nguyên sáp – hộp 500g",
            "mat-ong-rung",
            350_000,
            15,
            "Bánh tổ ong còn nguyên sáp cắt miếng, ăn cả sáp hoặc ép lấy mật. Hộp nhựa thực phẩm "
            "nắp kín.",
        ),
    ],
    "Công ty TNHH Thực phẩm Phố Lu": [
        (
            "Lạp sườn gác bếp Phố Lu – 500g",
            "thit-gac-bep",
            180_000,
            150,
            "Lạp sườn lợn bản hun khói củi, mỡ ít, ngọt thịt. Hút chân không, ghi rõ ngày sản xuất.",
        ),
        (
            "Xúc xích hun khói lợn bản – 500g",
            "thit-gac-bep",
            160_000,
            100,
            "Xúc xích thịt lợn bản xay thô, gia vị mắc khén, hun khói nhẹ. Nướng hay chiên đều "
            "ngon.",
        ),
        (
            "Thịt lợn gác bếp Bảo Thắng – 500g",
            "thit-gac-bep",
            300_000,
            80,
            "Thịt nạc vai lợn bản tẩm gia vị vùng cao, hun khói mười ngày. Xé nhỏ chấm chẩm chéo.",
        ),
        (
            "Ruốc thịt lợn bản – hũ 200g",
            "thit-gac-bep",
            110_000,
            70,
            "Ruốc bông làm từ thịt nạc lợn bản, ăn với cơm, cháo, bánh mì. Hũ nhựa nắp kín.",
        ),
    ],
    "Hộ kinh doanh Nông Thị Lan": [
        (
            "Chuối tiêu hồng Phong Hải – nải 2kg",
            "man-tam-hoa-trai-cay",
            55_000,
            60,
            "Chuối tiêu hồng trồng đất đồi, chín tự nhiên, thơm và dẻo.",
        ),
        (
            "Dứa Queen Phong Hải – thùng 6 quả",
            "man-tam-hoa-trai-cay",
            110_000,
            40,
            "Dứa chín vàng, giòn ngọt, hái vừa độ. Thùng carton có lỗ thoáng.",
        ),
        (
            "Mít sấy giòn Bảo Thắng – túi 250g",
            "man-tam-hoa-trai-cay",
            65_000,
            100,
            "Múi mít chín sấy chân không, giòn xốp, không thêm đường.",
        ),
        (
            "Chanh leo Bảo Thắng – túi 2kg",
            "man-tam-hoa-trai-cay",
            60_000,
            70,
            "Chanh leo tím, vỏ mỏng nhiều ruột, thơm chua, pha nước hay làm sốt đều ngon.",
        ),
    ],
    "Hợp tác xã Nấm Xuân Quang": [
        (
            "Nấm sò trắng tươi Xuân Quang – túi 1kg",
            "nam-rau-rung",
            45_000,
            50,
            "Nấm sò trắng trồng trên rơm rạ, hái buổi sáng, giao trong ngày quanh Bảo Thắng.",
        ),
        (
            "Mộc nhĩ sấy khô Xuân Quang – gói 300g",
            "nam-rau-rung",
            80_000,
            90,
            "Mộc nhĩ tai to, dày, sấy khô sạch sẽ, làm nem, xào, nấu canh.",
        ),
        (
            "Nấm rơm sấy khô – gói 200g",
            "nam-rau-rung",
            95_000,
            60,
            "Nấm rơm búp sấy khô giữ vị ngọt, ngâm nở nấu lẩu hay xào thịt.",
        ),
        (
            "Nấm linh chi đỏ thái lát – gói 250g",
            "duoc-lieu",
            250_000,
            40,
            "Linh chi đỏ trồng trên gỗ, thái lát mỏng, sắc nước uống hằng ngày. Túi hút chân "
            "không.",
        ),
    ],
    "Hộ kinh doanh Triệu Văn Hưng": [
        (
            "Mật ong hoa rừng Thái Niên – chai 500ml",
            "mat-ong-rung",
            240_000,
            45,
            "Mật ong nội từ hoa rừng và hoa quế đồi Thái Niên, vị ngọt ấm, thơm nhẹ mùi quế.",
        ),
        (
            "Mật ong hoa nhãn Bảo Thắng – chai 500ml",
            "mat-ong-rung",
            200_000,
            50,
            "Mật vụ hoa nhãn tháng ba, màu vàng sáng, thơm đặc trưng. Chai thủy tinh 500ml.",
        ),
        (
            "Mật ong ngâm chanh đào – hũ 500g",
            "mat-ong-rung",
            150_000,
            60,
            "Chanh đào thái lát ngâm mật ong hoa rừng, pha nước ấm uống khi trời lạnh.",
        ),
    ],
    "Hợp tác xã Thổ cẩm Tày Nghĩa Đô": [
        (
            "Khăn thổ cẩm Tày Nghĩa Đô – 160x40cm",
            "tho-cam",
            250_000,
            30,
            "Khăn dệt trên khung cửi gỗ, hoa văn hình thoi và sao tám cánh, sợi bông mềm.",
        ),
        (
            "Túi xách thổ cẩm Nghĩa Đô – cỡ 35x30cm",
            "tho-cam",
            380_000,
            20,
            "Túi xách vải dệt Tày phối da bò, có lót và ngăn trong. Bền, dùng hằng ngày.",
        ),
        (
            "Lót bàn thổ cẩm Nghĩa Đô – bộ 4 chiếc",
            "tho-cam",
            160_000,
            40,
            "Bốn tấm lót bàn ăn dệt hoa văn cây thông, viền tua, giặt máy chế độ nhẹ.",
        ),
        (
            "Vỏ chăn thổ cẩm Tày – cỡ 1,6x2m",
            "tho-cam",
            1_200_000,
            6,
            "Mặt chăn dệt tay ghép khổ theo lối chăn cưới của người Tày, mất gần hai tháng dệt.",
        ),
    ],
    "Hợp tác xã Quế Xuân Hòa": [
        (
            "Quế thanh Bảo Yên – gói 500g",
            "que-gia-vi",
            85_000,
            120,
            "Vỏ quế cạo sạch, cắt thanh dài 20cm, dày và nhiều tinh dầu. Dùng nấu phở, hầm, pha trà.",
        ),
        (
            "Quế cuộn ống điếu – gói 200g",
            "que-gia-vi",
            70_000,
            90,
            "Vỏ quế non cuộn tròn như ống điếu, thơm ngọt, đẹp để pha đồ uống, làm bánh.",
        ),
        (
            "Bột quế Bảo Yên – hũ 100g",
            "que-gia-vi",
            40_000,
            150,
            "Quế sấy khô xay mịn, rắc bánh, cà phê hay ướp thịt.",
        ),
    ],
    "Hộ kinh doanh Hà Văn Tuấn": [
        (
            "Măng khô Vĩnh Yên – gói 500g",
            "nam-rau-rung",
            160_000,
            60,
            "Măng nứa luộc kỹ, phơi nắng rồi sấy gác bếp, vàng óng, giòn dai. Ngâm một đêm trước "
            "khi nấu.",
        ),
        (
            "Măng nứa luộc sẵn – túi 1kg",
            "nam-rau-rung",
            40_000,
            40,
            "Măng nứa tươi bóc vỏ luộc hai nước, hết đắng, xào hoặc nấu canh ngay.",
        ),
        (
            "Thịt lợn gác bếp Vĩnh Yên – 500g",
            "thit-gac-bep",
            310_000,
            25,
            "Thịt lợn bản nhà nuôi, ướp gừng, mắc khén, hun trên bếp củi cả tháng theo cách người "
            "Tày.",
        ),
    ],
    "Hộ kinh doanh Bàn Thị Quyên": [
        (
            "Lá tắm người Dao họ – gói 500g",
            "la-tam-nguoi-dao-do",
            65_000,
            80,
            "Bài lá tắm của người Dao họ Điện Quan, thơm mùi gỗ và lá rừng, đun sôi pha nước tắm.",
        ),
        (
            "Túi xông hơi thảo dược Dao – bộ 5 túi",
            "la-tam-nguoi-dao-do",
            100_000,
            50,
            "Lá xông khô đóng túi vải, đun sôi xông hơi khi cảm lạnh, mỗi túi dùng một lần.",
        ),
        (
            "Cà gai leo Điện Quan – gói 500g",
            "duoc-lieu",
            110_000,
            40,
            "Cà gai leo trồng trong vườn thuốc gia đình, thái nhỏ phơi khô, đun nước uống.",
        ),
        (
            "Xạ đen khô – gói 500g",
            "duoc-lieu",
            130_000,
            35,
            "Lá và cành xạ đen phơi âm can, hãm uống như trà. Túi giấy kraft.",
        ),
    ],
    "Hợp tác xã Thảo quả Nậm Xé": [
        (
            "Thảo quả khô Nậm Xé – gói 500g",
            "thao-qua",
            145_000,
            120,
            "Thảo quả dưới tán rừng Hoàng Liên, sấy lò khép kín, quả chắc, thơm nồng.",
        ),
        (
            "Thảo quả khô Nậm Xé – bao 5kg",
            "thao-qua",
            1_300_000,
            10,
            "Bao lớn cho nhà hàng, quán phở, quả đã phân loại cỡ đều.",
        ),
        (
            "Tinh dầu thảo quả – lọ 10ml",
            "thao-qua",
            90_000,
            60,
            "Tinh dầu chưng cất từ hạt thảo quả, nhỏ vài giọt vào máy khuếch tán cho ấm phòng.",
        ),
        (
            "Thảo quả sấy nguyên quả loại 1 – hộp 200g",
            "thao-qua",
            75_000,
            70,
            "Quả to đều, màu nâu đỏ, đựng hộp giấy in hình rừng Hoàng Liên.",
        ),
        (
            "Túi thơm thảo quả treo xe – bộ 3 túi",
            "thao-qua",
            60_000,
            90,
            "Túi vải thổ cẩm đựng thảo quả đập dập và quế, treo tủ áo hay trên xe.",
        ),
    ],
    "Hợp tác xã Quế hữu cơ Văn Bàn": [
        (
            "Quế ống hữu cơ Văn Bàn – gói 200g",
            "que-gia-vi",
            90_000,
            100,
            "Quế ống cuộn tay từ vỏ quế hữu cơ, thơm ngọt, ít cay. Túi giấy kraft có cửa sổ.",
        ),
        (
            "Tinh dầu quế Văn Bàn – lọ 10ml",
            "que-gia-vi",
            65_000,
            120,
            "Tinh dầu chưng cất từ lá và cành quế, dùng xông phòng, đuổi muỗi.",
        ),
        (
            "Bột quế hữu cơ Văn Bàn – hũ 100g",
            "que-gia-vi",
            50_000,
            130,
            "Bột quế mịn từ vỏ quế hữu cơ, pha cà phê, làm bánh quế.",
        ),
        (
            "Quế chẻ nấu nước – gói 500g",
            "que-gia-vi",
            60_000,
            80,
            "Vỏ quế chẻ nhỏ, đun nước uống ấm bụng hay ngâm chân.",
        ),
    ],
    "Hộ kinh doanh Lý A Chư": [
        (
            "Mật ong rừng Nậm Chày – chai 500ml",
            "mat-ong-rung",
            290_000,
            30,
            "Mật ong đõ rừng Nậm Chày, đặc sánh, màu nâu đỏ, vị ngọt sâu. Chai thủy tinh.",
        ),
        (
            "Mật ong rừng Nậm Chày – chai 1 lít",
            "mat-ong-rung",
            550_000,
            15,
            "Mật quay mỗi năm một lần, số lượng có hạn, đặt trước vào tháng tư.",
        ),
        (
            "Thảo quả khô Nậm Chày – gói 300g",
            "thao-qua",
            95_000,
            40,
            "Thảo quả hái trong rừng nhà, phơi gác bếp rồi sấy lại, mùi khói thơm.",
        ),
        (
            "Hạt dổi rừng – gói 100g",
            "que-gia-vi",
            130_000,
            35,
            "Hạt dổi nhặt dưới gốc cây rừng, nướng thơm rồi giã với muối làm gia vị chấm.",
        ),
    ],
    "Hợp tác xã Mật ong Chế Cu Nha": [
        (
            "Mật ong hoa bạc hà Mù Căng Chải – chai 500ml",
            "mat-ong-rung",
            290_000,
            40,
            "Mật của đàn ong nuôi bên nương bạc hà cuối thu, màu vàng sẫm, ngọt thanh.",
        ),
        (
            "Mật ong rừng Chế Cu Nha – chai 1 lít",
            "mat-ong-rung",
            520_000,
            20,
            "Mật ong nội đặt đõ dưới tán rừng, quay khi đã già, không pha đường.",
        ),
    ],
    "Hộ kinh doanh Giàng A Dế": [
        (
            "Táo mèo khô Mù Căng Chải – túi 500g",
            "man-tam-hoa-trai-cay",
            85_000,
            60,
            "Quả sơn tra rừng thái lát phơi khô, chua chát dịu, dùng hãm nước hay ngâm mật.",
        ),
        (
            "Gạo nếp ruộng bậc thang La Pán Tẩn – túi 2kg",
            "gao-seng-cu-ngu-coc",
            95_000,
            50,
            "Nếp cấy trên ruộng bậc thang, hạt tròn, đồ xôi dẻo và thơm.",
        ),
    ],
    "Hợp tác xã Chè Shan Tuyết Suối Giàng": [
        (
            "Chè Shan tuyết cổ thụ Suối Giàng – gói 200g",
            "che-shan-tuyet",
            240_000,
            50,
            "Búp chè cổ thụ phủ lông tơ trắng, nước vàng sánh, ngọt hậu lâu.",
        ),
        (
            "Bạch trà Suối Giàng – hộp 100g",
            "che-shan-tuyet",
            380_000,
            25,
            "Chỉ hái búp non một tôm, làm héo tự nhiên, vị thanh nhẹ.",
        ),
    ],
    "Hộ kinh doanh Lò Thị Nhung": [
        (
            "Gạo nếp Tú Lệ – túi 2kg",
            "gao-seng-cu-ngu-coc",
            120_000,
            80,
            "Nếp đặc sản Tú Lệ hạt tròn, đồ xôi dẻo, thơm cả gian bếp.",
        ),
        (
            "Cốm nếp Tú Lệ – gói 500g",
            "gao-seng-cu-ngu-coc",
            110_000,
            30,
            "Cốm làm từ nếp non Tú Lệ rang và giã tay, có vào mùa lúa tháng chín.",
        ),
    ],
    "Hộ kinh doanh Mùa A Chứ": [
        (
            "Sâm đất Trạm Tấu – túi 500g",
            "duoc-lieu",
            150_000,
            30,
            "Củ sâm đất trồng dưới tán rừng Xà Hồ, rửa sạch và phơi khô.",
        ),
        (
            "Thảo quả khô Trạm Tấu – túi 500g",
            "thao-qua",
            130_000,
            45,
            "Thảo quả trồng dưới tán rừng già, sấy lò củi, thơm nồng.",
        ),
    ],
    "Hộ kinh doanh Lò Thị Thoa": [
        (
            "Gạo nếp nương Dương Quỳ – túi 2kg",
            "gao-seng-cu-ngu-coc",
            90_000,
            70,
            "Nếp nương hạt to, đồ xôi dẻo thơm, để lâu không cứng.",
        ),
        (
            "Gạo tẻ bản địa Dương Quỳ – túi 5kg",
            "gao-seng-cu-ngu-coc",
            110_000,
            90,
            "Giống lúa cũ của bản, cấy trên ruộng bậc thang, cơm mềm, thơm mùi lúa mới.",
        ),
        (
            "Cốm nếp Dương Quỳ – gói 500g",
            "gao-seng-cu-ngu-coc",
            90_000,
            40,
            "Cốm làm từ lúa nếp non rang và giã tay, dẻo thơm, có vào mùa lúa tháng chín.",
        ),
        (
            "Bột nếp Dương Quỳ – gói 1kg",
            "gao-seng-cu-ngu-coc",
            55_000,
            60,
            "Bột nếp xay khô, làm bánh trôi, bánh dày, bánh gio.",
        ),
    ],
}

PRODUCTS: list[DemoProduct] = [
    DemoProduct(
        title=title,
        producer=producer,
        category=category,
        price=price,
        stock=stock,
        description=description,
    )
    for producer, items in _CATALOGUE.items()
    for title, category, price, stock, description in items
]


_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PHONE_RE = re.compile(r"^09\d{8}$")
_SENTENCE_RE = re.compile(r"[.!?…](?:\s|$)")


def _strings(obj: object) -> list[str]:
    return [v for f in fields(obj) if isinstance(v := getattr(obj, f.name), str)]  # type: ignore[arg-type]


def validate() -> None:
    """Assert every invariant the seed commands and tests rely on."""
    assert len(DISTRICTS) == 12, DISTRICTS  # nine of the old Lào Cai, three of Yên Bái
    assert set(_COMMUNES) == set(DISTRICTS)

    # Every text is NFC, trimmed and free of doubled spaces.
    texts = [*DISTRICTS, *(c for s in _COMMUNES.values() for c in s)]
    for obj in [*CATEGORIES, *PRODUCERS, *PRODUCTS]:
        texts.extend(_strings(obj))
    for text in texts:
        assert text, "empty string"
        assert unicodedata.is_normalized("NFC", text), f"not NFC: {text!r}"
        assert text == text.strip() and "  " not in text, f"stray whitespace: {text!r}"

    # Categories.
    assert len(CATEGORIES) >= 10, len(CATEGORIES)
    slugs = [c.slug for c in CATEGORIES]
    assert len(set(slugs)) == len(slugs), "duplicate category slug"
    assert len({c.name for c in CATEGORIES}) == len(CATEGORIES), "duplicate category name"
    for c in CATEGORIES:
        assert _SLUG_RE.match(c.slug), c.slug
        assert c.slug.isascii()

    # Producers.
    assert len(PRODUCERS) >= 32, len(PRODUCERS)
    names = [p.name for p in PRODUCERS]
    assert len(set(names)) == len(names), "duplicate producer name"
    phones = [p.phone for p in PRODUCERS]
    assert len(set(phones)) == len(phones), "duplicate phone"
    for number, p in enumerate(PRODUCERS, start=1):
        assert p.kind in PRODUCER_KINDS, (p.name, p.kind)
        assert p.district in DISTRICTS, (p.name, p.district)
        assert p.commune in _COMMUNES[p.district], (p.name, p.commune)
        assert _PHONE_RE.match(p.phone) and int(p.phone) == 900_000_000 + number, p.phone
        assert 2 <= len(_SENTENCE_RE.findall(p.story)) <= 3, (p.name, p.story)
    assert {p.district for p in PRODUCERS} == set(DISTRICTS), "a district has no producer"
    bins = {bin for bin, _name in BANK_CHOICES}
    accounts = [(p.bank_bin, p.bank_account_number) for p in PRODUCERS]
    assert len(set(accounts)) == len(accounts), "duplicate bank account"
    for p in PRODUCERS:
        assert p.bank_bin in bins, (p.name, p.bank_bin)
        assert p.bank_account_number.isdigit(), (p.name, p.bank_account_number)
        assert 10 <= len(p.bank_account_number) <= 13, (p.name, p.bank_account_number)
        assert p.bank_account_name == account_name_normalise(p.bank_account_name), p.name
        assert len(p.bank_account_name) <= 50, (p.name, p.bank_account_name)
    shipping = [
        (p.offers_pickup, p.offers_local_delivery, p.offers_national_post) for p in PRODUCERS
    ]
    assert all(any(options) for options in shipping[:-1]), "a producer offers no shipping"
    assert not any(shipping[-1]), "the last producer (a draft) shows the unmet checklist"
    assert {p.kind for p in PRODUCERS} == set(PRODUCER_KINDS), "a producer kind is missing"

    # Products.
    assert len(PRODUCTS) >= 130, len(PRODUCTS)
    titles = [p.title for p in PRODUCTS]
    dupes = [t for t, n in Counter(titles).items() if n > 1]
    assert not dupes, f"duplicate titles: {dupes}"
    folded = [t.casefold() for t in titles]
    assert len(set(folded)) == len(folded), "titles differ only by case"
    for p in PRODUCTS:
        assert p.producer in names, (p.title, p.producer)
        assert p.category in slugs, (p.title, p.category)
        assert p.price > 0 and p.price % 1000 == 0, (p.title, p.price)
        assert 5 <= p.stock <= 200, (p.title, p.stock)
        assert " – " in p.title, f"title lacks a pack size: {p.title}"
        assert 1 <= len(_SENTENCE_RE.findall(p.description)) <= 3, (p.title, p.description)
    per_category = Counter(p.category for p in PRODUCTS)
    for slug in slugs:
        assert per_category[slug] >= 8, (slug, per_category[slug])
    per_producer = Counter(p.producer for p in PRODUCTS)
    for name in names:
        assert per_producer[name] >= 2, (name, per_producer[name])
    assert any(t.startswith("Đặc sản") for t in titles), "no 'Đặc sản …' product"
    assert sum(t.startswith("Mật ong") for t in titles) >= 3, "too few 'Mật ong …' products"
    assert not any(w in t.casefold() for t in titles for w in ("rượu", "bia ")), "no alcohol"


def summary() -> str:
    """Human-readable counts, printed by ``python -m demo.shop``."""
    lines = [
        f"{len(CATEGORIES)} categories, {len(PRODUCERS)} producers, {len(PRODUCTS)} products",
        "producers per district: "
        + ", ".join(f"{d}: {sum(p.district == d for p in PRODUCERS)}" for d in DISTRICTS),
        "producers per kind: "
        + ", ".join(f"{k}: {sum(p.kind == k for p in PRODUCERS)}" for k in PRODUCER_KINDS),
        "products per category: "
        + ", ".join(f"{c.slug}: {sum(p.category == c.slug for p in PRODUCTS)}" for c in CATEGORIES),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    validate()
    print(summary())
    print("OK")


# Invented legal representatives of the demo cooperatives and enterprises.
_DEMO_REPRESENTATIVES = ("Vàng Seo Dín", "Lý Thị Dung", "Hoàng Văn Chiến", "Sùng Thị Mỷ")


def demo_identity(number: int, producer: DemoProducer) -> dict:
    """The seller identification of a demo producer (producers.identification): invented
    numbers that pass the checks and are plainly made up (birth registered in Lào Cai, "010";
    born in 1995; a serial of 0000nn), never a real person's documents."""
    person = producer.kind == "household"
    details = {
        "full_name": producer.name.removeprefix("Hộ kinh doanh ")
        if person
        else _DEMO_REPRESENTATIVES[number % len(_DEMO_REPRESENTATIVES)],
        "citizen_id": f"010{number % 2}95{number:06d}",
        "vneid_level2": person,
    }
    if not person:
        details["registration_number"] = f"DEMO-{number:04d}"
        details["tax_code"] = producer.tax_code or _demo_tax_code(number + 50)
    return details
