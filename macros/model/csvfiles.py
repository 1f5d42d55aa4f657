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
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a large file is read (a build from kept data reads none)
    import numpy as np
    import pandas as pd


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


def _open(
    path: Path, where: str, expected: list[str] | None, problems: list[str]
) -> tuple[bytes, str, list[str]] | None:
    """(raw bytes, text, header row), or None when the file cannot be read as a table (reported)."""
    if not path.exists():
        problems.append(f"{where}: file is missing")
        return None
    raw = path.read_bytes()
    text = _decode(raw, where, problems)
    if text is None:
        return None
    if not text or text.isspace():  # (not text.strip(): a copy of a large file)
        shown = f" {expected}" if expected else ""
        problems.append(f"{where}: file is empty; expected a header row{shown} and one row per entry")
        return None
    header = _header(text)
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
    return raw, text, header


def _header(text: str) -> list[str]:
    """The first row of the file (read from its first line when that holds no quote: a StringIO of
    the whole text would be four bytes a character)."""
    end = text.find("\n")
    first = text if end < 0 else text[: end + 1]
    if '"' in first:
        first = text
    return next(csv.reader(io.StringIO(first, newline="")))


def _after_header(text: str) -> Iterator[list[str]]:
    """The rows of the file below the header, as the csv module reads them."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    return reader


def _records(reader: Iterator[list[str]], header: list[str], where: str, problems: list[str]):
    """(line, values) of every row with as many fields as the header; the others are reported."""
    for line, values in enumerate(reader, start=2):
        if not values:
            continue  # a blank line
        if len(values) != len(header):
            problems.append(f"{where}:{line}: has {len(values)} fields, expected {len(header)} like the header")
            continue
        yield line, values


def read_table(
    path: Path, where: str, expected: list[str] | None, problems: list[str], rows_required: bool = True
) -> tuple[list[str], list[tuple[int, dict]]] | None:
    """(header, [(line, row dict)]) of a CSV file; None when the file cannot be read as a table.

    ``expected`` is the list of columns the file must have, in any order (None: take the header
    as it is). Columns missing or unexpected are reported here; rows with the wrong number of
    fields are reported and skipped.
    """
    opened = _open(path, where, expected, problems)
    if opened is None:
        return None
    _, text, header = opened
    records = _records(_after_header(text), header, where, problems)
    rows = [(line, dict(zip(header, values, strict=True))) for line, values in records]
    if rows_required and not rows:
        problems.append(f"{where}: has a header but no data rows; expected one row per entry below the header")
        return None
    return header, rows


@dataclass(frozen=True)
class Frame:
    """The rows of a CSV file as columns: every value a string, as the file has it.

    ``rows`` has one column per name of the header (a name given twice: its last field, as
    :func:`read_table`'s row dicts have it); ``lines`` is each row's line in the file (the header
    is line 1; a blank line counts, as in :func:`read_table`)."""

    header: list[str]
    rows: pd.DataFrame
    lines: np.ndarray


def read_frame(
    path: Path, where: str, expected: list[str] | None, problems: list[str], rows_required: bool = True
) -> Frame | None:
    """:func:`read_table` for large files: the same checks and messages, the rows as a DataFrame.

    A file without quotes, blank lines or rows of the wrong width (what a program writes) is
    parsed by pandas' C reader; any other is read by the csv module as :func:`read_table` reads
    it, so that every row with a problem is reported with its line.
    """
    import numpy as np
    import pandas as pd

    opened = _open(path, where, expected, problems)
    if opened is None:
        return None
    raw, _, header = opened
    del opened  # the decoded text: the C reader reads the bytes (a large file is not held twice)
    unique = list(dict.fromkeys(header))
    frame = _plain_frame(raw, header) if len(unique) == len(header) else None
    if frame is not None:
        lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    else:
        text = raw.decode("utf-8")  # checked by _open
        records = list(_records(_after_header(text), header, where, problems))
        last = {name: i for i, name in enumerate(header)}  # a name given twice: its last field
        columns = {name: [values[last[name]] for _, values in records] for name in unique}
        frame = pd.DataFrame(columns, columns=unique, dtype="str") if records else _empty(unique)
        lines = np.array([line for line, _ in records], dtype=np.int64)
    if rows_required and not len(frame):
        problems.append(f"{where}: has a header but no data rows; expected one row per entry below the header")
        return None
    return Frame(header, frame, lines)


def _empty(columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=columns)  # no rows: object columns, as pandas makes them


def _plain_frame(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """The rows parsed by pandas' C reader, when the file is plain: no quote, no NUL, no lone carriage
    return, and the header's number of commas on every line (so no blank line either), so that the
    C reader and the csv module read the same fields; None otherwise.

    Every line has the header's number of commas when the file has that many times its number of
    lines and no line has more (the C reader stops at a line with too many fields, or warns when it
    is the first row: both send the file to the csv module).
    """
    import pandas as pd

    if len(header) < 2 or b'"' in raw or b"\0" in raw:
        return None
    returns = raw.count(b"\r")
    if returns and returns != raw.count(b"\r\n"):
        return None
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if raw.count(b",") != lines * (len(header) - 1):
        return None
    if lines == 1:
        return _empty(header)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw),
                encoding="utf-8",
                header=0,
                names=header,
                index_col=False,
                dtype="str",
                keep_default_na=False,
                na_filter=False,
                quoting=csv.QUOTE_NONE,
                skip_blank_lines=False,
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        return None
    return frame if len(frame) == lines - 1 else None
