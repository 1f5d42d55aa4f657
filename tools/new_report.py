"""Start a new report: ``./dev new <folder>`` writes a minimal report that builds at once.

The folder gets what an author edits and nothing of the engine: mkdocs.yml (pointing at the
engine's hooks, theme overrides and macros by relative paths), data/ (a codebook, synthetic
responses, survey.yaml, report.yaml, one table, one figure, one finding), one chapter and a
front page in every language (docs/<language>/), the UI catalogs (copied from the engine's
locale/ folder, to be reworded at will), translation records for every translated page, a
translation policy and an empty list of published URLs. Build it with
``mkdocs build --strict -f <folder>/mkdocs.yml``.

The languages are ``--languages`` (the first is the source language), by default those of the
repository's own report; each needs a UI catalog in locale/<language>/ of the repository (or
pass ``--catalogs`` with another folder that has one). The texts are placeholders to replace.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent
if str(ENGINE) not in sys.path:
    sys.path.insert(0, str(ENGINE))

from macros.i18n import freshness  # noqa: E402
from macros.model.languages import DEFAULT_CONFIG, report_languages  # noqa: E402

# The engine's hooks, in the order the repository's own report lists them; the PDF edition's hook
# (hooks/pdf.py) is left out: a new report is web-only until report.yaml names a `slug`.
HOOKS = (
    "hooks/default_language_404.py",
    "hooks/sharing.py",
    "hooks/translation_notice.py",
    "hooks/open_graph.py",
    "hooks/licence.py",
    "hooks/valid_html.py",
    "hooks/live_charts.py",
    "hooks/figure_pages.py",
    "hooks/search_per_language.py",
    "hooks/theme_assets.py",
    "hooks/web_fonts.py",
    "hooks/one_stylesheet.py",
    "hooks/compact_html.py",
)
RESPONDENTS = 40
SEED = 1


class NewReportError(Exception):
    """The report cannot be written (the folder is not empty, a language has no catalog)."""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _texts(languages: list[str], text: str) -> str:
    """A YAML flow mapping of one placeholder text in every language."""
    return "{" + ", ".join(f'{language}: "{text}"' for language in languages) + "}"


def _display_name(language: str) -> str:
    from babel import Locale

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:]


def mkdocs_yml(folder: Path, languages: list[str], engine: Path = ENGINE) -> str:
    """The report's mkdocs.yml: the engine's hooks, overrides and macros by paths relative to ``folder``."""
    up = Path(os.path.relpath(engine, folder.resolve())).as_posix()
    source, translations = languages[0], languages[1:]
    entries = [f"        - locale: {source}\n          name: {_display_name(source)}\n          default: true\n"]
    entries[0] += "          build: true\n"
    for language in translations:
        entries.append(
            f"        - locale: {language}\n          name: {_display_name(language)}\n          build: true\n"
            "          site_name: New report\n"
        )
    hooks = "".join(f"  - {up}/{hook}\n" for hook in HOOKS)
    return f"""# A report built with the engine in {up}/ (its hooks, theme overrides and macros).
site_name: New report
site_url: https://example.org/{folder.resolve().name}/
docs_dir: docs
watch:
  - data
  - locale
  - translations

theme:
  name: material
  custom_dir: {up}/overrides
  language: {source}
  font: false
  features:
    - navigation.sections
    - navigation.top
    - navigation.footer
    - toc.follow

# docs/assets is the engine's (a link to {up}/docs/assets): styles, scripts and the font.
extra_css:
  - assets/stylesheets/site.css
  - assets/stylesheets/charts.css
  - assets/stylesheets/tables.css
extra_javascript:
  - assets/js/copy.js
  - assets/js/figures.js

hooks:
{hooks}
validation:
  nav:
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn
    absolute_links: info

plugins:
  - search:
      lang: [{", ".join(languages)}]
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      languages:
{"".join(entries)}  - macros:
      module_name: {up}/macros
      on_error_fail: true
      on_undefined: strict
      j2_comment_start_string: "{{##"
      j2_comment_end_string: "##}}"

markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - admonition
  - footnotes
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.superfences
  - pymdownx.details

nav:
  - Home: index.md
  - Results: results.md
  - Findings: findings/index.md
"""


def write_data(data: Path, languages: list[str]) -> None:
    """The codebook, synthetic responses and the YAML definitions of a minimal report."""
    book = data / "codebook"

    def per_language(*texts: str) -> list[str]:
        return [text for text in texts for _ in languages]

    def columns(*stems: str) -> list[str]:
        return [f"{stem}_{language}" for stem in stems for language in languages]

    _write_csv(
        book / "questions.csv",
        ["question", "order", "kind", "scale", *columns("text", "code_list_heading")],
        [["opinion", 1, "grid", "agree5", *per_language("How much do you agree with these statements?", "")]],
    )
    _write_csv(
        book / "variables.csv",
        ["variable", "question", "order", *columns("label", "short")],
        [
            ["opinion_a", "opinion", 1, *per_language("The first statement", "First")],
            ["opinion_b", "opinion", 2, *per_language("The second statement", "Second")],
        ],
    )
    labels = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
    scales = [["agree5", code, *per_language(label, label), "valid"] for code, label in enumerate(labels, start=1)]
    scales.append(["agree5", 9, *per_language("Don't know", "Don't know"), "dont_know"])
    _write_csv(book / "scales.csv", ["scale", "code", *columns("label", "short"), "role"], scales)
    _write_csv(
        book / "scale_properties.csv",
        ["scale", "kind", "min", "max", *columns("top_label", "bottom_label"), "shares_include_non_substantive"],
        [["agree5", "ordinal", 1, 5, *per_language("Share agree", "Share disagree"), "no"]],
    )
    _write_csv(
        book / "themes.csv",
        ["question", "theme", "parent", "order", "in_code_list", *columns("label", "description")],
        [],
    )
    rng = random.Random(SEED)
    rows = [
        [f"r{number:03d}", "yes", *(rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 9]) for _ in range(2))]
        for number in range(1, RESPONDENTS + 1)
    ]
    _write_csv(data / "responses.csv", ["respondent_id", "completed", "opinion_a", "opinion_b"], rows)
    _write_csv(data / "coded_answers.csv", ["respondent_id", "question", "theme"], [])
    today = dt.date.today()
    _write(
        data / "survey.yaml",
        f"""# Facts about the fielding of the survey; who opened and completed it is counted from responses.csv.
population: {_texts(languages, "respondents")}
invited: {RESPONDENTS * 2}
sent_date: {today.isoformat()}
closed_date: {today.isoformat()}
reminders: 1
""",
    )
    _write(
        data / "report.yaml",
        f"""# The bibliographic facts of the report (colophon, citations); texts in every language.
title: {_texts(languages, "New report")}
authors:
  - given: First
    family: Author
publisher: {_texts(languages, "Publisher")}
year: {today.year}
# A group (of a `by:` breakdown) with fewer respondents than this is shown as suppressed.
disclosure: {{min_cell: 5}}
""",
    )
    _write(
        data / "tables.yaml",
        f"""opinions:
  title: {_texts(languages, "Opinions")}
  kind: items
  question: opinion
  items: [opinion_a, opinion_b]
  columns: [n, top2_share, mean_sd]
  note: [n, question, sd_in_parentheses, scale, not_relevant]
""",
    )
    _write(
        data / "figures.yaml",
        f"""opinions:
  title: {_texts(languages, "Opinions")}
  kind: distribution
  question: opinion
  items: [opinion_a, opinion_b]
  include_not_relevant: true
""",
    )
    _write(
        data / "findings.yaml",
        """# Findings with permanent addresses (findings/<slug>/); a slug never changes once published.
- slug: first-statement
  section: {page: results.md, anchor: opinions}
  support: {kind: figure, id: opinions}
""",
    )


def write_pages(docs: Path, languages: list[str]) -> None:
    """A front page, one chapter, the findings list and one finding page in every language."""
    for language in languages:
        folder = docs / language
        _write(
            folder / "index.md", "# New report\n\nReplace this text.\n\n## Colophon {#colophon}\n\n{{ colophon() }}\n"
        )
        _write(
            folder / "results.md",
            """# Results

## Opinions {#opinions}

Of the respondents, {{ stat("opinion_a", "top2_share") }} agree with the first statement
({{ stat("opinion_a", "n") }} answers).

{{ finding_link("first-statement") }}

{{ table("opinions") }}

{{ figure("opinions") }}
""",
        )
        _write(folder / "findings" / "index.md", "# Findings\n\n{{ findings_list() }}\n")
        _write(
            folder / "findings" / "first-statement.md",
            '# Most agree with the first statement\n\n{{ stat("opinion_a", "top2_share") }} agree with it.\n\n'
            '{{ finding("first-statement") }}\n',
        )


def write_catalogs(target: Path, languages: list[str], catalogs: Path) -> None:
    for language in languages:
        source = catalogs / language / "LC_MESSAGES" / "messages.po"
        if not source.is_file():
            raise NewReportError(
                f"no UI catalog for language {language!r} in {catalogs}; expected {source}. Translate "
                "locale/messages.pot into it (e.g. with Poedit) or choose another language"
            )
        destination = target / "locale" / language / "LC_MESSAGES" / "messages.po"
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)


def write_translation_records(target: Path) -> None:
    """Record every page of every translation as reviewed against the source text as written."""
    _write(
        target / "translations" / "policy.yaml",
        "# What fails the build: untranslated pages or sections (add `outdated` to be stricter).\n"
        "fail_on: [untranslated]\n",
    )
    languages = freshness.languages_of(target)
    for language in languages.translations:
        for page in freshness.all_pages(target, language):
            freshness.review(target, page, None, language)


def new_report(target: Path, languages: list[str] | None = None, catalogs: Path | None = None) -> Path:
    """Write a minimal report into ``target`` (new or empty) and return it."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise NewReportError(f"{target} is not empty; expected a new or empty folder")
    languages = list(languages or report_languages(DEFAULT_CONFIG).all)
    if len(set(languages)) != len(languages) or not languages:
        raise NewReportError(f"expected one or more different languages, got {languages}")
    catalogs = Path(catalogs) if catalogs is not None else ENGINE / "locale"
    target.mkdir(parents=True, exist_ok=True)
    write_catalogs(target, languages, catalogs)
    _write(target / "mkdocs.yml", mkdocs_yml(target, languages))
    write_data(target / "data", languages)
    write_pages(target / "docs", languages)
    (target / "docs" / "assets").symlink_to(Path(os.path.relpath(ENGINE / "docs" / "assets", target / "docs")))
    _write(target / "published-urls.txt", "")
    write_translation_records(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the new report's folder (new or empty)")
    parser.add_argument(
        "--languages", help="comma-separated language codes, the source first (default: this repository's)"
    )
    parser.add_argument("--catalogs", type=Path, help="a locale/ folder with a catalog per language (default: locale/)")
    args = parser.parse_args(argv)
    languages = [code.strip() for code in args.languages.split(",")] if args.languages else None
    try:
        target = new_report(args.folder, languages, args.catalogs)
    except NewReportError as error:
        print(f"./dev new: {error}", file=sys.stderr)
        return 2
    print(f"wrote a new report in {target}; build it with: mkdocs build --strict -f {target / 'mkdocs.yml'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
