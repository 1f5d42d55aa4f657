"""Build the site strictly beside the published folder and swap it in only when the build succeeded.

    uv run python tools/build_site.py [--site-dir site] [mkdocs build options ...]

``./dev build`` runs this. The build writes into ``<site>.partial``; only when ``mkdocs build
--strict`` exits 0 does that folder replace ``<site>``. A failing build (bad data, a broken macro
call, a warning) leaves the published folder exactly as it was, and removes its partial output.

The preview (tools/preview.py) and the malformed-input tests (tests/test_malformed_inputs.py)
use :func:`build` and :func:`message_of` from here, so all three build and report alike.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# MkDocs 1.6 and a plugin print banners about MkDocs 2.0 unless these are set (pyproject caps mkdocs<2).
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A log record of MkDocs starts with its level: "WARNING -  ...", "ERROR   -  ...".
_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs would, its own tags (``!ENV``, ``!relative``, ``!!python/...``) as None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def config_problem(root: Path, config: str = "mkdocs.yml") -> str | None:
    """Why ``root``'s mkdocs.yml cannot be read as YAML (file:line:column, the line, what to write), or None.

    MkDocs reads its configuration before any plugin runs and reports a YAML mistake in YAML's
    terms only; this says where, shows the line, and what form was expected.
    """
    path = Path(root) / config
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{config}: file is missing; expected the report's MkDocs configuration"
    except UnicodeDecodeError as error:
        return f"{config}: is not UTF-8 text (byte {error.start}); expected UTF-8: save it again as UTF-8"
    try:
        yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is None:
            return f"{config}: is not valid YAML ({error.problem or error})"
        line, column = mark.line + 1, mark.column + 1
        source = text.splitlines()[mark.line].strip() if mark.line < len(text.splitlines()) else ""
        problem = error.problem or "cannot be read"
        if error.context:
            problem = f"{problem}, {error.context}"
        return (
            f"{config}:{line}:{column}: is not valid YAML: {problem} (column {column} of {source!r}); "
            "expected `key: value` on each line, nested keys indented by spaces; put a value that holds "
            "': ' or starts with a special character (: { [ & * # ! | > % @) in quotes, "
            'e.g. `name: "A: B"`'
        )
    except yaml.YAMLError as error:
        return f"{config}: is not valid YAML ({error})"
    return None


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def message(self) -> str:
        """What the build said about its failure (see :func:`message_of`); empty when it succeeded."""
        return "" if self.ok else message_of(self.stderr + self.stdout, self.returncode)


def mkdocs_build(
    root: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    capture: bool = True,
) -> BuildResult:
    """Run ``mkdocs build`` of the report in ``root`` into ``site_dir``, in a fresh Python process.

    A fresh process every time: MkDocs would otherwise keep running the old code of macros/ after
    an edit. With ``capture=False`` the output goes to this process's terminal as it comes. A
    mkdocs.yml that is not YAML stops first, with :func:`config_problem`'s message (exit status 1).
    """
    problem = config_problem(root)
    if problem is not None:  # MkDocs would stop too, saying less
        message = f"The report cannot be built:\n  {problem}\n"
        if not capture:
            print(message, end="", file=sys.stderr)
        return BuildResult(1, "", message)
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    command.extend(extra_args)
    full_env = {**os.environ, **QUIET_ENV, **(env or {})}
    if capture:
        result = subprocess.run(command, cwd=root, env=full_env, capture_output=True, text=True, check=False)
        return BuildResult(result.returncode, result.stdout, result.stderr)
    returncode = subprocess.run(command, cwd=root, env=full_env, check=False).returncode
    return BuildResult(returncode, "", "")


def build(
    root: Path = ROOT,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    capture: bool = True,
) -> BuildResult:
    """Build into ``<site_dir>.partial`` and replace ``site_dir`` with it only if the build succeeded."""
    root = Path(root).resolve()
    site_dir = Path(site_dir) if site_dir is not None else root / "site"
    if not site_dir.is_absolute():
        site_dir = root / site_dir
    partial = site_dir.with_name(site_dir.name + ".partial")
    previous = site_dir.with_name(site_dir.name + ".previous")
    shutil.rmtree(partial, ignore_errors=True)
    result = mkdocs_build(root, partial, strict=strict, extra_args=extra_args, env=env, capture=capture)
    if not result.ok:
        # Nothing of a failed build is kept; the published folder was never touched.
        shutil.rmtree(partial, ignore_errors=True)
        return result
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    partial.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return result


def message_of(output: str, returncode: int | None = None) -> str:
    """The part of a failed build's output that says what is wrong, without MkDocs' progress lines.

    Records of level INFO (and the list of pages not in the navigation that follows one) are left
    out; every other line is kept as it was printed, in order. If nothing is left, the last lines.
    """
    lines = _ANSI.sub("", output).splitlines()
    kept: list[str] = []
    keep = True  # lines before the first record (a banner, a traceback of a crash) are kept
    after_info = False
    for line in lines:
        match = _RECORD.match(line)
        if match:
            keep = match.group(1) != "INFO"
            after_info = not keep
        elif after_info and line.startswith("  - "):
            continue  # "The following pages exist in the docs directory, but are not included ..."
        elif after_info:
            # Something printed after an INFO record that is not part of it (an uncaught error).
            keep, after_info = True, False
        if keep:
            kept.append(line)
    text = "\n".join(kept).strip("\n")
    if not text.strip():
        text = "\n".join(lines[-40:]).strip("\n")
    if returncode not in (None, 0):
        text = (text + "\n" if text else "") + f"(mkdocs build exited with status {returncode})"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="the published folder (default: site)")
    args, extra = parser.parse_known_args(argv)
    result = build(ROOT, args.site_dir, extra_args=extra, capture=False)
    if not result.ok:
        print(f"The build failed; {args.site_dir}/ is unchanged.", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
