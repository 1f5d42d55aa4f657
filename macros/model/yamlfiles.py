"""Strict YAML: duplicate keys and impossible dates are errors, and every value keeps its line.

PyYAML's own loaders keep the last of two equal keys (``invited: 80`` after ``invited: 98``
would silently win) and raise a bare ``ValueError`` for ``2025-13-01``. :class:`StrictLoader`
refuses both with the file and line. Mappings load as :class:`Marked` dicts and sequences as
:class:`MarkedList` lists that remember the line of each key or item, so a problem found
later (by the schema in :mod:`macros.model.schema`) can still name its line.

Parsing is done by libyaml when PyYAML has it (about seven times faster: a build reads the
report's YAML files some 120 times), with the same constructor, so the data and its lines are
the same. A text libyaml refuses is parsed again by PyYAML's own parser, so that a mistake is
always described in the same words; so is a text with a character PyYAML's reader refuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.reader import Reader
from yaml.resolver import Resolver

from macros.model.errors import ReportError


class Marked(dict):
    """A mapping from YAML; ``lines[key]`` is the 1-based line of each key, ``line`` its own."""

    line: int = 0
    lines: dict


class MarkedList(list):
    """A sequence from YAML; ``lines[i]`` is the 1-based line of item i."""

    line: int = 0
    lines: list


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and impossible dates, and records lines."""

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping = Marked()
        mapping.line, mapping.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    "while reading a mapping", node.start_mark, "a key must be a plain value", key_node.start_mark
                ) from None
            if key in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {mapping.lines[key]}); expected each key once "
                    "in a mapping (YAML would keep only the last)",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        items = MarkedList(super().construct_sequence(node, deep=deep))
        items.line = node.start_mark.line + 1
        items.lines = [child.start_mark.line + 1 for child in node.value]
        return items

    def construct_yaml_seq(self, node):
        data = MarkedList()
        data.line, data.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
        yield data
        data.extend(self.construct_sequence(node))

    def construct_yaml_map(self, node):
        yield self.construct_mapping(node, deep=True)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ConstructorError(
                None,
                None,
                f"{node.value!r} is not a real date ({error}); expected a date like 2025-01-31 "
                "(year-month-day, month 1-12)",
                node.start_mark,
            ) from None


StrictLoader.add_constructor("tag:yaml.org,2002:map", StrictLoader.construct_yaml_map)
StrictLoader.add_constructor("tag:yaml.org,2002:seq", StrictLoader.construct_yaml_seq)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


class ConfigLoader(StrictLoader):
    """For mkdocs.yml: MkDocs' own tags (``!!python/...``, ``!ENV``, ``!relative``) read as None."""


ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _with_libyaml(loader: type) -> type | None:
    """``loader`` with libyaml's parser in place of PyYAML's (None without libyaml)."""
    try:
        from yaml.cyaml import CParser as parser  # type: ignore[attr-defined]  # not in its __all__
    except ImportError:
        return None

    def __init__(self, stream):
        parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    return type(f"Fast{loader.__name__}", (parser, loader), {"__init__": __init__})


_FAST = {loader: _with_libyaml(loader) for loader in (StrictLoader, ConfigLoader)}


def yaml_problem(error: yaml.YAMLError, where: str, line_offset: int = 0) -> tuple[str, str]:
    """(place, description) of a YAML error: ``"12"`` and ``"duplicate key 'invited' ..."``."""
    mark = getattr(error, "problem_mark", None)
    place = str(mark.line + 1 + line_offset) if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, ConstructorError) or not getattr(error, "problem", None):
        return place, problem
    return place, f"is not valid YAML ({problem})"


def parse(text: str, where: str, loader=StrictLoader, line_offset: int = 0):
    """Parse YAML text; a mistake raises a ReportError naming ``where`` and the line."""
    fast = _FAST.get(loader)
    if fast is not None and not Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=fast)  # a SafeLoader subclass
        except yaml.YAMLError:
            pass  # described below, by PyYAML's parser
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        place, description = yaml_problem(error, where, line_offset)
        raise ReportError(f"{where}{':' + place if place else ''}: {description}") from None


def load(path: Path, where: str | None = None, loader=StrictLoader):
    """Load a YAML file strictly; a missing file or a mistake raises a ReportError."""
    where = where or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"{where}: file is missing") from None
    except UnicodeDecodeError as error:
        raise ReportError(
            f"{where}: is not UTF-8 text (byte {error.start} cannot be read); expected UTF-8: "
            "save it again choosing the encoding UTF-8"
        ) from None
    return parse(text, where, loader)


def line_of(data, path: tuple) -> int | None:
    """The line of the value at key path ``path`` in data loaded by StrictLoader (None if unknown)."""
    line = getattr(data, "line", None) or None
    node = data
    for key in path:
        if isinstance(node, Marked) and key not in node:
            # pydantic reports dict keys as text: find an unquoted 4.1 as "4.1"
            key = next((k for k in node if str(k) == str(key)), key)
        if isinstance(node, Marked) and key in node:
            line = node.lines.get(key, line)
            node = node[key]
        elif isinstance(node, MarkedList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lines[key] if key < len(node.lines) else line
            node = node[key]
        else:
            break
    return line


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
