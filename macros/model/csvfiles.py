"""Reading the report's CSV files, with the mistakes a spreadsheet export makes named as such.

A file that is not UTF-8, starts with a byte-order mark, is separated by semicolons or tabs,
is empty or has a header but no rows is reported once, with what to do, and its rows are
not read: every problem that would follow from it (each row "has 1 field", each coded
answer "of an unknown respondent") is left out. :func:`read_table` returns ``None`` for such
a file, so callers can skip the checks that depend on it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

BOM = b"\xef\xbb\xbf"
SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8 (comma-separated)'"


def _decode(raw: bytes, where: str, problems: list[str]) -> str | None:
    if raw.startswith(BOM):
        problems.append(
            f"{where}:1: the file starts with a byte-order mark (BOM); expected UTF-8 without one: "
            "save it again with an editor that writes UTF-8 without BOM"
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        guess = ""
        try:
            sample = raw.decode("cp1252")
            if re.search(r"[æøåÆØÅéüöä]", sample):
                guess = " (it looks like Windows-1252/Latin-1, as older spreadsheet programs write)"
        except UnicodeDecodeError:
            pass
        problems.append(
            f"{where}:{line}: is not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read{guess}; "
            f"expected UTF-8: {SAVE_AS}"
        )
        return None


def read_table(
    path: Path, where: str, expected: list[str] | None, problems: list[str], rows_required: bool = True
) -> tuple[list[str], list[tuple[int, dict]]] | None:
    """(header, [(line, row dict)]) of a CSV file; None when the file cannot be read as a table.

    ``expected`` is the list of columns the file must have, in any order (None: take the header
    as it is). Columns missing or unexpected are reported here; rows with the wrong number of
    fields are reported and skipped.
    """
    if not path.exists():
        problems.append(f"{where}: file is missing")
        return None
    text = _decode(path.read_bytes(), where, problems)
    if text is None:
        return None
    if not text.strip():
        shown = f" {expected}" if expected else ""
        problems.append(f"{where}: file is empty; expected a header row{shown} and one row per entry")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if len(header) == 1:
        for name, mark in (("semicolons", ";"), ("tabs", "\t")):
            if mark in header[0]:
                problems.append(
                    f"{where}:1: the file is separated by {name} (a Danish spreadsheet export?); "
                    f"expected commas: {SAVE_AS}"
                )
                return None
    if expected is not None:
        missing = [c for c in expected if c not in header]
        for column in missing:
            problems.append(f"{where}:1: column {column!r} is missing; expected columns {expected}")
        if missing:
            # Reading on would report the missing column again on every row.
            return None
    rows = []
    for line, values in enumerate(reader, start=2):
        if not values:
            continue  # a blank line
        if len(values) != len(header):
            problems.append(f"{where}:{line}: has {len(values)} fields, expected {len(header)} like the header")
            continue
        rows.append((line, dict(zip(header, values, strict=True))))
    if rows_required and not rows:
        problems.append(f"{where}: has a header but no data rows; expected one row per entry below the header")
        return None
    return header, rows
