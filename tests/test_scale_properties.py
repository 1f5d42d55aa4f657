"""codebook/scale_properties.csv: what the engine knows of a scale, loaded and validated.

Each test copies data/ to a temporary folder, changes the scale declarations and pins the
message (file, line, column, value, expectation) or the loaded Scale.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.model.survey import DATA_DIR, DataError, load_survey

PROPS = "data/codebook/scale_properties.csv"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_survey(data_dir)
    prefix = str(data_dir.parent) + "/"
    return [p.replace(prefix, "") for p in caught.value.problems]


def replace_line(path: Path, start: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_this_report_declares_its_scales():
    survey = load_survey()
    degree = survey.scales["degree5_nr"]
    assert (degree.kind, degree.range, degree.valid_codes, degree.non_substantive) == (
        "ordinal",
        (1, 5),
        (1, 2, 3, 4, 5),
        (9,),
    )
    assert degree.roles[9] == "not_relevant" and degree.not_relevant == 9
    assert degree.top_label == {"da": "Andel høj grad/ meget høj grad", "en": "Share large/very large extent"}
    assert survey.scales["agree5"].top_label["en"] == "Share agree/strongly agree"
    approach = survey.scales["approach"]
    assert (approach.kind, approach.range, approach.top_label, approach.shares_include_non_substantive) == (
        "nominal",
        None,
        None,
        True,
    )
    assert not survey.scales["degree5"].shares_include_non_substantive
    assert survey.scales["years"].range == (0, 34)


def test_dont_know_is_non_substantive(data_dir: Path):
    scales = data_dir / "codebook" / "scales.csv"
    with scales.open("a", encoding="utf-8") as handle:
        handle.write("agree5,8,Ved ikke,Don't know,Ved ikke,Don't know,dont_know\n")
    scale = load_survey(data_dir).scales["agree5"]
    assert scale.valid_codes == (1, 2, 3, 4, 5)
    assert scale.non_substantive == (8,)
    assert scale.not_relevant is None


def test_unknown_role(data_dir: Path):
    replace_line(data_dir / "codebook" / "scales.csv", "agree5,1,", "agree5,1,Helt uenig,Strongly disagree,a,b,unsure")
    assert problems(data_dir) == [
        "data/codebook/scales.csv:13: column 'role' has 'unsure'; expected one of 'valid', 'not_relevant', 'dont_know'"
    ]


def test_a_scale_may_not_repeat_a_code(data_dir: Path):
    # Counted twice and drawn twice if it were let through.
    with (data_dir / "codebook" / "scales.csv").open("a", encoding="utf-8") as handle:
        handle.write("agree5,1,Helt uenig,Strongly disagree,Helt uenig,Strongly disagree,valid\n")
    assert problems(data_dir) == [
        "data/codebook/scales.csv:58: scale 'agree5' repeats code 1 (first on line 13); "
        "expected each code once per scale"
    ]


def test_unknown_kind(data_dir: Path):
    replace_line(data_dir / "codebook" / "scale_properties.csv", "agree5,", "agree5,likert,1,5,,,,,no")
    assert problems(data_dir) == [
        f"{PROPS}:4: column 'kind' has 'likert'; expected one of 'ordinal', 'nominal', 'binary', 'numeric'"
    ]


def test_range_must_hold_every_valid_code(data_dir: Path):
    # A 0-10 scale must not be drawn on a 1-5 axis silently.
    replace_line(data_dir / "codebook" / "scale_properties.csv", "years,", "years,numeric,1,5,,,,,no")
    assert problems(data_dir) == [
        f"{PROPS}:6: the range 1-5 of scale 'years' leaves out its codes 0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, "
        "16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34; expected min and max to "
        "include every valid code"
    ]


def test_ordinal_needs_a_range_and_nominal_has_none(data_dir: Path):
    props = data_dir / "codebook" / "scale_properties.csv"
    replace_line(props, "agree5,", "agree5,ordinal,,5,,,,,no")
    replace_line(props, "approach,", "approach,nominal,1,3,,,,,yes")
    assert problems(data_dir) == [
        f"{PROPS}:4: column 'min' is empty; expected a number (an ordinal scale is plotted from min to max)",
        f"{PROPS}:5: columns 'min'/'max' have '1'/'3'; expected them empty (a nominal scale has no plotted range)",
    ]


def test_top_label_in_every_language_or_none(data_dir: Path):
    replace_line(data_dir / "codebook" / "scale_properties.csv", "agree5,", "agree5,ordinal,1,5,Andel enig,,,,no")
    assert problems(data_dir) == [
        f"{PROPS}:4: column top_label_en is empty; expected the English text, because top_label_da has "
        "'Andel enig' (leave all top_label_* columns empty if the scale has none)"
    ]


def test_every_scale_has_one_row(data_dir: Path):
    props = data_dir / "codebook" / "scale_properties.csv"
    lines = props.read_text(encoding="utf-8").splitlines()
    props.write_text("\n".join([line for line in lines if not line.startswith("years,")] + [lines[1]]) + "\n")
    assert problems(data_dir) == [
        f"{PROPS}:7: scale 'degree5' is listed twice (first on line 2)",
        f"{PROPS}: scale 'years' of scales.csv has no row; expected one row per scale (scale,kind,min,max,...)",
    ]


def test_unknown_scale_and_yes_no(data_dir: Path):
    with (data_dir / "codebook" / "scale_properties.csv").open("a", encoding="utf-8") as handle:
        handle.write("degree7,ordinal,1,7,,,,,maybe\n")
    assert problems(data_dir) == [
        f"{PROPS}:8: column 'shares_include_non_substantive' has 'maybe'; expected 'yes' or 'no'",
        f"{PROPS}:8: column 'scale' has 'degree7'; expected a scale of scales.csv: "
        "['agree5', 'approach', 'degree5', 'degree5_nr', 'open_answer', 'years']",
    ]


def test_missing_file(data_dir: Path):
    (data_dir / "codebook" / "scale_properties.csv").unlink()
    assert problems(data_dir) == [f"{PROPS}: file is missing"]
