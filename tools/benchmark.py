"""What the engine costs: builds measured side by side against the floor of the stack (run by hand, never a test).

The floor ("plain") is a build of exactly the same pages by mkdocs-material, the i18n plugin
and search alone: every page's final Markdown (after the macros and the hooks) is captured
during a normal build (tools/capture_markdown.py) and built again without macros, hooks or
template overrides. Every build runs in a copy of the report in a temporary folder (with its
own git history, as the translation notices read it), with its own chart cache, as a child
process whose CPU time (user + system) and peak memory (maximum resident set) come from
``os.wait4``. Each comparison runs its two builds interleaved, A B A B ..., ``--runs`` times
(default 5), and reports min–median–max of each and of the per-run ratio A/B:

- cold: charts on, an empty chart cache on every run              vs plain
- warm: charts on, the cache of an earlier build (data unchanged)   vs plain
- off: charts switched off (``REPORT_CHARTS=off``)                  vs plain
- large: a synthetic data set of ``--respondents`` (100,000), warm  vs our own warm build
- tenfold: the chapter pages ``--copies`` (10) times, warm          vs our own warm build
- tenfold-cold: the same, with an empty cache                       vs our own cold build
- load: loading and validating ``data/`` directly (``load_survey``), the report's data and the
  large data set, ``--runs`` times each, every run in a new process; CPU by ``time.process_time``
  around the call, peak memory of the process

The generated reports come from tools/synthetic.py; the tenfold report's copies are verbatim
(finding links and editorial markers included).

Also printed: the chart cache's counts of every build (charts rendered and taken from the
cache, from the cache's stats file), the PDF editions of every build (their build time, size
and pages, and whether they were rendered or taken from the PDF cache, from that cache's stats
file: a build's PDF cache is ``pdf/`` in its chart cache, so a cold build renders the PDFs and a
warm one takes them from the cache), the size of the built sites by file type, and the HTML
size and first-load transfer (gzip) of one chapter page (``--page``, by default the first page
with a figure). ``--lighthouse`` runs Lighthouse (mobile) twice on that page in every language,
served with gzip on 127.0.0.1 under the path of ``site_url``; it needs node_modules/.bin/lighthouse
and Chromium (``CHROME_PATH``, default /usr/bin/chromium). ``--profile KIND`` runs one build of
that kind under cProfile and prints where the time goes.

Usage, from the repository root::

    uv run python tools/benchmark.py [--runs 5] [--only cold,warm,off,large,tenfold,tenfold-cold,load]
                                     [--respondents 100000] [--copies 10] [--lighthouse]
                                     [--base-cache DIR] [--large-cache DIR]
                                     [--profile warm] [--hook hooks/<name>.py]
                                     [--json results.json] [--keep]

``--hook FILE`` registers one more hook in every copy (to measure a hook before it is wired).
``--base-cache DIR`` and ``--large-cache DIR`` start the report's and the large data set's chart
caches from those of an earlier run (``--keep`` keeps them, as ``cache-base`` and ``cache-large``):
the preparation builds are then warm, and the measured builds are unchanged by it.

Times are never asserted: the machine may be shared; read the spread (min–median–max).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

if TYPE_CHECKING:  # the same module, named as mypy (which checks tools/ as a package) knows it
    from tools import synthetic
else:
    import synthetic

# The engine's environment (macros/charts/rendering.py); named here so that this tool does not
# import the engine (and runs unchanged while the engine is rewritten).
CACHE_ENV = "REPORT_CHART_CACHE"
CHARTS_ENV = "REPORT_CHARTS"
STATS_FILE = "stats.json"
# The PDF edition's cache and stats (macros/outputs/pdf/rendering.py): below the chart cache.
PDF_CACHE_ENV = "REPORT_PDF_CACHE"
PDF_CACHE_DIR = "pdf"
CAPTURE_ENV = "REPORT_CAPTURE_DIR"
CAPTURE_HOOK = "tools/capture_markdown.py"
KINDS = ("cold", "warm", "off", "large", "tenfold", "tenfold-cold", "load")
MIB = 1024 * 1024
MB = 1_000_000


# --- one build --------------------------------------------------------------------------------


@dataclass
class Run:
    kind: str
    cpu: float  # user + system seconds of the build and its children
    wall: float
    rss_mib: float  # peak resident set of the build process (or of its largest child: os.wait4's ru_maxrss)
    counts: dict = field(default_factory=dict)
    # The PDF cache's stats: rendered, cached, layouts, editions (language -> pages, bytes, seconds, ...)
    pdf: dict = field(default_factory=dict)
    # The largest sum of the resident sets of the build and all its processes at once (sampled
    # from /proc every TREE_SAMPLE_SECONDS; 0 where there is no /proc): the build lays its PDF
    # editions out side by side and renders beside itself, each in a process of its own.
    tree_mib: float = 0.0


TREE_SAMPLE_SECONDS = 0.1


def _tree_resident_mib(root: int) -> float:
    """The resident sets of process ``root`` and all its descendants, summed (MiB), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    pages = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                pages += int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _TreeMemory:
    """The peak of :func:`_tree_resident_mib` while a process runs (a thread of the benchmark)."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak, self._done = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        if Path("/proc/self/statm").exists():
            self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_resident_mib(self.pid))
            self._done.wait(TREE_SAMPLE_SECONDS)

    def stop(self) -> float:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak


class BuildFailed(RuntimeError):
    pass


def _environment(cache: Path | None, charts: bool, bytecode: bool, extra: dict | None = None) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env[CHARTS_ENV] = "on" if charts else "off"
    if cache is not None:
        env[CACHE_ENV] = str(cache)
        env[PDF_CACHE_ENV] = str(cache / PDF_CACHE_DIR)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def build(
    root: Path,
    site: Path,
    kind: str,
    cache: Path | None,
    charts: bool = True,
    config: str = "mkdocs.yml",
    bytecode: bool = True,
    extra_env: dict | None = None,
    command: list[str] | None = None,
) -> Run:
    """One strict build of the report at ``root`` into ``site``, measured with os.wait4."""
    if cache is not None:
        (cache / STATS_FILE).unlink(missing_ok=True)
        (cache / PDF_CACHE_DIR / STATS_FILE).unlink(missing_ok=True)
    shutil.rmtree(site, ignore_errors=True)
    log = site.with_name(site.name + ".log")
    argv = command or [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    argv = [*argv, "--config-file", config, "--site-dir", str(site)] if command is None else argv
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=root, env=_environment(cache, charts, bytecode, extra_env), stdout=out, stderr=subprocess.STDOUT
        )
        tree = _TreeMemory(process.pid)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            tree_mib = tree.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise BuildFailed(f"{kind}: the build failed ({process.returncode}); log: {log}\n{_log_excerpt(log)}")
    counts, pdf = {}, {}
    if cache is not None and (cache / STATS_FILE).is_file():
        counts = json.loads((cache / STATS_FILE).read_text(encoding="utf-8"))
    if cache is not None and (cache / PDF_CACHE_DIR / STATS_FILE).is_file():
        pdf = json.loads((cache / PDF_CACHE_DIR / STATS_FILE).read_text(encoding="utf-8"))
    # ru_maxrss is in KiB on Linux.
    return Run(kind, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, counts, pdf, tree_mib)


_NOISE = re.compile(r"│|^\s*$|NO_MKDOCS_2_WARNING|^\s+File |^\s{4}|^\s*\^+\s*$|Traceback")


def _log_excerpt(log: Path, lines: int = 12) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    kept = [line for line in text if not _NOISE.search(line) and not line.startswith(("  - ", "INFO"))]
    return "\n".join(kept[:lines])


# --- preparing the reports ------------------------------------------------------------------


def _git_snapshot(root: Path) -> None:
    """Give a copy a history of one commit: the translation notices read the last change from git."""
    git = ["git", "-c", "user.name=benchmark", "-c", "user.email=benchmark@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "benchmark copy"], cwd=root, check=True)


def add_hooks(root: Path, hooks: list[str]) -> None:
    """Register more hooks (files of this repository) in a copy's mkdocs.yml, after its own."""
    if not hooks:
        return
    for hook in hooks:
        (root / hook).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / hook, root / hook)
    _insert_hooks(root / "mkdocs.yml", hooks)


def _insert_hooks(path: Path, hooks: list[str]) -> None:
    """Add hook paths to the ``hooks:`` list of a config file, after its own (the text kept as it is)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "hooks:")
    end = start + 1
    while end < len(lines) and lines[end].lstrip().startswith("- "):
        end += 1
    indent = lines[start + 1][: len(lines[start + 1]) - len(lines[start + 1].lstrip())] if end > start + 1 else "  "
    lines[end:end] = [f"{indent}- {hook}" for hook in hooks]
    path.write_text("\n".join(lines), encoding="utf-8")


def _write_config(root: Path, name: str, content: dict) -> str:
    (root / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def capture_config(root: Path) -> str:
    """The report's own config plus the hook that saves every page's final Markdown: a copy of
    mkdocs.yml, not an ``INHERIT`` of it, because the engine reads the languages and the other
    report settings from the config file being built."""
    shutil.copy2(REPO_ROOT / CAPTURE_HOOK, root / CAPTURE_HOOK)
    name = "benchmark-capture.yml"
    shutil.copy2(root / "mkdocs.yml", root / name)
    _insert_hooks(root / name, [CAPTURE_HOOK])
    return name


def plain_report(root: Path, captured: Path) -> str:
    """The floor: the captured Markdown of every page, built with Material, i18n and search only."""
    config = synthetic.read_config(root)
    docs = root / config.get("docs_dir", "docs")
    plain_docs = root / "benchmark-plain-docs"
    shutil.rmtree(plain_docs, ignore_errors=True)
    shutil.copytree(docs, plain_docs)  # assets and other files as they are
    shutil.copytree(captured, plain_docs, dirs_exist_ok=True)  # every page as rendered
    empty = root / "benchmark-plain-overrides"
    empty.mkdir(exist_ok=True)
    plugins = []
    for name in ("search", "i18n"):
        options = synthetic.plugin_config(config, name)
        if options is not None:
            plugins.append({name: options} if options else name)
    return _write_config(
        root,
        "benchmark-plain.yml",
        {
            "INHERIT": "mkdocs.yml",
            "docs_dir": plain_docs.name,
            "hooks": [],
            "theme": {"custom_dir": empty.name},
            "plugins": plugins,
        },
    )


@dataclass
class Report:
    """A copy of the report, ready to build: its folder, config and warm chart cache."""

    root: Path
    cache: Path
    config: str = "mkdocs.yml"
    note: str = ""


class Bench:
    def __init__(self, work: Path, arguments):
        self.work = work
        self.args = arguments
        self.sites = work / "sites"
        self.sites.mkdir(parents=True, exist_ok=True)
        self.reports: dict[str, Report] = {}
        self.warmups: dict[str, Run] = {}
        self.notes: list[str] = []
        self.last_site: dict[str, Path] = {}
        self._serial = 0

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def site(self, kind: str) -> Path:
        self._serial += 1
        path = self.sites / f"{kind}-{self._serial}"
        self.last_site[kind] = path
        return path

    def run(self, kind: str) -> Run:
        """One measured build of a kind (cold: with a new, empty cache)."""
        bytecode = not self.args.no_bytecode
        if kind == "plain":
            base = self.reports["base"]
            result = build(base.root, self.site(kind), kind, None, charts=False, config=self.plain, bytecode=bytecode)
        elif kind in ("cold", "tenfold-cold"):
            report = self.reports["tenfold" if kind == "tenfold-cold" else "base"]
            cache = Path(tempfile.mkdtemp(prefix="cache-cold-", dir=self.work))
            try:
                result = build(report.root, self.site(kind), kind, cache, bytecode=bytecode)
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        else:
            name = {"warm": "base", "off": "base"}.get(kind, kind)
            report = self.reports[name]
            result = build(report.root, self.site(kind), kind, report.cache, charts=kind != "off", bytecode=bytecode)
        self.log(
            f"  {kind:13} cpu {result.cpu:7.1f} s  wall {result.wall:7.1f} s  rss {result.rss_mib:6.0f} MiB  "
            f"(all processes {result.tree_mib:6.0f} MiB)  "
            f"{_counts_text(result.counts)}  {_pdf_text(result.pdf)}"
        )
        return result

    # -- preparation
    def prepare(self, kinds: set[str]) -> None:
        bytecode = not self.args.no_bytecode
        self.log("preparing: a copy of the report, its warm cache and the captured Markdown")
        base_root = synthetic.copy_report(self.work / "base")
        add_hooks(base_root, self.args.hook)
        _git_snapshot(base_root)
        base = Report(base_root, self.work / "cache-base")
        self.reports["base"] = base
        if self.args.base_cache:
            shutil.copytree(self.args.base_cache, base.cache)
            self.notes.append(f"base: chart cache copied from an earlier run ({self.args.base_cache})")
        captured = self.work / "captured"
        run = build(
            base_root,
            self.site("capture"),
            "capture",
            base.cache,
            config=capture_config(base_root),
            bytecode=bytecode,
            extra_env={CAPTURE_ENV: str(captured)},
        )
        self.warmups["base (cold, capturing)"] = run
        self.log(f"  capture build: cpu {run.cpu:.1f} s, {_counts_text(run.counts)}")
        self.plain = plain_report(base_root, captured)
        if kinds & {"large", "load"}:
            self.log(f"preparing: {self.args.respondents:,} synthetic respondents (seed {self.args.seed})")
            root = synthetic.copy_report(self.work / "large")
            add_hooks(root, self.args.hook)
            # In a process of its own: the data set would stay in this one, whose size every later
            # child's peak memory would start from.
            started = time.perf_counter()
            generator = [sys.executable, str(REPO_ROOT / "tools" / "synthetic.py"), "large", str(root)]
            generated = subprocess.run(
                [*generator, "--respondents", str(self.args.respondents), "--seed", str(self.args.seed)],
                capture_output=True,
                text=True,
                check=True,
            )
            written = ast.literal_eval(generated.stdout.strip().splitlines()[-1])
            self.notes.append(
                f"large: {written['respondents']:,} respondents, {written['coded_rows']:,} coded-answer rows, "
                f"seed {written['seed']}, generated in {time.perf_counter() - started:.1f} s"
            )
            _git_snapshot(root)
            self.reports["large"] = Report(root, self.work / "cache-large")
            if self.args.large_cache:
                # The chart cache of an earlier build of the same data set (same size and seed).
                shutil.copytree(self.args.large_cache, self.reports["large"].cache)
                self.notes.append(f"large: warm cache copied from an earlier build ({self.args.large_cache.name})")
            elif "large" in kinds:
                run = build(root, self.site("large-warmup"), "large", self.reports["large"].cache, bytecode=bytecode)
                self.warmups["large (cold, warming its cache)"] = run
                self.log(f"  large warm-up (cold): cpu {run.cpu:.1f} s, rss {run.rss_mib:.0f} MiB")
        if kinds & {"tenfold", "tenfold-cold"}:
            self.log(f"preparing: the chapter pages {self.args.copies} times")
            root = synthetic.copy_report(self.work / "tenfold")
            add_hooks(root, self.args.hook)
            # Verbatim copies: finding links and editorial markers included (a copy may carry them).
            written = synthetic.write_tenfold(root, self.args.copies, "verbatim")
            self.notes.append(
                f"tenfold: {len(written['pages'])} chapter pages x {written['copies']} in every language, "
                f"{written['figures']} figure calls per language; the copies verbatim"
            )
            _git_snapshot(root)
            self.reports["tenfold"] = Report(root, self.work / "cache-tenfold")
            run = build(root, self.site("tenfold-warmup"), "tenfold", self.reports["tenfold"].cache, bytecode=bytecode)
            self.warmups["tenfold (cold, warming its cache)"] = run
            self.log(f"  tenfold warm-up (cold): cpu {run.cpu:.1f} s, rss {run.rss_mib:.0f} MiB")
        # Bytecode and the page cache: one unmeasured warm build first.
        self.run("warm")
        self.run("plain")


# Run in a child process in a report's folder (its own engine): load_survey timed by process_time.
LOAD_PROGRAM = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, str(Path.cwd()))
from macros.model.survey import load_survey
started = time.process_time()
survey = load_survey(Path("data"))
respondents, coded_rows = len(survey.responses), len(survey.coded)  # read when first asked for
cpu = time.process_time() - started
print(json.dumps({"cpu": cpu, "respondents": respondents, "coded_rows": coded_rows,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def load_run(root: Path) -> dict:
    """One load of a report's data/ in a new process: CPU seconds of load_survey and peak memory.
    Its cache is empty, so the data is read and checked (not taken from what a build kept)."""
    with tempfile.TemporaryDirectory(prefix="benchmark-load-") as empty_cache:
        result = subprocess.run(
            [sys.executable, "-c", LOAD_PROGRAM],
            cwd=root,
            env=_environment(Path(empty_cache), False, True),
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise BuildFailed(f"load: loading {root / 'data'} failed\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


PAIRS = {
    "cold": ("cold", "plain"),
    "warm": ("warm", "plain"),
    "off": ("off", "plain"),
    "large": ("large", "warm"),
    "tenfold": ("tenfold", "warm"),
    "tenfold-cold": ("tenfold-cold", "cold"),
    "load": ("load", "load"),
}
LABELS = {
    "cold": "cold (empty chart cache)",
    "warm": "warm (data unchanged)",
    "off": "charts off",
    "plain": "plain floor (Material + i18n + search)",
    "large": "{respondents} respondents, warm",
    "tenfold": "{copies}x chapter pages, warm",
    "tenfold-cold": "{copies}x chapter pages, cold",
}


def _counts_text(counts: dict) -> str:
    if not counts:
        return ""
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in counts.items())


def pdf_totals(stats: dict) -> dict:
    """A build's PDF editions together: seconds and CPU seconds spent on them, bytes, pages."""
    editions = (stats or {}).get("editions") or {}
    return {
        "editions": len(editions),
        # The step's own wall time: the editions are laid out side by side (their seconds overlap).
        "seconds": (stats or {}).get("seconds") or sum(e.get("seconds", 0) for e in editions.values()),
        "cpu_seconds": sum(e.get("cpu_seconds", 0) for e in editions.values()),
        "bytes": sum(e.get("bytes", 0) for e in editions.values()),
        "pages": sum(e.get("pages", 0) for e in editions.values()),
        "rendered": stats.get("rendered", 0) if stats else 0,
        "cached": stats.get("cached", 0) if stats else 0,
    }


def _pdf_text(stats: dict) -> str:
    totals = pdf_totals(stats)
    if not totals["editions"]:
        return ""
    return (
        f"PDF {totals['editions']} in {totals['seconds']:.1f} s (CPU {totals['cpu_seconds']:.1f} s), "
        f"{totals['bytes'] / MB:.2f} MB, {totals['pages']} pages, rendered {totals['rendered']} / "
        f"cached {totals['cached']}"
    )


def _spread(values: list[float], digits: int = 1, unit: str = "") -> str:
    if not values:
        return "–"
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low:.{digits}f}{unit} – {mid:.{digits}f}{unit} – {high:.{digits}f}{unit}"


# --- sizes and first load ---------------------------------------------------------------------


def site_sizes(site: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            suffix = path.suffix.lower().lstrip(".") or "(none)"
            sizes[suffix] = sizes.get(suffix, 0) + path.stat().st_size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


_ATTRIBUTE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_TAG = re.compile(r"<(link|script|img)\b([^>]*)>", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.S)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_RANGE = re.compile(r"U\+([0-9A-Fa-f?]+)(?:-([0-9A-Fa-f]+))?")
BINARY = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".gif"}


def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in BINARY else len(gzip.compress(data, compresslevel=6))


def _resolve(site: Path, page_file: Path, href: str) -> Path | None:
    href = unquote(urlsplit(href).path)
    if not href or href.startswith(("http:", "https:", "data:", "//")):
        return None
    target = (page_file.parent / href).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() and site.resolve() in target.parents else None


def _in_range(character: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= character <= high for low, high in ranges)


def first_load(site: Path, page: str) -> dict:
    """The page and what a first visit downloads with it (gzip level 6; fonts and images as they are).

    Counted: the HTML; its style sheets, scripts, preloads, icon and eager images; the fonts of
    the style sheets whose unicode-range covers a character of the page's text (every weight
    and style is assumed used); Material's search worker and index, fetched on load unless the
    page holds them back until the reader's first search (a ``<script>`` marked
    ``data-search-on-demand``, overrides/main.html): then they are counted apart, as ``on_first_search``.
    """
    page_file = site / (page[: -len(".md")] + "/index.html" if page != "index.md" else "index.html")
    page_file = page_file if page_file.is_file() else site / page.replace("index.md", "index.html")
    html = page_file.read_text(encoding="utf-8")
    files: dict[Path, str] = {page_file.resolve(): "html"}
    for tag, attributes in _TAG.findall(html):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        tag = tag.lower()
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "modulepreload", "icon"):
            href = attrs.get("href", "")
        elif tag == "script":
            href = attrs.get("src", "")
        elif tag == "img" and attrs.get("loading") != "lazy":
            href = attrs.get("src", "")
        else:
            continue
        target = _resolve(site, page_file, href)
        if target is not None:
            files.setdefault(target, attrs.get("as") or {"link": "css", "script": "js", "img": "image"}[tag])
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    on_demand = re.search(r"<script\b[^>]*\bdata-search-on-demand\b", html) is not None
    on_first_search = 0
    if config:
        settings = json.loads(config.group(1))
        worker = _resolve(site, page_file, settings.get("search", ""))
        index = _resolve(site, page_file, f"{settings.get('base', '.')}/search/search_index.json")
        for target in (worker, index):
            if target is not None and on_demand:
                on_first_search += _gzip_size(target)
            elif target is not None:
                files.setdefault(target, "search")
    text = {ord(c) for c in re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S))}
    text |= {ord(c) for c in "".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", html))}
    for css in [p for p, kind in list(files.items()) if p.suffix == ".css"]:
        for block in _FONT_FACE.findall(css.read_text(encoding="utf-8", errors="replace")):
            ranges = [
                (int(a.replace("?", "0"), 16), int(b or a.replace("?", "F"), 16)) for a, b in _RANGE.findall(block)
            ]
            if ranges and not any(_in_range(c, ranges) for c in text):
                continue
            for url in _URL.findall(block):
                target = _resolve(site, css, url)
                if target is not None:
                    files.setdefault(target, "font")
    by_kind: dict[str, int] = {}
    for path, kind in files.items():
        kind = "font" if path.suffix in (".woff2", ".woff") else kind
        by_kind[kind] = by_kind.get(kind, 0) + _gzip_size(path)
    return {
        "page": str(page_file.relative_to(site)),
        "html_bytes": page_file.stat().st_size,
        "html_gzip": _gzip_size(page_file),
        "files": len(files),
        "transfer_gzip": sum(by_kind.values()),
        "by_kind": dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        "on_first_search": on_first_search,
    }


# --- Lighthouse -------------------------------------------------------------------------------


def _handler(site: Path, prefix: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args):
            pass

        def send_head(self):
            path = urlsplit(self.path).path
            if not path.startswith(prefix):
                self.send_error(404)
                return None
            self.path = "/" + path[len(prefix) :]
            local = Path(self.translate_path(self.path))
            if local.is_dir():
                if not self.path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", prefix + self.path.lstrip("/") + "/")
                    self.end_headers()
                    return None
                local = local / "index.html"
            if not local.is_file():
                self.send_response(404)
                body = (site / "404.html").read_bytes() if (site / "404.html").is_file() else b"not found"
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return _Body(body)
            body = local.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(local)))
            if "gzip" in self.headers.get("Accept-Encoding", "") and local.suffix.lower() not in BINARY:
                body = gzip.compress(body, compresslevel=6)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Body(body)

    return Handler


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str):
    """The site over HTTP on 127.0.0.1 under ``prefix`` (the path of site_url), gzip on request."""

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), _handler(site, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


LIGHTHOUSE_AUDITS = {
    "cumulative-layout-shift": "CLS",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "total-byte-weight": "bytes",
}


def lighthouse(url: str, out: Path, throttling: str = "simulate") -> dict:
    binary = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--throttling-method={throttling}",
            "--output=json",
            f"--output-path={out}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not out.is_file():
        return {"error": (result.stderr or result.stdout)[-500:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
    for audit, label in LIGHTHOUSE_AUDITS.items():
        value = report["audits"].get(audit, {}).get("numericValue")
        scores[label] = round(value, 3) if audit == "cumulative-layout-shift" and value is not None else value
    failing = [
        audit_id
        for category in report["categories"].values()
        if category["id"] != "performance"
        for ref in category["auditRefs"]
        if ref.get("weight")
        for audit_id in [ref["id"]]
        if (report["audits"][audit_id].get("score") is not None and report["audits"][audit_id]["score"] < 1)
    ]
    scores["failing"] = sorted(set(failing))
    return scores


def lighthouse_pages(
    site: Path, root: Path, page: str, runs: int, out_dir: Path, throttling: str = "simulate"
) -> list[dict]:
    config = synthetic.read_config(root)
    prefix = urlsplit(config.get("site_url") or "/").path or "/"
    source, codes = synthetic.languages(config)
    path = "" if page == "index.md" else page[: -len(".md")] + "/"
    results = []
    with serve(site, prefix) as base:
        for language in codes:
            url = f"{base}{'' if language == source else language + '/'}{path}"
            for attempt in range(1, runs + 1):
                scores = lighthouse(url, out_dir / f"lighthouse-{language}-{attempt}.json", throttling)
                results.append({"language": language, "url": url.replace(base, prefix), "run": attempt, **scores})
                print(f"  lighthouse {language} run {attempt}: {scores}", file=sys.stderr, flush=True)
    return results


# --- profile ----------------------------------------------------------------------------------


def profile(bench: Bench, kind: str, lines: int = 35) -> str:
    """One build of ``kind`` under cProfile: the top of the cumulative-time list."""
    report = bench.reports["large" if kind == "large" else "tenfold" if kind.startswith("tenfold") else "base"]
    stats = bench.work / f"profile-{kind}.pstats"
    cache = report.cache if kind != "cold" else Path(tempfile.mkdtemp(prefix="cache-profile-", dir=bench.work))
    site = bench.site(f"profile-{kind}")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["--site-dir", str(site)]
    build(report.root, site, f"profile {kind}", cache, charts=kind != "off", command=command)
    import io
    import pstats

    buffer = io.StringIO()
    pstats.Stats(str(stats), stream=buffer).sort_stats("cumulative").print_stats(lines)
    return buffer.getvalue()


# --- main -------------------------------------------------------------------------------------


def _built(sites: dict[str, Path | None], kind: str) -> Path:
    """The site last built for ``kind``: the first-load and Lighthouse measures read it."""
    site = sites[kind]
    if site is None:
        raise BuildFailed(f"no {kind} site was built to measure")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured builds of each side of a comparison")
    parser.add_argument("--only", default=",".join(KINDS), help=f"comparisons to run, of {', '.join(KINDS)}")
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--large-cache",
        type=Path,
        help="the chart cache of an earlier build of the same large data set: skips the large warm-up build",
    )
    parser.add_argument(
        "--base-cache",
        type=Path,
        help="the chart cache of an earlier run's report copy (cache-base): the capture build is then warm",
    )
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--page", help="the page whose size and first load are measured (default: first chapter)")
    parser.add_argument("--lighthouse", action="store_true", help="run Lighthouse (mobile) on the page")
    parser.add_argument("--lighthouse-runs", type=int, default=2)
    parser.add_argument(
        "--lighthouse-throttling",
        choices=("simulate", "devtools"),
        default="simulate",
        help="Lighthouse's default (simulate) or real throttling (devtools: late fonts really arrive late)",
    )
    parser.add_argument("--profile", choices=KINDS, help="also profile one build of this kind")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as set (default: allow .pyc files)"
    )
    parser.add_argument(
        "--hook",
        action="append",
        default=[],
        help="also register this hook (a file of the repository, e.g. a hook not yet in mkdocs.yml) in every copy",
    )
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args(argv)
    kinds = {kind.strip() for kind in arguments.only.split(",") if kind.strip()}
    unknown = kinds - set(KINDS)
    if unknown:
        parser.error(f"unknown comparisons {sorted(unknown)}; choose from {', '.join(KINDS)}")
    work = Path(tempfile.mkdtemp(prefix="report-benchmark-"))
    bench = Bench(work, arguments)
    results: dict = {"runs": arguments.runs, "comparisons": {}, "warmups": {}, "notes": []}
    try:
        bench.prepare(kinds)
        for kind in [k for k in KINDS if k in kinds]:
            if kind == "load":
                loads: dict[str, list[dict]] = {"base": [], "large": []}
                bench.log(
                    f"load: load_survey of the report's data and of the large data set, {arguments.runs} runs each"
                )
                for _ in range(arguments.runs):
                    for name in loads:
                        loads[name].append(load_run(bench.reports[name].root))
                        last = loads[name][-1]
                        bench.log(f"  load {name:6} cpu {last['cpu']:6.2f} s  rss {last['rss_mib']:5.0f} MiB")
                results["loads"] = loads
                continue
            a, b = PAIRS[kind]
            bench.log(f"{kind}: {a} vs {b}, interleaved, {arguments.runs} runs each")
            pair: dict[str, list[Run]] = {a: [], b: []} if a != b else {a: []}
            for _ in range(arguments.runs):
                pair[a].append(bench.run(a))
                pair[b].append(bench.run(b))
            results["comparisons"][kind] = {side: [asdict(run) for run in runs] for side, runs in pair.items()}
        results["warmups"] = {name: asdict(run) for name, run in bench.warmups.items()}
        results["notes"] = bench.notes
        page = arguments.page or (synthetic.chapter_pages(bench.reports["base"].root) or ["index.md"])[0]
        sites = {"warm": bench.last_site.get("warm"), "plain": bench.last_site.get("plain")}
        for kind in ("large", "tenfold"):
            if kind in bench.last_site:
                sites[kind] = bench.last_site[kind]
        results["sizes"] = {kind: site_sizes(site) for kind, site in sites.items() if site}
        results["first_load"] = {kind: first_load(_built(sites, kind), page) for kind in ("warm", "plain")}
        if arguments.lighthouse:
            results["lighthouse"] = lighthouse_pages(
                _built(sites, "warm"),
                bench.reports["base"].root,
                page,
                arguments.lighthouse_runs,
                work,
                arguments.lighthouse_throttling,
            )
        if arguments.profile:
            results["profile"] = profile(bench, arguments.profile)
        print(render(results, arguments))
        if arguments.json:
            arguments.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    except BuildFailed as failure:
        print(f"stopped: {failure}", file=sys.stderr)
        return 1
    finally:
        if arguments.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _memory(runs: list[dict]) -> str:
    """The runs' peak memory: of one process, and of all the build's processes together where measured."""
    text = _spread([r["rss_mib"] for r in runs], 0)
    trees = [r.get("tree_mib") or 0 for r in runs]
    return f"{text} (all processes {_spread(trees, 0)})" if all(trees) else text


def render(results: dict, arguments) -> str:
    """The results as Markdown tables (the README's benchmark section takes them as they are)."""
    label = functools.partial(_label, arguments=arguments)
    out = [
        f"Builds: strict, both languages; {results['runs']} interleaved runs of each side; "
        "min – median – max. CPU = user + system of the build process and its children; "
        "memory = its peak resident set (the most one of its processes held; in brackets, where measured, "
        f"the most all its processes held together, sampled every {TREE_SAMPLE_SECONDS} s).",
        "",
        "| build | CPU s | wall s | peak memory MiB | compared with | CPU ratio | charts rendered / cached | "
        "share cards rendered / cached | PDF wall s (of the build) | PDF MB | PDFs rendered / cached |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, sides in results["comparisons"].items():
        a, b = PAIRS[kind]
        runs_a, runs_b = sides[a], sides.get(b, sides[a])
        ratios = [x["cpu"] / y["cpu"] for x, y in zip(runs_a, runs_b, strict=True)]
        counts = runs_a[-1]["counts"]
        charts_cell = f"{counts.get('rendered', '–')} / {counts.get('cached', '–')}" if counts else "–"
        cards = f"{counts.get('cards_rendered', '–')} / {counts.get('cards_cached', '–')}" if counts else "–"
        charts_cell += f" | {cards}"
        pdfs = [pdf_totals(r.get("pdf") or {}) for r in runs_a]
        if any(p["editions"] for p in pdfs):
            pdf_cells = (
                f"{_spread([p['seconds'] for p in pdfs])} | {pdfs[-1]['bytes'] / MB:.2f} | "
                f"{pdfs[-1]['rendered']} / {pdfs[-1]['cached']}"
            )
        else:
            pdf_cells = "– | – | –"
        out.append(
            f"| {label(a)} | {_spread([r['cpu'] for r in runs_a])} | {_spread([r['wall'] for r in runs_a])} | "
            f"{_memory(runs_a)} | {label(b)}: {_spread([r['cpu'] for r in runs_b])} s, "
            f"{_spread([r['rss_mib'] for r in runs_b], 0)} MiB | **{_spread(ratios, 2, '×')}** | {charts_cell} | "
            f"{pdf_cells} |"
        )
    editions = {
        kind: sides[PAIRS[kind][0]][-1].get("pdf", {}).get("editions") or {}
        for kind, sides in results["comparisons"].items()
    }
    if any(editions.values()):
        out += [
            "",
            "PDF editions (the last run of each build; seconds: assembling, laying out and writing, "
            "each edition's own: they are laid out side by side):",
            "",
        ]
        out.append("| build | language | pages | MB | wall s | CPU s | from the cache |")
        out.append("|---|---|---|---|---|---|---|")
        for kind, by_language in editions.items():
            for language, edition in sorted(by_language.items()):
                out.append(
                    f"| {label(PAIRS[kind][0])} | {language} | {edition.get('pages')} | "
                    f"{edition.get('bytes', 0) / MB:.2f} | {edition.get('seconds', 0):.1f} | "
                    f"{edition.get('cpu_seconds', 0):.1f} | {'yes' if edition.get('cached') else 'no'} |"
                )
    if results.get("loads"):
        out += [
            "",
            "Loading and validating data/ (load_survey; CPU by time.process_time around the call; "
            f"{results['runs']} runs, each in a new process; peak memory of that process):",
            "",
            "| data | respondents | coded-answer rows | CPU s | peak memory MiB |",
            "|---|---|---|---|---|",
        ]
        for name, runs in results["loads"].items():
            out.append(
                f"| {'the report' if name == 'base' else 'large'} | {runs[0]['respondents']:,} | "
                f"{runs[0]['coded_rows']:,} | {_spread([r['cpu'] for r in runs], 2)} | "
                f"{_spread([r['rss_mib'] for r in runs], 0)} |"
            )
    if results.get("warmups"):
        out += ["", "Unmeasured preparation builds (one each):", ""]
        for name, run in results["warmups"].items():
            out.append(
                f"- {name}: CPU {run['cpu']:.1f} s, wall {run['wall']:.1f} s, peak {run['rss_mib']:.0f} MiB; "
                f"{_counts_text(run['counts'])}; {_pdf_text(run.get('pdf') or {}) or 'no PDF'}"
            )
    if results.get("notes"):
        out += ["", *[f"- {note}" for note in results["notes"]]]
    if results.get("sizes"):
        kinds = list(results["sizes"])
        types = sorted(
            {t for sizes in results["sizes"].values() for t in sizes},
            key=lambda t: -max(sizes.get(t, 0) for sizes in results["sizes"].values()),
        )
        out += ["", "Site size, MB (10^6 bytes) by file type:", ""]
        out.append("| type | " + " | ".join(label(k) for k in kinds) + " |")
        out.append("|---|" + "---|" * len(kinds))
        for kind_of_file in types[:10]:
            cells = [f"{results['sizes'][k].get(kind_of_file, 0) / MB:.2f}" for k in kinds]
            out.append(f"| {kind_of_file} | " + " | ".join(cells) + " |")
        rest = types[10:]
        if rest:
            cells = [f"{sum(results['sizes'][k].get(t, 0) for t in rest) / MB:.2f}" for k in kinds]
            out.append("| other | " + " | ".join(cells) + " |")
        out.append(
            "| **total** | " + " | ".join(f"**{sum(results['sizes'][k].values()) / MB:.1f}**" for k in kinds) + " |"
        )
    if results.get("first_load"):
        out += [
            "",
            "One chapter page (gzip level 6; fonts by the page's characters; the search worker and index"
            " included where a page loads them with it, else listed apart as loaded on the first search):",
            "",
        ]
        out.append("| site | page | HTML KB | HTML gzip KB | first load KB (gzip) | of which | on first search KB |")
        out.append("|---|---|---|---|---|---|---|")
        for kind, load in results["first_load"].items():
            parts = ", ".join(f"{name} {size / 1000:.0f}" for name, size in load["by_kind"].items())
            later = load.get("on_first_search", 0)
            out.append(
                f"| {label(kind)} | {load['page']} | {load['html_bytes'] / 1000:.0f} | "
                f"{load['html_gzip'] / 1000:.0f} | "
                f"**{load['transfer_gzip'] / 1000:.0f}** ({load['files']} files) | {parts} | "
                f"{f'{later / 1000:.0f}' if later else '–'} |"
            )
    if results.get("lighthouse"):
        out += ["", "Lighthouse (mobile, served with gzip on 127.0.0.1 under the path of site_url):", ""]
        out.append(
            "| page | run | performance | accessibility | best practices | SEO | CLS | LCP ms | TBT ms | KB | failing |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for row in results["lighthouse"]:
            if "error" in row:
                out.append(f"| {row['url']} | {row['run']} | error: {row['error'][:120]} |")
                continue
            out.append(
                f"| {row['url']} | {row['run']} | {row.get('performance')} | {row.get('accessibility')} | "
                f"{row.get('best-practices')} | {row.get('seo')} | {row.get('CLS')} | "
                f"{round(row.get('LCP ms') or 0)} | "
                f"{round(row.get('TBT ms') or 0)} | {round((row.get('bytes') or 0) / 1000)} | "
                f"{', '.join(row.get('failing') or []) or '–'} |"
            )
    if results.get("profile"):
        out += ["", "Profile (cProfile, cumulative):", "", "```", results["profile"].strip(), "```"]
    return "\n".join(out)


def _label(kind: str, arguments) -> str:
    return LABELS.get(kind, kind).format(respondents=f"{arguments.respondents:,}", copies=arguments.copies)


if __name__ == "__main__":
    sys.exit(main())
