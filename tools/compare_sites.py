"""Two built sites side by side for one page: its first load and Lighthouse, interleaved (A B A B).

A measurement to run by hand (not a test), for a change that could make a page heavier: build
the site before and after it, then

    uv run python tools/compare_sites.py --before /tmp/before --after /tmp/after challenges/ en/challenges/

prints, for each page (a URL path below site_url), the first load of both sites (gzip level 6,
counted as tools/benchmark.py counts it) and, with ``--runs N`` (default 3), N Lighthouse runs
of each (mobile, simulated throttling, served with gzip on 127.0.0.1 under the path of
site_url), before and after in turn, as min–median–max. It needs node_modules/.bin/lighthouse
(``npm ci``) and Chromium ($CHROME_PATH, else /usr/bin/chromium). ``--runs 0`` skips Lighthouse.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tools import benchmark, synthetic  # noqa: E402

SCORES = ("performance", "accessibility", "best-practices", "seo", "CLS", "bytes")


def _spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{min(values):g} – {statistics.median(values):g} – {max(values):g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the site built before the change")
    parser.add_argument("--after", type=Path, required=True, help="the site built after it")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs of each site and page (0: none)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the report whose mkdocs.yml gives site_url")
    parser.add_argument("pages", nargs="+", help="URL paths below site_url, e.g. challenges/ en/challenges/")
    args = parser.parse_args(argv)
    sites = {"before": args.before, "after": args.after}
    prefix = urlsplit(synthetic.read_config(args.root).get("site_url") or "/").path or "/"
    out = Path(tempfile.mkdtemp(prefix="compare-sites-"))
    results: dict = {}
    for page in args.pages:
        markdown = "index.md" if page in ("", "/") else page.rstrip("/") + ".md"
        entry = results.setdefault(page, {"first_load": {}, "lighthouse": {name: [] for name in sites}})
        for name, site in sites.items():
            entry["first_load"][name] = benchmark.first_load(site, markdown)["transfer_gzip"]
        for attempt in range(1, args.runs + 1):
            for name, site in sites.items():
                with benchmark.serve(site, prefix) as base:
                    scores = benchmark.lighthouse(base + page, out / f"{name}-{attempt}-{page.replace('/', '_')}.json")
                entry["lighthouse"][name].append(scores)
                print(f"  {page} {name} run {attempt}: {json.dumps(scores)}", file=sys.stderr, flush=True)
    for page, entry in results.items():
        before, after = entry["first_load"]["before"], entry["first_load"]["after"]
        print(f"{page}: first load (gzip) {before:,} → {after:,} bytes ({after - before:+,})")
        for score in SCORES if args.runs else ():
            spreads = [
                _spread([run[score] for run in entry["lighthouse"][name] if isinstance(run.get(score), int | float)])
                for name in sites
            ]
            print(f"  {score}: {spreads[0]} before, {spreads[1]} after (min – median – max)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
