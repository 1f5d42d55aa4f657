"""Self-hosted Vega for the live charts: copy the npm builds into the site's assets.

docs/assets/js/figures.js turns each figure's static SVG into a live Vega view, loading Vega
and vega-embed from ``assets/js/vendor/`` of the site itself (no other host). They come from
the npm packages pinned in package-lock.json (``npm ci``), copied here when a build ends, with
their licences beside them. The site's pages never load them up front: figures.js does, after
the page's load event, when a figure nears the viewport. The site's own scripts of the live
charts are published without their comment lines.

With charts switched off (``REPORT_CHARTS=off``) there is nothing to make live and nothing is
copied; otherwise a missing package stops the build with what to run.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.charts import rendering  # noqa: E402

NODE_MODULES = ROOT / "node_modules"
VENDOR_DIR = "assets/js/vendor"
# site file name -> the npm package's file (node_modules/<package>/...)
FILES = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "vega.LICENSE.txt": "vega/LICENSE",
    "vega-embed.LICENSE.txt": "vega-embed/LICENSE",
}


def vendor_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Where each vendored file comes from; raises PluginError naming what is missing."""
    sources = {name: node_modules / source for name, source in FILES.items()}
    missing = [str(path.relative_to(node_modules.parent)) for path in sources.values() if not path.is_file()]
    if missing:
        raise PluginError(
            f"the live charts need Vega from npm, but {', '.join(missing)} is missing: run `npm ci` "
            "(it installs the versions pinned in package-lock.json), or build with REPORT_CHARTS=off"
        )
    return sources


def copy_vendor_files(site_dir: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy Vega and vega-embed (and their licences) into ``<site>/assets/js/vendor/``."""
    target = Path(site_dir) / VENDOR_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in vendor_files(node_modules).items():
        destination = target / name
        if not destination.is_file() or destination.read_bytes() != source.read_bytes():
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


# The site's own scripts of the live charts (docs/assets/js/): the loader, in a page's first load,
# and the drawing code it loads with Vega.
SCRIPTS = ("assets/js/figures.js", "assets/js/figures-live.js")


def without_comments(script: str) -> str:
    r"""The loader as published: its comment lines and indentation left out (a page's first load
    carries it), its code as written; each statement keeps its own line.

    >>> without_comments("// A comment.\n(function () {\n  var a = 1; // kept\n\n})();\n")
    '(function () {\nvar a = 1; // kept\n})();\n'
    """
    lines = (line.strip() for line in script.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def on_post_build(config) -> None:
    if rendering.charts_enabled():
        site = Path(config["site_dir"])
        copy_vendor_files(site)
        for script in SCRIPTS:
            published = site / script
            if published.is_file():
                source = Path(config["docs_dir"]) / script
                published.write_text(without_comments(source.read_text(encoding="utf-8")), encoding="utf-8")
