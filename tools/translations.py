"""Translators' command: which translated sections are up to date, outdated or untranslated.

    ./dev translations status                 # every page of every translation
    ./dev translations status challenges.md   # one page, with word diffs of source changes
    ./dev translations status --language en   # one translation only
    ./dev translations review challenges.md challenge-landscape   # mark one section reviewed
    ./dev translations review challenges.md --all                 # mark a whole page reviewed

(./dev translations runs this program: uv run python tools/translations.py ...)

The languages are those of mkdocs.yml: the source (the first or default language) and its
translations. ``review`` needs ``--language`` when the report has more than one translation.
A section is up to date when the source text it was translated from is the source text now
(whitespace and the formatting of macro calls do not count). Review a section after you have
checked, and if needed corrected, its translation. The policy (what fails) is
translations/policy.yaml; TRANSLATION_FAIL_ON=untranslated,outdated overrides it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.i18n.freshness import (  # noqa: E402
    OUTDATED,
    UNTRANSLATED,
    UP_TO_DATE,
    FreshnessError,
    all_pages,
    all_states,
    fail_on,
    languages_of,
    page_states,
    review,
)

MARK = {UP_TO_DATE: "ok        ", OUTDATED: "OUTDATED  ", UNTRANSLATED: "MISSING   "}


def status(root: Path, pages: list[str], verbose: bool, languages: list[str]) -> int:
    states = []
    for language in languages:
        states += (
            [s for page in pages for s in page_states(root, page, language)] if pages else all_states(root, language)
        )
    failing = fail_on(root)
    source = languages_of(root).source
    for state in states:
        if state.state == UP_TO_DATE and not verbose:
            continue
        title = f" ({state.title})" if state.title else ""
        print(f"{MARK[state.state]}docs/{state.language}/{state.page} § {state.section}{title}")
        if state.diff and (verbose or pages):
            print(f"          change in docs/{source}/: {state.diff}")
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
    show.add_argument("pages", nargs="*", help="pages under docs/<source>/, e.g. challenges.md (default: all)")
    show.add_argument("-v", "--verbose", action="store_true", help="also list up-to-date sections and all diffs")
    show.add_argument("--language", help="one translation (default: every language but the source)")
    mark = commands.add_parser("review", help="record sections as reviewed against the current source text")
    mark.add_argument("page", help="page under docs/<source>/, e.g. challenges.md")
    mark.add_argument("sections", nargs="*", help="section ids (the {#id} of the heading; _page = before the first ##)")
    mark.add_argument("--all", action="store_true", help="every section of the page")
    mark.add_argument("--language", help="the translation reviewed (needed when there are several)")
    args = parser.parse_args(argv)
    try:
        languages = languages_of(args.root)
        if args.command == "status":
            chosen = [args.language] if args.language else list(languages.translations)
            known = {p for language in chosen for p in all_pages(args.root, language)}
            unknown = [p for p in args.pages if p not in known]
            if unknown:
                folders = ", ".join(f"docs/{language}" for language in languages.all)
                print(f"no page {', '.join(unknown)} under {folders}", file=sys.stderr)
                return 2
            return status(args.root, args.pages, args.verbose, chosen)
        if not args.sections and not args.all:
            print("name the sections to mark as reviewed, or --all", file=sys.stderr)
            return 2
        language = args.language
        if language is None and len(languages.translations) > 1:
            print(f"name the translation reviewed: --language {' or '.join(languages.translations)}", file=sys.stderr)
            return 2
        language = language or languages.translations[0]
        # "docs/<language>/page.md" (a path copied from the status list) names the same page.
        for code in languages.all:
            args.page = args.page.removeprefix(f"docs/{code}/")
        if not (args.root / "docs" / languages.source / args.page).is_file():
            print(
                f"no page {args.page} under docs/{languages.source}/ (name it as there, e.g. challenges.md)",
                file=sys.stderr,
            )
            return 2
        done = review(args.root, args.page, None if args.all else args.sections, language)
        print(f"docs/{language}/{args.page}: marked reviewed: {', '.join(done)}")
        return 0
    except FreshnessError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
