"""Renders that end only in a file of the site, made in processes beside the build.

A figure's PNG and SVG downloads and a finding's share card are read by no page: they are
written into the site when the language's build ends (:func:`macros.outputs.downloads.write_pending`).
A cold build draws about a hundred such PNGs and cuts about a hundred font subsets for them,
a third of its chart work. :func:`made_beside` gives such a render, when the cache lacks it, to a
worker process, and the build goes on with its pages meanwhile; what it returns, a
:class:`Later`, is asked for its bytes when the file is written. A render found in the cache is
taken at once by the caller, so a warm build starts no worker.

The workers are started (``spawn``: nothing of the build is copied into them) with the first
render given to them, one fewer than the machine has cores (the build's own process keeps one
busy), and ended with the build (:func:`shut_down`). When the build has made its pages and waits
for them, it makes the renders no worker has started itself (:func:`take_back`).
``REPORT_RENDER_PROCESSES=<n>`` sets their number; with none (one core, ``0``, or where no
process can be started) each render is made at once, in the build's process, as before. A
worker's output is the same, byte for byte, as the build's own: the same function, with the same
inputs and cache.

What a worker counts (charts rendered or cached, fonts cut, cards drawn) is added to the build's
counts (:data:`macros.charts.rendering.COUNTS`) when its result is taken.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import concurrent.futures.process
import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

WORKERS_ENV = "REPORT_RENDER_PROCESSES"

_POOL: dict[str, Any] = {"executor": None, "unavailable": False}
# The renders given to the workers, in the order they were given (see take_back).
_OUTSTANDING: list[Later] = []


class WorkersError(ValueError):
    """A setting of the workers that cannot be used."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count() -> int:
    """How many worker processes the build uses: ``REPORT_RENDER_PROCESSES``, else one fewer
    than the machine's cores (0: every render is made in the build's own process)."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return max(0, cores() - 1)
    if not raw.isdigit():
        raise WorkersError(f"{WORKERS_ENV}={raw!r}: expected a whole number of processes (0 for none)")
    return int(raw)


def _executor() -> concurrent.futures.Executor | None:
    if _POOL["executor"] is None and not _POOL["unavailable"]:
        count = worker_count()
        if count == 0:
            return None
        import multiprocessing

        try:
            _POOL["executor"] = concurrent.futures.ProcessPoolExecutor(
                max_workers=count, mp_context=multiprocessing.get_context("spawn")
            )
        except (OSError, NotImplementedError):
            _POOL["unavailable"] = True
    return _POOL["executor"]


def shut_down() -> None:
    """End the workers (the build's renders are all taken by then); the next build starts its own."""
    _OUTSTANDING.clear()
    executor, _POOL["executor"], _POOL["unavailable"] = _POOL["executor"], None, False
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


atexit.register(shut_down)


def _in_worker(function: Callable[..., Any], arguments: tuple) -> tuple[Any, dict[str, int]]:
    """``function(*arguments)`` in a worker, with what it counted (this render alone)."""
    from macros.charts import rendering

    rendering.COUNTS = rendering.RenderCounts()
    result = function(*arguments)
    return result, asdict(rendering.COUNTS)


def _add_counts(counts: dict[str, int]) -> None:
    from macros.charts import rendering

    for name, value in counts.items():
        setattr(rendering.COUNTS, name, getattr(rendering.COUNTS, name) + value)


def _identity(value: Any) -> Any:
    return value


class Later:
    """The bytes of a render being made in a worker: :meth:`result` waits for them (once)."""

    def __init__(
        self,
        future: concurrent.futures.Future,
        function: Callable[..., Any],
        arguments: tuple,
        then: Callable[[Any], bytes],
    ) -> None:
        self._future, self._function, self._arguments, self._then = future, function, arguments, then
        self._value: bytes | None = None
        self._error: Exception | None = None  # what making it here raised (take_back)

    def result(self) -> bytes:
        if self._error is not None:
            raise self._error
        if self._value is None:
            try:
                value, counts = self._future.result()
            except concurrent.futures.process.BrokenProcessPool:
                # The worker stopped (killed, out of memory): made here instead, counted here.
                value = self._function(*self._arguments)
            else:
                _add_counts(counts)
            self._value = self._then(value)
        return self._value


def made_beside(
    function: Callable[..., Any], *arguments: Any, then: Callable[[Any], bytes] = _identity
) -> bytes | Later:
    """``then(function(*arguments))``: made in a worker process when there are workers (a
    :class:`Later`), else at once. ``function`` and ``arguments`` go to the worker by pickle
    (a function of a module, plain data); ``then`` runs in the build's process."""
    executor = _executor()
    if executor is not None:
        from macros.charts import rendering

        try:
            future = executor.submit(_in_worker, function, arguments)
        except (RuntimeError, OSError, concurrent.futures.process.BrokenProcessPool):
            _POOL["unavailable"] = True
        else:
            rendering.COUNTS.beside += 1
            later = Later(future, function, arguments, then)
            _OUTSTANDING.append(later)
            return later
    return then(function(*arguments))


def take_back() -> int:
    """Make here the renders no worker has started yet, the last given first, while the workers
    go on with the first; returns how many. Called when the build has nothing left to do but
    wait for them: the queue is then shared between the build and the workers to its end,
    instead of the build waiting while one worker works through it."""
    from macros.charts import rendering

    taken = 0
    while _OUTSTANDING:
        later = _OUTSTANDING.pop()
        if later._value is None and later._future.cancel():
            rendering.COUNTS.beside -= 1
            taken += 1
            try:
                later._value = later._then(later._function(*later._arguments))
            except Exception as error:  # raised where the file is written, which names it
                later._error = error
    return taken


def after(content: bytes | Later, function: Callable[[bytes], bytes]) -> bytes | Later:
    """``function(content)``: at once for bytes, when it is taken for a :class:`Later`."""
    if isinstance(content, Later):
        earlier = content._then
        content._then = lambda value: function(earlier(value))
        return content
    return function(content)


def resolved(content: bytes | Later) -> bytes:
    """The bytes of ``content``, waiting for them where a worker makes them."""
    return content.result() if isinstance(content, Later) else content
