"""A warm build takes its chart specs and font subsets from the cache, so it needs neither Altair
nor the font subsetter (HarfBuzz) and fontTools' woff2 packer: importing the engine (every
module a build loads) imports none of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = [
    "macros",
    "macros.calls",
    "macros.charts.rendering",
    "macros.charts.spec",
    "macros.charts.vega",
    "macros.blocks.figures",
    "macros.blocks.finding_pages",
    "macros.outputs.figure_pages",
    "macros.outputs.share_cards",
]
LATER = ["altair", "uharfbuzz", "fontTools.ttLib.woff2"]


def _imported_after(modules: list[str], then: str = "") -> list[str]:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + then
        + f"print(','.join(name for name in {LATER!r} if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


def test_the_engine_imports_neither_altair_nor_the_subsetter_nor_the_packer():
    assert _imported_after(ENGINE) == []


def test_they_are_imported_when_first_used():
    """The check above can fail: building a spec or cutting a font imports them."""
    use = (
        "from macros.charts import spec, embedded_fonts\n"
        "spec.altair()\n"
        "embedded_fonts.subset_woff2(embedded_fonts.web_font_bytes(400), 'ab')\n"
    )
    assert _imported_after(ENGINE, use) == LATER
