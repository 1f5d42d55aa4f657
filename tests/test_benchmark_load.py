"""tools/benchmark.py's direct timing of loading data/ (``--only load``): what it reads and prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import benchmark
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return benchmark


def test_a_load_run_loads_the_reports_data_in_a_process_of_its_own():
    benchmark = _benchmark()
    run = benchmark.load_run(ROOT)
    assert (run["respondents"], run["coded_rows"]) == (79, 841)
    assert run["cpu"] > 0 and run["rss_mib"] > 0


def test_the_load_table_shows_every_run_as_min_median_max():
    benchmark = _benchmark()
    runs = {
        "base": [{"cpu": c, "rss_mib": 84.0, "respondents": 79, "coded_rows": 841} for c in (0.05, 0.04, 0.06)],
        "large": [
            {"cpu": c, "rss_mib": m, "respondents": 100_000, "coded_rows": 1_062_788}
            for c, m in ((1.2, 300.0), (1.0, 310.0), (1.1, 305.0))
        ],
    }
    results = {"runs": 3, "comparisons": {}, "warmups": {}, "notes": [], "loads": runs}
    arguments = argparse.Namespace(respondents=100_000, copies=10)
    text = benchmark.render(results, arguments)
    assert "| the report | 79 | 841 | 0.04 – 0.05 – 0.06 | 84 – 84 – 84 |" in text
    assert "| large | 100,000 | 1,062,788 | 1.00 – 1.10 – 1.20 | 300 – 305 – 310 |" in text
    assert "load" in benchmark.KINDS


# A process that holds about 64 MiB and starts one child that holds as much; it says "ready" once
# both hold it, and ends when its standard input closes.
_HOLDER = """
import subprocess, sys
held = bytearray(64 * 2**20)
for i in range(0, len(held), 4096):
    held[i] = 1
child = None
if sys.argv[1] == "parent":
    child = subprocess.Popen([sys.executable, __file__, "child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    child.stdout.readline()
print("ready", flush=True)
sys.stdin.read()
if child is not None:
    child.stdin.close()
    child.wait()
"""


def test_the_memory_of_all_the_builds_processes_is_summed(tmp_path):
    """What the build and the processes it starts (PDF layouts, render workers) hold together:
    read once both are known to hold their memory, so the sum cannot miss either."""
    import subprocess

    benchmark = _benchmark()
    script = tmp_path / "holder.py"
    script.write_text(_HOLDER, encoding="utf-8")
    command = [sys.executable, str(script), "parent"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as parent:
        try:
            assert parent.stdout.readline().strip() == "ready"
            together = benchmark._tree_resident_mib(parent.pid)
            assert together >= 2 * 64, f"{together:.0f} MiB for a process of 64 MiB and its child of 64 MiB"
        finally:
            parent.stdin.close()


def test_the_table_gives_the_memory_of_all_processes_where_it_was_measured():
    benchmark = _benchmark()
    run = {"kind": "cold", "cpu": 60.0, "wall": 50.0, "rss_mib": 350.0, "counts": {}, "pdf": {}, "tree_mib": 820.0}
    plain = {**run, "kind": "plain", "cpu": 3.0, "rss_mib": 54.0, "tree_mib": 54.0}
    results = {"runs": 1, "comparisons": {"cold": {"cold": [run], "plain": [plain]}}, "warmups": {}, "notes": []}
    text = benchmark.render(results, argparse.Namespace(respondents=1, copies=1))
    assert "| 350 – 350 – 350 (all processes 820 – 820 – 820) |" in text, text
    # Results saved before it was measured have none: the cell is the one process's alone.
    del run["tree_mib"]
    text = benchmark.render(results, argparse.Namespace(respondents=1, copies=1))
    assert "| 350 – 350 – 350 | plain" in text, text
