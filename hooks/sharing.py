"""Sharing metadata: a description for every page, and share images for finding pages.

A finding page's first paragraph is its statement with the numbers already
rendered by the macros; it becomes the page's description, which
overrides/main.html puts into <meta name="description">, Open Graph and
Twitter card tags. The share image is written by the finding macro
(macros/outputs/share_cards.py) next to the page as share.png.
"""

from __future__ import annotations

import html
import re

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _first_paragraph_text(page_html: str) -> str:
    match = _PARAGRAPH.search(page_html)
    if not match:
        return ""
    return " ".join(html.unescape(_TAG.sub("", match.group(1))).split())


def on_page_content(page_html: str, page, config, files):
    path = page.file.src_uri.split("/")
    if "findings" in path and not path[-1].startswith("index"):
        page.meta["description"] = _first_paragraph_text(page_html)
        page.meta["share_image"] = "share.png"
    return page_html
