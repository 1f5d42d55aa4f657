"""The two ways a CSV file of data/ is read give the same rows, lines and problems.

``csvfiles.read_frame`` (responses, coded answers) hands a plain file to pandas' C reader and
any other to the csv module; ``csvfiles.read_table`` (the codebook) always uses the csv module.
Every file below must come out of both the same: the same values, the same line per row, the
same messages, whichever reader ``read_frame`` picked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.model import csvfiles

HEADER = "respondent_id,question,theme\n"
FILES = {
    "plain": HEADER + "r01,q1,a\nr02,q1,b\nr03,q2, c \n",
    "no final newline": HEADER + "r01,q1,a\nr02,q1,b",
    "windows line ends": (HEADER + "r01,q1,a\nr02,q1,b\n").replace("\n", "\r\n"),
    "old mac line ends": (HEADER + "r01,q1,a\nr02,q1,b\n").replace("\n", "\r"),
    "quoted": HEADER + 'r01,"q1",a\n"r02","q,1","b ""x"""\n',
    "quoted line break": HEADER + 'r01,"q\n1",a\nr02,q1,b\n',
    "blank lines": HEADER + "r01,q1,a\n\nr02,q1,b\n\n\n",
    "blank windows line": (HEADER + "r01,q1,a\n\nr02,q1,b\n").replace("\n", "\r\n"),
    "short row": HEADER + "r01,q1\nr02,q1,b\n",
    "long row": HEADER + "r01,q1,a,x\nr02,q1,b\n",
    "long and short rows, commas adding up": HEADER + "r01,q1,a,x\nr02,q1\nr03,q1,c\n",
    "header only": HEADER,
    "header and blank line": HEADER + "\n",
    "a name twice in the header": "respondent_id,question,theme,theme\nr01,q1,a,b\n",
    "empty cells": HEADER + ",,\nr01,,\n",
    "spaces and unusual characters": HEADER + " r01 ,q\u00e6,\u00f8\u00e5\tb\nr02,NA,null\n",
}


def _both(tmp_path: Path, text: str, rows_required: bool):
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode("utf-8"))
    table_problems: list[str] = []
    frame_problems: list[str] = []
    table = csvfiles.read_table(path, "data/file.csv", None, table_problems, rows_required=rows_required)
    frame = csvfiles.read_frame(path, "data/file.csv", None, frame_problems, rows_required=rows_required)
    return table, table_problems, frame, frame_problems


@pytest.mark.parametrize("rows_required", [True, False], ids=["rows required", "rows optional"])
@pytest.mark.parametrize("name", list(FILES))
def test_read_frame_gives_what_read_table_gives(tmp_path, name, rows_required):
    table, table_problems, frame, frame_problems = _both(tmp_path, FILES[name], rows_required)
    assert frame_problems == table_problems
    if table is None:
        assert frame is None
        return
    assert frame is not None
    header, rows = table
    assert frame.header == header
    assert frame.lines.tolist() == [line for line, _ in rows]
    assert list(frame.rows.columns) == list(dict.fromkeys(header))
    assert frame.rows.to_dict("records") == [row for _, row in rows]


def test_a_plain_file_is_read_by_the_c_reader_and_another_by_the_csv_module(tmp_path, monkeypatch):
    """The fast path is taken where it can be (and only there): a check that the test above
    compares both readers, not one reader with itself."""
    calls: list[str] = []
    original = csvfiles._after_header

    def counted(text: str):
        calls.append("csv")
        return original(text)

    monkeypatch.setattr(csvfiles, "_after_header", counted)
    for name, expected in (("plain", []), ("windows line ends", []), ("quoted", ["csv"]), ("short row", ["csv"])):
        calls.clear()
        path = tmp_path / "file.csv"
        path.write_text(FILES[name], encoding="utf-8", newline="")
        csvfiles.read_frame(path, "data/file.csv", None, [])
        assert calls == expected, name


def test_problems_name_the_file_and_line(tmp_path):
    _, _, frame, problems = _both(tmp_path, FILES["long and short rows, commas adding up"], True)
    assert problems == [
        "data/file.csv:2: has 4 fields, expected 3 like the header",
        "data/file.csv:3: has 2 fields, expected 3 like the header",
    ]
    assert frame is not None and frame.lines.tolist() == [4]
