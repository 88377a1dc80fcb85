"""Demo pictures drawn with Pillow: soft gradients and blurred "cells" in the
clinic's palette. Nothing is downloaded, and the same spec always gives the same
picture (no randomness), so the demo looks the same on every machine.
"""

from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PALETTE = {
    "teal": (15, 118, 110),
    "blue": (30, 58, 95),
    "white": (250, 247, 242),  # warm white
    "mint": (153, 214, 200),
    "sky": (142, 180, 214),
}
# Steps of the "R2" low-discrepancy sequence: points spread evenly, never clumped.
STEP_X, STEP_Y = 0.7548776662, 0.5698402910


def _gradient(size, start, end):
    """A diagonal gradient from `start` (top left) to `end` (bottom right)."""
    vertical = Image.linear_gradient("L")  # 256 x 256, black at the top
    diagonal = ImageChops.add(
        vertical, vertical.transpose(Image.Transpose.TRANSPOSE), 2
    )
    base = Image.new("RGB", size, PALETTE[start])
    return Image.composite(
        Image.new("RGB", size, PALETTE[end]), base, diagonal.resize(size)
    )


def _cells(size, seed, colours, count):
    """Translucent discs, some with a membrane-like ring, blurred to look soft."""
    width, height = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for n in range(count):
        x = width * ((0.5 + (n + seed) * STEP_X) % 1)
        y = height * ((0.5 + (n + seed) * STEP_Y) % 1)
        radius = min(size) * (0.05 + 0.15 * ((n * 0.381 + seed * 0.13) % 1))
        colour = PALETTE[colours[n % len(colours)]]
        box = (x - radius, y - radius, x + radius, y + radius)
        draw.ellipse(box, fill=(*colour, 70))
        if n % 3 == 0:
            draw.ellipse(box, outline=(*PALETTE["white"], 120), width=4)
    return layer.filter(ImageFilter.GaussianBlur(radius=min(size) / 90))


def _silhouette(size):
    """A neutral head-and-shoulders shape: a placeholder until real photos exist."""
    width, height = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    fill = (*PALETTE["white"], 150)
    head, centre_y = width * 0.17, height * 0.36
    draw.ellipse(
        (width / 2 - head, centre_y - head, width / 2 + head, centre_y + head),
        fill=fill,
    )
    draw.ellipse((width * 0.2, height * 0.62, width * 0.8, height * 1.25), fill=fill)
    return layer.filter(ImageFilter.GaussianBlur(radius=2))


def render_jpeg(spec: dict) -> bytes:
    """The JPEG bytes for one entry of `content.IMAGES`."""
    size = spec["size"]
    picture = _gradient(size, *spec["gradient"]).convert("RGBA")
    cells = _cells(size, spec["seed"], spec["cells"], spec.get("count", 14))
    picture.alpha_composite(cells)
    if spec.get("portrait"):
        picture.alpha_composite(_silhouette(size))
    out = BytesIO()
    picture.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()
