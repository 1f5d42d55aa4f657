"""The report's YAML is read by libyaml where PyYAML has it (macros/model/yamlfiles.py), with the
same strict constructor: the same data, the same lines, and every mistake told in PyYAML's words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros.model import yamlfiles
from macros.model.errors import ReportError

ROOT = Path(__file__).resolve().parents[1]
# Every YAML file of both reports and the translators' files, and every page's front matter.
FILES = sorted(
    path
    for pattern in ("data/**/*.yaml", "data/**/*.yml", "translations/*.yaml", "examples/*/data/**/*.yaml")
    for path in ROOT.glob(pattern)
)
CONFIGS = [ROOT / "mkdocs.yml", *sorted(ROOT.glob("examples/*/mkdocs.yml"))]


def _same(fast, slow, where: str) -> None:
    """Equal values of equal types, with equal lines, all the way down."""
    assert type(fast) is type(slow), where
    assert getattr(fast, "line", None) == getattr(slow, "line", None), where
    assert getattr(fast, "lines", None) == getattr(slow, "lines", None), where
    if isinstance(slow, dict):
        assert list(fast) == list(slow), where
        for key in slow:
            _same(fast[key], slow[key], f"{where}/{key}")
    elif isinstance(slow, list):
        assert len(fast) == len(slow), where
        for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
            _same(a, b, f"{where}[{index}]")
    else:
        assert fast == slow, where


def test_libyaml_is_used_here():
    """CI's Python has libyaml: without it the comparisons below would compare PyYAML with itself."""
    assert yaml.__with_libyaml__
    assert all(fast is not None for fast in yamlfiles._FAST.values())


@pytest.mark.parametrize("path", FILES + CONFIGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_reads_the_same_with_libyaml(path):
    loader = yamlfiles.ConfigLoader if path.name == "mkdocs.yml" else yamlfiles.StrictLoader
    text = path.read_text(encoding="utf-8")
    slow = yaml.load(text, Loader=loader)
    fast = yaml.load(text, Loader=yamlfiles._FAST[loader])
    _same(fast, slow, path.name)
    _same(yamlfiles.parse(text, path.name, loader), slow, path.name)


def test_there_are_files_to_compare():
    assert len(FILES) >= 8 and len(CONFIGS) >= 2


def test_front_matter_reads_the_same():
    pages = sorted((ROOT / "docs").rglob("*.md"))
    read = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = text[4 : text.index("\n---", 4)]
        _same(
            yaml.load(front, Loader=yamlfiles._FAST[yamlfiles.StrictLoader]),
            yaml.load(front, Loader=yamlfiles.StrictLoader),
            page.name,
        )
        read += 1
    assert read >= 20


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 1\na: 2\n", "f.yaml:2: duplicate key 'a' (first on line 1); expected each key once in a mapping"),
        ("- x\n- {b: 1, b: 2}\n", "f.yaml:2: duplicate key 'b' (first on line 2)"),
        ("a: [1,\n", "f.yaml:2: is not valid YAML (expected the node content, but found '<stream end>')"),
        ("a:\n  - b\n c: 1\n", "f.yaml:3: is not valid YAML (expected <block end>, but found '<block mapping start>')"),
        ("d: 2025-13-01\n", "f.yaml:1: '2025-13-01' is not a real date (month must be in 1..12)"),
        ("a: \x07\n", "f.yaml: unacceptable character #x0007: special characters are not allowed"),
    ],
)
def test_mistakes_are_told_in_pyyamls_words(text, expected):
    """libyaml words its syntax errors differently ("did not find expected key"): the text is read
    again by PyYAML's parser, whose message the report's authors see, with the same line."""
    with pytest.raises(ReportError) as raised:
        yamlfiles.parse(text, "f.yaml")
    assert str(raised.value).startswith(expected)
