"""vl-convert's conversions in a process of their own (macros/charts/converter.py).

The build's own process hands each conversion to one process beside it, so that the memory of
vl-convert's JavaScript engine is given back before the PDF editions are laid out; the output is
vl-convert's own, byte for byte. Each test sets the number of processes beside the build itself
(``REPORT_RENDER_PROCESSES``), so that it does the same on a machine of one core as of many.
"""

from __future__ import annotations

import json
import os

import pytest
import vl_convert

from macros.charts import converter, rendering, workers

pytestmark = pytest.mark.build  # starts a Python process with vl-convert (about a second)

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"label": "Meget stor grad", "share": 42}, {"label": "Ingen grad", "share": 7}]},
    "mark": "bar",
    "encoding": {
        "y": {"field": "label", "type": "nominal", "title": None},
        "x": {"field": "share", "type": "quantitative", "title": "Andel (%)"},
    },
    "config": {"font": "Source Sans 3"},
    "width": 240,
}


@pytest.fixture
def processes(monkeypatch):
    """Set how many processes the build may start beside it; the conversion process ended after."""
    converter.shut_down()

    def allow(count: int) -> None:
        monkeypatch.setenv(workers.WORKERS_ENV, str(count))

    yield allow
    converter.shut_down()


def _conversion_process():
    executor = converter._POOL["executor"]
    return None if executor is None else list(executor._processes.values())


def test_the_build_converts_in_a_process_of_its_own_with_the_same_output(processes):
    processes(1)
    svg = converter.vegalite_to_svg(SPEC, allowed_base_urls=[])
    vega = converter.vegalite_to_vega(SPEC)
    (process,) = _conversion_process()
    assert process.pid != os.getpid() and process.is_alive()
    rendering.register_fonts()
    assert svg == vl_convert.vegalite_to_svg(SPEC, allowed_base_urls=[])
    assert vega == vl_convert.vegalite_to_vega(SPEC)
    assert "Meget stor grad" in svg

    converter.shut_down()  # as before the PDF editions are laid out
    assert not process.is_alive() and converter._POOL["executor"] is None
    # A later conversion starts another.
    assert converter.vegalite_to_svg(SPEC, allowed_base_urls=[]) == svg
    (again,) = _conversion_process()
    assert again.pid != process.pid


def test_with_no_processes_beside_the_build_it_converts_in_itself(processes):
    processes(0)
    svg = converter.vegalite_to_svg(SPEC, allowed_base_urls=[])
    assert _conversion_process() is None
    rendering.register_fonts()
    assert svg == vl_convert.vegalite_to_svg(SPEC, allowed_base_urls=[])


def test_vl_converts_error_comes_back_as_it_is(processes):
    processes(1)
    broken = {**SPEC, "mark": "no-such-mark"}
    with pytest.raises(ValueError) as beside:
        converter.vegalite_to_svg(broken)
    assert _conversion_process() is not None  # raised in the process, which goes on
    with pytest.raises(ValueError) as here:
        vl_convert.vegalite_to_svg(broken)
    assert str(beside.value) == str(here.value)
    assert converter.vegalite_to_svg(SPEC).startswith("<svg")


def test_a_render_worker_converts_in_itself(processes, tmp_path, monkeypatch):
    """In a worker (macros/charts/workers.py) the conversion is made in the worker's own process."""
    processes(1)
    monkeypatch.setenv(rendering.CACHE_ENV, str(tmp_path / "cache"))
    workers.shut_down()
    try:
        later = workers.made_beside(_where_converted)
        worker_pid, conversion_pid = workers.resolved(later)
    finally:
        workers.shut_down()
    assert worker_pid != os.getpid()
    assert conversion_pid is None  # no process of its own beside the worker
    assert _conversion_process() is None  # nor one of the build's


def _where_converted():
    converter.vegalite_to_svg(SPEC)
    return os.getpid(), None if converter._POOL["executor"] is None else "a process"


def test_a_report_that_names_the_engine_by_a_climbing_path_converts_in_the_process_beside_it(tmp_path):
    # The macros plugin puts the package's own folder on sys.path for ``module_name: ../../macros``
    # (examples/library-survey), before it imports the package. A spawned process copies sys.path:
    # with that folder first, macros/html stood in for the standard library's html there, and
    # every conversion of a cold build of such a report failed.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    script = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(root / 'macros')!r}, {str(root)!r}]\n"
        "import macros\n"
        "from macros.charts import converter\n"
        f"spec = json.loads({json.dumps(json.dumps(SPEC))})\n"
        "svg = converter.vegalite_to_svg(spec, allowed_base_urls=[])\n"
        "assert converter._POOL['executor'] is not None, 'converted in the build process itself'\n"
        "print('Meget stor grad' in svg)\n"
    )
    environment = {**os.environ, workers.WORKERS_ENV: "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
