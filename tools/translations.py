"""Translators' command: which English sections are up to date, outdated or untranslated.

    ./dev translations status                 # every page; exit 1 on what the policy fails on
    ./dev translations status challenges.md   # one page, with word diffs of Danish changes
    ./dev translations review challenges.md challenge-landscape   # mark one section reviewed
    ./dev translations review challenges.md --all                 # mark a whole page reviewed

(./dev translations runs this program: uv run python tools/translations.py ...)

A section is up to date when the Danish text it was translated from is the Danish text now
(whitespace and the formatting of macro calls do not count). Review a section after you have
checked, and if needed corrected, its English text. The policy (what fails) is
translations/policy.yaml; TRANSLATION_FAIL_ON=untranslated,outdated overrides it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.freshness import (  # noqa: E402
    OUTDATED,
    UNTRANSLATED,
    UP_TO_DATE,
    FreshnessError,
    all_pages,
    all_states,
    fail_on,
    page_states,
    review,
)

MARK = {UP_TO_DATE: "ok        ", OUTDATED: "OUTDATED  ", UNTRANSLATED: "MISSING   "}


def status(root: Path, pages: list[str], verbose: bool) -> int:
    states = [s for page in pages for s in page_states(root, page)] if pages else all_states(root)
    failing = fail_on(root)
    for state in states:
        if state.state == UP_TO_DATE and not verbose:
            continue
        title = f" ({state.title})" if state.title else ""
        print(f"{MARK[state.state]}docs/en/{state.page} § {state.section}{title}")
        if state.diff and (verbose or pages):
            print(f"          Danish change: {state.diff}")
    counts = {s: sum(1 for x in states if x.state == s) for s in (UP_TO_DATE, OUTDATED, UNTRANSLATED)}
    print(
        f"{counts[UP_TO_DATE]} up to date, {counts[OUTDATED]} outdated, {counts[UNTRANSLATED]} untranslated "
        f"(policy fails on: {', '.join(sorted(failing)) or 'nothing'})"
    )
    return 1 if any(counts[s] for s in failing) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("status", help="list outdated and untranslated sections")
    show.add_argument("pages", nargs="*", help="pages under docs/da/, e.g. challenges.md (default: all)")
    show.add_argument("-v", "--verbose", action="store_true", help="also list up-to-date sections and all diffs")
    mark = commands.add_parser("review", help="record sections as reviewed against the current Danish text")
    mark.add_argument("page", help="page under docs/da/, e.g. challenges.md")
    mark.add_argument("sections", nargs="*", help="section ids (the {#id} of the heading; _page = before the first ##)")
    mark.add_argument("--all", action="store_true", help="every section of the page")
    args = parser.parse_args(argv)
    try:
        if args.command == "status":
            unknown = [p for p in args.pages if p not in all_pages(args.root)]
            if unknown:
                print(f"no page {', '.join(unknown)} under docs/da or docs/en", file=sys.stderr)
                return 2
            return status(args.root, args.pages, args.verbose)
        if not args.sections and not args.all:
            print("name the sections to mark as reviewed, or --all", file=sys.stderr)
            return 2
        done = review(args.root, args.page, None if args.all else args.sections)
        print(f"docs/en/{args.page}: marked reviewed: {', '.join(done)}")
        return 0
    except FreshnessError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
