"""Injected markup never runs: a report whose every kind of author text carries a script payload
is built for real, and every page of it is opened in Chromium.

The payload goes where an author (or a careless translator) can put text: a Danish catalog
message, an author's name in report.yaml, a table title and a figure title in the YAML
definitions, and codebook labels (a question's item and a scale answer). Each payload is an
element whose handler would count itself in ``window.__pwned``; the test reads that counter on
every page (it must stay undefined), counts the dialogs, and checks that the payload reached the
pages as visible text, so a payload that silently vanished cannot pass for one that was escaped.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser.site import discover_pages, site_path
from test_browser import served_chromium
from test_error_path import copy_report

pytestmark = pytest.mark.browser

# No comma and no quote, so that it is the same text in a CSV cell, a YAML scalar and a PO string.
PAYLOAD = "<img src=x onerror=window.__pwned=(window.__pwned||0)+1>"
# Messages of the Danish catalog that pages show in running text, notes, buttons and headings.
POISONED_MESSAGES = ("finding.copy", "note.means", "options", "finding.note", "colophon.title")


def _poison_catalog(root: Path) -> int:
    path = root / "locale" / "da" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    poisoned = 0
    for context in POISONED_MESSAGES:
        pattern = re.compile(rf'(msgctxt "{re.escape(context)}"\nmsgid "(?:[^"\\]|\\.)*"\nmsgstr ")')
        text, count = pattern.subn(lambda match: match.group(1) + PAYLOAD + " ", text)
        poisoned += count
    path.write_text(text, encoding="utf-8")
    return poisoned


def _poison_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _poison_csv_labels(path: Path, rows: int) -> None:
    """Prefix the Danish and English labels of the first ``rows`` rows of a codebook file."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    fields = list(table[0])
    for row in table[:rows]:
        for column in fields:
            if column.startswith("label"):
                row[column] = f"{PAYLOAD} {row[column]}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def _poison_report(root: Path) -> None:
    assert _poison_catalog(root) == len(POISONED_MESSAGES), "every poisoned message is in the catalog"

    def author(report: dict) -> None:
        report["authors"][0]["family"] = f"{report['authors'][0]['family']} {PAYLOAD}"

    _poison_yaml(root / "data" / "report.yaml", author)

    def first_title(definitions: dict) -> None:
        first = next(iter(definitions.values()))
        first["title"] = {language: f"{PAYLOAD} {text}" for language, text in first["title"].items()}

    _poison_yaml(root / "data" / "tables.yaml", first_title)
    _poison_yaml(root / "data" / "figures.yaml", first_title)
    _poison_csv_labels(root / "data" / "codebook" / "variables.csv", rows=3)
    _poison_csv_labels(root / "data" / "codebook" / "scales.csv", rows=3)


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_report(tmp_path_factory.mktemp("poisoned") / "report")
    # The translation records and published URLs are checked by the build too; they stay as they are.
    for name in ("published-urls.txt",):
        if (Path(__file__).resolve().parent.parent / name).exists():
            shutil.copy(Path(__file__).resolve().parent.parent / name, root / name)
    _poison_report(root)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "REPORT_CHARTS": "off",
        "REPORT_PDF": "off",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"the poisoned report must still build:\n{result.stderr[-3000:]}"
    return root / "site"


@pytest.fixture(scope="module")
def browser(poisoned_site: Path) -> Iterator[tuple[object, str]]:
    with served_chromium(poisoned_site, site_path()) as (base, launched):
        yield launched, base


def test_no_injected_payload_runs_on_any_page(poisoned_site: Path, browser):
    launched, base = browser
    context = launched.new_context(java_script_enabled=True)
    dialogs: list[str] = []
    ran: list[str] = []
    shown_on = 0
    pages = [p for p in discover_pages(poisoned_site) if not p.redirect]
    assert len(pages) > 50, f"only {len(pages)} pages built"
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Nothing leaves 127.0.0.1; the payload's src=x is a missing local file, answered with the 404 page.
    for page in pages:
        tab.goto(base + page.path, wait_until="load")
        # Every image has settled (loaded or failed): an onerror handler would have run by now.
        tab.wait_for_function(
            "() => Array.from(document.images).every((image) => image.loading === 'lazy' || image.complete)"
        )
        if tab.evaluate("() => window.__pwned") is not None:
            ran.append(page.label)
        if PAYLOAD in tab.evaluate("() => document.body.innerText"):
            shown_on += 1
    context.close()
    assert not ran, f"an injected handler ran on {len(ran)} page(s): {ran[:10]}"
    assert not dialogs, f"dialogs opened: {dialogs[:5]}"
    # The payload reached the readers as text (escaped), on many pages of both kinds of source.
    assert shown_on >= 20, f"the payload was visible as text on only {shown_on} page(s)"


def test_the_payload_is_escaped_in_the_html_and_never_an_element(poisoned_site: Path):
    escaped = PAYLOAD.replace("<", "&lt;").replace(">", "&gt;")
    raw_pages, escaped_pages = [], 0
    for file in poisoned_site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        if PAYLOAD in text:
            raw_pages.append(str(file.relative_to(poisoned_site)))
        if escaped in text:
            escaped_pages += 1
    assert not raw_pages, f"the payload is raw markup in {raw_pages[:10]}"
    assert escaped_pages >= 20
