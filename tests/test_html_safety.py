"""Everything that reaches HTML is escaped through one path (macros/html: Jinja2 templates with
autoescape), URLs are checked against the allowed schemes, and no CSV cell can run as a formula.

The payloads go in where an author or translator could put them: a message catalog, the
codebook's labels, a figure or table title; every block the engine writes is then searched
for the payload as markup.
"""

from __future__ import annotations

import ast
import csv
import io
import shutil
from pathlib import Path

import pytest

from macros.blocks import appendix, figures, tables
from macros.blocks.figures import FigurePage
from macros.html import markup
from macros.model.definitions import definitions
from macros.model.survey import load_survey
from macros.outputs import downloads
from macros.text import catalog

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror="


@pytest.fixture
def poisoned_catalog(monkeypatch):
    """Every Danish message carries the payload (placeholders kept, so the catalog is valid)."""
    real = catalog.Catalog.translations

    def translations(self, language):
        texts = real(self, language)
        return {key: f"{PAYLOAD}{text}" for key, text in texts.items()} if language == "da" else texts

    monkeypatch.setattr(catalog.Catalog, "translations", translations)
    return translations


def _prefix_labels(data: Path, prefix: str, files=("variables.csv", "scales.csv", "themes.csv", "questions.csv")):
    for name in files:
        path = data / "codebook" / name
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        for row in rows:
            for column in row:
                texts = ("label_", "short_", "text_", "description_", "code_list_heading_")
                if column.startswith(texts) and row[column]:
                    row[column] = prefix + row[column]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture
def data_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


@pytest.fixture
def poisoned_data(data_copy):
    """A copy of data/ whose labels and titles carry the payload."""
    _prefix_labels(data_copy, PAYLOAD)
    for name in ("tables.yaml", "figures.yaml"):
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('{da: "', '{da: "<script>x</script>'), encoding="utf-8")
    return data_copy


def _every_block(survey, table_defs, figure_defs, language: str) -> dict[str, str]:
    blocks = {}
    for tid, table in table_defs.items():
        blocks[f"table {tid}"] = tables.table_html(tables.build_table(survey, table, language), language)
    page = FigurePage(language=language, src="x.md", site_url="https://example.org/", site_dir=None)
    for fid, figure in figure_defs.items():
        blocks[f"figure {fid}"] = figures.figure_block(survey, figure, page)
    for qid in survey.questions:
        blocks[f"question {qid}"] = appendix.question_html(survey, qid, language)
    blocks["code list"] = appendix.code_list_html(survey, language)
    return blocks


def test_a_catalog_string_is_escaped_in_every_block(poisoned_catalog, monkeypatch):
    monkeypatch.setenv("REPORT_CHARTS", "off")
    table_defs, figure_defs = definitions()
    for where, html in _every_block(load_survey(), table_defs, figure_defs, "da").items():
        assert "<img" not in html, f"{where}: a catalog string is emitted as markup"
    assert ESCAPED in tables.table_html(tables.build_table(load_survey(), table_defs["4.2"], "da"), "da")


def test_codebook_labels_and_yaml_titles_are_escaped_in_every_block(poisoned_data, monkeypatch):
    monkeypatch.setenv("REPORT_CHARTS", "off")
    survey = load_survey(poisoned_data)
    table_defs, figure_defs = definitions(poisoned_data)
    blocks = _every_block(survey, table_defs, figure_defs, "da")
    for where, html in blocks.items():
        assert "<img" not in html and "<script>" not in html, f"{where}: a label or title is emitted as markup"
    assert "&lt;script&gt;" in blocks["table 4.2"] and ESCAPED in blocks["figure 4.2"]


def test_the_chart_svg_in_the_page_escapes_its_title_and_description():
    from macros.charts.rendering import page_svg

    svg = page_svg('<svg width="1" height="1"><g/></svg>', "figure-1", PAYLOAD, "<script>x</script>")
    assert "<img" not in svg and "<script>" not in svg and svg.endswith("<g/></svg>")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_a_url_with_a_scheme_outside_the_allowed_list_is_an_authoring_error(url):
    with pytest.raises(markup.UnsafeURLError) as raised:
        markup.safe_url(url, "data/report.yaml", "pdf_url")
    assert str(raised.value).startswith("data/report.yaml: pdf_url: has ")
    assert "expected an address starting with https:, http:, mailto: or a relative link" in str(raised.value)


@pytest.mark.parametrize(
    "url", ["https://doi.org/10.1/x", "http://example.org", "mailto:a@example.org", "../x.csv", "#top", "a/b/"]
)
def test_allowed_and_relative_urls_pass(url):
    assert markup.safe_url(url) == url


def test_every_link_a_template_writes_is_checked():
    with pytest.raises(markup.UnsafeURLError):
        markup.render("finding_download.html", href="javascript:alert(1)", label="x")
    html = markup.render("finding_download.html", href='a.csv" onclick="x', label="x")
    assert 'onclick="x' not in html


def test_a_catalog_message_escapes_its_text_and_values_but_keeps_markup_values(poisoned_catalog):
    html = markup.message("da", "note.question", question=markup.emphasis("Spørgsmål <b>"))
    assert html.startswith("&lt;img") and "<em>Spørgsmål &lt;b&gt;</em>" in html
    assert "<b>" not in markup.message("en", "note.question", question="<b>")


def _html_literals(path: Path) -> list[tuple[int, str]]:
    """String literals with an HTML start tag in a module, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    import re

    tag = re.compile(r"<(p|div|span|a|table|tr|td|th|em|strong|figure|ul|li|section|h\d|button|pre|code)[\s>]")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if tag.search(node.value):
                found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize("folder", ["blocks", "html", "outputs", "charts", "stats"])
def test_no_html_is_written_outside_the_templates(folder):
    found = {
        f"{path.relative_to(ROOT)}:{line}": text
        for path in sorted((ROOT / "macros" / folder).glob("*.py"))
        for line, text in _html_literals(path)
    }
    assert found == {}


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_neutralised(start):
    cell = f'{start}HYPERLINK("https://evil.example","x")'
    content = downloads.csv_bytes([cell], [[cell, "12.5"]], "Kilde: x").decode("utf-8")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["'" + cell] and rows[1] == ["'" + cell, "12.5"]


def test_numbers_stay_numbers_in_a_csv():
    content = downloads.csv_bytes(["a"], [["-0.5"], ["+3"], ["81.1"]], "Kilde: x").decode("utf-8")
    assert content.splitlines()[1:4] == ["-0.5", "+3", "81.1"]


def test_the_source_line_cannot_start_a_formula_after_a_comma():
    content = downloads.csv_bytes(["a"], [], 'Kilde: Titel, =HYPERLINK("x"), 2024').decode("utf-8")
    assert ",=" not in content and ", '=HYPERLINK" in content


def test_a_label_starting_a_formula_is_neutralised_in_a_figure_csv(data_copy, monkeypatch):
    monkeypatch.setenv("REPORT_CHARTS", "off")
    _prefix_labels(data_copy, "=HYPERLINK(1)", files=("variables.csv",))
    survey = load_survey(data_copy)
    _, figure_defs = definitions(data_copy)
    figure = figure_defs["4.2"]
    view = figures.build_figure(survey, figure, "da")
    header, rows = figures.csv_table(figures.figure_chart(survey, figure, view, "da"))
    content = downloads.csv_bytes(header, rows, "Kilde: x").decode("utf-8")
    cells = [row[0] for row in csv.reader(io.StringIO(content))][1:-1]
    assert cells and all(cell.startswith("'=HYPERLINK(1)") for cell in cells)
