"""Generated reports for the benchmark: a large synthetic data set and a report with ten times the pages.

Both write into a *copy* of the report (never into this repository's data/ or docs/):

- ``large``: ``data/responses.csv`` with N respondents (default 100,000) and the matching
  ``data/coded_answers.csv``. Each synthetic respondent starts from a real row of the data
  (drawn with a seeded RNG), then every closed answer is redrawn with probability
  ``--perturb`` from the substantive codes of its scale in the codebook (a non-substantive
  answer such as "not relevant" and a missing answer stay as they are; a number such as years
  moves by a few steps inside its scale). Open answers keep the row's pattern, and the coded
  themes of the row they came from go with them, so every coded answer has an answer and every
  sub-theme its parent: the data are consistent with the codebook and pass the loader's checks.
  The number invited in ``survey.yaml`` grows in proportion, so the response rate stays what it is.
- ``tenfold``: the chapter pages (every page of the source language with a figure) copied
  ``--copies - 1`` more times in every language (``<page>-<k>.md``), each copy with its figures
  and tables, added to the navigation after the last chapter. ``--mode verbatim`` (the default)
  copies the pages unchanged; ``--mode buildable`` also removes from the copies the finding links
  and editorial markers (a copy may carry them, so long as the original does: this mode is
  kept to measure the copies without them).

    uv run python tools/synthetic.py copy DEST
    uv run python tools/synthetic.py large DEST [--respondents 100000] [--seed 14]
    uv run python tools/synthetic.py tenfold DEST [--copies 10] [--mode verbatim]

``large`` and ``tenfold`` copy the report to DEST first unless DEST already holds one
(a ``mkdocs.yml``). Nothing here knows the report: pages, scales and languages are read from
``mkdocs.yml``, ``docs/`` and the codebook.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
# Never copied: build output, caches, environments, version control.
SKIPPED = {".git", ".venv", ".cache", "site", "site.partial", "site.previous", "node_modules", ".pytest_cache"}
ONE_PAGE_CALLS = ("finding_link", "editorial_note")


# --- copying the report ---------------------------------------------------------------------


def copy_report(dest: Path, source: Path = REPO_ROOT) -> Path:
    """Copy the report's files (as in the working tree, uncommitted changes included) to ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=source,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        files = [Path(name) for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [p.relative_to(source) for p in source.rglob("*") if p.is_file() or p.is_symlink()]
    for relative in files:
        if relative.parts[0] in SKIPPED or "__pycache__" in relative.parts:
            continue
        origin = source / relative
        if not origin.is_file():  # deleted in the working tree, or a symlinked folder
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, target)
    # The npm packages the build copies into the site (Vega for the live charts): linked, not copied.
    modules = source / "node_modules"
    if modules.is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
    return dest


def _ensure_copy(dest: Path) -> Path:
    return dest if (dest / "mkdocs.yml").is_file() else copy_report(dest)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its ``!!python/...`` tags (they become None)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), _ConfigLoader)


def plugin_config(config: dict, name: str) -> dict | None:
    for entry in config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return None


def languages(config: dict) -> tuple[str, list[str]]:
    """(source language, every language) from the i18n plugin: the default one is the source."""
    i18n = plugin_config(config, "i18n") or {}
    entries = [entry for entry in i18n.get("languages", []) if entry.get("build", True)]
    codes = [str(entry["locale"]) for entry in entries]
    default = next((str(e["locale"]) for e in entries if e.get("default")), codes[0])
    return default, codes


# --- the large data set ---------------------------------------------------------------------


def _codebook(data_dir: Path):
    """variable -> (kind, codes, substantive codes) from the codebook."""
    import numpy as np

    book = data_dir / "codebook"
    with (book / "scales.csv").open(encoding="utf-8", newline="") as handle:
        scales: dict[str, list[tuple[int, str]]] = {}
        for row in csv.DictReader(handle):
            scales.setdefault(row["scale"], []).append((int(row["code"]), row["role"]))
    with (book / "questions.csv").open(encoding="utf-8", newline="") as handle:
        questions = {row["question"]: row for row in csv.DictReader(handle)}
    with (book / "variables.csv").open(encoding="utf-8", newline="") as handle:
        variables = list(csv.DictReader(handle))
    out = {}
    for row in variables:
        question = questions[row["question"]]
        codes = scales.get(question["scale"], [])
        out[row["variable"]] = (
            question["kind"],
            np.array([c for c, _ in codes]),
            np.array([c for c, role in codes if role == "valid"]),
        )
    return out


def large_data(data_dir: Path, respondents: int = 100_000, seed: int = 14, perturb: float = 0.25):
    """(responses, coded answers) of ``respondents`` synthetic respondents drawn from ``data_dir``.

    Two pandas DataFrames. numpy and pandas are imported here, not at the top: the benchmark
    imports this module, and a large parent process would inflate its children's peak memory
    (a child's maximum resident set counts the parent's pages it starts with).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    source = pd.read_csv(data_dir / "responses.csv", dtype=str, keep_default_na=False)
    coded = pd.read_csv(data_dir / "coded_answers.csv", dtype=str, keep_default_na=False)
    book = _codebook(data_dir)
    picks = rng.integers(0, len(source), size=respondents)
    width = max(2, len(str(respondents)))
    ids = np.array([f"r{i:0{width}d}" for i in range(1, respondents + 1)])
    out: dict[str, Any] = {"respondent_id": ids, "completed": source["completed"].to_numpy()[picks]}
    for variable, (kind, codes, substantive) in book.items():
        raw = source[variable].to_numpy()[picks]
        present = raw != ""
        values = np.where(present, raw, "0").astype(np.int64)
        if kind == "grid" and len(substantive):
            redraw = present & np.isin(values, substantive) & (rng.random(respondents) < perturb)
            values = np.where(redraw, rng.choice(substantive, size=respondents), values)
        elif kind == "number" and len(codes):
            moved = values + rng.integers(-2, 3, size=respondents)
            values = np.where(present, np.clip(moved, codes.min(), codes.max()), values)
        column = pd.array(values, dtype="Int64")
        column[~present] = pd.NA
        out[variable] = column
    responses = pd.DataFrame(out, columns=list(source.columns))
    # The coded themes of each source row go with every respondent drawn from it.
    source_ids = source["respondent_id"].to_numpy()
    drawn = pd.DataFrame({"respondent_id": ids, "source": source_ids[picks]})
    merged = drawn.merge(coded.rename(columns={"respondent_id": "source"}), on="source", how="inner", sort=False)
    order = {rid: n for n, rid in enumerate(ids)}
    merged["_order"] = merged["respondent_id"].map(order)
    merged = merged.sort_values(["_order"], kind="stable")
    return responses, merged[list(coded.columns)].reset_index(drop=True)


def write_large(dest: Path, respondents: int = 100_000, seed: int = 14, perturb: float = 0.25) -> dict:
    """Write the large data set into the report copy at ``dest``; returns what was written."""
    dest = _ensure_copy(Path(dest))
    data_dir = dest / "data"
    before = sum(1 for _ in (data_dir / "responses.csv").open(encoding="utf-8")) - 1
    responses, coded = large_data(data_dir, respondents, seed, perturb)
    responses.to_csv(data_dir / "responses.csv", index=False, na_rep="", lineterminator="\n")
    coded.to_csv(data_dir / "coded_answers.csv", index=False, lineterminator="\n")
    survey = data_dir / "survey.yaml"
    text = survey.read_text(encoding="utf-8")
    match = re.search(r"^invited:\s*(\d+)", text, re.M)
    if match:
        invited = max(respondents, round(int(match.group(1)) * respondents / max(before, 1)))
        text = text[: match.start(1)] + str(invited) + text[match.end(1) :]
        survey.write_text(text, encoding="utf-8")
    return {"respondents": len(responses), "coded_rows": len(coded), "seed": seed}


# --- ten times the pages ----------------------------------------------------------------------

_CALL = re.compile(r"\{\{-?\s*(\w+)\s*\((?:[^{}]|\{[^{}]*\})*?\)\s*-?\}\}", re.S)


def chapter_pages(root: Path) -> list[str]:
    """The pages of the source language that show a figure, in navigation order."""
    config = read_config(root)
    source, _ = languages(config)
    docs = root / config.get("docs_dir", "docs") / source
    in_nav = _nav_pages(config.get("nav") or [])
    pages = in_nav + sorted(
        str(p.relative_to(docs)) for p in docs.rglob("*.md") if str(p.relative_to(docs)) not in in_nav
    )
    return [
        page
        for page in pages
        if (docs / page).is_file() and re.search(r"\{\{\s*figure\(", (docs / page).read_text(encoding="utf-8"))
    ]


def _nav_pages(nav) -> list[str]:
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            pages.extend(_nav_pages(value))
        elif isinstance(value, str) and value.endswith(".md"):
            pages.append(value)
    return pages


def _nav_titles(nav) -> dict[str, str]:
    titles = {}
    for entry in nav:
        if isinstance(entry, dict):
            title, value = next(iter(entry.items()))
            if isinstance(value, list):
                titles.update(_nav_titles(value))
            elif isinstance(value, str):
                titles[value] = str(title)
    return titles


def without_one_page_calls(markdown: str, names=ONE_PAGE_CALLS) -> str:
    """The page without its finding links and editorial markers."""
    return _CALL.sub(lambda m: "" if m.group(1) in names else m.group(0), markdown)


def write_tenfold(dest: Path, copies: int = 10, mode: str = "verbatim") -> dict:
    """Copy the chapter pages ``copies - 1`` more times in every language; returns what was written."""
    if mode not in ("verbatim", "buildable"):
        raise ValueError(f"mode {mode!r}; expected 'verbatim' or 'buildable'")
    dest = _ensure_copy(Path(dest))
    config = read_config(dest)
    source, codes = languages(config)
    docs = dest / config.get("docs_dir", "docs")
    pages = chapter_pages(dest)
    titles = _nav_titles(config.get("nav") or [])
    i18n = plugin_config(config, "i18n") or {}
    translated = {str(entry["locale"]): entry.get("nav_translations") or {} for entry in i18n.get("languages", [])}
    written, figures = [], 0
    nav_lines: list[str] = []
    translation_lines: dict[str, list[tuple[str, str]]] = {code: [] for code in codes}
    for k in range(2, copies + 1):
        for page in pages:
            stem = page[: -len(".md")]
            copy_name = f"{stem}-{k}.md"
            for language in codes:
                text = (docs / language / page).read_text(encoding="utf-8")
                if mode == "buildable":
                    text = without_one_page_calls(text)
                (docs / language / copy_name).write_text(text, encoding="utf-8")
                written.append(f"{language}/{copy_name}")
                if language == source:
                    figures += len(re.findall(r"\{\{\s*figure\(", text))
            title = titles.get(page, stem)
            nav_lines.append(f"  - {_yaml_key(f'{title} ({k})')}: {copy_name}")
            for language in codes:
                other = translated.get(language, {}).get(title)
                if language != source and other:
                    translation_lines[language].append((f"{title} ({k})", f"{other} ({k})"))
    base_figures = sum(
        len(re.findall(r"\{\{\s*figure\(", (docs / source / p).read_text(encoding="utf-8"))) for p in pages
    )
    _add_to_mkdocs_yml(dest / "mkdocs.yml", pages[-1], nav_lines, translation_lines)
    return {"pages": pages, "copies": copies, "files": len(written), "figures": base_figures + figures}


def _yaml_key(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_to_mkdocs_yml(path: Path, last_page: str, nav_lines: list[str], translations: dict) -> None:
    """Insert the copies into ``nav`` (after the last chapter) and their titles into nav_translations."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "nav:")
    after = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(f": {last_page}"))
    lines[after + 1 : after + 1] = nav_lines
    # Each language's nav_translations block: insert after its header line, same indentation.
    locale_line = re.compile(r"^\s*-\s*locale:\s*(\S+)")
    current = None
    out = []
    for line in lines:
        out.append(line)
        match = locale_line.match(line)
        if match:
            current = match.group(1).strip("\"'")
        if line.strip() == "nav_translations:" and current in translations:
            indent = " " * (len(line) - len(line.lstrip()) + 2)
            out.extend(f"{indent}{_yaml_key(a)}: {_yaml_key(b)}" for a, b in translations[current])
    path.write_text("\n".join(out), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    copy = sub.add_parser("copy", help="copy the report to DEST")
    copy.add_argument("dest", type=Path)
    large = sub.add_parser("large", help="a copy of the report with a large synthetic data set")
    large.add_argument("dest", type=Path)
    large.add_argument("--respondents", type=int, default=100_000)
    large.add_argument("--seed", type=int, default=14)
    large.add_argument("--perturb", type=float, default=0.25, help="share of closed answers redrawn")
    tenfold = sub.add_parser("tenfold", help="a copy of the report with the chapter pages copied")
    tenfold.add_argument("dest", type=Path)
    tenfold.add_argument("--copies", type=int, default=10, help="how many times each chapter appears in all")
    tenfold.add_argument("--mode", choices=("verbatim", "buildable"), default="verbatim")
    arguments = parser.parse_args(argv)
    if arguments.command == "copy":
        print(copy_report(arguments.dest))
    elif arguments.command == "large":
        print(write_large(arguments.dest, arguments.respondents, arguments.seed, arguments.perturb))
    else:
        print(write_tenfold(arguments.dest, arguments.copies, arguments.mode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
