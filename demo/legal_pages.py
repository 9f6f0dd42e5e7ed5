"""The demo's rules and notices (cms.LegalPage, version 1 of each): Vietnamese templates a
union edits, each marked as a template to review with a lawyer. They follow the E-commerce Law
(in force 1 July 2026) and the Personal Data Protection Law 91/2025/QH15 (in force 1 January
2026) in general terms only: no article numbers, no legal advice."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cms.models import LegalPage, StandardPage
from legal.models import DocumentKind

LAWYER = (
    "Đây là văn bản mẫu để đơn vị vận hành Chợ Phiên chỉnh sửa cho phù hợp; cần được rà soát "
    "với luật sư hoặc cán bộ pháp chế trước khi áp dụng. Văn bản này không phải là tư vấn pháp lý."
)


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


def _section(heading: str, *paragraphs: str) -> list[dict]:
    return [{"type": "heading", "value": heading}, *_p(*paragraphs)]


def _effective() -> datetime.date:
    # In force from the start of 2026 (the data protection law), or today on an older clock.
    return min(datetime.date(2026, 1, 1), timezone.localdate())


DOCUMENTS = [
    (
        DocumentKind.OPERATING_RULES,
        "quy-che-hoat-dong",
        "Quy chế hoạt động sàn giao dịch thương mại điện tử Chợ Phiên",
        "Operating rules of the Chợ Phiên marketplace",
        "Quy chế này nói rõ ai vận hành Chợ Phiên, ai được bán, cách người bán được xác minh, "
        "cách mua bán, thanh toán, giao hàng và giải quyết khiếu nại.",
        [
            _section(
                "1. Đơn vị vận hành",
                "Chợ Phiên là sàn giao dịch thương mại điện tử do Tỉnh Đoàn Lào Cai (đơn vị vận "
                "hành) tổ chức, để thanh niên vùng cao bán nông sản, đặc sản và sản phẩm thủ công "
                "của mình. Đơn vị vận hành không phải là người bán: mỗi sản phẩm do một người "
                "bán (cá nhân, hộ kinh doanh, hợp tác xã hoặc doanh nghiệp) đăng và chịu trách nhiệm.",
            ),
            _section(
                "2. Người bán và việc xác minh",
                "Theo Luật Thương mại điện tử (có hiệu lực từ ngày 01/7/2026), người bán trên sàn "
                "phải được định danh: cá nhân qua số định danh cá nhân và tài khoản định danh điện "
                "tử; tổ chức qua số đăng ký kinh doanh và mã số thuế. Sản phẩm chỉ được mở bán sau "
                "khi người bán được xác minh và đồng ý với Cam kết của người bán.",
            ),
            _section(
                "3. Sản phẩm và thông tin",
                "Người bán mô tả trung thực sản phẩm, giá, khối lượng, nguồn gốc và điều kiện bảo "
                "quản. Hàng cấm kinh doanh, hàng giả, hàng không rõ nguồn gốc không được đăng bán. "
                "Đơn vị vận hành có thể tạm ẩn sản phẩm vi phạm và thông báo cho người bán.",
            ),
            _section(
                "4. Đặt hàng, thanh toán, giao hàng",
                "Người mua đặt hàng, chọn cách nhận hàng của từng người bán và trả tiền bằng chuyển "
                "khoản, thẻ hoặc khi nhận hàng. Giá hiển thị bằng đồng Việt Nam, đã gồm các khoản "
                "người mua phải trả trừ phí giao hàng ghi riêng.",
            ),
            _section(
                "5. Khiếu nại và tranh chấp",
                "Người mua có thể khiếu nại về đơn hàng theo Chính sách đổi trả và khiếu nại. Đơn vị "
                "vận hành tiếp nhận, chuyển cho người bán trả lời trong thời hạn quy định và quyết "
                "định khi hai bên không thống nhất.",
            ),
            _section(
                "6. Dữ liệu cá nhân",
                "Dữ liệu cá nhân được xử lý theo Chính sách quyền riêng tư, phù hợp Luật Bảo vệ dữ "
                "liệu cá nhân số 91/2025/QH15.",
            ),
        ],
    ),
    (
        DocumentKind.TERMS,
        "dieu-khoan-su-dung",
        "Điều khoản sử dụng",
        "Terms of use",
        "Những điều bạn đồng ý khi tạo tài khoản và mua hàng trên Chợ Phiên.",
        [
            _section(
                "1. Tài khoản",
                "Bạn cung cấp thông tin đúng, giữ bí mật mật khẩu và mã đăng nhập. Một số điện thoại "
                "hoặc một email chỉ dùng cho một tài khoản.",
            ),
            _section(
                "2. Mua hàng",
                "Khi bấm “Đặt hàng”, bạn đồng ý mua các sản phẩm trong đơn với giá và phí giao hàng "
                "đã hiển thị. Hợp đồng mua bán là giữa bạn và từng người bán.",
            ),
            _section(
                "3. Hành vi không được phép",
                "Không dùng Chợ Phiên để gian lận, quấy rối, đăng nội dung trái pháp luật hoặc can "
                "thiệp vào hoạt động của trang.",
            ),
            _section(
                "4. Thay đổi điều khoản",
                "Khi điều khoản thay đổi, phiên bản mới được đăng kèm ngày hiệu lực; bạn sẽ được "
                "hỏi lại ở lần đăng nhập hoặc đặt hàng tiếp theo.",
            ),
        ],
    ),
    (
        DocumentKind.PRIVACY,
        "chinh-sach-quyen-rieng-tu",
        "Chính sách quyền riêng tư",
        "Privacy notice",
        "Chợ Phiên thu thập dữ liệu gì, để làm gì, giữ bao lâu, và quyền của bạn.",
        [
            _section(
                "1. Dữ liệu chúng tôi giữ",
                "Tên, số điện thoại, email, địa chỉ giao hàng, đơn hàng và thanh toán của người mua; "
                "thông tin cửa hàng và tài khoản nhận tiền của người bán; với đoàn viên do tổ chức "
                "Đoàn nhập danh sách: thông tin hội viên, tập huấn và tiến độ bán hàng.",
            ),
            _section(
                "2. Mục đích và cơ sở xử lý",
                "Dữ liệu được dùng để giao hàng, thanh toán, hỗ trợ, giải quyết khiếu nại và báo "
                "cáo của tổ chức Đoàn. Việc xử lý dựa trên sự đồng ý của bạn hoặc một cơ sở khác "
                "mà Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 cho phép; tổ chức Đoàn nhập danh "
                "sách ghi lại cơ sở của mình. Tin tức và ưu đãi chỉ gửi khi bạn đồng ý, và bạn có "
                "thể rút lại bất cứ lúc nào.",
            ),
            _section(
                "3. Quyền của bạn",
                "Bạn có quyền biết, xem, tải về, yêu cầu sửa hoặc xóa dữ liệu của mình và rút lại "
                "sự đồng ý. Một số dữ liệu đơn hàng được giữ lại theo quy định về kế toán, ở dạng "
                "không còn nhận diện được bạn.",
            ),
            _section(
                "4. Dữ liệu nhạy cảm",
                "Dữ liệu nhạy cảm (ví dụ dân tộc) chỉ được ghi khi có cơ sở, chỉ người có nhiệm vụ "
                "mới xem được, và không đưa vào các tệp xuất dữ liệu theo mặc định.",
            ),
        ],
    ),
    (
        DocumentKind.RETURNS,
        "chinh-sach-doi-tra-khieu-nai",
        "Chính sách đổi trả và khiếu nại",
        "Returns and complaints policy",
        "Khi hàng không đến, không đúng mô tả hoặc bị hư hỏng.",
        [
            _section(
                "1. Khi nào được khiếu nại",
                "Hàng không nhận được, không đúng mô tả hoặc bị hư hỏng khi nhận. Bạn mở khiếu nại "
                "trên trang đơn hàng, kèm ảnh nếu có.",
            ),
            _section(
                "2. Giải quyết",
                "Người bán trả lời trong thời hạn trang nêu. Nếu hai bên không thống nhất, đơn vị "
                "vận hành quyết định: hoàn tiền (toàn bộ hoặc một phần) hoặc từ chối có nêu lý do.",
            ),
            _section(
                "3. Hoàn tiền",
                "Tiền được hoàn theo cách bạn đã trả: thẻ về thẻ, chuyển khoản về tài khoản bạn cung cấp.",
            ),
        ],
    ),
    (
        DocumentKind.SELLER,
        "cam-ket-nguoi-ban",
        "Cam kết của người bán",
        "Seller's commitments",
        "Những điều người bán cam kết trước khi mở bán trên Chợ Phiên.",
        [
            _section(
                "Tôi, người bán, cam kết",
                "Cung cấp thông tin định danh đúng và cập nhật khi thay đổi; chỉ bán sản phẩm hợp "
                "pháp, mô tả trung thực, đúng giá, đúng khối lượng; giao hàng đúng hẹn; trả lời "
                "khiếu nại trong thời hạn; bảo vệ dữ liệu cá nhân của người mua, chỉ dùng để giao "
                "hàng; thực hiện nghĩa vụ thuế theo quy định.",
            ),
        ],
    ),
]


def load(home, *, upsert, spec_class, english) -> list:
    """The index page "Quy định và chính sách" with version 1 of each document."""
    index = upsert(
        home,
        spec_class(
            StandardPage,
            "quy-dinh-va-chinh-sach",
            vi={
                "title": "Quy định và chính sách",
                "intro": "Các quy định của sàn và chính sách áp dụng cho người mua, người bán.",
            },
            en={
                "title": "Rules and policies",
                "intro": "The marketplace's rules and the policies for buyers and sellers.",
            },
        ),
        english=english,
    )
    pages = []
    for kind, slug, title_vi, title_en, intro, body in DOCUMENTS:
        shared = {"kind": kind, "version": 1, "effective_from": _effective(), "is_template": True}
        blocks = [block for section in body for block in section]
        vi = {"title": title_vi, "intro": intro, "body": _p(f"<em>{LAWYER}</em>") + blocks}
        en = {
            "title": title_en,
            "intro": "A template in Vietnamese for the union that runs the site to review.",
        }
        pages.append(
            upsert(index, spec_class(LegalPage, slug, vi=vi, en=en, shared=shared), english=english)
        )
    return [index, *pages]
