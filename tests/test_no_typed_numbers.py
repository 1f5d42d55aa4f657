"""No statistic is typed into a page: every number a reader sees in prose comes from a macro.

The scan reads docs/**/*.md with everything that is not prose blanked out (front matter, macro
calls, code, link targets, HTML tags and their attributes, attribute lists such as
``{#table-4-2}``, URLs and DOIs) and flags what looks like a typed statistic:

- a percentage: ``81 %``, ``81%``, ``81 procent``, ``81 percent``;
- a decimal number: ``3,2``, ``3.2`` (a section number such as ``4.2`` is fine in a heading
  and after "afsnit"/"kapitel"/"Section"/"Chapter");
- a whole number of 10 or more that is not a year (1900-2099): ``74 kommunaldirektører``.

Small whole numbers (scale points 1 to 5, "Bilag 1") are left alone. Legitimate exceptions
are listed in ALLOWED below, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS = REPO_ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def _experience_bins() -> set[str]:
    """The bin labels of table 10.2 as prose names them: "0-1", ..., "8-13" and "14" (for 14+)."""
    tables = yaml.safe_load((REPO_ROOT / "data" / "tables.yaml").read_text(encoding="utf-8"))
    bins = next(t["bins"] for t in tables.values() if t["kind"] == "bins")
    return {f"{b['low']}-{b['high']}" if b.get("high") is not None else str(b["low"]) for b in bins}


@dataclass(frozen=True)
class Allowed:
    """Numbers on matching pages (glob below docs/) whose text matches ``text`` (a full match)."""

    pages: str
    text: str
    reason: str


# Every exception to the rules above. Keep each as narrow as it can be.
ALLOWED = [
    # The reference list is bibliographic data: volume (14), pages (231–252, 169–185, 1–20)
    # and editions. Nothing on it is a statistic of the survey.
    Allowed("*/references.md", r".*", "bibliographic data"),
    # Section 10.1 names the experience bins of table 10.2 in words ("0-1 års erfaring", "mere end
    # 14 års erfaring"); the bins are read from data/tables.yaml, so changing them flags the prose.
    Allowed(
        "*/background.md",
        "|".join(re.escape(b).replace("\\-", "[-–]") for b in sorted(_experience_bins())),
        "experience-bin bounds of table 10.2",
    ),
]

# Blanked out before scanning: not prose, or not read as a number by the reader.
_NOT_PROSE = [
    # YAML front matter: page metadata (the translators' review hashes), never shown as text.
    re.compile(r"\A---[ \t]*\n.*?^---[ \t]*$", re.MULTILINE | re.DOTALL),
    re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL),  # fenced code blocks
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.DOTALL),  # macro calls, Jinja comments
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # HTML tags with their attributes; <https://...> autolinks
    re.compile(r"(?<=\])\([^)\n]*\)"),  # link targets: [text](target)
    re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE),  # reference-style link definitions
    re.compile(r"\{\s*[:#.][^}\n]*\}"),  # attribute lists: {#id}, {: .class}
    re.compile(r"\bhttps?://\S+|\bdoi:\S+|\b10\.\d{4,9}/\S+", re.IGNORECASE),  # bare URLs and DOIs
]

# A number (possibly a range 8-13 or 231–252) with a percent sign or word after it. A number
# glued to letters (DK2030, Q12) is part of a name, not a figure.
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?)(?![\w])"
    r"(?P<percent>\s?%|\s(?:procent|percent|per cent)\b)?",
    re.IGNORECASE,
)
_SECTION_WORD = re.compile(r"\b(?:afsnit|kapitel|section|chapter|bilag|appendix)\s+$", re.IGNORECASE)
_HEADING_NUMBER = re.compile(r"^#{1,6}\s+$")
_LINK_TEXT_START = re.compile(r"\[$")


@dataclass(frozen=True)
class TypedNumber:
    page: str  # below docs/, e.g. "da/challenges.md"
    line: int
    text: str
    kind: str
    context: str

    def __str__(self) -> str:
        return f"docs/{self.page}:{self.line}: {self.kind} {self.text!r} typed into prose: {self.context}"


def blank_out_non_prose(markdown: str) -> str:
    """``markdown`` with non-prose replaced by spaces; line numbers and columns stay put."""
    for pattern in _NOT_PROSE:
        markdown = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    return markdown


def _is_year(value: str) -> bool:
    return value.isdigit() and 1900 <= int(value) <= 2099


def _kind(number: str, percent: str | None, before: str) -> str | None:
    """What kind of typed statistic ``number`` is, or None if it is not one."""
    if percent:
        return "percentage"
    # A section or chapter number: "## 4.2 ...", "[10 Baggrundsinformation](...)", "afsnit 8.2".
    if _HEADING_NUMBER.search(before) or _LINK_TEXT_START.search(before) or _SECTION_WORD.search(before):
        return None
    ends = re.split(r"\s?[-–]\s?", number)
    if any(re.search(r"\d[.,]\d", end) for end in ends):
        return "decimal number"
    if any(int(end) >= 10 and not _is_year(end) for end in ends):
        return "number"
    return None


def typed_numbers(markdown: str, page: str = "") -> list[TypedNumber]:
    """Every typed statistic in ``markdown`` (a page below docs/), before the allowlist."""
    found = []
    for line_number, line in enumerate(blank_out_non_prose(markdown).splitlines(), start=1):
        for match in _NUMBER.finditer(line):
            kind = _kind(match.group("number"), match.group("percent"), line[: match.start()])
            if kind:
                start, end = max(0, match.start() - 40), match.end() + 40
                context = ("…" if start else "") + " ".join(line[start:end].split()) + ("…" if end < len(line) else "")
                found.append(TypedNumber(page, line_number, match.group(0), kind, context))
    return found


def is_allowed(typed: TypedNumber) -> bool:
    return any(fnmatch(typed.page, rule.pages) and re.fullmatch(rule.text, typed.text) for rule in ALLOWED)


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_statistic_is_typed_into_the_page(path):
    page = path.relative_to(DOCS).as_posix()
    typed = [t for t in typed_numbers(path.read_text(encoding="utf-8"), page) if not is_allowed(t)]
    assert not typed, "Use a macro ({{ stat(...) }}, {{ survey(...) }}, ...) instead of typing these:\n" + "\n".join(
        map(str, typed)
    )


def test_every_language_folder_is_scanned():
    assert {p.relative_to(DOCS).parts[0] for p in PAGES} == {"da", "en"}


def test_every_allowlist_entry_is_still_needed():
    """An exception that no longer excuses anything is removed, so the list stays honest."""
    used = {
        rule.reason
        for path in PAGES
        for t in typed_numbers(path.read_text(encoding="utf-8"), path.relative_to(DOCS).as_posix())
        for rule in ALLOWED
        if fnmatch(t.page, rule.pages) and re.fullmatch(rule.text, t.text)
    }
    assert used == {rule.reason for rule in ALLOWED}


# --- the scan itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Hele 81 % angiver det.", [("81 %", "percentage")]),
        ("Hele 81\u00a0% angiver det.", [("81\u00a0%", "percentage")]),
        ("Fully 81% say so.", [("81%", "percentage")]),
        ("Only 3 percent say so; 45 procent gør.", [("3 percent", "percentage"), ("45 procent", "percentage")]),
        ("Gennemsnittet er 3,2 på skalaen.", [("3,2", "decimal number")]),
        ("The mean is 3.2 on the scale.", [("3.2", "decimal number")]),
        ("Af de 98 kommunaldirektører svarede 79.", [("98", "number"), ("79", "number")]),
        ("Mellem 60-67 svarede.", [("60-67", "number")]),
        ("As many as 1,234 answers.", [("1,234", "decimal number")]),
        ("Typed as text: tabel 4.2.", [("4.2", "decimal number")]),
    ],
)
def test_the_scan_flags_typed_statistics(markdown, expected):
    assert [(t.text, t.kind) for t in typed_numbers(markdown)] == expected


@pytest.mark.parametrize(
    "markdown",
    [
        "Undersøgelsen blev gennemført i foråret 2024 (Boyne & Walker, 2004).",
        "## 4.2 Civilsamfundets rolle {#civil-society-current-role}",
        "# 10 Baggrundsinformation",
        "I [afsnit 8.2](#prerequisites-in-general) så vi det. In [Section 8.2](#x) we saw it.",
        "- [10 Baggrundsinformation](background.md)",
        'Hele {{ stat("challenge.urban", "top2_share", digits=0) }} angiver det.',
        '{{ ref("table", "4.2", capital=True) }} viser det.',
        "Se [tabellen](challenges.md#table-4-2).",
        '<div class="report-table" id="table-4-2" data-n="74">',
        "Kilde: <https://doi.org/10.1093/jopart/muh015> og https://example.org/a/2024/12.5.",
        "```\n81 %\n```",
        "---\ntranslation:\n  reviewed:\n    _page: 1234567890123456\n---\n# 6 Gevinster\n",
        'Brug `stat("x", "mean")` og skalaen fra 1 til 5 i bilag 1 og DK2030.',
    ],
)
def test_the_scan_leaves_non_statistics_alone(markdown):
    assert typed_numbers(markdown) == []


def test_findings_name_the_file_line_and_text():
    typed = typed_numbers("# 3 Data\n\nAf de 98 kommunaldirektører åbnede 79 spørgeskemaet.\n", "da/x.md")
    assert [str(t) for t in typed] == [
        "docs/da/x.md:3: number '98' typed into prose: Af de 98 kommunaldirektører åbnede 79 spørgeskem…",
        "docs/da/x.md:3: number '79' typed into prose: Af de 98 kommunaldirektører åbnede 79 spørgeskemaet.",
    ]
