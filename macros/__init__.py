"""MkDocs-macros entry point: wiring only.

Every macro is a plain function in :mod:`macros.calls` that takes a
:class:`macros.calls.Page` as its first argument; ``define_env`` binds it to
the page being rendered. Nothing below this module imports MkDocs.

The build context. ``define_env`` creates one :class:`macros.model.context.BuildContext`
per build from the mkdocs.yml being built (its folder holds data/, docs/, locale/,
translations/) and binds it to every Page. Before any page is rendered it checks the whole
report: mkdocs.yml (languages, site_url), every data file and definition, and the UI
catalogs of every language; all problems are reported together.

One error path. An authoring mistake is a :class:`macros.model.errors.ReportError`. One
raised by a macro is recorded with the page, its language and the call (the macros plugin
would otherwise print it inside a traceback and exit); after the page is rendered,
``on_post_page_macros`` raises it as MkDocs' ``PluginError``, which MkDocs prints once,
without a traceback, and stops the build. Jinja mistakes (a misspelt macro name, a syntax
error) are found before rendering, with a "did you mean". Any other exception is a bug in
the engine: it is reported the same way, labelled as one, with its traceback.

The engine is imported inside the functions below, not at the top: importing a
light module such as ``macros.i18n.freshness`` (the translators' command) then does
not load pandas, Altair and the chart renderer.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
import traceback
from pathlib import Path


def _leave_the_standard_library_visible() -> None:
    """Take this package's own folder off ``sys.path``.

    The macros plugin puts it there when mkdocs.yml names the package by a path that climbs
    (``module_name: ../../macros``, as a report beside the engine does). Its subpackages would
    then stand in for the standard library's modules of the same name (``macros/html`` for
    ``html``) in every process started after it: a ``spawn``ed process (the chart conversions,
    the render workers, the PDF layouts) starts with a copy of ``sys.path`` and imports afresh.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]


_leave_the_standard_library_visible()

ENGINE_BUG = "engine bug (not a mistake in the report's files; please report it with this traceback)"


def _plugin_error(message: str):
    from mkdocs.exceptions import PluginError

    return PluginError(message)


ENGINE_EVENTS = "report-engine"


def define_env(env) -> None:
    """Create the build context, check the report, and register every macro for the current page."""
    from macros.model import context as build_context
    from macros.model.errors import ReportError

    try:
        ctx = _create_context(env)
        build_context.activate(ctx)
        _check_report(ctx, theme_dirs=getattr(env.conf.get("theme"), "dirs", None) or [])
    except ReportError as error:
        raise _plugin_error(_stop_message(error)) from None
    from macros.charts import workers

    try:
        workers.worker_count()  # a wrong REPORT_RENDER_PROCESSES stops the build here, in its words
    except workers.WorkersError as error:
        raise _plugin_error(str(error)) from None
    # The theme's interface texts as the report words them (macros/text/theme.py), for
    # overrides/partials/language.html: {language: {key: text}}.
    extra = env.conf.get("extra")
    if extra is not None:  # a hand-made env (tests) may have none
        extra["theme_strings"] = ctx.theme_strings
    # The engine's own MkDocs events (see _engine_events): no report's mkdocs.yml has to name them.
    from mkdocs.plugins import PluginCollection

    plugins = env.conf.get("plugins")
    if isinstance(plugins, PluginCollection):  # a hand-made env (tests) has none
        if ENGINE_EVENTS not in plugins:
            plugins[ENGINE_EVENTS] = _engine_events()
        ctx.held = {}
        i18n = plugins.get("i18n")
        if i18n is None or not getattr(i18n, "building", False):
            # A new build (not the next language of one): nothing a failed build queued is written.
            from macros.outputs import downloads

            downloads.PENDING.clear()

    from macros import calls as render
    from macros.blocks import finding_pages as finding_macros
    from macros.outputs import downloads

    # What finding pages stated: the context's (adopting the finding module's record while it keeps one).
    ctx.stated = getattr(finding_macros, "STATED", ctx.stated)
    languages = ctx.languages

    def current_page() -> render.Page:
        page = env.page
        locale = getattr(page.file, "locale", None) if page is not None else None
        language = str(locale or languages.source)
        src = page.file.src_uri if page is not None else ""
        # With the folder structure, src_uri is "<language>/<path>"; macros want <path>.
        src = src.split("/", 1)[1] if src.startswith(f"{language}/") else src
        # The i18n plugin builds each language into its own folder (site/, site/en/), but the
        # config macros sees may still name the root: files a macro writes go to the language's.
        site_dir = downloads.language_root(Path(env.conf["site_dir"]), language, languages.source)
        return render.Page(
            language=language, src=src, site_url=ctx.site_url, docs_dir=ctx.docs_dir, site_dir=site_dir, context=ctx
        )

    macros = macro_registry()

    def call_line(name: str, call: str, args: tuple, kwargs: dict):
        """A function giving the line of this call in the current page's Markdown source (None
        when not found). The call is counted now; the page is read only when a message needs
        the line, so a build without mistakes never reads it."""
        page = env.page
        if page is None:
            return lambda: None
        counts = ctx._cache.setdefault("call_counts", {})
        key = (getattr(page.file, "src_uri", ""), name, call)
        nth = counts.get(key, 0)
        counts[key] = nth + 1
        source = getattr(page.file, "abs_src_path", None)
        return lambda: _call_line(source, name, args, kwargs, nth)

    for name, function in macros.items():
        env.macro(_bound_to_page(name, function, current_page, call_line), name)

    env.variables["_current_page"] = current_page
    env.variables["_build_context"] = ctx
    env.variables["_macro_names"] = tuple(macros)


def _engine_events():
    """The MkDocs events the engine needs in every report, registered by :func:`define_env` as a
    plugin of its own (a plugin collection registers the ``on_*`` methods of what is put in it):

    - ``on_env``: the theme's environment keeps its compiled templates between builds
      (:mod:`macros.html.compiled`);
    - ``on_page_content``, before every other hook and plugin: the macro output Markdown had no
      need to read (:func:`macros.html.held.hold_block`) is put back in the page, and its anchors
      are added to the page's (:func:`macros.html.held.restore_blocks`);
    - ``on_post_page``, after every other hook and plugin: the charts :func:`macros.html.held.hold`
      kept out of the page are put back (:func:`macros.html.held.restore`). Until then Markdown,
      the search index and the hooks that rewrite a page see a short comment where a chart is;
    - ``on_post_build``, once the last language is built (after the i18n plugin's, which builds
      the other languages inside the first one's): every language's download files are written
      (:func:`write_downloads`).
    """
    from mkdocs.plugins import BasePlugin, event_priority

    from macros.html import compiled, held
    from macros.model import context

    class EngineEvents(BasePlugin):
        def on_env(self, env, config, files):
            if env.bytecode_cache is None:
                env.bytecode_cache = compiled.bytecode_cache()
            return env

        @event_priority(1000)  # before every hook and plugin (the search index, hooks/sharing.py)
        def on_page_content(self, html, page, config, files):
            anchors = page.present_anchor_ids
            return held.restore_blocks(html, context.current().held or {}, anchors)

        @event_priority(-2000)  # hooks/compact_html.py, the last hook, runs at -1000
        def on_post_page(self, output, page, config):
            return held.restore(output, context.current().held or {})

        @event_priority(-150)  # after the i18n plugin's (-100), before the PDF editions' (-200)
        def on_post_build(self, config):
            i18n = config.plugins.get("i18n")
            if i18n is None or not getattr(i18n, "building", False):
                write_downloads()

    return EngineEvents()


def macro_registry() -> dict:
    """Every macro a page can call, by name (the author's reference, AUTHORING.md, documents each)."""
    from macros import calls as render
    from macros.blocks import editorial
    from macros.blocks import finding_pages as finding_macros
    from macros.blocks import translation_status as status_page
    from macros.outputs import figure_pages as block_pages

    return {**render.MACROS, **finding_macros.MACROS, **status_page.MACROS, **editorial.MACROS, **block_pages.MACROS}


def _create_context(env):
    from macros.model.context import BuildContext
    from macros.model.errors import ConfigError
    from macros.model.languages import report_languages

    conf = env.conf
    config_file = conf.get("config_file_path") if hasattr(conf, "get") else None
    if config_file:
        config_path = Path(config_file)
    else:  # a hand-made env (tests): the report is the folder above docs/
        config_path = Path(conf["docs_dir"]).resolve().parent / "mkdocs.yml"
    languages = report_languages(config_path)
    site_url = conf.get("site_url") or ""
    if not site_url:
        raise ConfigError(
            f"{config_path.name}: site_url is missing; expected the published address of the site, e.g. "
            "`site_url: https://example.org/report/` (canonical links, the sitemap and every citation use it)"
        )
    return BuildContext(
        config_path=config_path,
        languages=languages,
        site_url=site_url,
        site_dir=Path(conf["site_dir"]),
        docs_dir=Path(conf["docs_dir"]),
    )


def _check_report(ctx, theme_dirs=()) -> None:
    """Every data file, definition and catalog, checked before anything is built; all problems together.

    ``theme_dirs`` are the theme's template folders: the report's theme catalogs are checked
    against the theme's keys, and what they reword is kept as ``ctx.theme_strings``.
    """
    from macros.model.errors import ReportError
    from macros.model.languages import missing_twins, nav_problems
    from macros.text.theme import theme_strings

    docs_name = Path(ctx.docs_dir).name
    problems: list = [
        *nav_problems(ctx.config_path, ctx.docs_dir, ctx.languages, docs_name),
        *missing_twins(ctx.docs_dir, ctx.languages, docs_name),
    ]
    try:
        ctx.survey()
    except ReportError as error:
        problems.extend(error.problems)
    if not problems:
        from macros.model.definitions import check_findings

        try:
            tables, figures = ctx.definitions()
            problems.extend(check_findings(ctx.data_dir, ctx.languages, tables, figures))
        except ReportError as error:
            problems.extend(error.problems)
    from macros.blocks import editorial

    try:
        editorial.load_notes(ctx.data_dir)
    except ReportError as error:
        problems.extend(error.problems)
    try:
        ctx.catalog().check()
    except ReportError as error:
        problems.extend(error.problems)
    ctx.theme_strings, theme_problems = theme_strings(ctx.locale_dir, ctx.languages, theme_dirs)
    problems.extend(theme_problems)
    if problems:
        raise ReportError(problems=problems)


def _stop_message(error, where: str = "") -> str:
    """The one message an authoring mistake stops the build with."""
    count = len(getattr(error, "problems", []) or [])
    head = f"The report cannot be built: {where}" if where else "The report cannot be built:"
    if count > 1:
        return f"{head} {count} problems\n" + "\n".join(f"  - {p}" for p in error.problems)
    return f"{head}\n  {error.problems[0] if count else error}"


def on_pre_page_macros(env) -> None:
    """A page starts: forget what its previous render stated; check its Jinja before it runs."""
    page = env.variables["_current_page"]()
    ctx = env.variables["_build_context"]
    ctx.stated[(page.language, page.src)] = []
    for (_kind, language, _item), pages in ctx.carried.items():
        if language == page.language:
            pages.discard(page.src)
    ctx.failures = []
    ctx._cache["call_counts"] = {}
    ctx.catalog().recheck()
    problem = _jinja_problem(env, page)
    if problem is not None:
        ctx.failures.append(problem)
        env.markdown = ""  # nothing to render: the macros plugin would print a traceback and exit


def on_post_page_macros(env) -> None:
    """A page is rendered: stop the build with the problems its macros met, if any; otherwise
    give Markdown back every held block that is not a raw block of its own (macros/html/held.py)."""
    ctx = env.variables["_build_context"]
    if not ctx.failures:
        if ctx.held is not None:
            from macros.html import held

            env.markdown = held.settle_blocks(env.markdown, ctx.held)
        return
    failures, ctx.failures = ctx.failures, []
    bugs = [f for f in failures if f.startswith(ENGINE_BUG)]
    if bugs:
        raise _plugin_error(bugs[0])
    if len(failures) == 1:
        raise _plugin_error(f"The report cannot be built:\n  {failures[0]}")
    raise _plugin_error(
        f"The report cannot be built: {len(failures)} problems\n" + "\n".join(f"  - {f}" for f in failures)
    )


def _jinja_problem(env, page) -> str | None:
    """A Jinja syntax error or an unknown name on the page, as one message with a suggestion."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    from macros.html import compiled
    from macros.model.errors import did_you_mean

    where = f"docs/{page.language}/{page.src}"
    markdown = env.markdown
    front_matter = getattr(getattr(env, "page", None), "meta", None) or {}
    known = set(env.variables) | set(env.macros) | set(env.filters) | set(env.env.globals) | set(front_matter)
    # A page unchanged since a build that compiled it: its code and the names it reads are kept
    # (macros/html/compiled.py), and it is neither parsed nor compiled again.
    kept = compiled.page_code(env.env, where, markdown)
    if kept is not None and kept[0] <= known:
        _compile_from(env.env, markdown, kept[1])
        return None
    try:
        parsed = env.env.parse(markdown)
    except TemplateSyntaxError as error:
        line = markdown.splitlines()[error.lineno - 1].strip() if error.lineno else ""
        return f"{where}:{error.lineno}: the macro call {line!r} cannot be read ({error.message})"
    # Every name the page reads is known on almost every page; Jinja's own analysis (as costly as
    # compiling the page) is needed only when one is not: it tells a name the page sets itself
    # (a loop variable, a {% set %}) from a misspelt macro.
    names = {name.name for name in parsed.find_all(nodes.Name) if name.ctx == "load"}
    if names <= known:
        code = env.env.compile(parsed)
        compiled.keep_page_code(env.env, where, markdown, names, code)
        _compile_from(env.env, markdown, code)
        return None
    _compile_from(env.env, markdown, parsed)
    unknown = sorted(meta.find_undeclared_variables(parsed) - known)
    if not unknown:
        return None
    name = unknown[0]
    line = next((n for n, text in enumerate(markdown.splitlines(), start=1) if name in text), None)
    hint = did_you_mean(name, env.variables.get("_macro_names", ()))
    return (
        f"{where}{f':{line}' if line else ''}: {name!r} is not a macro"
        + (f" ({hint})" if hint else "")
        + f"; expected one of {', '.join(env.variables.get('_macro_names', ()))}"
    )


def _compile_from(jinja, markdown: str, prepared) -> None:
    """Let the macros plugin's next ``from_string(markdown)`` (it renders the page right after this
    check) use what the check prepared instead of parsing the page again: the tree it parsed
    (Jinja compiles a parsed tree as it compiles the text) or the code compiled from it (made
    into a template as ``from_string`` makes its own). Any other source, or a second call, is
    passed to Jinja as it is."""
    from types import CodeType

    if not hasattr(jinja, "_report_from_string"):
        original = jinja.from_string

        def from_string(source, globals=None, template_class=None):
            text, ready = jinja._report_prepared
            jinja._report_prepared = (None, None)
            if ready is None or source is not text:
                return original(source, globals, template_class)
            if isinstance(ready, CodeType):
                made = template_class or jinja.template_class
                return made.from_code(jinja, ready, jinja.make_globals(globals), None)
            return original(ready, globals, template_class)

        jinja._report_from_string = original
        jinja.from_string = from_string
    jinja._report_prepared = (markdown, prepared)


_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _call_line(source_path, name: str, args: tuple, kwargs: dict, nth: int = 0) -> int | None:
    """The line of the ``nth`` call of macro ``name`` with these arguments in a page's Markdown file.

    The Jinja expressions of the file that call ``name(`` and hold every argument (as typed, in
    either kind of quotes) and every keyword are the candidates, in order; the ``nth`` is the call
    (the same call may be made several times on a page). None when the file cannot be read or no
    expression fits (a call made by a template, not by the page).
    """
    if not source_path:
        return None
    try:
        text = Path(source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    called = re.compile(rf"(?<![\w.]){re.escape(name)}\s*\(")
    needles: list[tuple[str, ...]] = []
    for value in (*args, *kwargs.values()):
        if isinstance(value, str):
            needles.append((f'"{value}"', f"'{value}'"))
        elif isinstance(value, (int, float, bool)):
            needles.append((repr(value),))
    keywords = [re.compile(rf"(?<![\w.]){re.escape(k)}\s*=") for k in kwargs]
    found = []
    for match in _EXPRESSION.finditer(text):
        expression = match.group(0)
        if not called.search(expression):
            continue
        if all(any(n in expression for n in options) for options in needles) and all(
            k.search(expression) for k in keywords
        ):
            found.append(text.count("\n", 0, match.start()) + 1)
    if not found:
        return None
    return found[nth] if nth < len(found) else found[-1]


def _bound_to_page(name, function, current_page, call_line=None):
    from macros.blocks import finding_pages as finding_macros
    from macros.blocks.references import PageCallError
    from macros.html import held
    from macros.model.errors import ReportError, did_you_mean
    from macros.stats.items import StatsError

    signature = inspect.signature(function)
    parameters = [p for p in signature.parameters if p != "page"]

    @functools.wraps(function)
    def macro(*args, **kwargs):
        page = current_page()
        call = ", ".join([*map(_as_typed, args), *(f"{k}={_as_typed(v)}" for k, v in kwargs.items())])
        line_of_call = call_line(name, call, args, kwargs) if call_line is not None else lambda: None

        def where() -> str:
            line = line_of_call()
            return f"docs/{page.language}/{page.src}{f':{line}' if line else ''} ({page.language}): {name}({call})"

        try:
            signature.bind(page, *args, **kwargs)
        except TypeError as error:
            unknown = next((k for k in kwargs if k not in signature.parameters), None)
            hint = did_you_mean(unknown, parameters) if unknown else None
            page.context.failures.append(
                f"{where()}: {error}{f' ({hint})' if hint else ''}; expected {name}({', '.join(parameters)})"
            )
            return ""
        try:
            result = function(page, *args, **kwargs)
            if isinstance(result, str) and page.context.held is not None:
                result = held.hold_block(held.hold(result, page.context.held), page.context.held)
            if name in finding_macros.NUMBER_MACROS:
                # What a finding states: its CSV holds exactly these numbers.
                page.context.stated.setdefault((page.language, page.src), []).append((name, args, kwargs))
            return result
        except PageCallError as error:  # names its own place on the page
            page.context.failures.append(str(error))
            return ""
        except (ReportError, StatsError) as error:  # StatsError: until it is a ReportError
            message = str(error)
            page.context.failures.append(f"{where()}: {message}")
            return ""
        except Exception:
            page.context.failures.append(f"{ENGINE_BUG}: {where()}\n{traceback.format_exc()}")
            return ""

    return macro


def on_post_build(env) -> None:
    """A language's build ends: write the chart cache counts, and keep what was read and counted
    of the data for the next build of the same data (:func:`macros.model.survey.keep`; the
    downloads are written once every language is built, :func:`write_downloads`)."""
    from macros.charts import rendering
    from macros.model import survey as data

    rendering.write_stats()
    ctx = env.variables["_build_context"]
    _check_copies(ctx)
    if "survey" in ctx._cache:
        data.keep(ctx._cache["survey"])


def write_downloads() -> None:
    """Write every language's download files, taking those made beside the build
    (macros/charts/workers.py; what no worker has started yet is made here, the queue's end first,
    while the workers go on with its start), then end the render workers; and the chart cache
    counts.

    Once, when the last language is built: the renders given to the workers go on while the next
    language's pages are made, instead of the build waiting for them at the end of each language."""
    from macros.charts import rendering, workers
    from macros.outputs import downloads

    try:
        workers.take_back()
        downloads.write_pending()
    except downloads.DownloadError as error:
        raise _plugin_error(f"a download of the site could not be made: {error}") from None
    finally:
        workers.shut_down()
    rendering.write_stats()


def _check_copies(ctx) -> None:
    """Stop when a finding link or editorial marker is only on a copy of its page, not on the page
    its registry names (see :func:`macros.model.context.missing_origins`)."""
    from macros.blocks import editorial, finding_pages
    from macros.calls import Page
    from macros.model.context import missing_origins
    from macros.model.errors import ReportError

    problems = []
    for language in sorted({language for _kind, language, _item in ctx.carried}):
        page = Page(language=language, docs_dir=ctx.docs_dir, context=ctx)
        origins = {
            "finding": ("data/findings.yaml", finding_pages.finding_origins(page)),
            "editorial note": (f"data/{editorial.REGISTRY_FILE}", editorial.note_origins(page)),
        }
        problems += missing_origins(ctx, origins, language)
    if problems:
        raise _plugin_error(_stop_message(ReportError(problems=problems)))


def _as_typed(value) -> str:
    """An argument as a page would type it: double quotes, like the Markdown."""
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, (str, list)) else repr(value)
