"""Landscape illustrations for the CMS demo pages, drawn locally with Pillow (nothing is
downloaded). Layered mountains in the haze of the Hoàng Liên Sơn range, with a foreground
that suits the page: rice terraces, tea rows, plum blossom, a market, a summit, clouds.
The same arguments always give the same bytes."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    # sky top, sky bottom, far mountains, near mountains, foreground
    "dawn": ("#f4c9a0", "#fbeedd", "#b9a7b8", "#6f7f6a", "#3f6b3a"),
    "day": ("#9cc7e6", "#eef5f2", "#a9bfc6", "#5f8a6a", "#2f5d3a"),
    "mist": ("#c9d3d6", "#f3f1ea", "#b7c2c0", "#7d9384", "#4d7050"),
    "dusk": ("#e6a27c", "#f7dcc0", "#a98a8f", "#5c5a55", "#3b4a35"),
    "spring": ("#bcd9ea", "#fbf3ec", "#b5c3cf", "#7aa07a", "#4f7d46"),
}


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _ridge(rng, width, base, amplitude, roughness):
    """A mountain ridge line: a sum of a few sine waves plus small noise."""
    waves = [
        (rng.uniform(0.5, 3.0), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0)) for _ in range(4)
    ]
    points = []
    for x in range(0, width + 8, 8):
        t = x / width
        y = sum(a * math.sin(f * math.tau * t + p) for f, p, a in waves) / 2.2
        jitter = rng.uniform(-roughness, roughness)
        points.append((x, base - amplitude * y + jitter))
    return points


def landscape(
    *, seed: int, scene: str = "terraces", palette: str = "day", width: int = 1600
) -> bytes:
    """A 16:10 JPEG landscape. `scene`: terraces, tea, plum, market, summit, clouds."""
    height = width * 10 // 16
    rng = random.Random(seed)
    sky_top, sky_bottom, far, near, fore = (_rgb(c) for c in PALETTES[palette])
    image = Image.new("RGB", (width, height), sky_bottom)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, min(1, y / (height * 0.7))))
    # the sun, softly glowing
    sun_x, sun_y, r = (
        rng.uniform(0.15, 0.85) * width,
        height * rng.uniform(0.14, 0.3),
        width * 0.045,
    )
    glow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(glow).ellipse(
        [sun_x - r * 3, sun_y - r * 3, sun_x + r * 3, sun_y + r * 3], fill=90
    )
    image.paste((255, 244, 214), mask=glow.filter(ImageFilter.GaussianBlur(width / 30)))
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 247, 228))
    # mountain layers, far to near, hazier far away
    layers = 4
    for i in range(layers):
        t = i / (layers - 1)
        colour = _mix(far, near, t)
        base = height * (0.42 + 0.12 * i)
        ridge = _ridge(rng, width, base, height * (0.16 - 0.025 * i), height * 0.004)
        draw.polygon([*ridge, (width, height), (0, height)], fill=colour)
        if scene == "clouds" and i in (1, 2):
            _cloud_band(image, rng, base + height * 0.02, width, height)
            draw = ImageDraw.Draw(image)
    {
        "terraces": _terraces,
        "tea": _tea,
        "plum": _plum,
        "market": _market,
        "summit": _summit,
        "clouds": _terraces,
    }.get(scene, _terraces)(draw, rng, width, height, fore)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=84, optimize=True, progressive=True)
    return out.getvalue()


def _cloud_band(image, rng, y, width, height):
    mask = Image.new("L", (width, height), 0)
    md = ImageDraw.Draw(mask)
    for _ in range(14):
        cx, rx, ry = rng.uniform(0, width), rng.uniform(width * 0.08, width * 0.2), height * 0.05
        md.ellipse([cx - rx, y - ry, cx + rx, y + ry], fill=200)
    image.paste((250, 248, 242), mask=mask.filter(ImageFilter.GaussianBlur(width / 80)))


def _terraces(draw, rng, width, height, fore):
    top = height * 0.66
    for row in range(9):
        y = top + row * (height - top) / 9
        curve = [
            (x, y + math.sin(x / width * math.pi * 2 + row * 0.6) * height * 0.02)
            for x in range(0, width + 10, 10)
        ]
        light = _mix(fore, (214, 196, 92), 0.35 + 0.06 * (row % 3))
        draw.polygon([*curve, (width, height), (0, height)], fill=light)
        draw.line(curve, fill=_mix(fore, (40, 60, 30), 0.5), width=max(1, width // 400))


def _tea(draw, rng, width, height, fore):
    top = height * 0.68
    draw.rectangle([0, top, width, height], fill=_mix(fore, (120, 150, 80), 0.3))
    for row in range(7):
        y = top + (row + 0.5) * (height - top) / 7
        r = (height - top) / 14 * (0.7 + row * 0.08)
        for x in range(-int(r), width + int(r), int(r * 1.6)):
            shade = _mix(fore, (90, 140, 70), rng.uniform(0.2, 0.6))
            draw.ellipse([x - r, y - r * 0.8, x + r, y + r * 0.8], fill=shade)


def _plum(draw, rng, width, height, fore):
    draw.rectangle([0, height * 0.8, width, height], fill=fore)
    for _ in range(3):
        x0, y0 = rng.uniform(-0.1, 0.3) * width, height * rng.uniform(0.85, 1.0)
        for _ in range(5):
            x1, y1 = x0 + rng.uniform(0.05, 0.18) * width, y0 - rng.uniform(0.06, 0.14) * height
            draw.line([(x0, y0), (x1, y1)], fill=(74, 52, 40), width=max(2, width // 160))
            for _ in range(18):
                bx, by = x1 + rng.gauss(0, width * 0.03), y1 + rng.gauss(0, height * 0.04)
                br = width * rng.uniform(0.004, 0.009)
                draw.ellipse(
                    [bx - br, by - br, bx + br, by + br],
                    fill=(255, 250, 250) if rng.random() < 0.8 else (247, 205, 214),
                )
            x0, y0 = x1, y1


def _market(draw, rng, width, height, fore):
    ground = height * 0.72
    draw.rectangle([0, ground, width, height], fill=(196, 160, 112))
    colours = [(158, 58, 34), (224, 169, 59), (47, 93, 58), (35, 86, 140), (190, 60, 110)]
    for row in range(2):
        y = ground + row * height * 0.12
        for x in range(-40, width, int(width / 7)):
            x = x + rng.uniform(0, width * 0.04) + row * width * 0.06
            w, h = width * 0.12, height * 0.08
            colour = colours[rng.randrange(len(colours))]
            draw.polygon(
                [(x, y + h * 0.4), (x + w / 2, y - h * 0.3), (x + w, y + h * 0.4)], fill=colour
            )
            draw.rectangle(
                [x + w * 0.08, y + h * 0.4, x + w * 0.92, y + h * 1.1],
                fill=_mix(colour, (255, 240, 220), 0.55),
            )
            for k in range(3):  # goods in baskets
                cx = x + w * (0.25 + 0.25 * k)
                draw.ellipse(
                    [cx - w * 0.07, y + h * 0.75, cx + w * 0.07, y + h * 1.05],
                    fill=colours[(k + row) % len(colours)],
                )


def _summit(draw, rng, width, height, fore):
    peak_x = width * rng.uniform(0.45, 0.6)
    draw.polygon(
        [(peak_x - width * 0.35, height), (peak_x, height * 0.38), (peak_x + width * 0.4, height)],
        fill=(88, 96, 92),
    )
    draw.polygon(
        [
            (peak_x - width * 0.06, height * 0.47),
            (peak_x, height * 0.38),
            (peak_x + width * 0.07, height * 0.48),
            (peak_x, height * 0.45),
        ],
        fill=(246, 246, 240),
    )
    # the summit marker
    draw.rectangle(
        [peak_x - width * 0.004, height * 0.33, peak_x + width * 0.004, height * 0.39],
        fill=(158, 58, 34),
    )
    draw.polygon(
        [
            (peak_x + width * 0.004, height * 0.33),
            (peak_x + width * 0.04, height * 0.345),
            (peak_x + width * 0.004, height * 0.36),
        ],
        fill=(218, 37, 29),
    )
    draw.rectangle([0, height * 0.88, width, height], fill=fore)
