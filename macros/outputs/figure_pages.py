"""Every table and figure has a permanent page, and every figure an embed and an oEmbed answer.

Pages (generated per language by hooks/figure_pages.py, so there is no Markdown file to keep):

- ``figures/<slug>/`` and ``tables/<slug>/`` (``en/figures/<slug>/``, ...): the block, the
  question asked, where the block stands in the report, a citation (APA and BibTeX, with copy
  buttons) and the downloads; a figure's page also offers its embed code (with a copy button)
  and names its oEmbed answer in the page head;
- ``figures/<slug>/embed/``: the chart alone for an ``<iframe>``: title, chart (static SVG,
  live where JavaScript runs), source line and a link back; no navigation;
- ``figures/<slug>/oembed.json``: the oEmbed answer (type rich) with the ``<iframe>`` code.

``<slug>`` is the block's anchor without its kind (figure ``3.1``: anchor ``figure-3-1``, slug
``3-1``), so the two never disagree. The numbers of a caption in a chapter link to the page.

The Data page's macro :func:`data_downloads` lists every block's downloads and writes the
language's whole edition as one zip (:mod:`macros.outputs.data_files`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath

from macros import calls as render
from macros.blocks import appendix
from macros.blocks import figures as figure_blocks
from macros.blocks.tables import anchor
from macros.charts import rendering
from macros.charts import spec as charts
from macros.html.markup import Markup, data_table, esc, message, scroll_region
from macros.html.markup import render as render_html
from macros.model import context as build_context
from macros.model.definitions import figure_variables
from macros.outputs import data_files, downloads
from macros.text import catalog as ui
from macros.text import citation

KINDS = ("figure", "table")
EMBED_DIR = "embed"
OEMBED_FILE = "oembed.json"
# The embed's <iframe>: as wide as the wide chart and its margins; as tall as the taller of the
# two charts with the title and the source line, so that nothing is cut at either width.
EMBED_WIDTH = 680
EMBED_CHROME = 190


def slug(kind: str, block_id: str) -> str:
    """``3-1`` for figure ``3.1``: the block's anchor without its kind."""
    return anchor(kind, block_id)[len(kind) + 1 :]


def page_src(kind: str, block_id: str) -> str:
    """The page's source path below its language folder: ``figures/3-1/index.md``."""
    return f"{data_files.page_folder(kind, block_id)}index.md"


def embed_src(figure_id: str) -> str:
    return f"{data_files.page_folder('figure', figure_id)}{EMBED_DIR}/index.md"


def href_to(from_src: str, folder: str) -> str:
    """A relative link from a page (its source path) to a folder below the language root."""
    return "../" * downloads.page_path(from_src).count("/") + folder


def caption_href(page_src_now: str, kind: str, block_id: str) -> str | None:
    """The link of a block's caption: to the block's own page, unless the page is that page."""
    folder = data_files.page_folder(kind, block_id)
    if downloads.page_path(page_src_now) == folder:
        return None
    return href_to(page_src_now, folder)


def caption(language: str, kind: str, block_id: str, title: str, href: str | None) -> Markup:
    """A block's caption, its number linked to the block's page (``href``, if any)."""
    return render_html("caption.html", word=ui.text(language, kind), id=block_id, title=title, href=href)


def _definitions(page: render.Page | None = None):
    return (page.context if page is not None else build_context.current()).definitions()


def block_title(kind: str, block_id: str, language: str, page: render.Page | None = None) -> str:
    """The block's word, number and title in ``language``: ``Figure 3.1. <title>``."""
    tables, figures = _definitions(page)
    defined = figures if kind == "figure" else tables
    return f"{ui.text(language, kind)} {block_id}. {defined[block_id].title[language]}"


def _language_url(page: render.Page) -> str:
    return f"{page.site_url.rstrip('/')}/{page.context.languages.url_prefix(page.language)}"


def block_url(page: render.Page, kind: str, block_id: str) -> str:
    return data_files.block_url(page.site_url, page.language, page.default_language, kind, block_id)


# --- where a block stands in the report -------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([^}]*)\})?\s*$")


def home_section(page: render.Page, kind: str, block_id: str) -> tuple[str, str, str]:
    """(chapter page, its section heading above the block, the block's anchor) in the report."""
    if page.docs_dir is None:
        raise render.MacroError(f"{kind} {block_id}: finding its home section needs the build's docs folder")
    home = render.block_pages(page.docs_dir, page.language, page).get((kind, block_id))
    if home is None:
        raise render.MacroError(
            f'{kind} {block_id} is defined but no page shows it with {{{{ {kind}("{block_id}") }}}}'
        )
    text = (Path(page.docs_dir) / page.language / home).read_text(encoding="utf-8")
    call = re.search(rf"""\{{\{{\s*{kind}\(\s*["']{re.escape(block_id)}["']\s*\)\s*\}}\}}""", text)
    heading = ""
    for line in text[: call.start() if call else len(text)].splitlines():
        match = _HEADING.match(line)
        if match:
            heading = match.group(2)
    return home, heading, anchor(kind, block_id)


def _questions(page: render.Page, kind: str, block_id: str) -> list[str]:
    survey = render._survey(page)
    tables, figures = _definitions(page)
    if kind == "figure":
        figure = figures[block_id]
        variables = figure_variables(figure, survey) if figure.kind != "themes" else []
        ids = [figure.question] if figure.question else [survey.variables[v].question for v in variables]
    else:
        table = tables[block_id]
        ids = [table.question] if table.question else [survey.variables[v].question for v in table.items]
    return list(dict.fromkeys(ids))


# --- the pages --------------------------------------------------------------------------------


def _citation_blocks(page: render.Page, kind: str, block_id: str, url: str) -> list[str]:
    language = page.language
    report = render._survey(page).report
    return citation.cite_section(
        report,
        language,
        part=block_title(kind, block_id, language, page),
        key=citation.bibtex_key(report, anchor(kind, block_id)),
        url=url,
        heading=ui.text(language, f"block.cite_{kind}"),
        intro=ui.text(language, "block.cite_intro", url=url),
        note=ui.text(language, f"block.note_{kind}"),
    )


def _context_blocks(page: render.Page, kind: str, block_id: str) -> list[str]:
    """Where the block stands in the report, and the question(s) it shows the answers to."""
    language = page.language
    home, heading, target = home_section(page, kind, block_id)
    link = render_html(
        "link.html",
        href=f"{href_to(page.src, downloads.page_path(home))}#{target}",
        text=heading or block_title(kind, block_id, language),
    )
    label = f"{ui.text(language, kind)} {block_id}"
    blocks = [str(message(language, "block.shown_in", label=label, section=link))]
    survey = render._survey(page)
    questions = _questions(page, kind, block_id)
    if questions:
        key = "block.question" if len(questions) == 1 else "block.questions"
        blocks.append(f"## {esc(ui.text(language, key))} {{#question}}")
        blocks.extend(str(appendix.question_html(survey, q, language)) for q in questions)
    return blocks


def figure_page(page: render.Page, figure_id: str) -> str:
    """Everything on a figure's own page below its title."""
    _, figures = _definitions(page)
    if figure_id not in figures:
        raise render._choices("figure", figure_id, figures)
    language = page.language
    url = block_url(page, "figure", figure_id)
    blocks = [render.figure(page, figure_id)]
    blocks.extend(_context_blocks(page, "figure", figure_id))
    code = embed_code(page, figure_id)
    blocks.append(f"## {esc(ui.text(language, 'embed.heading'))} {{#embed}}")
    blocks.append(str(esc(ui.text(language, "embed.intro"))))
    blocks.append(
        render_html(
            "citation_block.html",
            label=ui.text(language, "embed.code"),
            id="embed-code",
            text=code,
            preformatted=True,
            copy=ui.text(language, "finding.copy"),
            copied=ui.text(language, "finding.copied"),
        )
    )
    blocks.extend(_citation_blocks(page, "figure", figure_id, url))
    if page.site_dir is not None:
        folder = Path(page.site_dir) / data_files.page_folder("figure", figure_id)
        downloads.queue(folder / OEMBED_FILE, data_files.json_bytes(oembed(page, figure_id)))
    return "\n\n".join(blocks) + "\n"


def table_page(page: render.Page, table_id: str) -> str:
    """Everything on a table's own page below its title: the table, its downloads, where it
    stands, the question and its citation. Its CSV and metadata are written here."""
    tables, _ = _definitions(page)
    if table_id not in tables:
        raise render._choices("table", table_id, tables)
    url = block_url(page, "table", table_id)
    survey = render._survey(page)
    blocks = [render.table(page, table_id)]
    if data_files.has_data(tables[table_id]):
        blocks.append(_table_downloads(page, survey, tables[table_id], url))
    blocks.extend(_context_blocks(page, "table", table_id))
    blocks.extend(_citation_blocks(page, "table", table_id, url))
    return "\n\n".join(blocks) + "\n"


def _table_downloads(page: render.Page, survey, table, url: str) -> str:
    """A table's CSV and metadata, queued to its language's downloads, and the links to them."""
    language = page.language
    data = data_files.table_data(survey, table, language)
    files = {
        "csv": data_files.csv_bytes(data),
        "json": data_files.json_bytes(
            data_files.with_question_texts(data_files.resource(data, survey.report, url), survey, language)
        ),
    }
    links = []
    for extension, content in files.items():
        name = f"{data.name}.{extension}"
        if page.site_dir is not None:
            downloads.queue(Path(page.site_dir) / downloads.DOWNLOADS_DIR / name, content)
        links.append((ui.text(language, f"chart.download_{extension}"), downloads.href_from_page(page.src, name)))
    return render_html("block_downloads.html", label=ui.text(language, "block.downloads_table"), links=links)


# --- the embed ----------------------------------------------------------------------------------


def _chart_heights(page: render.Page, figure_id: str) -> dict[str, float]:
    # Asked three times per figure and language (the figure page's embed code, its oEmbed, the embed page).
    return page.context.remember(("chart heights", page.language, figure_id), lambda: _measure(page, figure_id))


def _measure(page: render.Page, figure_id: str) -> dict[str, float]:
    # From the charts the figure's pages show (made once per build and language).
    content = _figure_content(page, figure_id)
    return {width: _svg_height(svg) for width, svg in zip(charts.WIDTHS, content.rendered, strict=True)}


def _figure_content(page: render.Page, figure_id: str) -> figure_blocks.FigureContent:
    """The figure's content as its other pages show it (made once per build and language)."""
    _, figures = _definitions(page)
    where = figure_blocks.FigurePage(
        language=page.language,
        src=page.src,
        site_url=page.site_url,
        site_dir=None,
        default_language=page.default_language,
    )
    return figure_blocks.figure_content(render._survey(page), figures[figure_id], where)


def _svg_height(svg: str) -> float:
    match = re.search(r'<svg\b[^>]*?\sheight="([\d.]+)"', svg)
    return float(match.group(1)) if match else 0.0


def embed_size(page: render.Page, figure_id: str) -> tuple[int, int]:
    """(width, height) of the embed's <iframe>, in CSS pixels."""
    heights = _chart_heights(page, figure_id) if rendering.charts_enabled() else {"wide": 0.0}
    return EMBED_WIDTH, round(max(heights.values()) + EMBED_CHROME)


def embed_url(page: render.Page, figure_id: str) -> str:
    return f"{block_url(page, 'figure', figure_id)}{EMBED_DIR}/"


def embed_code(page: render.Page, figure_id: str) -> str:
    """The HTML a reader copies to show the figure on another site."""
    width, height = embed_size(page, figure_id)
    title = block_title("figure", figure_id, page.language, page)
    return (
        f'<iframe src="{html.escape(embed_url(page, figure_id))}" title="{html.escape(title)}" '
        f'width="{width}" height="{height}" style="width:100%;max-width:{width}px;border:0" '
        f'loading="lazy"></iframe>'
    )


def oembed(page: render.Page, figure_id: str) -> dict:
    """The oEmbed answer for a figure's page (https://oembed.com, type rich)."""
    report = render._survey(page).report
    width, height = embed_size(page, figure_id)
    return {
        "version": "1.0",
        "type": "rich",
        "title": block_title("figure", figure_id, page.language, page),
        "author_name": citation.author_names(report, page.language),
        "author_url": _language_url(page),
        "provider_name": report["publisher"][page.language],
        "provider_url": _language_url(page),
        "html": embed_code(page, figure_id),
        "width": width,
        "height": height,
    }


def figure_embed(page: render.Page, figure_id: str) -> str:
    """The embed page's content: title, chart, source line and a link back."""
    _, figures = _definitions(page)
    if figure_id not in figures:
        raise render._choices("figure", figure_id, figures)
    survey = render._survey(page)
    language = page.language
    content = _figure_content(page, figure_id)
    view = content.view
    svgs, live = [], {}
    title = block_title("figure", figure_id, language, page)
    for width, svg in zip(charts.WIDTHS, content.rendered, strict=False):
        element = f"{anchor('figure', figure_id)}-embed-{width}"
        shown = rendering.page_svg(
            svg, element, title, content.description, css_class=f"report-chart__svg report-chart__svg--{width}"
        )
        if width == figure_blocks.ON_DEMAND_WIDTH:
            # As on the figure's other pages: the narrow chart is fetched where it shows (the
            # file its chapter page wrote), and the frame carries an empty box of its size.
            name = downloads.file_name(figure_id, figure_blocks.ON_DEMAND_SVG)
            shown = rendering.placeholder_svg(shown, downloads.href_from_page(page.src, name))
        svgs.append(Markup(shown))
        name = downloads.file_name(figure_id, figure_blocks.LIVE_SPECS[width])
        live[width] = downloads.href_from_page(page.src, name)
    credit = figure_blocks.citation_short(survey, language)
    return (
        "\n"
        + render_html(
            "embed.html",
            anchor=anchor("figure", figure_id),
            caption=view.caption,
            svgs=svgs,
            live=live,
            table=scroll_region(
                data_table(
                    view.header, view.rows, caption=ui.text(language, "data_table"), css_class="report-figure__data"
                ),
                f"{ui.text(language, 'figure')} {figure_id}: {ui.text(language, 'data_table')}",
            ),
            table_label=ui.text(language, "data_table"),
            source=f"{ui.text(language, 'chart.source')}: {credit}",
            back=ui.text(language, "embed.back"),
            href=block_url(page, "figure", figure_id),
        )
        + "\n"
    )


# --- the Data page --------------------------------------------------------------------------


def edition_name(page: render.Page) -> str:
    """The zip's file name: the last part of the site's path and the language, ``<name>-<language>.zip``."""
    stem = PurePosixPath(page.site_url.rstrip("/")).name or "report"
    return f"{re.sub(r'[^a-z0-9-]+', '-', stem.lower())}-{page.language}.zip"


def _all_data(page: render.Page) -> list[tuple[data_files.DataTable, dict]]:
    survey = render._survey(page)
    tables, figures = _definitions(page)
    language = page.language
    datas = []
    for table_id in sorted(tables, key=_order):
        if not data_files.has_data(tables[table_id]):
            continue
        data = data_files.table_data(survey, tables[table_id], language)
        resource = data_files.resource(data, survey.report, block_url(page, "table", table_id))
        datas.append((data, data_files.with_question_texts(resource, survey, language)))
    for figure_id in sorted(figures, key=_order):
        figure = figures[figure_id]
        view = figure_blocks.build_figure(survey, figure, language)
        chart = figure_blocks.figure_chart(survey, figure, view, language)
        data = data_files.figure_data(survey, figure, view, chart, language)
        resource = data_files.resource(data, survey.report, block_url(page, "figure", figure_id))
        datas.append((data, data_files.with_question_texts(resource, survey, language)))
    return datas


def _order(block_id: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in block_id.split("."))


def edition(page: render.Page, datas: list | None = None) -> bytes:
    """The language's whole aggregate edition as one zip (:func:`data_files.edition_zip`)."""
    language = page.language
    report = render._survey(page).report
    datas = _all_data(page) if datas is None else datas
    # full_title: without a subtitle when report.yaml has none.
    package = {
        "profile": "tabular-data-package",
        "name": edition_name(page).removesuffix(".zip"),
        "title": citation.full_title(report, language),
        "description": ui.text(language, "data.package_description"),
        "homepage": _language_url(page),
        "language": language,
        "sources": [{"title": data_files.plain(citation.apa_reference(report, language, _language_url(page)))}],
        **({"licenses": data_files.licence(report)} if data_files.licence(report) else {}),
    }
    return data_files.edition_zip(datas, report, language, package, readme(page, datas), licence_text(page))


def data_downloads(page: render.Page) -> str:
    """The Data page: every table's and figure's downloads, and the whole edition as one zip."""
    language = page.language
    datas = _all_data(page)
    zip_name = edition_name(page)
    if page.site_dir is not None:
        downloads.queue(Path(page.site_dir) / downloads.DOWNLOADS_DIR / zip_name, edition(page, datas))
    rows = []
    for data, _ in datas:
        names = [("csv", f"{data.name}.csv"), ("json", f"{data.name}.json")]
        if data.kind == "figure" and rendering.charts_enabled():
            names += [("vega", f"{data.name}.vg.json"), ("svg", f"{data.name}.svg"), ("png", f"{data.name}.png")]
        rows.append(
            {
                "kind": data.kind,
                "title": data.title,
                "href": href_to(page.src, data_files.page_folder(data.kind, data.id)),
                "files": [
                    (ui.text(language, f"chart.download_{key}"), downloads.href_from_page(page.src, name))
                    for key, name in names
                ],
            }
        )
    return (
        "\n"
        + render_html(
            "data_downloads.html",
            zip_label=ui.text(language, "data.zip"),
            zip_href=downloads.href_from_page(page.src, zip_name),
            zip_note=ui.text(language, "data.zip_note"),
            sections=[
                (ui.text(language, "data.tables"), "data-tables", [r for r in rows if r["kind"] == "table"]),
                (ui.text(language, "data.figures"), "data-figures", [r for r in rows if r["kind"] == "figure"]),
            ],
        )
        + "\n"
    )


def readme(page: render.Page, datas: list) -> str:
    """The zip's README.md in the page language: what it holds and how to cite it."""
    language = page.language
    report = render._survey(page).report
    url = _language_url(page)
    reference = data_files.plain(citation.apa_reference(report, language, url))
    lines = [
        f"# {citation.full_title(report, language)}",
        "",
        ui.text(language, "data.readme_intro"),
        "",
        ui.text(language, "data.readme_files"),
        "",
    ]
    lines += [f"- `{data.name}.csv`: {data.title}" for data, _ in datas]
    lines += ["", f"## {ui.text(language, 'data.readme_cite')}", "", reference, ""]
    return "\n".join(lines)


def licence_text(page: render.Page) -> str:
    """The zip's LICENSE.txt: report.yaml's licence, or that none is declared."""
    report = render._survey(page).report
    licenses = data_files.licence(report)
    if not licenses:
        return ui.text(page.language, "data.no_licence", publisher=report["publisher"][page.language]) + "\n"
    item = licenses[0]
    parts = [item.get("title") or item.get("name", ""), item.get("path", "")]
    return "\n".join(p for p in parts if p) + "\n"


MACROS = {
    "figure_page": figure_page,
    "table_page": table_page,
    "figure_embed": figure_embed,
    "data_downloads": data_downloads,
}
