"""Draw the home-screen icons of the web app (static/img/icons/icon-192.png, icon-512.png):
"CP" in rice-paper white on the site's terracotta, over a gold brocade band. The drawing stays
inside the middle 80 %, so Android's round or squircle masks ("maskable") never cut it.

    .venv/bin/python scripts/pwa_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
RED, PAPER, GOLD, GREEN = "#9e3a22", "#fbf6ec", "#e0a93b", "#2f5d3a"  # static/css/chophien.css


def icon(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(image)
    band = size * 0.66
    draw.rectangle([0, band, size, band + size * 0.06], fill=GOLD)
    for i in range(12):  # the brocade's diamonds
        x = (i + 0.5) * size / 12
        h = size * 0.03
        diamond = [(x - h, band + h), (x, band), (x + h, band + h), (x, band + 2 * h)]
        draw.polygon(diamond, fill=GREEN)
    font = ImageFont.load_default(size=int(size * 0.36))
    draw.text((size / 2, size * 0.42), "CP", fill=PAPER, font=font, anchor="mm")
    return image


if __name__ == "__main__":
    folder = ROOT / "static" / "img" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(folder / f"icon-{size}.png", optimize=True)
