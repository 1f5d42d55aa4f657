"""Basic checks of the repository's text files, for pre-commit and the tests.

    uv run python tools/check_files.py [FILE...]   # default: every file git tracks

For each text file: no trailing whitespace, a final newline, no merge-conflict markers; a
.yaml/.yml, .json or .toml file must also parse. Binary files (not UTF-8) and the vendored
font folders (their licence texts are kept as published) are left alone. Exit 1 with one
line per problem ("path:line: what"), 0 when all is well.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ("macros/fonts/", "docs/assets/fonts/")
_CONFLICT = re.compile(r"^(<<<<<<< |=======$|>>>>>>> )")


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml uses Python tags (the slugifier); they only need to parse here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def problems(path: Path, name: str) -> list[str]:
    """What is wrong with one file (empty when nothing is)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return []  # binary
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line != line.rstrip():
            found.append(f"{name}:{number}: trailing whitespace")
        if _CONFLICT.match(line):
            found.append(f"{name}:{number}: merge-conflict marker")
    if text and not text.endswith("\n"):
        found.append(f"{name}: no newline at the end")
    try:
        if name.endswith((".yaml", ".yml")):
            list(yaml.load_all(text, _AnyTagLoader))
        elif name.endswith(".json"):
            json.loads(text)
        elif name.endswith(".toml"):
            tomllib.loads(text)
    except (yaml.YAMLError, ValueError) as error:
        found.append(f"{name}: does not parse: {' '.join(str(error).split())}")
    return found


def tracked_files(root: Path = ROOT) -> list[str]:
    result = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or tracked_files()
    found = []
    for name in names:
        relative = Path(name).resolve().relative_to(ROOT).as_posix() if Path(name).is_absolute() else name
        path = ROOT / relative
        if relative.startswith(VENDORED) or not path.is_file() or path.is_symlink():
            continue
        found += problems(path, relative)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
