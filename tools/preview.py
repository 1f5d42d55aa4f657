"""Preview the report while editing it; a mistake shows its message in the browser and the terminal.

    uv run python tools/preview.py [--port 8000] [--no-strict]      (what ./dev serve runs)

Serves the site on 127.0.0.1 under the path of ``site_url`` in mkdocs.yml, as it is published.
Every save under docs/, data/, locale/, translations/, macros/, hooks/, overrides/ or in
mkdocs.yml starts a new build in a fresh process (so an edit of macros/ takes effect too), into
a staging folder that replaces the served site only when the build succeeded.

When a build fails, every page answers with an error page that shows the build's message (the
same text the terminal prints), and the previous build's style sheets and images stay served.
The next save that fixes the mistake brings the site back; no restart is needed. Open pages
reload by themselves after every build (a small script, served here, asks /__status).

The build is strict by default (--strict, as ./dev build and CI): the preview refuses exactly
what publishing would refuse, a broken link or anchor included, and strictness costs no time
(MkDocs only turns the warnings into a failure at the end). --no-strict keeps serving through
warnings while drafting.
"""

from __future__ import annotations

import argparse
import html
import http.server
import ipaddress
import json
import mimetypes
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

import yaml

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
# Its sibling, as a script sees it (run as `python tools/preview.py`, tools/ is on sys.path).
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import build_site  # type: ignore[import-not-found]  # noqa: E402

WATCHED = ("docs", "data", "locale", "translations", "macros", "hooks", "overrides", "mkdocs.yml")
# Written by the build itself or by editors while saving: not a change of the report.
IGNORED_PARTS = {"__pycache__", ".git"}
IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", ".tmp", "~")
STATUS_PATH = "/__status"
SCRIPT_PATH = "/__preview.js"
HTML, TEXT = "text/html; charset=utf-8", "text/plain; charset=utf-8"
# Types the platform's table may lack or name differently.
TYPES = {
    ".woff2": "font/woff2",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml",
}

# Asks the server after each build whether a new build landed, and reloads the page when one did.
RELOAD_SCRIPT = """\
(function () {
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-generation") : null;
  function poll() {
    fetch("__STATUS__", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen !== null && String(status.generation) !== seen && !status.building) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 1000);
})();
""".replace("__STATUS__", STATUS_PATH)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ font-size: 1.4rem; color: {colour}; }}
pre {{ background: #f6f6f6; border-left: 4px solid {colour}; padding: 1rem; overflow-x: auto;
       white-space: pre-wrap; word-break: break-word; font-size: 0.9rem; }}
p {{ line-height: 1.5; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
<script src="{script}" data-generation="{generation}"></script>
</body>
</html>
"""


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml holds Python tags (the slugifier): read them as None."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_path(root: Path) -> str:
    """The URL path of ``site_url`` in mkdocs.yml ("/civilsamfund/"); "/" when it cannot be read."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), _IgnoreTagsLoader) or {}
        url = config.get("site_url") if isinstance(config, dict) else None
    except (OSError, yaml.YAMLError):
        url = None
    path = urlsplit(str(url)).path if url else "/"
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # the build's message when it failed
    seconds: float


Builder = Callable[[Path], Outcome]


def mkdocs_builder(root: Path, strict: bool = True, env: dict[str, str] | None = None) -> Builder:
    """Build the report in ``root`` into a given folder in a fresh ``mkdocs build`` process."""

    def run(site_dir: Path) -> Outcome:
        started = time.monotonic()
        result = build_site.mkdocs_build(root, site_dir, strict=strict, env=env)
        return Outcome(result.ok, result.message, time.monotonic() - started)

    return run


class Preview:
    """The state of the preview: the site last built successfully, and the last build's outcome."""

    def __init__(self, root: Path = ROOT, builder: Builder | None = None, out: TextIO | None = None):
        self.root = Path(root).resolve()
        self.builder = builder or mkdocs_builder(self.root)
        self.out = out if out is not None else sys.stderr
        self.base = site_path(self.root)
        self.work = Path(tempfile.mkdtemp(prefix="report-preview-"))
        self.lock = threading.Lock()
        self.site_dir: Path | None = None  # the last good build, served
        self.retired: Path | None = None  # the one before, removed at the next swap
        self.generation = 0  # counts finished builds; pages reload when it changes
        self.ok: bool | None = None  # None until the first build finished
        self.message = ""
        self.building = False
        self.signature = self.snapshot()
        self._count = 0

    # --- watching ------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Modification time and size of every watched file."""
        files: dict[str, tuple[int, int]] = {}
        for name in WATCHED:
            path = self.root / name
            candidates = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
            for file in candidates:
                relative = file.relative_to(self.root)
                if IGNORED_PARTS.intersection(relative.parts) or file.name.endswith(IGNORED_SUFFIXES):
                    continue
                try:
                    stat = file.stat()
                except FileNotFoundError:
                    continue
                files[relative.as_posix()] = (stat.st_mtime_ns, stat.st_size)
        return files

    def changes(self) -> list[str]:
        """Files added, removed or changed since the last look (and remember this look)."""
        current = self.snapshot()
        changed = sorted(k for k in current.keys() | self.signature.keys() if current.get(k) != self.signature.get(k))
        self.signature = current
        return changed

    def poll(self) -> bool:
        """Rebuild if a watched file changed since the last look; True if it did."""
        changed = self.changes()
        if not changed:
            return False
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        self._say(f"changed: {shown}")
        self.rebuild()
        return True

    def watch(self, stop: threading.Event, interval: float = 0.5) -> None:
        while not stop.wait(interval):
            try:
                self.poll()
            except Exception as error:  # a watcher that dies silently would look like a frozen preview
                self._say(f"the preview's watcher hit an error and goes on: {error!r}")

    # --- building ------------------------------------------------------------------------------

    def rebuild(self) -> Outcome:
        """Build into a fresh staging folder; serve it if the build succeeded, else its message."""
        self._count += 1
        staging = self.work / f"build-{self._count}"
        with self.lock:
            self.building = True
        self._say("building ...")
        try:
            outcome = self.builder(staging)
        except Exception as error:  # the builder itself failed (mkdocs not installed, disk full, ...)
            outcome = Outcome(False, f"the preview could not run the build: {error!r}", 0.0)
        retired = None
        with self.lock:
            if outcome.ok:
                retired, self.retired = self.retired, self.site_dir
                self.site_dir = staging
                self.message = ""
            else:
                shutil.rmtree(staging, ignore_errors=True)
                self.message = outcome.message
            self.ok = outcome.ok
            self.generation += 1
            self.building = False
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        if outcome.ok:
            self._say(f"build succeeded in {outcome.seconds:.1f} s; pages reload")
        else:
            self._say(
                f"build FAILED in {outcome.seconds:.1f} s; the browser shows this message until a build succeeds:\n"
                + outcome.message
            )
        return outcome

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def _say(self, text: str) -> None:
        print(f"[preview {time.strftime('%H:%M:%S')}] {text}", file=self.out, flush=True)

    # --- answering -----------------------------------------------------------------------------

    def status(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "ok": self.ok, "building": self.building}

    def reload_tag(self, generation: int) -> str:
        return f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>'

    def error_page(self) -> str:
        with self.lock:
            message, generation = self.message, self.generation
        body = (
            "<p>The last build stopped with this message (the terminal shows the same):</p>\n"
            f"<pre>{html.escape(message)}</pre>\n"
            "<p>Fix the file it names and save: this page reloads by itself when the next build has run.</p>"
        )
        return PAGE.format(
            title="The build failed", colour="#b00020", body=body, script=SCRIPT_PATH, generation=generation
        )

    def waiting_page(self) -> str:
        body = "<p>The first build is running; this page reloads by itself when it is done.</p>"
        return PAGE.format(title="Building ...", colour="#3f51b5", body=body, script=SCRIPT_PATH, generation=0)

    def server(self, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
        """An HTTP server for this preview (not started). Refuses any address but a loopback one."""
        if not is_loopback(host):
            raise ValueError(f"the preview serves on a loopback address only (127.0.0.1, ::1), not {host!r}")
        handler = type("Handler", (_Handler,), {"preview": self})
        server_class = _Server6 if ":" in host else _Server
        return server_class((host, port), handler)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that moves on closes connections mid-transfer: not a problem of the preview.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    server_version = "report-preview"

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        preview = self.preview
        path = unquote(urlsplit(self.path).path)
        if path == STATUS_PATH:
            return self._send(200, json.dumps(preview.status()).encode(), "application/json")
        if path == SCRIPT_PATH:
            return self._send(200, RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path in ("/", preview.base.rstrip("/")):
            return self._redirect(preview.base)
        if not path.startswith(preview.base):
            return self._send(404, b"Not under the site's path " + preview.base.encode() + b"\n", TEXT)
        relative = path[len(preview.base) :]
        wants_page = relative == "" or relative.endswith("/") or relative.endswith(".html") or "." not in relative
        with preview.lock:
            ok, site_dir, generation = preview.ok, preview.site_dir, preview.generation
        if ok is False and wants_page:
            return self._send(500, preview.error_page().encode(), HTML)
        if site_dir is None:
            if wants_page:
                return self._send(503, preview.waiting_page().encode(), HTML)
            return self._send(404, b"Not built yet\n", TEXT)
        file = _inside(site_dir, relative)
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            file = file / "index.html"
        if file is None or not file.is_file():
            missing = site_dir / "404.html"
            if missing.is_file():
                return self._send(404, _with_script(missing.read_bytes(), preview.reload_tag(generation)), HTML)
            return self._send(404, b"Not found\n", TEXT)
        body = file.read_bytes()
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".html":
            body = _with_script(body, preview.reload_tag(generation))
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        return self._send(200, body, kind)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # the terminal is for the build's messages


def _inside(site_dir: Path, relative: str) -> Path | None:
    """The file a URL path names below the site folder; None for anything outside it."""
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
        return None
    candidate = site_dir.joinpath(*parts)
    try:
        candidate.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None
    return candidate


def _with_script(page: bytes, tag: str) -> bytes:
    """The page with the reload script before its closing </body> (or at its end)."""
    marker = b"</body>"
    at = page.rfind(marker)
    if at < 0:
        return page + tag.encode()
    return page[:at] + tag.encode() + page[at:]


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument(
        "-a", "--dev-addr", default=None, help="loopback address and port, e.g. 127.0.0.1:8001 (as mkdocs serve)"
    )
    parser.add_argument("--no-strict", action="store_true", help="keep serving through warnings")
    args = parser.parse_args(argv)
    host, port = _address(args.dev_addr) if args.dev_addr else ("127.0.0.1", 8000)
    if args.port is not None:
        port = args.port
    if not is_loopback(host):
        parser.error(f"the preview serves on a loopback address only (127.0.0.1, ::1), not {host!r}")
    preview = Preview(ROOT, mkdocs_builder(ROOT, strict=not args.no_strict))
    try:
        server = preview.server(host, port)
    except OSError as error:
        preview.close()
        parser.error(f"cannot listen on {host}:{port} ({error.strerror}); try --port {port + 1}")
    shown = f"[{host}]" if ":" in host else host
    preview._say(f"serving http://{shown}:{server.server_port}{preview.base} (Ctrl+C stops)")
    stop = threading.Event()
    # A plain `kill` ends the preview as Ctrl+C does: the staging folders are removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    try:
        preview.rebuild()  # a save during this build is seen by the first look of watch()
        preview.watch(stop)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        preview.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
