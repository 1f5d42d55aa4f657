"""A copy of the report (what an author edits, plus the engine) that a test may break and build."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Everything `mkdocs build` of the report reads; nothing of the developer's machine (site/, .cache/).
REPORT_PARTS = ("mkdocs.yml", "docs", "data", "locale", "translations", "overrides", "hooks", "macros")

# A build of a copy without charts: the figures keep their tables, notes and downloads.
FAST_BUILD_ENV = {"REPORT_CHARTS": "off"}


def copy_report(target: Path) -> Path:
    """Copy the report into ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in REPORT_PARTS:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def link_tree(source: Path, target: Path) -> None:
    """``target`` as a copy of ``source`` made of hard links (for a folder nobody writes into)."""
    shutil.copytree(source, target, copy_function=os.link)


def folder_hash(folder: Path) -> str:
    """One hash of every file's path and content below ``folder`` ("" if it does not exist)."""
    if not folder.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest.update(f"L {relative} {os.readlink(path)}\n".encode())
        elif path.is_file():
            digest.update(f"F {relative}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        elif path.is_dir():
            digest.update(f"D {relative}\n".encode())
    return digest.hexdigest()
