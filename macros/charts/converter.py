"""vl-convert's conversions of a Vega-Lite spec (to SVG, to Vega) in a process of their own.

vl-convert runs Vega and Vega-Lite in an embedded JavaScript engine (V8), which holds about
100 MiB from the first conversion to the end of the process that made it. In the build's own
process that memory stayed while the PDF editions were laid out beside it (hooks/pdf.py, each
in a layout process): the build of a report with ten times the chapter pages held 1,093 MiB in
all its processes then, 378 MiB of it the build's own. So the build gives each conversion to
one process started for them (``spawn``: nothing of the build is copied into it) with the
first conversion, and ends it before the PDF editions are laid out (:func:`shut_down`). A warm
build converts nothing and starts none.

Only the build's own process does so: a render worker (macros/charts/workers.py) is itself a
process beside the build, and converts in itself. With no processes beside the build
(``REPORT_RENDER_PROCESSES=0``, one core) or where none can be started, the build converts in
itself, as before. The output is the same, byte for byte: the same vl-convert with the same
fonts. vl-convert's errors (a ``ValueError`` with the JavaScript message) come back as they are.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import concurrent.futures.process
import multiprocessing
from typing import Any

from macros.charts import workers

_POOL: dict[str, Any] = {"executor": None, "unavailable": False}


def _convert_here(name: str, spec: dict, options: dict) -> Any:
    """``vl_convert.<name>(spec, **options)`` in this process, with the report's fonts."""
    import vl_convert

    from macros.charts import rendering

    rendering.register_fonts()
    return getattr(vl_convert, name)(spec, **options)


def _executor() -> concurrent.futures.Executor | None:
    """The conversion process of the build's own process (None: convert in this process)."""
    if _POOL["executor"] is None and not _POOL["unavailable"]:
        if multiprocessing.parent_process() is not None or workers.worker_count() == 0:
            _POOL["unavailable"] = True  # a worker, or no processes beside the build
            return None
        try:
            _POOL["executor"] = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        except (OSError, NotImplementedError):
            _POOL["unavailable"] = True
    return _POOL["executor"]


def _convert(name: str, spec: dict, **options: Any) -> Any:
    executor = _executor()
    if executor is not None:
        try:
            return executor.submit(_convert_here, name, spec, options).result()
        except (concurrent.futures.process.BrokenProcessPool, RuntimeError, OSError):
            # The process stopped (killed, out of memory) or cannot start: converted here.
            _POOL["executor"], _POOL["unavailable"] = None, True
    return _convert_here(name, spec, options)


def vegalite_to_svg(spec: dict, **options: Any) -> str:
    """``vl_convert.vegalite_to_svg(spec, **options)``, in the conversion process."""
    return _convert("vegalite_to_svg", spec, **options)


def vegalite_to_vega(spec: dict, **options: Any) -> dict:
    """``vl_convert.vegalite_to_vega(spec, **options)``, in the conversion process."""
    return _convert("vegalite_to_vega", spec, **options)


def shut_down() -> None:
    """End the conversion process and give its memory back; the next conversion starts another."""
    executor, _POOL["executor"], _POOL["unavailable"] = _POOL["executor"], None, False
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


atexit.register(shut_down)
