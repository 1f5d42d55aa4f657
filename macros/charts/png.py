"""PNG files as small as they can be without changing a pixel.

The renderer (resvg in vl-convert) writes its PNGs quickly: zlib level 1, no filtering. oxipng
(level 2) rewrites them losslessly: a chart or a share card has few colours (the palette, the
text colour and their anti-aliased edges: a few dozen), so it becomes a palette image, and the
row filters and the deflate stream are chosen by trial. That is about 11 % smaller than
Pillow's palette image at zlib level 9 for about 0.05 s more per image; oxipng's higher levels
save a further 0.4 % at four times the time. The decoded pixels are the renderer's, exactly
(checked on every image before it is used), and the result is stored in the render caches, so
the work is done once per image.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import oxipng
from PIL import Image

if TYPE_CHECKING:  # imported when an image is compressed (a warm build compresses none)
    import numpy as np

OXIPNG_LEVEL = 2  # see the module's docstring


def _rgba(png: bytes) -> np.ndarray:
    import numpy as np

    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA"))


def compress(png: bytes) -> bytes:
    """``png`` recompressed losslessly: the same decoded RGBA pixels, the smaller file of the two."""
    import numpy as np

    result = oxipng.optimize_from_memory(png, level=OXIPNG_LEVEL)
    if not np.array_equal(_rgba(result), _rgba(png)):  # never expected; the original is kept if it happens
        return png
    return result if len(result) < len(png) else png


@functools.cache
def code_fingerprint() -> str:
    """This module's code and the versions of Pillow and oxipng: a part of the cache key of every
    PNG written through it."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"pillow {version('pillow')}\npyoxipng {version('pyoxipng')}\n".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def with_text(png: bytes, entries: dict[str, str], language: str) -> bytes:
    """``png`` with ``entries`` (keyword -> text) as international text chunks (iTXt, UTF-8,
    tagged with ``language``) before its end: what image viewers and tools show as its title and
    description. The pixels are untouched.

    >>> from PIL import Image
    >>> blank = io.BytesIO(); Image.new("L", (1, 1)).save(blank, "PNG")
    >>> Image.open(io.BytesIO(with_text(blank.getvalue(), {"Title": "Äpple 45\u00a0%"}, "sv"))).text
    {'Title': 'Äpple 45\xa0%'}
    """
    if not png.startswith(_SIGNATURE) or not png.endswith(_IEND):
        raise ValueError("not a whole PNG file (signature or IEND chunk missing)")
    chunks = b""
    for keyword, text in entries.items():
        # keyword NUL, compression flag and method (none), language tag NUL, translated keyword NUL, text
        data = keyword.encode("latin-1") + b"\x00\x00\x00" + language.encode("ascii") + b"\x00\x00" + text.encode()
        body = b"iTXt" + data
        chunks += len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    return png[: -len(_IEND)] + chunks + _IEND
