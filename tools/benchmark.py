"""How much the charts cost the build: a benchmark to run by hand (not a test).

Builds the whole site three times, as ./dev build does (strict, both languages), each into a
folder of its own:

1. cold: charts on, with an empty chart cache, so every spec is built and every chart rendered;
2. warm: charts on, again with the cache the cold build filled (nothing has changed, so no chart
   should be rendered);
3. off: charts switched off (``REPORT_CHARTS=off``): the same site without the chart SVGs and
   their SVG/PNG downloads, for comparison.

and prints the time of each build and the number of charts rendered and taken from the cache
(read from the cache's stats.json, see macros/charts/rendering.py).

Usage: ``uv run python tools/benchmark.py [--repeat N] [--keep]`` from the repository root.
``--repeat N`` runs each kind of build N times (each cold build with a new, empty cache) and
reports the fastest, which steadies the numbers on a busy machine. ``--keep`` leaves the
temporary folders (sites and cache) in place and prints where they are.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

# Run as a script (sys.path[0] is tools/), so the engine is imported from the root added above.
from macros.charts.rendering import CACHE_ENV, CHARTS_ENV, STATS_FILE  # noqa: E402


def build(site_dir: Path, cache_dir: Path, charts: bool) -> tuple[float, dict]:
    """One strict build; returns its wall-clock time and the chart counts it recorded."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        CACHE_ENV: str(cache_dir),
        CHARTS_ENV: "on" if charts else "off",
    }
    stats_file = cache_dir / STATS_FILE
    stats_file.unlink(missing_ok=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the build failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    counts = json.loads(stats_file.read_text()) if stats_file.is_file() else {}
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind; the fastest counts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary sites and cache")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="report-benchmark-"))
    try:
        runs = [
            ("cold (empty chart cache)", "cold", True),
            ("warm (unchanged rebuild)", "warm", True),
            ("charts off (REPORT_CHARTS=off)", "off", False),
        ]
        best: dict[str, tuple[float, dict]] = {}
        for attempt in range(arguments.repeat):
            cache = work / f"cache-{attempt}"
            for label, name, charts in runs:
                elapsed, counts = build(work / f"site-{name}-{attempt}", cache, charts)
                print(f"{label:32} {elapsed:7.1f} s", file=sys.stderr)
                if name not in best or elapsed < best[name][0]:
                    best[name] = (elapsed, counts)
        rows = [(label, *best[name]) for label, name, _ in runs]
        print()
        print(f"{'build':32} {'time':>8} {'rendered':>9} {'cached':>7} {'specs built':>12} {'specs cached':>13}")
        for label, elapsed, counts in rows:
            print(
                f"{label:32} {elapsed:7.1f}s {counts.get('rendered', 0):9d} {counts.get('cached', 0):7d} "
                f"{counts.get('specs_built', 0):12d} {counts.get('specs_cached', 0):13d}"
            )
        cold, warm, off = (r[1] for r in rows)
        print()
        print(
            f"charts cost {cold - off:+.1f} s on a cold build and {warm - off:+.1f} s on a warm rebuild "
            f"(against the build without charts); {rows[1][2].get('rendered', 0)} charts rendered "
            "on the warm rebuild."
        )
        print(
            "(a chart is counted once per rendering: the narrow and wide SVG in the page and the SVG and "
            "PNG downloads, per language; a figure repeated on a finding's page is a cache hit.)"
        )
    finally:
        if arguments.keep:
            print(f"\nkept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
