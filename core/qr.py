"""QR codes drawn on our own server with `segno` (pure Python, no dependencies), so no link
or payment code goes to a third-party image service.

Every QR of the site is made here, at one error-correction level: a VietQR payment code, a
link to confirm a shop or an account, a lot's trace label. What a code encodes is its
caller's business (marketplace.vietqr, producers.trace, ...).
"""

import html
import io

import segno


def qr_code(data: str) -> segno.QRCode:
    """The QR code of `data`. Error correction "M" (15 %): survives a scratched or creased
    label, or a glare on a screen, while keeping the modules large enough for a small print.
    Always a full QR symbol, never a Micro QR (which many phone readers cannot decode)."""
    return segno.make(data, error="m", boost_error=False, micro=False)


def qr_svg(data: str, *, label: str = "QR") -> str:
    """Inline SVG of the QR code, scaled by CSS through `.cp-qr` (it has a viewBox, no size).

    `label` names the image for screen readers: a template passes a translated, specific one
    ("VietQR" reads the same in both languages).
    """
    svg = qr_code(data).svg_inline(border=4, omitsize=True, svgclass="cp-qr", title=label)
    # segno has no option for arbitrary attributes; an img role makes the title the name.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def qr_png(data: str) -> bytes:
    """A PNG of the QR code, for emails (mail apps show no inline SVG)."""
    buffer = io.BytesIO()
    qr_code(data).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()
