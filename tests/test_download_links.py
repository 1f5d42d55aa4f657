"""How the downloads are written (macros/outputs/downloads.py, write_pending): each is a hard link
to a copy of its bytes in the build cache, the copy is checked before it is linked, and where no
link can be made the file is written itself."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from macros.outputs import downloads


def _queue(site: Path) -> dict[Path, bytes]:
    files = {
        site / "downloads" / "figure-1.csv": b"a,b\n1,2\n",
        site / "en" / "downloads" / "figure-1.csv": b"a,b\n1,2\n",
        site / "downloads" / "figure-1.png": bytes(range(256)),
    }
    for path, content in files.items():
        downloads.queue(path, content)
    return files


def test_each_download_is_a_link_to_one_copy_of_its_bytes(tmp_path: Path):
    store = tmp_path / "cache" / "files"
    files = _queue(tmp_path / "site")
    assert sorted(downloads.write_pending(store)) == sorted(files)
    assert downloads.PENDING == {}
    for path, content in files.items():
        kept = store / hashlib.sha256(content).hexdigest()
        assert path.read_bytes() == content and path.samefile(kept)
    assert len(list(store.iterdir())) == 2  # the two CSVs are the same bytes
    assert [p.name for p in (tmp_path / "site" / "downloads").iterdir() if p.name.startswith(".")] == []


def test_a_second_build_links_the_same_copies(tmp_path: Path):
    store = tmp_path / "cache" / "files"
    _queue(tmp_path / "first")
    downloads.write_pending(store)
    files = _queue(tmp_path / "second")
    downloads.write_pending(store)
    for path in files:
        twin = tmp_path / "first" / path.relative_to(tmp_path / "second")
        assert path.samefile(twin)


def test_a_copy_changed_in_place_is_written_again(tmp_path: Path):
    store = tmp_path / "cache" / "files"
    files = _queue(tmp_path / "first")
    downloads.write_pending(store)
    published = tmp_path / "first" / "downloads" / "figure-1.png"
    with published.open("r+b") as file:  # an edit in place reaches the cache's copy through the link
        file.write(b"changed")
    _queue(tmp_path / "second")
    downloads.write_pending(store)
    again = tmp_path / "second" / "downloads" / "figure-1.png"
    assert again.read_bytes() == files[published]
    assert not again.samefile(published)


def test_a_file_replaces_what_the_site_had_at_its_path(tmp_path: Path):
    target = tmp_path / "site" / "downloads" / "figure-1.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old")
    downloads.queue(target, b"new")
    downloads.write_pending(tmp_path / "files")
    assert target.read_bytes() == b"new"


def test_without_links_the_files_are_written(tmp_path: Path, monkeypatch):
    def no_links(source, destination):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    files = _queue(tmp_path / "site")
    downloads.write_pending(tmp_path / "cache" / "files")
    for path, content in files.items():
        assert path.read_bytes() == content and path.stat().st_nlink == 1


def test_without_a_cache_folder_the_files_are_written(tmp_path: Path):
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    files = _queue(tmp_path / "site")
    downloads.write_pending(tmp_path / "not-a-folder" / "files")
    for path, content in files.items():
        assert path.read_bytes() == content and path.stat().st_nlink == 1
