"""Published URLs are forever: check a built site against the committed list, or add new URLs.

    ./dev urls             # = tools/urls.py --check: every listed URL still resolves in site/
    ./dev urls --update    # add the URLs of the build in site/ to the list
    uv run python tools/urls.py --check|--update [--site DIR] [--list FILE]   # the program itself

A URL whose page moved keeps resolving through a redirect declared with mkdocs-redirects
(`redirect_maps` in mkdocs.yml), which writes a small page at the old address.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL_LIST = ROOT / "published-urls.txt"
HEADER = (
    "# Every page URL this site has published, relative to site_url. Never remove a line:\n"
    "# a moved page needs a redirect (redirect_maps in mkdocs.yml). Add new ones with\n"
    "#   ./dev build && ./dev urls --update\n"
)


def site_urls(site_dir: Path) -> list[str]:
    """Every page of a built site as a URL path relative to site_url ("" is the front page)."""
    urls = []
    for page in sorted(Path(site_dir).rglob("index.html")):
        relative = page.parent.relative_to(site_dir).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return urls


def read_list(path: Path = URL_LIST) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [("" if line == "/" else line) for line in lines if line and not line.startswith("#")]


def write_list(urls: list[str], path: Path = URL_LIST) -> None:
    body = "\n".join("/" if u == "" else u for u in urls)
    path.write_text(HEADER + body + "\n", encoding="utf-8")


def missing_urls(site_dir: Path, path: Path = URL_LIST) -> list[str]:
    """Listed URLs the build no longer answers (neither a page nor a redirect)."""
    return [u for u in read_list(path) if not (Path(site_dir) / u / "index.html").exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--list", type=Path, default=URL_LIST, help="the committed URL list")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    args = parser.parse_args(argv)
    if not args.site.exists():
        print(f"{args.site}: no built site; run ./dev build first", file=sys.stderr)
        return 2
    if args.check:
        missing = missing_urls(args.site, args.list)
        for url in missing:
            print(
                f"{args.list.name}: /{url} is no longer published by the build in {args.site}; "
                "restore the page or add a redirect to its new place (redirect_maps in mkdocs.yml)"
            )
        if not missing:
            print(f"all {len(read_list(args.list))} published URLs resolve")
        return 1 if missing else 0
    known = read_list(args.list)
    new = [u for u in site_urls(args.site) if u not in known]
    write_list(known + new, args.list)
    print(f"added {len(new)} URL(s) to {args.list.name}" + "".join(f"\n  /{u}" for u in new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
