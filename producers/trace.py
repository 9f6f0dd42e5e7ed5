"""Traceability: a producer's lots, their QR labels and the public trace page's scan count.

A lot's QR encodes the absolute address of its trace page, /t/<code>/. The code is ten
random letters and digits (about 50 bits): a label found on one pack tells nothing about
the addresses of other lots, unlike a database id.

The label sheet is a PDF drawn with Pillow at 300 dpi (see label_sheet_pdf for why).
"""

import io
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont
from wagtail.log_actions import log

from core.qr import qr_code
from marketplace.catalogue.models import Product
from producers.models import Lot, Producer
from producers.selectors import products_public

logger = logging.getLogger(__name__)

LOT_FIELDS = (
    "lot_number",
    "produced_on",
    "quantity",
    "inputs",
    "ocop_number",
    "vietgap_number",
    "organic_number",
    "provincial_url",
)


# ---------------------------------------------------------------------------------------------
# Reads


def producer_lot_list(*, producer: Producer) -> QuerySet:
    """The producer's own lots, newest first, with their product (one query)."""
    return Lot.objects.filter(producer=producer).select_related("product")


def lot_for_trace(code: str) -> Lot | None:
    """The lot a label points at, with what the public trace page shows (one query)."""
    return (
        Lot.objects.select_related(
            "producer__partner",
            "producer__commune__parent",
            "producer__former_district",
            "product",
        )
        .filter(code=code.lower())
        .first()
    )


def lot_can_be_bought(lot: Lot) -> bool:
    """Whether the trace page offers "buy again": the product is on sale and its producer may
    sell. A withdrawn product or a suspended producer still shows where it came from (one
    query: the public's rule, products_public)."""
    return products_public(products=Product.objects.filter(pk=lot.product_id)).exists()


# ---------------------------------------------------------------------------------------------
# Writes


def _own_product(*, producer: Producer, product: Product) -> None:
    if not product.stockrecords.filter(partner_id=producer.partner_id).exists():
        raise PermissionDenied


@transaction.atomic
def lot_save(*, producer: Producer, by, lot: Lot | None = None, product: Product, **data) -> Lot:
    """Record a new lot of one of the producer's products, or change one of its lots."""
    _own_product(producer=producer, product=product)
    if lot is not None and lot.producer_id != producer.pk:
        raise PermissionDenied
    unknown = set(data) - set(LOT_FIELDS)
    if unknown:
        raise TypeError(f"Not a lot field: {', '.join(sorted(unknown))}")
    # A date or its ISO text, as the model field takes it (an import or a script may pass text).
    produced_on = Lot._meta.get_field("produced_on").to_python(data.get("produced_on"))
    if produced_on and produced_on > timezone.localdate():  # the form asks too
        raise ValidationError(
            {
                "produced_on": ValidationError(
                    _("The date cannot be in the future."), code="future_date"
                )
            }
        )
    created = lot is None
    lot = lot or Lot(producer=producer)
    lot.product = product
    for name, value in data.items():
        setattr(lot, name, value if value is not None else "")
    lot.full_clean()
    lot.save()
    log(
        instance=lot,
        action="producers.lot_add" if created else "producers.lot_edit",
        user=by,
        data={"product": product.pk, "lot_number": lot.lot_number},
    )
    return lot


# Crawlers, link previews (Zalo, Facebook) and scripts: their visits are not scans.
_BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|zalo|curl|wget|python-|httpclient|"
    r"headless|lighthouse",
    re.IGNORECASE,
)


def is_probably_a_bot(user_agent: str) -> bool:
    return not user_agent or bool(_BOT.search(user_agent))


def lot_scan_record(*, lot: Lot, user, user_agent: str) -> bool:
    """Count one scan of the lot's label, in the database (F()), so scans at the same time
    all count. The producer's own look at their page and obvious bots are not counted."""
    if is_probably_a_bot(user_agent):
        return False
    if user.is_authenticated and lot.producer.partner.users.filter(pk=user.pk).exists():
        return False
    Lot.objects.filter(pk=lot.pk).update(scan_count=F("scan_count") + 1)
    return True


def lot_scan_record_quietly(*, lot: Lot, user, user_agent: str) -> bool:
    """lot_scan_record for the trace page, called after the page was sent, in autocommit (one
    UPDATE, no transaction to upgrade). A scan count is a statistic, the page is the service:
    if the database cannot take the write now (SQLite busy past its timeout, a lost
    connection), this scan goes uncounted and is logged rather than ever failing a page."""
    try:
        return lot_scan_record(lot=lot, user=user, user_agent=user_agent)
    except DatabaseError:
        logger.warning("scan of lot %s not counted", lot.pk, exc_info=True)
        return False


# ---------------------------------------------------------------------------------------------
# QR and labels


DPI = 300
MM = DPI / 25.4
A4 = (round(210 * MM), round(297 * MM))  # 2480 × 3508 dots
# 3 × 7 labels of 70 × 42.3 mm: the common A4 sticker sheet (Tomy, Decal A4 21 nhãn). The
# page is filled edge to edge, as those sheets are.
COLUMNS, ROWS = 3, 7
LABEL = (round(70 * MM), round(297 / ROWS * MM))
LABELS_PER_PAGE = COLUMNS * ROWS
MAX_LABELS = LABELS_PER_PAGE * 10
PADDING = round(3 * MM)

# Fonts with Vietnamese letters, first found wins (Debian: fonts-dejavu-core).
FONT_FILES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)
BOLD_FONT_FILES = (
    "DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False):
    for path in BOLD_FONT_FILES if bold else FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's own: no Vietnamese marks, but never fails


@dataclass(frozen=True)
class LabelText:
    product: str
    producer: str
    lot_line: str
    date_line: str


def label_text(lot: Lot) -> LabelText:
    return LabelText(
        product=lot.product.title,
        producer=lot.producer.name,
        lot_line=_("Lot: %(number)s") % {"number": lot.lot_number},
        date_line=_("Date: %(date)s") % {"date": lot.produced_on.strftime("%d/%m/%Y")},
    )


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """The text, cut with "…" to fit `width` dots."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(draw, text: str, font, width: int, lines: int) -> list[str]:
    words, result, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            result.append(line)
            line = word
    result.append(line)
    if len(result) > lines:
        result = result[: lines - 1] + [" ".join(result[lines - 1 :])]
    return [_fit(draw, item, font, width) for item in result]


def _label_image(lot: Lot, url: str) -> Image.Image:
    """One label in 1-bit black and white: the QR on the left, the words on the right."""
    width, height = LABEL
    label = Image.new("1", LABEL, 1)
    qr = qr_code(url)  # the lot's trace page
    side = height - 2 * PADDING
    # Whole printer dots per module: no module is drawn one dot wider than its neighbour.
    modules = qr.symbol_size(scale=1, border=2)[0]
    scale = max(1, side // modules)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=2)
    buffer.seek(0)
    code = Image.open(buffer).convert("1")
    label.paste(code, (PADDING, (height - code.height) // 2))

    draw = ImageDraw.Draw(label)
    text = label_text(lot)
    left = PADDING + code.width + PADDING // 2
    room = width - left - PADDING
    bold, regular = _font(34, bold=True), _font(28)
    y = PADDING + 4
    for line in _wrap(draw, text.product, bold, room, 3):
        draw.text((left, y), line, font=bold, fill=0)
        y += 42
    y += 6
    lines = [*_wrap(draw, text.producer, regular, room, 2), text.lot_line, text.date_line]
    for line in lines:
        draw.text((left, y), _fit(draw, line, regular, room), font=regular, fill=0)
        y += 36
    return label


def label_sheet_pdf(*, lot: Lot, url: str, count: int = LABELS_PER_PAGE) -> bytes:
    """A PDF of `count` identical labels for the lot, 21 to an A4 page.

    Why a raster PDF at 300 dpi: a PDF prints at its true size from any phone, computer or
    print shop (an HTML page is scaled by the browser's print settings, and a PNG by the
    photo app, so the labels would no longer line up with the sticker sheet). Drawn in 1-bit
    black and white at the printer's own resolution, each QR module is a whole number of
    dots with sharp edges, which is what a cheap inkjet or laser needs to print a code that
    scans; the file stays small (CCITT-like compression of a 1-bit page, ~40 KB a page).
    """
    count = max(1, min(int(count), MAX_LABELS))
    label = _label_image(lot, url)
    pages = []
    for start in range(0, count, LABELS_PER_PAGE):
        page = Image.new("1", A4, 1)
        for index in range(min(LABELS_PER_PAGE, count - start)):
            row, column = divmod(index, COLUMNS)
            x = round(column * A4[0] / COLUMNS)
            y = round(row * A4[1] / ROWS)
            page.paste(label, (x, y))
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return buffer.getvalue()
