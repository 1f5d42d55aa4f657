"""The preview (./dev serve, tools/preview.py) survives mistakes.

A failing build shows its message in the browser (an error page in place of every page, escaped)
and in the terminal; the server keeps answering; the next build that succeeds brings the site
back; engine changes take effect because every build is a fresh process. The tests drive the
preview's rebuild and poll functions directly: nothing waits on time.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.report_copy import FAST_BUILD_ENV, REPO_ROOT, copy_report
from tools import preview as preview_tool
from tools.preview import Outcome, Preview

BASE = preview_tool.site_path(REPO_ROOT)


@contextmanager
def serving(preview: Preview) -> Iterator[int]:
    """Serve ``preview`` on a free loopback port; yields the port."""
    server = preview.server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        preview.close()


def get(port: int, path: str) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) of a GET sent exactly as given (no proxy, no normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        connection.close()


class FakeBuilder:
    """Writes a tiny site, or fails with a given message, as a real build would."""

    def __init__(self) -> None:
        self.failure: str | None = None
        self.page = "<html><body><h1>Report v1</h1></body></html>"
        self.calls = 0

    def __call__(self, site_dir: Path) -> Outcome:
        self.calls += 1
        if self.failure is not None:
            return Outcome(False, self.failure, 0.1)
        (site_dir / "assets").mkdir(parents=True)
        (site_dir / "index.html").write_text(self.page, encoding="utf-8")
        (site_dir / "assets" / "site.css").write_text("body { color: black }", encoding="utf-8")
        (site_dir / "404.html").write_text("<html><body>missing</body></html>", encoding="utf-8")
        return Outcome(True, "", 0.1)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    """A folder that looks like the report to the preview (mkdocs.yml and the watched folders)."""
    root = tmp_path / "report"
    for name in ("docs", "data", "macros"):
        (root / name).mkdir(parents=True)
    (root / "mkdocs.yml").write_text((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "data" / "survey.yaml").write_text("invited: 1\n", encoding="utf-8")
    return root


def test_site_path_comes_from_site_url():
    assert BASE.startswith("/") and BASE.endswith("/")
    assert BASE != "/", "this report is published under a path"


def test_failed_build_shows_its_escaped_message_and_the_site_comes_back(report: Path):
    builder, terminal = FakeBuilder(), io.StringIO()
    preview = Preview(report, builder, terminal)
    with serving(preview) as port:
        status, body, _ = get(port, BASE)
        assert status == 503 and "first build is running" in body  # answers before the first build

        assert preview.rebuild().ok
        status, body, _ = get(port, BASE)
        assert status == 200 and "Report v1" in body
        assert '<script src="/__preview.js" data-generation="1"></script></body>' in body

        builder.failure = "data/survey.yaml:1: key 'invited' has '<img src=x onerror=alert(1)>'; expected a number"
        assert not preview.rebuild().ok
        for path in (BASE, BASE + "en/", BASE + "some/page.html", BASE + "no-such-page/"):
            status, body, headers = get(port, path)
            assert status == 500, path
            assert headers["Content-Type"].startswith("text/html")
            assert "data/survey.yaml:1: key &#x27;invited&#x27; has &#x27;&lt;img src=x onerror=alert(1)&gt;" in body
            assert "<img" not in body
            assert 'data-generation="2"' in body
        # The previous build's style sheet is still there for the pages that come back.
        assert get(port, BASE + "assets/site.css")[0] == 200
        assert json.loads(get(port, "/__status")[1]) == {"generation": 2, "ok": False, "building": False}
        assert builder.failure in terminal.getvalue()

        builder.failure, builder.page = None, "<html><body><h1>Report v2</h1></body></html>"
        assert preview.rebuild().ok
        status, body, _ = get(port, BASE)
        assert status == 200 and "Report v2" in body
        assert json.loads(get(port, "/__status")[1])["ok"] is True


def test_the_reload_script_is_served_here_and_asks_only_this_server(report: Path):
    with serving(Preview(report, FakeBuilder(), io.StringIO())) as port:
        status, script, headers = get(port, "/__preview.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert '"/__status"' in script and "location.reload" in script
    assert "http" not in script.replace("https", "http")  # no other host, no absolute address
    assert "http" not in preview_tool.PAGE


def test_serves_files_only_below_the_site_path(report: Path):
    preview = Preview(report, FakeBuilder(), io.StringIO())
    (report / "secret.txt").write_text("not for the browser", encoding="utf-8")
    with serving(preview) as port:
        preview.rebuild()
        assert get(port, "/")[0] == 302
        assert get(port, "/index.html")[0] == 404
        for path in (
            BASE + "../secret.txt",
            BASE + "%2e%2e/secret.txt",
            BASE + "..%2fsecret.txt",
            BASE + "assets/../../secret.txt",
        ):
            status, body, _ = get(port, path)
            assert status == 404 and "not for the browser" not in body, path
        status, body, _ = get(port, BASE + "missing/")
        assert status == 404 and "missing" in body and "/__preview.js" in body  # the site's own 404 page


def test_listens_on_loopback_addresses_only(report: Path):
    preview = Preview(report, FakeBuilder(), io.StringIO())
    try:
        for host in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
            with pytest.raises(ValueError, match="loopback"):
                preview.server(host, 0)
    finally:
        preview.close()
    with pytest.raises(SystemExit) as stopped:
        preview_tool.main(["--dev-addr", "0.0.0.0:8000"])
    assert stopped.value.code == 2
    assert preview_tool.is_loopback("127.0.0.1") and preview_tool.is_loopback("::1")


def test_a_save_in_any_watched_place_starts_a_build(report: Path):
    builder = FakeBuilder()
    preview = Preview(report, builder, io.StringIO())
    try:
        assert not preview.poll() and builder.calls == 0
        (report / "macros" / "__pycache__").mkdir()
        (report / "macros" / "__pycache__" / "calls.cpython-311.pyc").write_bytes(b"written by a build")
        (report / "docs" / ".page.md.swp").write_bytes(b"an editor's swap file")
        assert not preview.poll(), "files a build or an editor writes are not changes of the report"
        for number, name in enumerate(("data/survey.yaml", "mkdocs.yml", "macros/calls.py", "hooks/new.py"), 1):
            path = report / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"changed {number}\n", encoding="utf-8")
            os.utime(path, ns=(10**18 + number, 10**18 + number))  # a new time, whatever the clock's grain
            assert preview.poll(), name
            assert builder.calls == number
            assert not preview.poll()
        (report / "data" / "survey.yaml").unlink()
        assert preview.poll(), "a removed file is a change"
    finally:
        preview.close()


def test_watches_every_folder_an_author_or_the_engine_edits():
    assert set(preview_tool.WATCHED) == {
        "docs",
        "data",
        "locale",
        "translations",
        "macros",
        "hooks",
        "overrides",
        "mkdocs.yml",
    }


# --- the real build ----------------------------------------------------------------------------------


def _set_cell(path: Path, line: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[line - 1][table[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def _touch(path: Path, tick: int) -> None:
    os.utime(path, ns=(10**18 + tick, 10**18 + tick))


@pytest.fixture()
def preview_copy(tmp_path: Path) -> Path:
    """A copy of the report for the preview's real builds (tests/conftest.py marks its users `build`)."""
    return copy_report(tmp_path / "report")


def test_real_builds_break_recover_and_pick_up_engine_changes(preview_copy: Path):
    root = preview_copy
    terminal = io.StringIO()
    preview = Preview(root, preview_tool.mkdocs_builder(root, env=FAST_BUILD_ENV), terminal)
    english = BASE + "en/"
    with serving(preview) as port:
        first = preview.rebuild()
        assert first.ok, first.message
        status, good_page, _ = get(port, english)
        assert status == 200 and "/__preview.js" in good_page

        # A broken data file: the error page and the terminal show the build's message.
        responses = root / "data" / "responses.csv"
        original = responses.read_bytes()
        _set_cell(responses, 2, "challenge.urban", "<b>77</b>")
        _touch(responses, 1)
        assert preview.poll()
        assert preview.ok is False
        status, body, _ = get(port, english)
        assert status == 500
        assert "data/responses.csv:2" in body and "&#x27;&lt;b&gt;77&lt;/b&gt;&#x27;" in body
        assert "<b>77</b>" not in body
        assert "data/responses.csv:2: column 'challenge.urban' has '<b>77</b>'" in terminal.getvalue()
        assert get(port, BASE + "assets/stylesheets/site.css")[0] == 200  # the server keeps answering

        # The fix brings the page back, without a restart.
        responses.write_bytes(original)
        _touch(responses, 2)
        assert preview.poll()
        status, body, _ = get(port, english)
        assert status == 200
        assert body.split('<script src="/__preview.js"')[0] == good_page.split('<script src="/__preview.js"')[0]

        # An edit of the engine takes effect at once: every build is a fresh process.
        calls = root / "macros" / "calls.py"
        source = calls.read_text(encoding="utf-8")
        marker = '    return "\\n" + citation.colophon_html('
        assert marker in source
        calls.write_text(
            source.replace(marker, '    raise ValueError("engine edit seen by the preview")\n' + marker, 1),
            encoding="utf-8",
        )
        _touch(calls, 3)
        assert preview.poll()
        status, body, _ = get(port, english)
        assert status == 500 and "engine edit seen by the preview" in body
    assert "engine edit seen by the preview" in terminal.getvalue()
