"""Check that the pages of every language match: same files, same macro calls, same order.

The languages are those of mkdocs.yml's i18n plugin; the first (or the default) is the
source. Every source page must exist under the same relative path in every other language's
folder (the language switcher relies on it), and each translated page must make the same
macro calls (``{{ ... }}`` and ``{% ... %}``) as its source page, in the same order, so every
language shows the same numbers, tables and figures.

    ./dev parity                                # check docs/
    ./dev parity --docs DIR                     # check another docs folder (DIR/<language> per language)

Exit status 0 when the languages match, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.model.languages import Languages, report_languages  # noqa: E402

DEFAULT_DOCS = ROOT / "docs"

# {## ... ##} is a Jinja comment in this project (mkdocs.yml: j2_comment_*): not a call.
_COMMENT = re.compile(r"\{##.*?##\}", re.DOTALL)
_CALL = re.compile(r"\{\{(?P<expression>.*?)\}\}|\{%(?P<statement>.*?)%\}", re.DOTALL)
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


@dataclass(frozen=True)
class Call:
    """One macro call on a page: how it reads, what it means, and where it is."""

    text: str  # as written, whitespace normalised: {{ stat("a", "mean") }}
    key: str  # what is compared: quotes and spacing do not matter
    line: int

    def __str__(self) -> str:
        return self.text


def _tidy(code: str) -> str:
    """Collapse whitespace outside string literals: ``stat( "a" ,"b" )`` -> ``stat("a", "b")``."""
    parts, last = [], 0
    for string in _STRING.finditer(code):
        parts += [_tidy_code(code[last : string.start()]), string.group(0)]
        last = string.end()
    parts.append(_tidy_code(code[last:]))
    return "".join(parts).strip()


def _tidy_code(code: str) -> str:
    code = re.sub(r"\s+", " ", code)
    code = re.sub(r"\s*,\s*", ", ", code)
    code = re.sub(r"([(\[{])\s+", r"\1", code)
    code = re.sub(r"\s+([)\]}])", r"\1", code)
    return re.sub(r"\s*(?<![=!<>])=(?!=)\s*", "=", code)


def _key(code: str) -> str:
    """A canonical form of an expression; ``"a"`` and ``'a'`` are the same call."""
    try:
        return ast.unparse(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:  # a Jinja statement such as `if x` or `endif`
        return _tidy(code)


def macro_calls(text: str) -> list[Call]:
    """Every ``{{ ... }}`` and ``{% ... %}`` on a page, in order."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    calls = []
    for match in _CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group("expression") is not None:
            code = match.group("expression")
            calls.append(Call(f"{{{{ {_tidy(code)} }}}}", "{{" + _key(code) + "}}", line))
        else:
            code = match.group("statement")
            calls.append(Call(f"{{% {_tidy(code)} %}}", "{%" + _tidy(code) + "%}", line))
    return calls


def _pages(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.md")} if root.is_dir() else set()


def _compare(source: list[Call], translation: list[Call], src: str, dst: str) -> list[str]:
    """Messages about the translation's calls, measured against the source's."""
    missing: list[tuple[int, Call, int]] = []  # (index in source, call, where it belongs in translation)
    extra: list[tuple[int, Call]] = []  # (index in translation, call)
    messages: list[tuple[int, str]] = []  # (index in translation, message), sorted at the end
    matcher = difflib.SequenceMatcher(a=[c.key for c in source], b=[c.key for c in translation], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            was, now = source[i1 + k], translation[j1 + k]
            message = f"{dst}:{now.line}: call {j1 + k + 1} is {now} but {src}:{was.line} has {was} there"
            messages.append((j1 + k, message))
        missing += [(i, source[i], j1 + paired) for i in range(i1 + paired, i2)]
        extra += [(j, translation[j]) for j in range(j1 + paired, j2)]
    # A call that is missing in one place and extra in another has moved.
    for gone in list(missing):
        i, call, _ = gone
        moved = next(((j, c) for j, c in extra if c.key == call.key), None)
        if moved is not None:
            j, now = moved
            missing.remove(gone)
            extra.remove(moved)
            message = f"{dst}:{now.line}: call {j + 1} {now} is out of order (it is call {i + 1} in {src}:{call.line})"
            messages.append((j, message))
    for i, call, position in missing:
        messages.append((position, f"{dst}: missing call {call} (present in {src}:{call.line}, call {i + 1})"))
    for j, call in extra:
        messages.append((j, f"{dst}:{call.line}: extra call {call} (call {j + 1}; not in {src})"))
    return [message for _, message in sorted(messages, key=lambda m: m[0])]


def languages_for(docs_dir: Path) -> Languages:
    """The languages of the mkdocs.yml beside ``docs_dir`` (the repository's for a lone docs folder)."""
    beside = Path(docs_dir).resolve().parent / "mkdocs.yml"
    return report_languages(beside if beside.exists() else ROOT / "mkdocs.yml")


def check_parity(docs_dir: Path | str = DEFAULT_DOCS, languages: Languages | None = None) -> list[str]:
    """Every difference between the source pages and each translation under ``docs_dir``; [] if none.

    Paths in the messages start with ``docs_dir`` as given, e.g. ``docs/en/benefits.md``.
    """
    docs_dir = Path(docs_dir)
    languages = languages or languages_for(docs_dir)
    source_language = languages.source
    roots = {language: docs_dir / language for language in languages.all}
    problems = [f"{root.as_posix()}/ does not exist" for root in roots.values() if not root.is_dir()]
    if problems:
        return problems
    pages = {language: _pages(root) for language, root in roots.items()}
    for translation in languages.translations:
        for language, other in ((source_language, translation), (translation, source_language)):
            for page in sorted(pages[language] - pages[other]):
                problems.append(
                    f"{(roots[language] / page).as_posix()} has no {languages.name(other)} page "
                    f"{(roots[other] / page).as_posix()}"
                )
        for page in sorted(pages[source_language] & pages[translation]):
            source, translated = roots[source_language] / page, roots[translation] / page
            problems += _compare(
                macro_calls(source.read_text(encoding="utf-8")),
                macro_calls(translated.read_text(encoding="utf-8")),
                source.as_posix(),
                translated.as_posix(),
            )
    return problems


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=Path, default=None, help="the docs folder holding da/ and en/ (default: the repository's docs/)"
    )
    arguments = parser.parse_args(argv)
    docs_dir = arguments.docs if arguments.docs is not None else _shown(DEFAULT_DOCS)
    languages = languages_for(Path(docs_dir))
    problems = check_parity(docs_dir, languages)
    for problem in problems:
        print(problem)
    names = ", ".join(languages.all)
    if problems:
        print(
            f"\n{len(problems)} difference(s) between the languages ({names}): keep the same pages and "
            f"the same {{{{ ... }}}} calls, in the same order, in every language.",
            file=sys.stderr,
        )
        return 1
    count = len(_pages(Path(docs_dir) / languages.source))
    every = "both languages" if len(languages.all) == 2 else f"all {len(languages.all)} languages ({names})"
    print(f"{Path(docs_dir).as_posix()}: {count} pages in {every} with the same macro calls in the same order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
