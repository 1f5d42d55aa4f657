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
