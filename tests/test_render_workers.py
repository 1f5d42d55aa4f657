"""Renders that end only in a file, made in worker processes beside the build (macros/charts/workers.py).

Each test sets the number of workers itself (``REPORT_RENDER_PROCESSES``), so that it does the same
on a machine of one core as of many, and uses a chart cache of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.charts import rendering, workers
from macros.outputs import downloads

ROOT = Path(__file__).resolve().parent.parent

# A chart with text in both weights, small enough to render in a moment.
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"label": "Meget stor grad", "share": 42}, {"label": "Ingen grad", "share": 7}]},
    "mark": "bar",
    "encoding": {
        "y": {"field": "label", "type": "nominal", "title": None},
        "x": {"field": "share", "type": "quantitative", "title": "Andel (%)"},
    },
    "title": {"text": "Figur 1. Samarbejde", "font": "Source Sans 3", "fontWeight": 600},
    "config": {"font": "Source Sans 3"},
    "width": 240,
}


@pytest.fixture
def beside(tmp_path, monkeypatch):
    """One worker process, a chart cache of its own and fresh counts; the workers ended after."""
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    monkeypatch.setenv(rendering.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())
    workers.shut_down()
    yield tmp_path
    workers.shut_down()


def _here(tmp_path: Path, monkeypatch, name: str) -> None:
    """The same renders made in this process, in a cache of their own."""
    workers.shut_down()
    monkeypatch.setenv(workers.WORKERS_ENV, "0")
    monkeypatch.setenv(rendering.CACHE_ENV, str(tmp_path / name))
    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())


def test_renders_made_beside_are_those_made_here_byte_for_byte(beside, monkeypatch):
    svg = rendering.render(SPEC, "svg", "da").decode("utf-8")
    later = {
        "png": rendering.render_beside(SPEC, "png", "da"),
        "svg": rendering.standalone_svg_beside(svg, "Figur 1. Samarbejde", "Et søjlediagram."),
        "card": rendering.svg_png_beside("card-key", svg, 1.5),
    }
    assert all(isinstance(value, workers.Later) for value in later.values()), later
    made = {name: value.result() for name, value in later.items()}
    counts = rendering.COUNTS
    assert counts.beside == 3
    # What the worker counted is the build's: the PNG rendered (its SVG from the cache), the
    # fonts cut, the card drawn.
    assert (counts.rendered, counts.cards_rendered) == (2, 1) and counts.fonts_subset >= 2, counts

    _here(beside, monkeypatch, "here")
    svg_here = rendering.render(SPEC, "svg", "da").decode("utf-8")
    assert svg_here == svg
    here = {
        "png": rendering.render_beside(SPEC, "png", "da"),
        "svg": rendering.standalone_svg_beside(svg, "Figur 1. Samarbejde", "Et søjlediagram."),
        "card": rendering.svg_png_beside("card-key", svg, 1.5),
    }
    assert all(isinstance(value, bytes) for value in here.values()) and rendering.COUNTS.beside == 0
    assert made == here
    assert (rendering.COUNTS.cards_rendered, rendering.COUNTS.fonts_subset) == (1, counts.fonts_subset)


def test_what_the_cache_has_is_taken_at_once_and_starts_no_worker(beside):
    svg = rendering.render(SPEC, "svg", "en").decode("utf-8")
    first = [
        rendering.render_beside(SPEC, "png", "en"),
        rendering.standalone_svg_beside(svg, "Figure 1", "A bar chart."),
        rendering.svg_png_beside("card-key", svg, 1.5),
    ]
    first = [workers.resolved(value) for value in first]
    workers.shut_down()
    before = rendering.RenderCounts(**vars(rendering.COUNTS))
    again = [
        rendering.render_beside(SPEC, "png", "en"),
        rendering.standalone_svg_beside(svg, "Figure 1", "A bar chart."),
        rendering.svg_png_beside("card-key", svg, 1.5),
    ]
    assert again == first
    assert workers._POOL["executor"] is None, "a render the cache has started a worker"
    assert rendering.COUNTS.beside == before.beside
    assert rendering.COUNTS.cached == before.cached + 1 and rendering.COUNTS.cards_cached == before.cards_cached + 1
    assert rendering.COUNTS.fonts_cached > before.fonts_cached
    assert rendering.COUNTS.fonts_subset == before.fonts_subset


def test_without_workers_each_render_is_made_at_once(beside, monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "0")
    made = rendering.render_beside(SPEC, "png", "da")
    assert isinstance(made, bytes) and made.startswith(b"\x89PNG")
    assert rendering.COUNTS.beside == 0 and workers._POOL["executor"] is None


@pytest.mark.parametrize(
    ("value", "count"),
    [("", max(0, workers.cores() - 1)), (" 0 ", 0), ("3", 3)],
)
def test_the_number_of_workers(monkeypatch, value, count):
    monkeypatch.setenv(workers.WORKERS_ENV, value)
    assert workers.worker_count() == count


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_a_number_of_workers_that_is_not_one_is_named(monkeypatch, value):
    monkeypatch.setenv(workers.WORKERS_ENV, value)
    with pytest.raises(workers.WorkersError) as caught:
        workers.worker_count()
    assert str(caught.value) == f"REPORT_RENDER_PROCESSES={value!r}: expected a whole number of processes (0 for none)"


def test_a_wrong_number_of_workers_stops_the_build_before_it_writes(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", workers.WORKERS_ENV: "two"}
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "REPORT_RENDER_PROCESSES='two': expected a whole number of processes (0 for none)" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert not any(site.rglob("*.html")), "pages were written"


def _fails(message: str) -> bytes:
    raise rendering.RenderError(message)


def _stops_unless_in(pid: int) -> bytes:
    if os.getpid() != pid:
        os._exit(3)  # a worker that stops (killed, out of memory)
    return b"made here"


def test_a_render_that_fails_beside_stops_the_build_naming_the_file(beside):
    later = workers.made_beside(_fails, "vl-convert could not make a PNG of the chart: no such font")
    assert isinstance(later, workers.Later)
    downloads.queue(beside / "site" / "downloads" / "figure-4-2.png", later)
    with pytest.raises(downloads.DownloadError) as caught:
        downloads.write_pending(store=beside / "store")
    assert str(caught.value) == "figure-4-2.png: vl-convert could not make a PNG of the chart: no such font"
    assert downloads.PENDING == {}
    assert not (beside / "site" / "downloads" / "figure-4-2.png").exists()


def test_a_worker_that_stops_leaves_its_render_to_the_build(beside):
    later = workers.made_beside(_stops_unless_in, os.getpid())
    assert isinstance(later, workers.Later)
    assert later.result() == b"made here"
    # The workers are broken now: what follows is made here, at once.
    assert workers.made_beside(_stops_unless_in, os.getpid()) == b"made here"


def test_what_is_done_after_a_render_runs_when_it_is_taken(beside):
    later = workers.after(workers.made_beside(bytes.upper, b"card"), lambda png: png + b" with its texts")
    assert isinstance(later, workers.Later)
    assert later.result() == b"CARD with its texts"
    assert workers.after(b"card", lambda png: png + b"!") == b"card!"


def _once_released(gate: str) -> bytes:
    """A render that says it has started (``<gate>.started``) and goes on only once the file
    ``gate`` exists: the test holds a worker with it."""
    import time

    Path(gate + ".started").touch()
    deadline = time.monotonic() + 300
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return b"released"


def _held_worker(gate: Path) -> workers.Later:
    """A worker held by :func:`_once_released`, once it is known to run it."""
    import time

    held = workers.made_beside(_once_released, str(gate))
    deadline = time.monotonic() + 300
    while not gate.with_name(gate.name + ".started").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return held


def test_renders_no_worker_has_started_are_made_here_when_the_build_waits(beside):
    """When the build has nothing left but to wait, it makes the renders still queued itself, the
    last given first. The worker is held on a first render; of the three given after it at most
    two can have been handed to the worker's queue, so at least the last is made here."""
    gate = beside / "gate"
    held = _held_worker(gate)
    queued = [workers.made_beside(bytes.upper, name) for name in (b"first", b"second", b"third")]
    before = rendering.COUNTS.beside
    taken = workers.take_back()
    assert 1 <= taken <= 3
    assert rendering.COUNTS.beside == before - taken
    assert workers.resolved(queued[-1]) == b"THIRD"  # made here: the worker is still held
    gate.touch()
    assert [workers.resolved(later) for later in queued] == [b"FIRST", b"SECOND", b"THIRD"]
    assert workers.resolved(held) == b"released"


def test_a_render_made_here_at_the_end_that_fails_names_its_file(beside):
    gate = beside / "gate"
    held = _held_worker(gate)
    fillers = [workers.made_beside(bytes.upper, b"filler") for _ in range(2)]
    # The fourth render given: certainly not yet handed to the held worker.
    failing = workers.made_beside(_fails, "vl-convert could not make a PNG of the chart: no such font")
    try:
        workers.take_back()
        downloads.queue(beside / "site" / "downloads" / "figure-4-2.png", failing)
        with pytest.raises(downloads.DownloadError) as caught:
            downloads.write_pending(store=beside / "store")
        assert str(caught.value) == "figure-4-2.png: vl-convert could not make a PNG of the chart: no such font"
    finally:
        gate.touch()
    assert [workers.resolved(later) for later in (held, *fillers)] == [b"released", b"FILLER", b"FILLER"]
