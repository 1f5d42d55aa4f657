"""Macros of finding pages: the finding block, links from chapters, the list of findings.

The numbers a finding states are the number macros its page calls before
``{{ finding(...) }}``; the adapter records them per page in the build context (``stated``),
so the finding's CSV holds exactly those numbers.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from babel.numbers import get_decimal_symbol, get_group_symbol

from macros import calls as render
from macros.blocks.findings import FINDINGS_DIR, Finding, load_findings, page_title
from macros.html.markup import esc
from macros.html.markup import render as render_html
from macros.outputs import downloads
from macros.outputs.share_cards import write_share_image
from macros.stats import breakdowns
from macros.text import catalog as ui
from macros.text import citation, notes
from macros.text import formatting as fmt

NUMBER_MACROS = ("stat", "stat_max", "stat_min", "experience_share", "theme_share", "theme_count", "survey")


def _stated(page: render.Page) -> list[tuple[str, tuple, dict]]:
    """The number macros the page called so far (recorded by the adapter in the build context)."""
    return page.context.stated.get((page.language, page.src), [])


def _docs(page: render.Page) -> Path:
    """The docs/ folder of the page's build (a finding page reads its own and its chapter's source)."""
    if page.docs_dir is None:
        raise render.MacroError(f"{page.src or 'this page'}: the finding macros need the build's docs folder")
    return page.docs_dir


def _findings(page: render.Page) -> dict[str, Finding]:
    return load_findings(page.context.data_dir, docs_dir=page.docs_dir)


def _finding(page: render.Page, slug: str) -> Finding:
    findings = _findings(page)
    if slug not in findings:
        raise render.MacroError(f"unknown finding {slug!r}; valid choices: {', '.join(findings)}")
    return findings[slug]


def permanent_url(page: render.Page, finding: Finding) -> str:
    return page.site_url.rstrip("/") + "/" + finding.path(page.language)


def _section_title(page: render.Page, finding: Finding) -> str:
    path = _docs(page) / page.language / finding.page
    if not finding.anchor:
        return page_title(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and "{#" + finding.anchor + "}" in line:
            return re.sub(r"\s*\{#[^}]*\}\s*$", "", line.lstrip("#")).strip()
    raise render.MacroError(
        f"finding {finding.slug!r}: no heading {{#{finding.anchor}}} in docs/{page.language}/{finding.page}"
    )


def _label(language: str, name: str, args: tuple, kwargs: dict) -> tuple[str, str, str]:
    """(item, measure, unit) describing one stated number, in the page language."""
    survey = render._survey()
    if name in ("stat", "stat_max", "stat_min"):
        variables = args[0] if isinstance(args[0], list) else [args[0]]
        statistic = args[1]
        item = "; ".join(survey.variables[v].label[language] for v in variables)
        code = kwargs.get("code")
        if statistic in ("share", "count"):
            scale = survey.scale_of(variables[0])
            measure = ui.text(language, f"stat.{statistic}", label=scale.short_labels[language][code])
        else:
            measure = ui.text(language, f"stat.{statistic}")
        is_years = survey.questions[survey.variables[variables[0]].question].kind == "number"
        unit = (
            "percent"
            if statistic in render.SHARE_STATISTICS
            else "years"
            if is_years and statistic in ("mean", "sd")
            else "mean"
            if statistic == "mean"
            else "count"
        )
        if kwargs.get("by") is not None:
            measure = ui.text(
                language,
                "stat.by_group",
                measure=measure,
                by=survey.variables[kwargs["by"]].label[language],
                group=_group_label(survey, kwargs["by"], kwargs.get("group"), language),
            )
        if unit == "mean":
            return item, measure, notes.mean_unit(survey, variables[0], language)
        return item, measure, ui.text(language, f"unit.{unit}")
    if name in ("theme_share", "theme_count"):
        question, theme = args[0], args[1]
        item = survey.questions[question].text[language]
        measure = ui.text(language, f"stat.{name}", label=survey.themes[question][theme].label[language])
        return item, measure, ui.text(language, "unit.percent" if name == "theme_share" else "unit.count")
    if name == "experience_share":
        binned = next(t for t in render._definitions()[0].values() if t.kind == "bins")  # as experience_share finds it
        item = survey.questions[survey.variables[binned.items[0]].question].text[language]
        measure = ui.text(language, "stat.experience_share", label=ui.text(language, "years", label=args[0]))
        return item, measure, ui.text(language, "unit.percent")
    fact = args[0]
    return (
        "",
        ui.text(language, f"survey.{fact}"),
        ui.text(language, "unit.percent" if fact == "response_rate" else "unit.count"),
    )


def _group_label(survey, by: str, group, language: str) -> str:
    """A group of a number macro's by=/group=, as a reader knows it: a code's label, or the range."""
    scale = survey.scale_of(by)
    if scale.kind != "numeric":
        try:
            return scale.short_labels[language][int(group)]
        except (KeyError, TypeError, ValueError):
            return str(group)
    return str(group)


def _dot_value(page: render.Page, name: str, args: tuple, kwargs: dict) -> str:
    """The stated number with a dot decimal, at the precision the page prints it; empty when the
    number is suppressed (a group too small to publish)."""
    text = str(render.MACROS[name](page, *args, **kwargs))
    if "report-suppressed" in text:
        return ""
    locale = fmt.babel_locale(page.language)
    text = text.replace(get_group_symbol(locale), "").replace(get_decimal_symbol(locale), ".")
    return text.replace("%", "").replace("\u00a0", "").strip()


def _stated_ns(page: render.Page) -> list[int]:
    """The number of answers behind each number the page states, on the base it is stated on."""
    from macros.stats import items as stats

    survey = render._survey()
    ns = []
    for name, args, kwargs in _stated(page):
        if name in ("stat", "stat_max", "stat_min"):
            variables = args[0] if isinstance(args[0], list) else [args[0]]
            include = kwargs.get("include_not_relevant")
            if args[1] == "share" and kwargs.get("code") in survey.scale_of(variables[0]).non_substantive:
                include = True
            for variable in variables:
                value, kind = render._raw_stat(
                    page,
                    variable,
                    "n",
                    include_not_relevant=include,
                    exclude_not_relevant=kwargs.get("exclude_not_relevant"),
                    by=kwargs.get("by"),
                    group=kwargs.get("group"),
                )
                if kind == "count":
                    ns.append(int(value))
        elif name in ("theme_share", "theme_count"):
            ns.append(stats.answered_open(survey, args[0]))
        elif name == "experience_share":
            ns.append(int(stats.number_stats(survey, render.bins_table(page).items[0])["n"]))
    return ns


def base_text(page: render.Page) -> str:
    """Who the finding's numbers are of, and how many: "Base: the <population> who answered,
    n = 72–73." (report.yaml and the catalog give the words) (the survey's invited when it states only survey facts)."""
    language = page.language
    ns = _stated_ns(page)
    if ns:
        return ui.text(language, "finding.base", n=fmt.count_range(min(ns), max(ns), language))
    invited = render._survey().facts.get("invited")
    return ui.text(language, "finding.base_invited", n=fmt.integer(invited, language)) if invited else ""


def data_note(language: str) -> str:
    """The report's note on what every number rests on (report.yaml ``data_note``), or nothing."""
    note = render._survey().report.get("data_note") or {}
    return note.get(language, "")


def _csv(page: render.Page, url: str, basis: list[str]) -> bytes:
    language = page.language
    survey = render._survey()
    rows = []
    questions = []  # the question of each row's item(s), to tell apart items of the same label
    for name, args, kwargs in _stated(page):
        item, measure, unit = _label(language, name, args, kwargs)
        rows.append([item, measure, _dot_value(page, name, args, kwargs), unit])
        variables = (
            (args[0] if isinstance(args[0], list) else [args[0]]) if name in ("stat", "stat_max", "stat_min") else []
        )
        questions.append(survey.variables[variables[0]].question if variables else None)
    # One item asked in two questions (how important, how far met) has one label: the row then
    # names its question too, or the two rows would read the same.
    labels = [row[0] for row in rows]
    for row, label, question in zip(rows, labels, questions, strict=True):
        asked_in = {q for other, q in zip(labels, questions, strict=True) if other == label and q is not None}
        if question is not None and len(asked_in) > 1:
            row[0] = f"{label}: {survey.questions[question].text[language]}"
    report = survey.report
    header = [ui.text(language, k) for k in ("csv.item", "csv.statistic", "csv.value", "csv.unit")]
    # The APA reference ends with the finding's permanent address.
    source = html.unescape(re.sub(r"<[^>]+>", "", citation.apa_reference(report, language, url)))
    notes = list(basis)
    if any(row[2] == "" for row in rows):
        rule = breakdowns.disclosure(render._survey())
        notes.append(ui.text(language, "csv.suppressed", min_cell=fmt.integer(rule.min_cell, language)))
    return downloads.csv_bytes(header, rows, f"{ui.text(language, 'csv.source')}: {source}", notes=notes)


def finding(page: render.Page, slug: str) -> str:
    """Everything on a finding page below its statement."""
    item = _finding(page, slug)
    language = page.language
    url = permanent_url(page, item)
    report = render._survey().report
    headline = page_title(_docs(page) / language / FINDINGS_DIR / f"{slug}.md")
    basis = [text for text in (base_text(page), data_note(language)) if text]
    blocks = [str(render_html("finding_basis.html", texts=basis))] if basis else []
    # load_findings checked that a table or figure support names one of the report's.
    if item.support_kind == "table" and item.support_id is not None:
        blocks.append(render.table(page, item.support_id))
    elif item.support_kind == "figure" and item.support_id is not None:
        blocks.append(render.figure(page, item.support_id))
    section = _section_title(page, item)
    target = f"../{item.page}" + (f"#{item.anchor}" if item.anchor else "")
    blocks.append(f"{esc(ui.text(language, 'finding.source'))}: [{esc(section)}]({target}).")
    csv_name = f"{slug}.csv"
    if page.site_dir is not None:
        downloads.queue(Path(page.site_dir) / FINDINGS_DIR / slug / csv_name, _csv(page, url, basis))
    blocks.append(render_html("finding_download.html", href=csv_name, label=ui.text(language, "finding.download_csv")))
    blocks += citation.cite_section(
        report,
        language,
        part=headline,
        key=citation.bibtex_key(report, slug),
        url=url,
        heading=ui.text(language, "finding.cite"),
        intro=ui.text(language, "finding.cite_intro", url=url),
        note=" ".join([ui.text(language, "finding.note") + ".", *basis])
        if basis
        else ui.text(language, "finding.note"),
        description=" ".join(basis),
    )
    write_share_image(page, item, headline, _statement_text(page), _chart_svg(page, item))
    return "\n\n".join(blocks) + "\n"


def _chart_svg(page: render.Page, item: Finding) -> str | None:
    """The supporting chart for the share image: the figure, or the figure of the same number as
    the supporting table (tables 4.2-9.2 each have one); None when charts are off or there is none."""
    from macros.blocks import figures
    from macros.charts import rendering

    _, defined = page.context.definitions()
    support = item.support_id if item.support_kind in ("figure", "table") else None
    figure = defined.get(support) if support is not None else None
    if figure is None or not rendering.charts_enabled():
        return None
    survey = render._survey(page)
    view = figures.build_figure(survey, figure, page.language)
    chart = figures.figure_chart(survey, figure, view, page.language)
    return rendering.render(figures.chart_spec(chart, "narrow"), "svg", page.language).decode("utf-8")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)
_CALL = re.compile(r"\{\{.*?\}\}", re.DOTALL)


def statement_markdown(text: str) -> str:
    """The statement of a finding page: its first paragraph of prose (Markdown with macro calls),
    after the front matter and the headline.

    >>> statement_markdown("---\\ntranslation: {}\\n---\\n# Head\\n\\nIt says {{ x() }}.\\n\\n{{ finding('a') }}\\n")
    'It says {{ x() }}.'
    """
    body = _FRONT_MATTER.sub("", text, count=1)
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", body)):
        if paragraph and not paragraph.startswith("#") and _CALL.sub("", paragraph).strip():
            return paragraph
    return ""


def _statement_text(page: render.Page) -> str:
    """The finding's statement as plain text (its first paragraph), numbers rendered: the text of
    the paragraph as the built page shows it (Markdown rendered, tags dropped, spaces collapsed)."""
    import markdown

    path = _docs(page) / page.language / page.src
    statement = statement_markdown(path.read_text(encoding="utf-8"))
    calls = iter(_stated(page))

    def substitute(_match):
        name, args, kwargs = next(calls)
        return render.MACROS[name](page, *args, **kwargs)

    rendered = markdown.markdown(_CALL.sub(substitute, statement))
    # Ordinary white space only: the no-break space of Danish "45 %" stays.
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", rendered))).strip()


def finding_link(page: render.Page, slug: str) -> str:
    """In a chapter: an anchor at the finding's origin and a link to its page (also in a copy of
    that chapter: the finding's page links to its origin, the page findings.yaml names)."""
    _finding(page, slug)
    # A copy of the finding's page may carry the link too; the page findings.yaml names must
    # (checked when the language's build ends: macros.model.context.missing_origins).
    page.context.carried.setdefault(("finding", page.language, slug), set()).add(page.src)
    headline = page_title(_docs(page) / page.language / FINDINGS_DIR / f"{slug}.md")
    return render_html(
        "finding_link.html",
        slug=slug,
        href=f"../{FINDINGS_DIR}/{slug}/",
        label=ui.text(page.language, "finding.link"),
        headline=headline,
    )


def findings_list(page: render.Page) -> str:
    """Every finding with its headline, linked to its page."""
    folder = _docs(page) / page.language / FINDINGS_DIR
    here = page.src.rsplit("/", 1)[0] if "/" in page.src else ""
    prefix = "" if here == FINDINGS_DIR else f"{FINDINGS_DIR}/"
    items = []
    for slug in _findings(page):
        items.append(f"- [{esc(page_title(folder / f'{slug}.md'))}]({prefix}{slug}.md)")
    return "\n" + "\n".join(items) + "\n"


MACROS = {"finding": finding, "finding_link": finding_link, "findings_list": findings_list}


def finding_origins(page: render.Page) -> dict[str, str]:
    """Each finding's page, as data/findings.yaml names it."""
    return {slug: item.page for slug, item in _findings(page).items()}
