"""Pleasant demo photos drawn locally with Pillow: nothing is downloaded, no text is drawn.

Every image is a flat illustration on a warm, soft background, drawn at twice the requested
size and downsampled for anti-aliasing (an exact 2x2 average, see ``_encode``: LANCZOS alone
took 50-70 ms, half the time budget). The same arguments always give the same bytes; ``seed``
only nudges hues and positions so that a catalogue does not look cloned. Soft parts
(backgrounds, glows, shadows) are painted small and stretched, which keeps a photo at ~50 ms.
"""

from __future__ import annotations

import colorsys
import io
import math
import random
import zlib
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFilter

__all__ = ["producer_photo", "product_photo"]

_SUPERSAMPLE = 2
_JPEG = {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True}

RGB = tuple[int, int, int]
Point = tuple[float, float]


# --------------------------------------------------------------------------- colours


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _adjust(colour: RGB, dh: float = 0.0, dl: float = 0.0, ds: float = 0.0) -> RGB:
    """Shift hue (turns), lightness and saturation (absolute, clamped)."""
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    h = (h + dh) % 1.0
    lum = min(1.0, max(0.0, lum + dl))
    s = min(1.0, max(0.0, s + ds))
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return (round(r * 255), round(g * 255), round(b * 255))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


# --------------------------------------------------------------------------- geometry


def _rotate(points: Sequence[Point], cx: float, cy: float, angle: float) -> list[Point]:
    ca, sa = math.cos(angle), math.sin(angle)
    return [
        (cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for x, y in points
    ]


def _ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 48
) -> list[Point]:
    pts = [
        (cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]
    return _rotate(pts, cx, cy, angle) if angle else pts


def _bezier(p0: Point, p1: Point, p2: Point, n: int = 24) -> list[Point]:
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append(
            (
                u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1],
            )
        )
    return out


def _leaf_pts(
    x: float, y: float, length: float, width: float, angle: float, bend: float = 0.0, n: int = 20
) -> list[Point]:
    """A pointed leaf from its base (x, y) towards ``angle`` (radians, 0 = right, -pi/2 = up)."""
    upper, lower = [], []
    for i in range(n + 1):
        t = i / n
        half = width / 2 * math.sin(math.pi * t**0.8) ** 0.9
        mid = bend * length * math.sin(math.pi * t)
        upper.append((x + t * length, y - half + mid))
        lower.append((x + t * length, y + half + mid))
    return _rotate(upper + lower[::-1], x, y, angle)


def _thick_curve(points: Sequence[Point], w0: float, w1: float) -> list[Point]:
    """A polygon around a polyline whose width goes from w0 to w1 (tapered stems, chillies)."""
    left, right = [], []
    n = len(points)
    for i, (x, y) in enumerate(points):
        xa, ya = points[max(i - 1, 0)]
        xb, yb = points[min(i + 1, n - 1)]
        dx, dy = xb - xa, yb - ya
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm, dx / norm
        w = (w0 + (w1 - w0) * i / max(n - 1, 1)) / 2
        left.append((x + nx * w, y + ny * w))
        right.append((x - nx * w, y - ny * w))
    return left + right[::-1]


def _hexagon(cx: float, cy: float, r: float) -> list[Point]:
    return [
        (cx + r * math.cos(math.pi / 3 * i), cy + r * math.sin(math.pi / 3 * i)) for i in range(6)
    ]


# --------------------------------------------------------------------------- canvas


class _Pen:
    """Draws in unit coordinates (0..1 across the square canvas) with alpha blending."""

    def __init__(self, img: Image.Image, rng: random.Random, dh: float) -> None:
        self.img = img
        self._solid = ImageDraw.Draw(img)  # opaque fills skip blending: several times faster
        self._blend = ImageDraw.Draw(img, "RGBA")
        self.s = img.width
        self.rng = rng
        self.dh = dh

    def c(self, colour: str | RGB, dl: float = 0.0, alpha: int = 255) -> tuple[int, ...]:
        rgb = _adjust(_hex(colour) if isinstance(colour, str) else colour, self.dh, dl)
        return rgb if alpha >= 255 else (*rgb, alpha)

    def d(self, alpha: int) -> ImageDraw.ImageDraw:
        return self._solid if alpha >= 255 else self._blend

    def _xy(self, pts: Sequence[Point]) -> list[tuple[float, float]]:
        return [(x * self.s, y * self.s) for x, y in pts]

    def poly(
        self, pts: Sequence[Point], fill: str | RGB, dl: float = 0.0, alpha: int = 255
    ) -> None:
        self.d(alpha).polygon(self._xy(pts), fill=self.c(fill, dl, alpha))

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: str | RGB,
        dl: float = 0.0,
        alpha: int = 255,
        angle: float = 0.0,
    ) -> None:
        if angle:
            self.poly(_ellipse_pts(cx, cy, rx, ry, angle), fill, dl, alpha)
        else:
            s = self.s
            self.d(alpha).ellipse(
                ((cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s),
                fill=self.c(fill, dl, alpha),
            )

    def circle(
        self, cx: float, cy: float, r: float, fill: str | RGB, dl: float = 0.0, alpha: int = 255
    ) -> None:
        self.ellipse(cx, cy, r, r, fill, dl, alpha)

    def line(
        self, pts: Sequence[Point], fill: str | RGB, width: float, dl: float = 0.0, alpha: int = 255
    ) -> None:
        self.d(alpha).line(
            self._xy(pts),
            fill=self.c(fill, dl, alpha),
            width=max(1, round(width * self.s)),
            joint="curve",
        )

    def arc(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        start: float,
        end: float,
        fill: str | RGB,
        width: float,
        alpha: int = 255,
    ) -> None:
        s = self.s
        self.d(alpha).arc(
            ((cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s),
            start,
            end,
            fill=self.c(fill, 0, alpha),
            width=max(1, round(width * s)),
        )

    def rrect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        r: float,
        fill: str | RGB,
        dl: float = 0.0,
        alpha: int = 255,
    ) -> None:
        s = self.s
        self.d(alpha).rounded_rectangle(
            (x0 * s, y0 * s, x1 * s, y1 * s), radius=r * s, fill=self.c(fill, dl, alpha)
        )

    def leaf(
        self,
        x: float,
        y: float,
        length: float,
        width: float,
        angle: float,
        fill: str | RGB,
        vein: bool = True,
        bend: float = 0.0,
        dl: float = 0.0,
    ) -> None:
        self.poly(_leaf_pts(x, y, length, width, angle, bend), fill, dl)
        if vein:
            tip = _rotate([(x + length * 0.85, y + bend * length * 0.4)], x, y, angle)[0]
            mid = _rotate([(x + length * 0.45, y + bend * length * 0.9)], x, y, angle)[0]
            self.line(_bezier((x, y), mid, tip, 12), fill, width * 0.06, dl=-0.12, alpha=150)

    def soft(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        colour: str | RGB,
        opacity: float,
        blur: float = 0.35,
    ) -> None:
        """A blurred ellipse (shadow or glow). Drawn small, blurred, and scaled up over its
        bounding box only, so it stays cheap even on a large canvas."""
        sigma = max(blur * min(rx, ry), 0.002)
        x0, y0 = max(0.0, cx - rx - 3 * sigma), max(0.0, cy - ry - 3 * sigma)
        x1, y1 = min(1.0, cx + rx + 3 * sigma), min(1.0, cy + ry + 3 * sigma)
        px0, py0, px1, py1 = (round(v * self.s) for v in (x0, y0, x1, y1))
        if px1 - px0 < 2 or py1 - py0 < 2:
            return
        k = 96 / max(x1 - x0, y1 - y0)  # low-resolution pixels per unit
        w, h = max(2, math.ceil((x1 - x0) * k)), max(2, math.ceil((y1 - y0) * k))
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).ellipse(
            ((cx - rx - x0) * k, (cy - ry - y0) * k, (cx + rx - x0) * k, (cy + ry - y0) * k),
            fill=round(255 * opacity),
        )
        mask = mask.filter(ImageFilter.GaussianBlur(sigma * k))
        mask = mask.resize((px1 - px0, py1 - py0), Image.Resampling.BILINEAR)
        rgb = _hex(colour) if isinstance(colour, str) else colour
        self.img.paste(Image.new("RGB", mask.size, rgb), (px0, py0), mask)


def _gradient(
    size: int,
    top: RGB,
    bottom: RGB,
    width: int | None = None,
    mid: RGB | None = None,
    at: float = 0.5,
) -> Image.Image:
    """A vertical gradient (optionally through ``mid`` at ``at``, eased so there is no crease),
    built as one column and stretched: fast at any size."""
    rows = []
    for y in range(size):
        t = y / max(size - 1, 1)
        if mid is None:
            rows.append(_mix(top, bottom, t))
        elif t < at:
            u = t / at
            rows.append(_mix(top, mid, u * (2 - u)))  # ease-out into the middle stop
        else:
            u = (t - at) / (1 - at)
            rows.append(_mix(mid, bottom, u * u))  # ease-in out of it
    column = bytes(v for row in rows for v in row)
    return Image.frombytes("RGB", (1, size), column).resize(
        (width or size, size), Image.Resampling.NEAREST
    )


def _encode(img: Image.Image, size: int) -> bytes:
    # Averaging each 2x2 block is the classic supersampling resolve: as smooth as LANCZOS at
    # this exact factor, without ringing, and ~8x cheaper (LANCZOS alone cost ~50-70 ms).
    out = (
        img.reduce(_SUPERSAMPLE)
        if img.width == size * _SUPERSAMPLE
        else img.resize((size, size), Image.Resampling.LANCZOS)
    )
    buf = io.BytesIO()
    out.save(buf, **_JPEG)
    return buf.getvalue()


# --------------------------------------------------------------------------- motifs

Motif = Callable[[_Pen, random.Random], None]


def _tea(p: _Pen, rng: random.Random) -> None:
    # Sprig of Shan tuyết: one silvery bud and two leaves ("một tôm hai lá"), behind the cup.
    sx = 0.74 + rng.uniform(-0.03, 0.03)
    stem = _bezier((sx, 0.80), (sx + 0.05, 0.55), (sx - 0.01, 0.30))
    p.line(stem, "#6B7F3A", 0.012)
    p.leaf(sx + 0.01, 0.50, 0.20, 0.09, -0.35, "#3F7D3A", bend=0.05)
    p.leaf(sx + 0.02, 0.42, 0.17, 0.075, -2.6, "#5C9A45", bend=-0.05)
    p.leaf(sx - 0.01, 0.31, 0.12, 0.045, -1.75, "#B9CDA0", vein=False)
    for _ in range(14):  # the white down that gives the tea its name
        t = rng.uniform(0.15, 0.85)
        p.circle(sx - 0.01 + rng.uniform(-0.01, 0.01), 0.31 - 0.12 * t, 0.004, "#FFFFFF", alpha=170)

    p.soft(0.48, 0.80, 0.32, 0.06, "#6B4A2B", 0.35)
    # Saucer.
    p.ellipse(0.48, 0.775, 0.28, 0.065, "#C9BBA6")
    p.ellipse(0.48, 0.765, 0.27, 0.058, "#F6F1E7")
    p.ellipse(0.48, 0.765, 0.17, 0.033, "#E7DFD1")
    # Cup body.
    left = _bezier((0.29, 0.52), (0.30, 0.72), (0.40, 0.755), 20)
    right = _bezier((0.56, 0.755), (0.66, 0.72), (0.67, 0.52), 20)
    body = left + right + _ellipse_pts(0.48, 0.52, 0.19, 0.045, n=40)[0:21]
    p.poly(body, "#FBF8F2")
    shade = _bezier((0.56, 0.755), (0.66, 0.72), (0.67, 0.52), 20) + _bezier(
        (0.67, 0.52), (0.60, 0.68), (0.50, 0.755), 20
    )
    p.poly(shade, "#D8CDBD", alpha=170)
    # Handle.
    p.arc(0.69, 0.60, 0.06, 0.055, -85, 105, "#CFC3B1", 0.026)
    p.arc(0.69, 0.60, 0.06, 0.055, -80, 100, "#F4EEE4", 0.016)
    # Blue band like Bát Tràng porcelain.
    band = _bezier((0.30, 0.585), (0.48, 0.64), (0.665, 0.585), 24)
    p.line(band, "#3F6FA8", 0.012, alpha=220)
    for i in range(5):
        t = 0.14 + i * 0.18
        bx = 0.30 + (0.665 - 0.30) * t
        by = 0.585 + 0.11 * t * (1 - t) + 0.03
        p.circle(bx, by, 0.009, "#3F6FA8", alpha=200)
    # Rim and tea.
    p.ellipse(0.48, 0.52, 0.19, 0.045, "#EDE5D8")
    p.ellipse(0.48, 0.523, 0.172, 0.036, "#B7892C")
    p.ellipse(0.48, 0.526, 0.15, 0.028, "#D4A63F")
    p.ellipse(0.43, 0.522, 0.05, 0.008, "#FFF3C8", alpha=150)
    # Steam.
    for i, x in enumerate((0.41, 0.48, 0.55)):
        x += rng.uniform(-0.01, 0.01)
        pts = [(x + 0.02 * math.sin(k / 5 + i), 0.47 - k * 0.012) for k in range(16)]
        p.line(pts, "#FFFFFF", 0.010, alpha=140 - 25 * (i % 2))
    # A couple of loose leaves on the table.
    p.leaf(0.13, 0.86, 0.13, 0.055, -0.35 + rng.uniform(-0.2, 0.2), "#4E8B3E")
    p.leaf(0.20, 0.89, 0.10, 0.045, 0.25 + rng.uniform(-0.2, 0.2), "#6BA24E")


def _honey(p: _Pen, rng: random.Random) -> None:
    r = 0.068
    w, h = 1.5 * r, math.sqrt(3) * r
    cx0, cy0 = 0.40, 0.42
    cells = []
    for col in range(-3, 4):
        for row in range(-3, 4):
            x = cx0 + col * w
            y = cy0 + row * h + (h / 2 if col % 2 else 0)
            d = math.hypot((x - cx0) / 1.25, y - cy0)
            if d < 0.20 + rng.uniform(-0.03, 0.05):
                cells.append((x, y))
    p.soft(0.40, 0.45, 0.30, 0.26, "#FFFFFF", 0.35)
    for x, y in cells:
        p.poly(_hexagon(x, y, r), "#B8741C")
    for x, y in cells:
        full = rng.random() < 0.75
        p.poly(_hexagon(x, y, r * 0.84), "#E9A531" if full else "#F3D08A")
        if full:
            p.poly(_hexagon(x - 0.008, y - 0.01, r * 0.45), "#F7C95A", alpha=200)
            p.circle(x - 0.022, y - 0.022, 0.008, "#FFF6D8", alpha=200)
        else:
            p.poly(_hexagon(x + 0.005, y + 0.006, r * 0.62), "#E5B868", alpha=180)
    # Drip running from the lowest cell into a big drop.
    lx, ly = max(cells, key=lambda c: c[1] + c[0] * 0.3)
    drop_x, drop_y, dr = lx + 0.01, min(0.74, ly + 0.22), 0.085
    p.poly(
        _thick_curve(
            _bezier((lx, ly + 0.03), (lx + 0.015, ly + 0.12), (drop_x, drop_y - dr)), 0.03, 0.02
        ),
        "#E09A22",
    )
    p.soft(drop_x, 0.86, 0.16, 0.03, "#6B4A2B", 0.3)
    drop = []
    for i in range(60):
        t = 2 * math.pi * i / 60
        drop.append(
            (drop_x + dr * math.sin(t) * math.sin(t / 2) ** 1.1, drop_y - dr * 1.25 * math.cos(t))
        )
    p.poly(drop, "#E39B1E")
    p.ellipse(drop_x + 0.015, drop_y + 0.035, dr * 0.55, dr * 0.55, "#F2B33A", alpha=200)
    p.ellipse(drop_x - 0.03, drop_y + 0.01, 0.014, 0.032, "#FFF4D6", alpha=210, angle=0.3)
    # Puddle.
    p.ellipse(drop_x + 0.02, 0.875, 0.13, 0.022, "#E39B1E", alpha=230)
    p.ellipse(drop_x - 0.02, 0.870, 0.05, 0.007, "#FFE6A8", alpha=180)
    # Bee.
    bx, by = 0.76 + rng.uniform(-0.04, 0.03), 0.24 + rng.uniform(-0.03, 0.04)
    trail = [
        (bx - 0.03 - k * 0.010, by - 0.01 - k * 0.006 + 0.02 * math.sin(k / 2.0)) for k in range(12)
    ]
    for i in range(0, len(trail) - 1, 2):
        p.line(trail[i : i + 2], "#8A6A3A", 0.004, alpha=160)
    p.ellipse(bx - 0.01, by - 0.045, 0.028, 0.040, "#FFFFFF", alpha=190, angle=-0.4)
    p.ellipse(bx + 0.02, by - 0.040, 0.024, 0.034, "#FFFFFF", alpha=170, angle=0.4)
    p.ellipse(bx, by, 0.055, 0.036, "#F5BE2E")
    for dx in (-0.02, 0.008):
        half = 0.036 * math.sqrt(max(0.0, 1 - (dx / 0.055) ** 2)) * 0.95
        p.rrect(bx + dx - 0.008, by - half, bx + dx + 0.008, by + half, 0.006, "#3A2A1E")
    p.circle(bx + 0.055, by + 0.002, 0.024, "#3A2A1E")
    p.circle(bx + 0.062, by - 0.006, 0.006, "#FFFFFF", alpha=220)


def _pod(
    p: _Pen,
    x: float,
    y: float,
    length: float,
    width: float,
    angle: float,
    colour: str,
    dl: float = 0.0,
) -> None:
    """A ridged, oval thảo quả fruit."""
    p.poly(
        _ellipse_pts(x, y, length / 2 + 0.004, width / 2 + 0.004, angle, n=40), colour, dl - 0.16
    )
    p.poly(_ellipse_pts(x, y, length / 2, width / 2, angle, n=40), colour, dl)
    hx, hy = _rotate([(x - length * 0.05, y - width * 0.14)], x, y, angle)[0]
    p.ellipse(hx, hy, length * 0.38, width * 0.26, colour, dl + 0.07, angle=angle)
    for off in (-0.24, 0.24):
        a = _rotate(
            [
                (x - length * 0.42, y + off * width),
                (x, y + off * width * 1.5),
                (x + length * 0.42, y + off * width),
            ],
            x,
            y,
            angle,
        )
        p.line(_bezier(a[0], a[1], a[2], 10), colour, width * 0.05, dl=dl - 0.14, alpha=190)
    sx, sy = _rotate([(x - length * 0.18, y - width * 0.22)], x, y, angle)[0]
    p.ellipse(sx, sy, length * 0.09, width * 0.06, "#FFFFFF", alpha=150, angle=angle)
    tx, ty = _rotate([(x + length / 2, y)], x, y, angle)[0]
    p.circle(tx, ty, width * 0.1, "#4A2A18")


def _cardamom(p: _Pen, rng: random.Random) -> None:
    # Long leaves of the thảo quả plant fanning up from the back.
    for i, a in enumerate((-2.55, -2.2, -1.85, -1.5, -1.2, -0.85, -0.55)):
        a += rng.uniform(-0.06, 0.06)
        bend = 0.04 * (1 if a > -1.57 else -1)
        p.leaf(
            0.5,
            0.68,
            0.42 + 0.08 * math.sin(i * 1.7),
            0.10,
            a,
            "#3D7A3A" if i % 2 else "#5A9A48",
            bend=bend,
        )
    p.soft(0.5, 0.85, 0.36, 0.05, "#5B3A22", 0.4)
    # Fresh red cluster sprouting from the base: back row first.
    p.ellipse(0.5, 0.80, 0.16, 0.04, "#5E4A2A")
    rows = [
        (0.69, (0.42, 0.50, 0.58)),
        (0.745, (0.35, 0.44, 0.56, 0.65)),
        (0.80, (0.41, 0.50, 0.59)),
    ]
    for y, xs in rows:
        for x in xs:
            x += rng.uniform(-0.008, 0.008)
            angle = -math.pi / 2 + (x - 0.5) * 2.4 + rng.uniform(-0.12, 0.12)
            _pod(p, x, y, 0.12, 0.078, angle, "#B8322B", dl=rng.uniform(-0.05, 0.04))
    # Dried pods in front.
    for x, y, a in [
        (0.20, 0.88, 0.25),
        (0.31, 0.905, -0.2),
        (0.70, 0.895, -0.3),
        (0.82, 0.88, 0.2),
    ]:
        _pod(
            p,
            x + rng.uniform(-0.01, 0.01),
            y,
            0.12,
            0.062,
            a,
            "#6B3222",
            dl=rng.uniform(-0.03, 0.03),
        )


def _plum(p: _Pen, x: float, y: float, r: float, rng: random.Random) -> None:
    dl = rng.uniform(-0.05, 0.05)
    p.circle(x, y, r, "#6E1F45", dl)
    p.ellipse(x - r * 0.15, y - r * 0.12, r * 0.8, r * 0.78, "#9C2F5A", dl)
    p.ellipse(x - r * 0.28, y - r * 0.25, r * 0.48, r * 0.42, "#B9477A", dl, alpha=170)
    p.arc(x + r * 0.25, y, r * 0.6, r * 0.95, 110, 250, "#5A1738", r * 0.09)
    p.circle(x, y, r * 0.98, "#E8DDF0", alpha=40)  # the powdery bloom
    p.ellipse(x - r * 0.4, y - r * 0.42, r * 0.16, r * 0.10, "#FFFFFF", alpha=200, angle=-0.6)


def _blossom(p: _Pen, x: float, y: float, r: float) -> None:
    for i in range(5):
        a = 2 * math.pi * i / 5 - math.pi / 2
        p.circle(
            x + r * 0.55 * math.cos(a), y + r * 0.55 * math.sin(a), r * 0.5, "#FFFFFF", alpha=235
        )
    p.circle(x, y, r * 0.25, "#F4C542")


def _plums(p: _Pen, rng: random.Random) -> None:
    # Branch with leaves, white blossoms and two hanging plums.
    branch = _bezier((-0.02, 0.18), (0.40, 0.10), (0.86, 0.22), 30)
    p.poly(_thick_curve(branch, 0.030, 0.010), "#5A3B2A")
    for t, a, big in [
        (0.2, 0.6, 1),
        (0.35, -2.4, 0),
        (0.55, 0.9, 1),
        (0.7, -2.0, 0),
        (0.86, 0.3, 1),
    ]:
        x, y = branch[round(t * 30)]
        p.leaf(
            x,
            y,
            0.13 if big else 0.10,
            0.055,
            a + rng.uniform(-0.15, 0.15),
            "#4C8A3F" if big else "#6AA54F",
        )
    for t in (0.12, 0.45, 0.78):
        x, y = branch[round(t * 30)]
        _blossom(p, x + rng.uniform(-0.02, 0.02), y - 0.03, 0.028)
    for t, dy in ((0.3, 0.13), (0.62, 0.16)):
        x, y = branch[round(t * 30)]
        p.line([(x, y), (x + 0.01, y + dy - 0.05)], "#5A3B2A", 0.006)
        _plum(p, x + 0.01, y + dy, 0.055, rng)
    # Shallow bamboo tray full of plums.
    p.soft(0.5, 0.86, 0.40, 0.06, "#5B3A22", 0.4)
    p.ellipse(0.5, 0.80, 0.38, 0.10, "#B0844E")
    p.ellipse(0.5, 0.785, 0.35, 0.08, "#D9B276")
    for i in range(-6, 7):
        p.line(
            _bezier((0.5 + i * 0.05, 0.71), (0.5 + i * 0.052, 0.79), (0.5 + i * 0.05, 0.865)),
            "#B38650",
            0.004,
            alpha=120,
        )
    spots = [
        (0.30, 0.72, 0.075),
        (0.44, 0.70, 0.08),
        (0.58, 0.71, 0.078),
        (0.71, 0.73, 0.072),
        (0.37, 0.77, 0.075),
        (0.51, 0.78, 0.08),
        (0.64, 0.775, 0.076),
    ]
    for x, y, r in spots:
        _plum(p, x + rng.uniform(-0.01, 0.01), y, r, rng)


def _rice_ear(
    p: _Pen, base: Point, ctrl: Point, tip: Point, rng: random.Random, flip: float
) -> None:
    stalk = _bezier(base, ctrl, tip, 30)
    p.line(stalk, "#B58B34", 0.007)
    for i in range(12, 31, 2):
        x, y = stalk[i]
        for side in (-1, 1):
            ang = (
                math.atan2(stalk[i][1] - stalk[i - 1][1], stalk[i][0] - stalk[i - 1][0])
                + side * 0.6 * flip
            )
            gx, gy = x + 0.018 * math.cos(ang), y + 0.018 * math.sin(ang)
            p.ellipse(gx, gy, 0.017, 0.0085, "#E3B23F", dl=rng.uniform(-0.05, 0.04), angle=ang)


def _rice(p: _Pen, rng: random.Random) -> None:
    # Golden rice ears rising behind the bowl.
    for base, ctrl, tip, flip in [
        ((0.34, 0.70), (0.22, 0.30), (0.08, 0.34), 1),
        ((0.45, 0.68), (0.40, 0.20), (0.26, 0.14), 1),
        ((0.56, 0.68), (0.62, 0.18), (0.76, 0.14), -1),
        ((0.66, 0.70), (0.80, 0.30), (0.93, 0.36), -1),
    ]:
        tip = (tip[0] + rng.uniform(-0.02, 0.02), tip[1] + rng.uniform(-0.02, 0.02))
        _rice_ear(p, base, ctrl, tip, rng, flip)
    # Bowl.
    p.soft(0.5, 0.89, 0.30, 0.05, "#4A3420", 0.4)
    bowl = _bezier((0.22, 0.66), (0.26, 0.88), (0.5, 0.885), 20) + _bezier(
        (0.5, 0.885), (0.74, 0.88), (0.78, 0.66), 20
    )
    p.poly(bowl, "#34548A")
    p.poly(
        _bezier((0.5, 0.885), (0.74, 0.88), (0.78, 0.66), 20) + [(0.5, 0.66)], "#24406E", alpha=120
    )
    p.line(_bezier((0.235, 0.72), (0.5, 0.80), (0.765, 0.72)), "#F3EBDD", 0.010)
    for i in range(7):
        t = 0.12 + i * 0.127
        x = 0.235 + 0.53 * t
        y = 0.72 + 0.16 * t * (1 - t) * 2 * 0.5 + 0.035
        p.circle(x, y, 0.011, "#F3EBDD", alpha=220)
    p.rrect(0.42, 0.875, 0.58, 0.9, 0.01, "#2A446F")
    # Rice mound.
    p.ellipse(0.5, 0.66, 0.28, 0.05, "#E9E2D2")
    p.poly(_ellipse_pts(0.5, 0.66, 0.27, 0.16, n=48)[24:] + [(0.77, 0.66)], "#FBF8F1")
    for _ in range(90):
        a = rng.uniform(math.pi, 2 * math.pi)
        rr = math.sqrt(rng.random())
        x, y = 0.5 + 0.25 * rr * math.cos(a), 0.66 + 0.15 * rr * math.sin(a)
        p.ellipse(x, y, 0.011, 0.0055, "#E8E0CE", angle=rng.uniform(0, math.pi))
    p.ellipse(0.43, 0.56, 0.07, 0.025, "#FFFFFF", alpha=150, angle=-0.3)
    for _ in range(6):
        p.ellipse(
            rng.uniform(0.1, 0.9),
            rng.uniform(0.92, 0.96),
            0.011,
            0.0055,
            "#F6F0E2",
            angle=rng.uniform(0, math.pi),
        )


def _bath_leaves(p: _Pen, rng: random.Random) -> None:
    bx, by = 0.5, 0.66
    greens = ["#2F6B3A", "#3F8A45", "#5EA350", "#7CB65A", "#4D7F3A", "#2E5E44"]
    # Fan of mixed leaves: long lanceolate, broad ovate and small sprigs.
    for i in range(13):
        a = -math.pi / 2 + (i - 6) * 0.17 + rng.uniform(-0.05, 0.05)
        kind = i % 3
        col = greens[(i * 5) % len(greens)]
        if kind == 0:
            p.leaf(bx, by, 0.44, 0.075, a, col, bend=rng.uniform(-0.06, 0.06))
        elif kind == 1:
            p.leaf(bx, by, 0.34, 0.15, a, col, bend=rng.uniform(-0.04, 0.04))
        else:
            end = (bx + 0.38 * math.cos(a), by + 0.38 * math.sin(a))
            p.line([(bx, by), end], "#4D6B2E", 0.006)
            for k in range(3, 9):
                t = k / 9
                x, y = bx + (end[0] - bx) * t, by + (end[1] - by) * t
                for side in (-1, 1):
                    p.leaf(x, y, 0.06, 0.028, a + side * 0.8, "#8CC063", vein=False)
    # Stems below the tie.
    for i in range(9):
        x = bx - 0.04 + i * 0.01
        p.line([(bx, by), (x + rng.uniform(-0.01, 0.01), 0.88)], "#6A7F3A", 0.008)
    p.soft(0.5, 0.9, 0.2, 0.03, "#3A2A1E", 0.35)
    # Red Dao cord with a tassel.
    p.rrect(bx - 0.055, by + 0.02, bx + 0.055, by + 0.065, 0.012, "#C8102E")
    p.line([(bx - 0.055, by + 0.032), (bx + 0.055, by + 0.032)], "#F2C14E", 0.006)
    p.line([(bx - 0.055, by + 0.052), (bx + 0.055, by + 0.052)], "#F2C14E", 0.004)
    for k in range(7):
        x = bx + 0.06 + k * 0.006
        p.line([(bx + 0.05, by + 0.05), (x + 0.02, by + 0.17 + (k % 3) * 0.01)], "#C8102E", 0.005)
    p.circle(bx + 0.062, by + 0.055, 0.014, "#E8B923")
    # A couple of loose leaves on the table.
    p.leaf(0.18, 0.90, 0.14, 0.06, -0.2, "#3F8A45")
    p.leaf(0.70, 0.91, 0.12, 0.07, 0.3, "#5EA350")


def _herbs(p: _Pen, rng: random.Random) -> None:
    # Đương quy root with its feathery top, on the right.
    rx0, ry0 = 0.66, 0.40
    for a in (-2.0, -1.6, -1.2, -0.9):
        end = (rx0 + 0.22 * math.cos(a), ry0 + 0.22 * math.sin(a))
        p.line([(rx0, ry0), end], "#5C8A3A", 0.007)
        for k in range(2, 7):
            t = k / 6
            x, y = rx0 + (end[0] - rx0) * t, ry0 + (end[1] - ry0) * t
            p.leaf(x, y, 0.05, 0.03, a - 0.9, "#7DB35A", vein=False)
            p.leaf(x, y, 0.05, 0.03, a + 0.9, "#5E9A46", vein=False)
    for i, (dx, length, ang) in enumerate(
        [(-0.03, 0.40, 1.75), (0.0, 0.46, 1.55), (0.03, 0.36, 1.3)]
    ):
        pts = _bezier(
            (rx0 + dx, ry0),
            (rx0 + dx + 0.05 * math.cos(ang + 0.3), ry0 + length * 0.5),
            (rx0 + dx + length * math.cos(ang), ry0 + length * math.sin(ang)),
            20,
        )
        p.poly(_thick_curve(pts, 0.07 - i * 0.012, 0.006), "#C9A77A", dl=-0.03 * i)
        for k in range(4, 18, 4):
            x, y = pts[k]
            side = 1 if k % 8 else -1
            p.line([(x, y), (x + side * 0.05, y + 0.04)], "#B08A5C", 0.004)
    p.ellipse(rx0, ry0 + 0.005, 0.05, 0.02, "#8A6A48")
    # Artichoke (actiso) on the left: rows of bracts, upper rows first so lower ones overlap.
    ax = 0.30
    p.poly(
        _thick_curve(_bezier((ax, 0.68), (ax + 0.005, 0.80), (ax + 0.03, 0.89)), 0.04, 0.03),
        "#5E8B45",
    )
    p.leaf(ax + 0.02, 0.83, 0.17, 0.06, -0.35, "#6E9A55")
    p.leaf(ax + 0.015, 0.85, 0.15, 0.055, -2.75, "#5E8B45")
    p.ellipse(ax, 0.56, 0.105, 0.14, "#3F6B3A")
    counts = [1, 3, 4, 5, 5, 4]
    for i, count in enumerate(counts):
        t = i / (len(counts) - 1)
        y = 0.42 + 0.25 * t
        half = 0.10 * math.sin(math.pi * (0.14 + 0.66 * t))
        size = 0.045 + 0.02 * math.sin(math.pi * t)
        for j in range(count):
            x = ax if count == 1 else ax - half + 2 * half * j / (count - 1)
            tilt = -math.pi / 2 + (x - ax) * 2.5
            p.leaf(x, y + size, size * 1.95, size * 1.6, tilt, "#3A6436", vein=False)
            p.leaf(
                x,
                y + size - 0.004,
                size * 1.75,
                size * 1.35,
                tilt,
                "#7DAA64",
                dl=-0.03 * (j % 2),
                vein=False,
            )
            tx, ty = x + size * 1.6 * math.cos(tilt), y + size + size * 1.6 * math.sin(tilt)
            p.circle(tx, ty, size * 0.13, "#8A5A9C", alpha=220)
    p.soft(0.5, 0.90, 0.38, 0.04, "#3A2A1E", 0.35)
    # Dried slices in front.
    for i in range(5):
        x = 0.42 + i * 0.09 + rng.uniform(-0.01, 0.01)
        y = 0.86 + (i % 2) * 0.035
        p.ellipse(x, y, 0.045, 0.026, "#B99566")
        p.ellipse(x, y - 0.004, 0.043, 0.023, "#E6D3A8")
        p.ellipse(x, y - 0.004, 0.024, 0.012, "#C8A56E")
        p.ellipse(x, y - 0.004, 0.008, 0.004, "#8A6A48")


def _brocade(p: _Pen, rng: random.Random) -> None:
    x0, x1, y0, y1 = 0.20, 0.80, 0.17, 0.78
    palette = ["#C8102E", "#F2B705", "#2E8B57", "#E85D9E", "#F4EDE1", "#F07F1E", "#4C6FD1"]
    rng.shuffle(palette)
    p.soft(0.52, 0.50, 0.32, 0.36, "#3A2A1E", 0.35, blur=0.15)
    # Hanging rod and cords.
    p.line([(0.5, 0.06), (x0 + 0.04, 0.15)], "#7A5536", 0.005)
    p.line([(0.5, 0.06), (x1 - 0.04, 0.15)], "#7A5536", 0.005)
    p.circle(0.5, 0.06, 0.01, "#7A5536")
    p.rrect(x0 - 0.06, 0.145, x1 + 0.06, 0.175, 0.015, "#8B5E3C")
    p.circle(x0 - 0.06, 0.16, 0.02, "#6E4A2E")
    p.circle(x1 + 0.06, 0.16, 0.02, "#6E4A2E")
    p.rrect(x0, y0, x1, y1, 0.004, "#1F2A55")
    y = y0 + 0.02
    band_kinds = [
        "diamonds",
        "stripe",
        "zigzag",
        "stripe",
        "stars",
        "stripe",
        "checks",
        "diamonds",
        "stripe",
        "zigzag",
    ]
    k = rng.randrange(len(palette))
    for kind in band_kinds:
        c1, c2 = palette[k % len(palette)], palette[(k + 2) % len(palette)]
        k += 1
        if kind == "stripe":
            hgt = 0.016
            p.poly([(x0, y), (x1, y), (x1, y + hgt), (x0, y + hgt)], c1)
        elif kind == "diamonds":
            hgt = 0.07
            n = 7
            w = (x1 - x0) / n
            for i in range(n):
                cx, cy = x0 + w * (i + 0.5), y + hgt / 2
                p.poly(
                    [
                        (cx, y + 0.004),
                        (cx + w / 2 - 0.004, cy),
                        (cx, y + hgt - 0.004),
                        (cx - w / 2 + 0.004, cy),
                    ],
                    c1,
                )
                p.poly([(cx, cy - 0.016), (cx + 0.016, cy), (cx, cy + 0.016), (cx - 0.016, cy)], c2)
                p.circle(cx, cy, 0.004, "#F4EDE1")
        elif kind == "zigzag":
            hgt = 0.035
            n = 12
            w = (x1 - x0) / n
            for i in range(n):
                a = x0 + w * i
                p.poly([(a, y + hgt), (a + w / 2, y), (a + w, y + hgt)], c1 if i % 2 else c2)
        elif kind == "stars":
            hgt = 0.07
            n = 5
            w = (x1 - x0) / n
            for i in range(n):
                cx, cy = x0 + w * (i + 0.5), y + hgt / 2
                s = 0.027
                p.poly([(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s)], c1)
                p.poly(
                    [
                        (cx, cy - s * 1.41),
                        (cx + s * 1.41, cy),
                        (cx, cy + s * 1.41),
                        (cx - s * 1.41, cy),
                    ],
                    c1,
                )
                p.circle(cx, cy, s * 0.55, c2)
                p.circle(cx, cy, s * 0.22, "#1F2A55")
        else:  # checks
            hgt = 0.03
            n = 16
            w = (x1 - x0) / n
            for i in range(n):
                for j in range(2):
                    if (i + j) % 2:
                        p.poly(
                            [
                                (x0 + w * i, y + j * hgt / 2),
                                (x0 + w * (i + 1), y + j * hgt / 2),
                                (x0 + w * (i + 1), y + (j + 1) * hgt / 2),
                                (x0 + w * i, y + (j + 1) * hgt / 2),
                            ],
                            c1,
                        )
        y += hgt + 0.014
        if y > y1 - 0.05:
            break
    # Soft folds.
    for i in range(6):
        fx = x0 + (x1 - x0) * (i + 0.5) / 6
        p.poly(
            [(fx - 0.02, y0), (fx + 0.02, y0), (fx + 0.03, y1), (fx - 0.03, y1)],
            "#000000",
            alpha=28,
        )
    # Tassel fringe.
    n = 26
    for i in range(n + 1):
        fx = x0 + (x1 - x0) * i / n
        col = palette[i % 3]
        p.line(
            [(fx, y1), (fx + rng.uniform(-0.006, 0.006), y1 + 0.06 + (i % 2) * 0.015)], col, 0.007
        )
        p.circle(fx, y1 + 0.003, 0.007, col)


def _mushroom(p: _Pen, x: float, y: float, s: float, rng: random.Random, tilt: float = 0.0) -> None:
    """A shiitake (nấm hương): cream stem, pale gills, brown cap with light cracks."""
    stem = [
        (x - 0.045 * s, y),
        (x + 0.045 * s, y),
        (x + 0.035 * s + tilt * 0.5, y - 0.2 * s),
        (x - 0.035 * s + tilt * 0.5, y - 0.2 * s),
    ]
    p.poly(stem, "#EFE3C8")
    p.poly(
        [stem[1], stem[2], (x + tilt * 0.5 + 0.005 * s, y - 0.2 * s), (x + 0.012 * s, y)],
        "#D9C9A6",
        alpha=170,
    )
    cx, cy = x + tilt, y - 0.2 * s
    p.ellipse(cx, cy + 0.006 * s, 0.19 * s, 0.045 * s, "#E3CFA6")  # gills
    for k in range(-6, 7):
        p.line(
            [(cx, cy + 0.012 * s), (cx + k * 0.028 * s, cy + 0.04 * s)],
            "#C7AE82",
            0.002 * s + 0.001,
        )
    dl = rng.uniform(-0.04, 0.04)
    dome = _ellipse_pts(cx, cy, 0.205 * s, 0.165 * s, n=48)[24:] + [(cx + 0.205 * s, cy)]
    p.poly(dome, "#4E2D18", dl)
    dome = _ellipse_pts(cx, cy - 0.004 * s, 0.195 * s, 0.155 * s, n=48)[24:] + [
        (cx + 0.195 * s, cy - 0.004 * s)
    ]
    p.poly(dome, "#74452A", dl)
    p.ellipse(cx, cy - 0.002 * s, 0.205 * s, 0.03 * s, "#5A341E", dl)
    p.ellipse(cx - 0.05 * s, cy - 0.09 * s, 0.1 * s, 0.045 * s, "#93603B", dl, alpha=200)
    for _ in range(10):
        a = rng.uniform(math.pi * 1.1, math.pi * 1.9)
        rr = rng.uniform(0.25, 0.85)
        p.ellipse(
            cx + 0.19 * s * rr * math.cos(a),
            cy + 0.15 * s * rr * math.sin(a),
            0.012 * s,
            0.006 * s,
            "#EBDDBE",
            alpha=210,
            angle=rng.uniform(0, 3),
        )


def _mushrooms(p: _Pen, rng: random.Random) -> None:
    # Fern (rau dớn) with a curled fiddlehead on the left.
    fern = _bezier((0.22, 0.84), (0.10, 0.50), (0.22, 0.26), 30)
    p.line(fern, "#4F7A2E", 0.008)
    for i in range(3, 27, 2):
        x, y = fern[i]
        size = 0.07 * (1 - i / 34)
        p.leaf(x, y, size, size * 0.45, -0.3, "#6BA547", vein=False)
        p.leaf(x, y, size, size * 0.45, math.pi + 0.3, "#5A9A3E", vein=False)
    spiral = [
        (0.22 + 0.03 * (1 - t) * math.cos(t * 9), 0.245 + 0.03 * (1 - t) * math.sin(t * 9))
        for t in (k / 30 for k in range(31))
    ]
    p.line(spiral, "#6BA547", 0.007)
    # Mossy ground.
    p.soft(0.55, 0.86, 0.42, 0.08, "#3A2A1E", 0.3)
    p.ellipse(0.55, 0.86, 0.40, 0.065, "#6E8F3C")
    p.ellipse(0.52, 0.85, 0.33, 0.045, "#86A84A")
    for _ in range(22):
        x = rng.uniform(0.2, 0.9)
        p.line(
            [(x, 0.86), (x + rng.uniform(-0.02, 0.02), 0.82 - rng.uniform(0, 0.03))],
            "#5E8A36",
            0.004,
        )
    _mushroom(p, 0.33, 0.865, 0.72, rng, tilt=-0.03)
    _mushroom(p, 0.79, 0.87, 0.78, rng, tilt=0.03)
    _mushroom(p, 0.56, 0.885, 1.1, rng)
    p.leaf(0.80, 0.90, 0.08, 0.04, 0.4, "#C9823A")


def _smoked_meat(p: _Pen, rng: random.Random) -> None:
    # Warm glow of the hearth below and rising smoke.
    p.soft(0.5, 1.0, 0.45, 0.22, "#FFB25B", 0.55)
    for i in range(3):
        x = 0.25 + i * 0.25 + rng.uniform(-0.03, 0.03)
        pts = [(x + 0.03 * math.sin(k / 3.5 + i * 2), 0.92 - k * 0.025) for k in range(24)]
        for j in range(0, 22, 2):  # fade out as it rises
            fade = 1 - j / 22
            p.line(pts[j : j + 3], "#FFFFFF", 0.03 * (0.6 + 0.6 * j / 22), alpha=round(40 * fade))
    # Bamboo pole.
    p.rrect(0.02, 0.15, 0.98, 0.185, 0.017, "#C9A66B")
    for x in (0.18, 0.46, 0.74):
        p.rrect(x, 0.148, x + 0.012, 0.188, 0.004, "#A98650")
    p.line([(0.02, 0.158), (0.98, 0.158)], "#E3C68E", 0.005)
    xs = [0.16, 0.33, 0.50, 0.67, 0.84]
    for i, x in enumerate(xs):
        x += rng.uniform(-0.015, 0.015)
        length = 0.42 + 0.1 * math.sin(i * 2.1) + rng.uniform(-0.03, 0.03)
        top = 0.25 + (i % 2) * 0.02
        p.line([(x, 0.17), (x, top + 0.01)], "#3B2A20", 0.005)
        w = 0.06 + 0.01 * (i % 2)
        left = [
            (x - w / 2 + 0.008 * math.sin(k * 1.3 + i), top + length * k / 10) for k in range(11)
        ]
        right = [
            (x + w / 2 + 0.008 * math.sin(k * 1.7 + i), top + length * k / 10) for k in range(11)
        ]
        left[-1] = (x - w * 0.25, top + length)
        right[-1] = (x + w * 0.3, top + length + 0.01)
        strip = left + right[::-1]
        p.poly(strip, "#5B2618", dl=rng.uniform(-0.04, 0.03))
        p.poly(
            [
                (x - w * 0.2, top + 0.02),
                (x - w * 0.05, top + 0.02),
                (x - w * 0.02, top + length * 0.9),
                (x - w * 0.15, top + length * 0.9),
            ],
            "#9C4A2C",
            alpha=150,
        )
        p.line(
            [(x + w * 0.22, top + 0.03), (x + w * 0.18, top + length * 0.8)],
            "#C97B55",
            0.004,
            alpha=120,
        )
        for _ in range(8):
            p.circle(
                x + rng.uniform(-w * 0.35, w * 0.35),
                top + rng.uniform(0.04, length - 0.03),
                0.0035,
                "#241008",
            )
    # Two chillies and a dish of chẩm chéo on the table.
    p.soft(0.5, 0.93, 0.35, 0.03, "#3A2A1E", 0.3)
    _chilli(p, [(0.60, 0.90), (0.70, 0.93), (0.80, 0.88)], 0.028)
    _chilli(p, [(0.66, 0.95), (0.76, 0.97), (0.86, 0.93)], 0.024)
    p.ellipse(0.30, 0.92, 0.11, 0.035, "#E9E1D3")
    p.ellipse(0.30, 0.915, 0.085, 0.024, "#8E2A1C")
    for _ in range(12):
        p.circle(
            0.30 + rng.uniform(-0.06, 0.06), 0.915 + rng.uniform(-0.012, 0.012), 0.0035, "#3E6B2A"
        )


def _chilli(p: _Pen, pts: Sequence[Point], width: float) -> None:
    curve = _bezier(pts[0], pts[1], pts[2], 24)
    p.poly(_thick_curve(curve, width, 0.004), "#C8231B")
    p.line(curve[2:14], "#F06A4A", width * 0.22, alpha=180)
    x, y = pts[0]
    p.ellipse(x - width * 0.2, y, width * 0.45, width * 0.55, "#3E7A2E")
    p.line([(x - width * 0.4, y), (x - width * 1.1, y - width * 0.5)], "#3E7A2E", width * 0.25)


def _star_anise(p: _Pen, x: float, y: float, r: float, rot: float) -> None:
    for i in range(8):
        a = rot + 2 * math.pi * i / 8
        p.leaf(x, y, r, r * 0.42, a, "#7A3E1D", vein=False)
        sx, sy = x + r * 0.55 * math.cos(a), y + r * 0.55 * math.sin(a)
        p.ellipse(sx, sy, r * 0.14, r * 0.09, "#C98B4A", angle=a)
    p.circle(x, y, r * 0.12, "#5A2C14")


def _cinnamon(p: _Pen, rng: random.Random) -> None:
    angle = -0.32 + rng.uniform(-0.05, 0.05)
    cx, cy = 0.50, 0.64
    p.soft(0.50, 0.76, 0.36, 0.05, "#3A2A1E", 0.4)
    length, w = 0.60, 0.055
    offsets = [
        (-0.055, 0.0),
        (0.0, 0.01),
        (0.055, -0.005),
        (-0.028, -0.045),
        (0.028, -0.04),
        (0.0, -0.085),
    ]
    for dy, dx in offsets:
        ox, oy = cx + dx - dy * math.sin(angle), cy + dy * math.cos(angle)
        rect = _rotate(
            [
                (ox - length / 2, oy - w / 2),
                (ox + length / 2, oy - w / 2),
                (ox + length / 2, oy + w / 2),
                (ox - length / 2, oy + w / 2),
            ],
            ox,
            oy,
            angle,
        )
        tone = rng.uniform(-0.05, 0.04)
        p.poly(rect, "#A0562A", dl=tone)
        hl = _rotate(
            [(ox - length / 2, oy - w * 0.3), (ox + length / 2, oy - w * 0.3)], ox, oy, angle
        )
        p.line(hl, "#C97E48", w * 0.18, dl=tone, alpha=200)
        sh = _rotate(
            [(ox - length / 2, oy + w * 0.32), (ox + length / 2, oy + w * 0.32)], ox, oy, angle
        )
        p.line(sh, "#6E3617", w * 0.14, alpha=160)
        ex, ey = _rotate([(ox + length / 2, oy)], ox, oy, angle)[0]
        p.ellipse(ex, ey, w * 0.22, w * 0.5, "#7A3A18", angle=angle)
        p.ellipse(ex, ey, w * 0.16, w * 0.36, "#C7874F", angle=angle)
        p.ellipse(ex + 0.002, ey - 0.004, w * 0.07, w * 0.18, "#7A3A18", angle=angle)
        p.ellipse(
            *_rotate([(ox - length / 2, oy)], ox, oy, angle)[0],
            w * 0.22,
            w * 0.5,
            "#8A4520",
            angle=angle,
        )
    # Twine wrapped across the bundle.
    ux, uy = math.cos(angle), math.sin(angle)
    for along in (-0.15, -0.125):
        tx, ty = cx + along * ux, cy + along * uy
        p.line(
            [(tx + uy * 0.115, ty - ux * 0.115), (tx - uy * 0.085, ty + ux * 0.085)],
            "#E8D3A5",
            0.011,
        )
    _chilli(p, [(0.14, 0.86), (0.26, 0.90), (0.38, 0.84)], 0.034)
    _chilli(p, [(0.22, 0.92), (0.34, 0.955), (0.46, 0.92)], 0.028)
    _star_anise(p, 0.72, 0.89, 0.06, rng.uniform(0, 1))
    _star_anise(p, 0.86, 0.85, 0.045, rng.uniform(0, 1))


def _basket(p: _Pen, rng: random.Random) -> None:
    # A H'Mông back basket (gùi) full of produce: the fallback motif.
    p.soft(0.5, 0.88, 0.32, 0.05, "#3A2A1E", 0.4)
    body = [(0.26, 0.40), (0.74, 0.40), (0.64, 0.86), (0.36, 0.86)]
    for fx, fy, fr, col in [
        (0.36, 0.36, 0.08, "#D9432F"),
        (0.50, 0.33, 0.09, "#F2A93B"),
        (0.63, 0.36, 0.08, "#8E2F5A"),
        (0.44, 0.30, 0.06, "#7DB35A"),
    ]:
        p.circle(fx + rng.uniform(-0.01, 0.01), fy, fr, col)
        p.circle(fx - fr * 0.3, fy - fr * 0.3, fr * 0.25, "#FFFFFF", alpha=90)
    p.leaf(0.5, 0.32, 0.18, 0.07, -1.2, "#3F8A45")
    p.leaf(0.5, 0.32, 0.16, 0.06, -2.2, "#5EA350")
    p.poly(body, "#B9874F")
    for i in range(1, 9):
        t = i / 9
        y = 0.40 + 0.46 * t
        half = 0.24 - 0.10 * t
        p.line([(0.5 - half, y), (0.5 + half, y)], "#94663A", 0.006)
    for i in range(-5, 6):
        p.line([(0.5 + i * 0.045, 0.40), (0.5 + i * 0.026, 0.86)], "#D4A76E", 0.005, alpha=160)
    p.rrect(0.24, 0.385, 0.76, 0.42, 0.015, "#7A5233")
    p.rrect(0.34, 0.84, 0.66, 0.875, 0.01, "#7A5233")


_MOTIFS: dict[str, Motif] = {
    "che-shan-tuyet": _tea,
    "mat-ong-rung": _honey,
    "thao-qua": _cardamom,
    "man-tam-hoa-trai-cay": _plums,
    "gao-seng-cu-ngu-coc": _rice,
    "la-tam-nguoi-dao-do": _bath_leaves,
    "duoc-lieu": _herbs,
    "tho-cam": _brocade,
    "nam-rau-rung": _mushrooms,
    "thit-gac-bep": _smoked_meat,
    "que-gia-vi": _cinnamon,
}

# Slugs that are renamed later still get a fitting motif when they contain one of these words.
_KEYWORDS: list[tuple[str, Motif]] = [
    ("che", _tea),
    ("tra", _tea),
    ("mat-ong", _honey),
    ("thao-qua", _cardamom),
    ("man", _plums),
    ("trai-cay", _plums),
    ("gao", _rice),
    ("ngu-coc", _rice),
    ("la-tam", _bath_leaves),
    ("duoc", _herbs),
    ("tho-cam", _brocade),
    ("nam", _mushrooms),
    ("rau", _mushrooms),
    ("thit", _smoked_meat),
    ("gac-bep", _smoked_meat),
    ("que", _cinnamon),
    ("gia-vi", _cinnamon),
]

# Background (top, bottom, glow) per motif: warm and soft, never grey.
_BACKDROPS: dict[Motif, tuple[str, str, str]] = {
    _tea: ("#F6E7C8", "#E7C9A0", "#FFF6E2"),
    _honey: ("#FBE7C0", "#F2C98E", "#FFF5DA"),
    _cardamom: ("#F8E4CC", "#E9BFA0", "#FFF2E2"),
    _plums: ("#F7E3DA", "#E8C2B9", "#FFF4EE"),
    _rice: ("#F7EBCB", "#E9CF98", "#FFF8E0"),
    _bath_leaves: ("#EEF0D6", "#D9D3A6", "#FBFBEA"),
    _herbs: ("#F3EBD3", "#DCCBA3", "#FFF9E8"),
    _brocade: ("#F6E3CF", "#E6C4A6", "#FFF4E8"),
    _mushrooms: ("#F2E6CF", "#DCC6A0", "#FFF7E6"),
    _smoked_meat: ("#F4D9B8", "#D9A57A", "#FFE9CC"),
    _cinnamon: ("#F9E6CC", "#ECC49A", "#FFF3E0"),
    _basket: ("#F8E9D2", "#EAC9A2", "#FFF6E8"),
}


def _motif_for(slug: str) -> Motif:
    if slug in _MOTIFS:
        return _MOTIFS[slug]
    parts = f"-{slug.lower()}-"
    for word, motif in _KEYWORDS:
        if f"-{word}-" in parts:
            return motif
    return _basket


_LOW = 160  # backgrounds are soft: paint them small, then stretch once


def _backdrop(size: int, motif: Motif, rng: random.Random) -> Image.Image:
    top, bottom, glow = (_hex(c) for c in _BACKDROPS[motif])
    dh = rng.uniform(-0.03, 0.03)
    top, bottom, glow = (_adjust(c, dh, rng.uniform(-0.02, 0.02)) for c in (top, bottom, glow))
    low = _gradient(_LOW, top, bottom)
    pen = _Pen(low, rng, 0.0)
    # Table surface with a soft edge, and a glow behind the subject.
    table = _mix(bottom, (120, 80, 50), 0.12)
    edge = round(_LOW * 0.8)
    low.paste(_gradient(_LOW - edge, _mix(bottom, table, 0.5), table, width=_LOW), (0, edge))
    pen.soft(0.5, 0.80, 0.7, 0.01, _mix(table, (80, 50, 30), 0.25), 0.45, blur=0.8)
    pen.soft(0.5 + rng.uniform(-0.05, 0.05), 0.45, 0.42, 0.40, glow, 0.85, blur=0.45)
    img = low.resize((size, size), Image.Resampling.BILINEAR)
    pen = _Pen(img, rng, 0.0)
    for _ in range(7):  # out-of-focus dots
        x, y, r = rng.uniform(0.03, 0.97), rng.uniform(0.03, 0.6), rng.uniform(0.01, 0.035)
        pen.circle(x, y, r, "#FFFFFF", alpha=rng.randint(30, 60))
        pen.circle(x, y, r * 0.8, "#FFFFFF", alpha=25)
    return img


def product_photo(*, category_slug: str, seed: int, size: int = 800) -> bytes:
    """A square JPEG (quality ~82, progressive, optimised) illustrating the category."""
    rng = random.Random(seed * 1_000_003 + zlib.crc32(category_slug.encode()))
    s = size * _SUPERSAMPLE
    motif = _motif_for(category_slug)
    img = _backdrop(s, motif, rng)
    motif(_Pen(img, rng, rng.uniform(-0.02, 0.02)), rng)
    return _encode(img, size)


# --------------------------------------------------------------------------- producer photo


def _ridge(rng: random.Random, base: float, amp: float, n: int = 64) -> list[Point]:
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    freqs = [
        rng.uniform(1.2, 2.0),
        rng.uniform(2.5, 4.0),
        rng.uniform(5.0, 7.0),
        rng.uniform(9, 13),
    ]
    weights = [1.0, 0.45, 0.2, 0.08]
    pts = []
    for i in range(n + 1):
        x = i / n
        y = base - amp * sum(
            w * math.sin(f * math.pi * x + ph)
            for w, f, ph in zip(weights, freqs, phases, strict=True)
        )
        pts.append((x, y))
    return pts


def producer_photo(*, seed: int, size: int = 800) -> bytes:
    """A landscape-ish square: terraced mountains at sunrise."""
    rng = random.Random(seed * 7_919 + 17)
    s = size * _SUPERSAMPLE
    dh = rng.uniform(-0.03, 0.03)
    sky_top = _adjust(_hex("#A9B8DE"), dh)
    sky_low = _adjust(_hex("#FBD3A4"), dh)
    low = _gradient(_LOW, sky_top, _hex("#FDEBC8"), mid=sky_low, at=0.5)
    sun_x, sun_y = rng.uniform(0.28, 0.72), rng.uniform(0.36, 0.44)
    _Pen(low, rng, 0.0).soft(sun_x, sun_y, 0.35, 0.28, "#FFF1C9", 0.8, blur=0.5)
    img = low.resize((s, s), Image.Resampling.BILINEAR)
    p = _Pen(img, rng, 0.0)
    p.circle(sun_x, sun_y, 0.09, "#FFE6B0", alpha=90)
    p.circle(sun_x, sun_y, 0.064, "#FFD27A")
    p.circle(sun_x, sun_y, 0.056, "#FFE9B0")
    p.circle(sun_x - 0.012, sun_y - 0.012, 0.03, "#FFF6DE", alpha=160)
    for _ in range(rng.randint(2, 4)):  # birds
        bx, by, bs = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.3), rng.uniform(0.012, 0.02)
        p.line([(bx - bs, by - bs * 0.4), (bx, by), (bx + bs, by - bs * 0.4)], "#5A5470", 0.004)
    # Far ranges fading into the haze.
    layers = [
        (0.50, 0.07, "#B9A9CC"),
        (0.57, 0.06, "#9C93BD"),
        (0.63, 0.05, "#7F8FAE"),
    ]
    for base, amp, colour in layers:
        ridge = _ridge(rng, base, amp)
        p.poly([*ridge, (1.0, 1.0), (0.0, 1.0)], colour, dl=rng.uniform(-0.02, 0.02))
        p.soft(0.5, base + 0.07, 0.8, 0.03, "#FFF4E6", 0.45, blur=0.9)
    # Terraced hills in front.
    season = rng.choice(["green", "gold", "water"])
    schemes = {
        "green": ["#8DB255", "#A5C45E", "#7DA64C", "#B6CB6A"],
        "gold": ["#D8B24A", "#E4C25A", "#C9A23E", "#EBCB6B"],
        "water": ["#9FC1C8", "#B7D3D3", "#8DB0B8", "#C9DEDA"],
    }[season]
    for h, (base, amp) in enumerate([(0.70, 0.08), (0.80, 0.07)]):
        crest = _ridge(rng, base, amp)
        bottom = 1.05
        bands = 12 + h * 2
        prev = crest
        for k in range(1, bands + 1):
            t = (k / bands) ** 1.25
            cur = [(x, y + (bottom - y) * t) for x, y in crest]
            colour = schemes[(k + h) % len(schemes)]
            p.poly(prev + cur[::-1], colour, dl=-0.03 * h + rng.uniform(-0.015, 0.015))
            p.line(cur, "#5E7A3A" if season != "water" else "#6A8A7A", 0.004, alpha=150)
            if season == "water":
                p.line([(x, y + 0.006) for x, y in prev[::3]], "#FFF3DA", 0.003, alpha=140)
            prev = cur
        p.line(crest, "#4E6B34", 0.006, alpha=200)
        # Trees along the ridge.
        for _ in range(rng.randint(4, 8)):
            i = rng.randrange(len(crest))
            tx, ty = crest[i]
            tr = rng.uniform(0.015, 0.028)
            p.line([(tx, ty + 0.01), (tx, ty - tr)], "#3E3326", 0.005)
            p.circle(tx, ty - tr * 1.4, tr, "#3F6A3A", dl=rng.uniform(-0.04, 0.04))
        if h == 0:
            # A small stilt house on the upper terraces.
            i = rng.randrange(12, 52)
            hx, hy = crest[i][0], crest[i][1] + 0.06
            p.rrect(hx - 0.04, hy - 0.035, hx + 0.04, hy, 0.003, "#8A5E3A")
            p.poly([(hx - 0.055, hy - 0.03), (hx, hy - 0.075), (hx + 0.055, hy - 0.03)], "#5E3F2A")
            p.rrect(hx - 0.012, hy - 0.025, hx + 0.012, hy, 0.002, "#F3C97A")
            p.line([(hx - 0.035, hy), (hx - 0.035, hy + 0.012)], "#5E3F2A", 0.004)
            p.line([(hx + 0.035, hy), (hx + 0.035, hy + 0.012)], "#5E3F2A", 0.004)
    p.soft(0.5, 0.66, 0.9, 0.025, "#FFFFFF", 0.35, blur=0.9)
    return _encode(img, size)
