"""Self-hosted Vega for the live charts: bundled from the npm packages into the site's assets.

docs/assets/js/figures.js turns each figure's static SVG into a live Vega view, loading
``assets/js/vendor/vega-live.min.js`` from the site itself (no other host). That script is made
from the npm packages pinned in package-lock.json (``npm ci``) by esbuild, from
``hooks/vega-live.entry.js``: Vega's parser and view with the transforms the engine's charts
can use, and its expression interpreter, about 0.42 MB against 0.58 MB for Vega's own bundle
and vega-embed. It is made once per entry file and lock file (kept under
``node_modules/.cache/``, where ``npm ci`` clears it) and copied when a build ends, with the
licences beside it. The site's pages never load it up front: figures.js does, after the page's
load event, when a figure nears the viewport. The site's own scripts of the live charts are
published without their comment lines.

With charts switched off (``REPORT_CHARTS=off``) there is nothing to make live and nothing is
copied; otherwise a missing package stops the build with what to run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.charts import rendering  # noqa: E402

NODE_MODULES = ROOT / "node_modules"
VENDOR_DIR = "assets/js/vendor"
BUNDLE = "vega-live.min.js"
ENTRY = Path(__file__).resolve().parent / "vega-live.entry.js"
# site file name -> the npm package's file (node_modules/<package>/...), beside the bundle
LICENCES = {
    "vega.LICENSE.txt": "vega/LICENSE",
    "vega-interpreter.LICENSE.txt": "vega-interpreter/LICENSE",
}


def _missing(what: str) -> PluginError:
    return PluginError(
        f"the live charts need Vega from npm, but {what} is missing: run `npm ci` "
        "(it installs the versions pinned in package-lock.json), or build with REPORT_CHARTS=off"
    )


def vega_bundle(node_modules: Path = NODE_MODULES, entry: Path = ENTRY) -> Path:
    """The bundled Vega, made by esbuild when this entry file and lock file have none yet."""
    lock = node_modules.parent / "package-lock.json"
    esbuild = node_modules / ".bin" / "esbuild"
    for needed in (lock, esbuild, node_modules / "vega" / "package.json"):
        if not needed.is_file():
            raise _missing(str(needed.relative_to(node_modules.parent)))
    key = hashlib.sha256(entry.read_bytes() + b"\0" + lock.read_bytes()).hexdigest()[:20]
    bundle = node_modules / ".cache" / "report-vega" / f"{key}.min.js"
    if not bundle.is_file():
        bundle.parent.mkdir(parents=True, exist_ok=True)
        partial = bundle.with_suffix(f".{os.getpid()}.part")
        command = [str(esbuild), str(entry), "--bundle", "--minify", "--format=iife", "--global-name=vega"]
        command += ["--legal-comments=none", "--log-level=error", f"--outfile={partial}"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise PluginError(f"esbuild could not bundle {entry.name} for the live charts:\n{done.stderr.strip()}")
        partial.replace(bundle)  # whole or not at all, also with builds side by side
    return bundle


def vendor_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Where each vendored file comes from; raises PluginError naming what is missing."""
    sources = {name: node_modules / source for name, source in LICENCES.items()}
    missing = [str(path.relative_to(node_modules.parent)) for path in sources.values() if not path.is_file()]
    if missing:
        raise _missing(", ".join(missing))
    return {BUNDLE: vega_bundle(node_modules), **sources}


def copy_vendor_files(site_dir: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy the bundled Vega (and the licences) into ``<site>/assets/js/vendor/``."""
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
