"""data/datapackage.json: valid with the frictionless library, and in step with the codebook.

The package is written by hand; these tests make sure it cannot drift from the codebook
(every responses column allows exactly the codes of its scale) or from the folder (every
data file is described, every described file exists).
"""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from macros.model.survey import DATA_DIR, FIXED_RESPONSE_COLUMNS, load_codebook

PACKAGE_PATH = Path(DATA_DIR) / "datapackage.json"
PACKAGE = json.loads(PACKAGE_PATH.read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}
TABULAR = [
    "responses",
    "coded_answers",
    "questions",
    "variables",
    "scales",
    "scale_properties",
    "themes",
    "reference_values",
]


def _fields(resource: str) -> dict[str, dict]:
    return {field["name"]: field for field in RESOURCES[resource]["schema"]["fields"]}


def test_package_is_valid():
    report = frictionless.validate(str(PACKAGE_PATH))
    errors = [
        f"{task.name}: row {error.get('rowNumber')} field {error.get('fieldName')}: {error['message']}"
        for task in report.tasks
        for error in (e.to_dict() for e in task.errors)
    ]
    errors += [error.message for error in report.errors]
    assert report.valid, "frictionless finds problems in data/:\n" + "\n".join(errors)


def test_every_data_file_is_a_resource_and_every_resource_exists():
    on_disk = {str(p.relative_to(DATA_DIR)) for p in Path(DATA_DIR).rglob("*") if p.suffix in (".csv", ".yaml")}
    described = {resource["path"] for resource in PACKAGE["resources"]}
    assert described == on_disk


def test_csv_resources_are_tabular_and_yaml_resources_are_files():
    assert PACKAGE["profile"] == "data-package"  # not tabular-data-package: the YAML files are not tables
    for resource in PACKAGE["resources"]:
        if resource["path"].endswith(".csv"):
            assert resource["profile"] == "tabular-data-resource", resource["name"]
            assert resource["encoding"] == "utf-8", resource["name"]
        else:
            assert (resource["type"], resource["format"]) == ("file", "yaml"), resource["name"]


@pytest.mark.parametrize(
    ("resource", "primary_key"),
    [
        ("responses", ["respondent_id"]),
        ("coded_answers", ["respondent_id", "question", "theme"]),
        ("questions", ["question"]),
        ("variables", ["variable"]),
        ("scales", ["scale", "code"]),
        ("scale_properties", ["scale"]),
        ("themes", ["question", "theme"]),
        ("reference_values", ["id"]),
    ],
)
def test_primary_keys(resource, primary_key):
    assert RESOURCES[resource]["schema"]["primaryKey"] == primary_key


def test_foreign_keys():
    def keys(resource):
        return [
            (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in RESOURCES[resource]["schema"].get("foreignKeys", [])
        ]

    assert keys("coded_answers") == [
        ("respondent_id", "responses", "respondent_id"),
        (["question", "theme"], "themes", ["question", "theme"]),
    ]
    assert keys("variables") == [("question", "questions", "question")]
    assert keys("themes") == [("question", "questions", "question")]
    assert keys("questions") == [("scale", "scales", "scale")]
    assert keys("scale_properties") == [("scale", "scales", "scale")]


def test_missing_values_are_only_empty_cells():
    # "NA", "9" or "-99" are never read as missing: only an empty cell is a missing answer.
    for name in TABULAR:
        assert RESOURCES[name]["schema"]["missingValues"] == [""], name


def test_responses_columns_are_the_codebook_variables_in_order():
    _, variables, _, _ = load_codebook()
    assert list(_fields("responses")) == FIXED_RESPONSE_COLUMNS + list(variables)


def test_every_responses_enum_is_the_scale_of_its_variable():
    questions, variables, scales, _ = load_codebook()
    fields = _fields("responses")
    drift = {}
    for variable, meta in variables.items():
        codes = list(scales[questions[meta.question].scale].codes)
        field = fields[variable]
        if field["type"] != "integer" or field.get("constraints", {}).get("enum") != codes:
            drift[variable] = (field["type"], field.get("constraints", {}).get("enum"), codes)
    assert not drift, f"datapackage.json disagrees with codebook/scales.csv (type, enum, scale codes): {drift}"


def test_fixed_responses_columns():
    fields = _fields("responses")
    assert fields["respondent_id"]["constraints"] == {"required": True, "unique": True, "pattern": "^r[0-9]{2,}$"}
    assert fields["completed"]["constraints"] == {"required": True, "enum": ["yes", "no"]}


def test_every_field_is_titled_in_english():
    untitled = [
        f"{name}.{field['name']}"
        for name in TABULAR
        for field in RESOURCES[name]["schema"]["fields"]
        if not field.get("title")
    ]
    assert not untitled
    assert all(resource.get("title") and resource.get("description") for resource in PACKAGE["resources"])


def test_responses_field_titles_follow_the_codebook_labels():
    """The package copies each variable's English label: a label edited in the codebook must be edited here too."""
    import csv

    with (Path(DATA_DIR) / "codebook" / "variables.csv").open(encoding="utf-8", newline="") as handle:
        labels = {row["variable"]: row["label_en"] for row in csv.DictReader(handle)}
    fields = _fields("responses")
    drift = {v: (fields[v].get("title"), label) for v, label in labels.items() if fields[v].get("title") != label}
    assert not drift, f"datapackage.json titles (package, codebook): {drift}"
