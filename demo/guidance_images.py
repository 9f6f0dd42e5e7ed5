"""Illustrations of phone screens for the training library's guidance lessons (VNeID level 2,
the national public services portal, an e-wallet or bank account), drawn with Pillow: the
demo has no real screenshots, so each image is a labelled illustration, never a copy of an
official app's screen."""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 360, 640
FONTS = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)


@lru_cache(maxsize=8)
def _font(size: int):
    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # no Vietnamese marks, but never fails


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def phone_screen(*, app: str, step: int, text: str, fields: list[str], button: str, colour: str):
    """A PNG of a phone screen: the app's bar, the step, its words, the fields to fill and the
    button to press, and "Ảnh minh họa" (illustration) along the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#f4f6f8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 72), fill=colour)
    draw.text((20, 22), app, font=_font(22), fill="white")
    draw.ellipse((20, 96, 68, 144), fill=colour)
    draw.text((36 if step < 10 else 30, 104), str(step), font=_font(26), fill="white")
    y = 160
    for line in _wrap(draw, text, _font(19), WIDTH - 40):
        draw.text((20, y), line, font=_font(19), fill="#1d2730")
        y += 28
    y += 16
    for label in fields:
        draw.text((20, y), label, font=_font(15), fill="#52606d")
        draw.rounded_rectangle(
            (20, y + 22, WIDTH - 20, y + 66), radius=8, outline="#9aa5b1", width=2
        )
        y += 84
    draw.rounded_rectangle((20, y + 8, WIDTH - 20, y + 60), radius=26, fill=colour)
    width = draw.textlength(button, font=_font(20))
    draw.text(((WIDTH - width) / 2, y + 20), button, font=_font(20), fill="white")
    draw.text(
        (20, HEIGHT - 34), "Ảnh minh họa, không phải ảnh chụp thật", font=_font(14), fill="#7b8794"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
