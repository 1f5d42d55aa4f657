"""The ten tables, built in Danish and English, print exactly the values the report publishes.

Every number cell is compared with its row of data/reference_values.csv (location "table X",
status "constraint"), written out the way each language prints it: a share of 37.8 is
"37,8\xa0%" in Danish and "37.8%" in English, a mean of 3.2 with SD 1.0 is "3,2 (1,0)" /
"3.2 (1.0)", counts are whole numbers. The expected text is made here from the published
value, not with the engine's formatters, so a formatting change shows up as a failure.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from macros.blocks.tables import TableView, build_table
from macros.model.reference import SHARE_STATISTICS, ReferenceValue, reference_values

TABLE_IDS = ["4.2", "4.4", "4.5", "6.2", "8.2", "8.3", "9.1", "9.2", "10.1", "10.2"]
LANGUAGES = ["da", "en"]

# Reference statistic -> the table column that prints it.
COLUMN_OF = {
    "n": "n",
    "top2_share": "top2_share",
    "mean": "mean",
    "sd": "sd",
    "min": "min",
    "max": "max",
    "bin_count": "count",
    "bin_share": "share",
}
_MEAN_SD = re.compile(r"^(?P<mean>\S+) \((?P<sd>\S+)\)$")


def printed(value: Decimal, decimals: int, language: str, share: bool = False) -> str:
    """How the report prints ``value`` in ``language`` (no thousands occur in these tables)."""
    text = f"{value:.{decimals}f}"
    if language == "da":
        text = text.replace(".", ",")
    if share:
        text += "\xa0%" if language == "da" else "%"
    return text


@pytest.fixture(scope="module")
def references() -> list[ReferenceValue]:
    return [r for r in reference_values() if r.status == "constraint"]


def view(survey, tables, table_id: str, language: str) -> TableView:
    return build_table(survey, tables[table_id], language)


def cells(table: TableView) -> list[list[str]]:
    return [[cell.text for cell in row_cells] for _, row_cells in table.rows]


def test_the_ten_tables_are_defined(tables):
    assert list(tables) == TABLE_IDS


def _cell_of(ref: ReferenceValue, definition, table: TableView) -> tuple[int, int, str]:
    """(row, column, part) of the cell that prints ``ref``; part is "mean"/"sd" in a mean (sd) cell."""
    if definition.kind == "bins":
        variable, _, bin_id = ref.variable.partition(":")
        row = [b.id for b in definition.bins].index(bin_id)
    else:
        variable, row = ref.variable, list(definition.items).index(ref.variable)
    assert variable in definition.items, f"{ref.id}: {variable!r} is not in table {definition.id}"
    column = COLUMN_OF[ref.statistic]
    if column in ("mean", "sd") and "mean_sd" in definition.columns:
        return row, list(definition.columns).index("mean_sd"), column
    return row, list(definition.columns).index(column), ""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_every_cell_prints_the_published_value(survey, tables, references, table_id, language):
    definition = tables[table_id]
    table = view(survey, tables, table_id, language)
    texts = cells(table)
    rows = [r for r in references if r.location == f"table {table_id}"]
    assert rows, f"no published values for table {table_id}"
    checked, wrong = set(), []
    for ref in rows:
        row, column, part = _cell_of(ref, definition, table)
        text = texts[row][column]
        if part:
            match = _MEAN_SD.match(text)
            assert match, f"table {table_id} row {row + 1}: {text!r} is not 'mean (sd)'"
            text = match.group(part)
        expected = printed(ref.value, ref.decimals, language, share=ref.statistic in SHARE_STATISTICS)
        if text != expected:
            wrong.append(f"{ref.id}: printed {text!r}, the report has {expected!r} ({ref.printed})")
        checked.add((row, column, part))
    assert wrong == []
    # Every number cell of the table has a published value to be checked against.
    every_cell = {
        (r, c, part)
        for r in range(len(texts))
        for c, name in enumerate(definition.columns)
        for part in (("mean", "sd") if name == "mean_sd" else ("",))
    }
    assert checked == every_cell


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_the_note_gives_the_published_number_of_responses(survey, tables, references, table_id, language):
    notes = {r.statistic: r.value for r in references if r.location == f"table {table_id} note"}
    if "n" in notes:
        n = printed(notes["n"], 0, language)
    else:
        n = f"{printed(notes['n_range_min'], 0, language)}\u2013{printed(notes['n_range_max'], 0, language)}"
    lead = {"da": "Antal besvarelser", "en": "Number of responses"}[language]
    assert view(survey, tables, table_id, language).note.startswith(f"{lead}: {n}. ")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["74", "81,1\xa0%", "4,3 (0,8)", "3", "5"]),
        ("en", ["74", "81.1%", "4.3 (0.8)", "3", "5"]),
    ],
)
def test_table_4_2_specialised_social_services_row(survey, tables, language, expected):
    table = view(survey, tables, "4.2", language)
    label, row = table.rows[3]
    assert (
        label
        == {
            "da": "At håndtere udgiftspresset på det specialiserede socialområde",
            "en": "Managing cost pressures in specialised social services",
        }[language]
    )
    assert [cell.text for cell in row] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", [["74", "37,8\xa0%", "3,2 (1,0)", "2", "5"], ["74", "54,1\xa0%", "3,6 (0,9)", "2", "5"]]),
        ("en", [["74", "37.8%", "3.2 (1.0)", "2", "5"], ["74", "54.1%", "3.6 (0.9)", "2", "5"]]),
    ],
)
def test_table_4_2_first_rows(survey, tables, language, expected):
    assert cells(view(survey, tables, "4.2", language))[:2] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", [["70", "7,8", "6,7"], ["70", "5,7", "5,4"]]),
        ("en", [["70", "7.8", "6.7"], ["70", "5.7", "5.4"]]),
    ],
)
def test_table_10_1_means_and_standard_deviations(survey, tables, language, expected):
    assert cells(view(survey, tables, "10.1", language)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            [
                ("0–1 år", ["10", "14,3\xa0%"]),
                ("2–3 år", ["12", "17,1\xa0%"]),
                ("4–7 år", ["18", "25,7\xa0%"]),
                ("8–13 år", ["18", "25,7\xa0%"]),
                ("14 år eller mere", ["12", "17,1\xa0%"]),
            ],
        ),
        (
            "en",
            [
                ("0–1 years", ["10", "14.3%"]),
                ("2–3 years", ["12", "17.1%"]),
                ("4–7 years", ["18", "25.7%"]),
                ("8–13 years", ["18", "25.7%"]),
                ("14 years or more", ["12", "17.1%"]),
            ],
        ),
    ],
)
def test_table_10_2_counts_and_shares(survey, tables, language, expected):
    table = view(survey, tables, "10.2", language)
    assert [(label, [c.text for c in row]) for label, row in table.rows] == expected


# Read as a sentence sequence under the table; the "not relevant" part names the one item that
# lost an answer to "Ikke relevant" (72 of 73 answers counted), as the report's note does.
TABLE_4_4_NOTE = {
    "da": (
        "Antal besvarelser: 72–73. "
        "Spørgsmål: <em>I hvilken grad indgår civilsamfundet i jeres kommunes nuværende arbejde med "
        "nedenstående udfordringer?</em> "
        "Standardafvigelse er noteret i parentes. "
        "Svarene er målt på en skala fra 1 ”Slet ikke” til 5 ”I meget høj grad”. "
        "Svar med ”Ikke relevant” indgår ikke (n: 1 ved by- og erhvervsudvikling)."
    ),
    "en": (
        "Number of responses: 72–73. "
        "Question: <em>To what extent is civil society involved in your municipality&#39;s current work on "
        "the challenges below?</em> "
        "Standard deviation in parentheses. "
        "Answers are measured on a scale from 1 ‘Not at all’ to 5 ‘To a very large extent’. "
        "‘Not relevant’ answers are not included (urban and business development: 1)."
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_table_4_4_note(survey, tables, language):
    assert view(survey, tables, "4.4", language).note == TABLE_4_4_NOTE[language]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", '<span class="report-label">Tabel 4.2.</span> Kommunernes udfordringsbillede'),
        ("en", '<span class="report-label">Table 4.2.</span> The municipalities&#39; challenge landscape'),
    ],
)
def test_table_4_2_caption(survey, tables, language, expected):
    assert view(survey, tables, "4.2", language).caption == expected
