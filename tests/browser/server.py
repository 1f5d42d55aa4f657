"""Serve a built site on 127.0.0.1 under the path of site_url, as GitHub Pages does.

Material's JavaScript resolves sitemap.xml and the search index against the site's base,
so the site must be served under the same path as published (e.g. /civilsamfund/), not at /.
"""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site under `prefix`; the root 404.html (status 404) for anything else."""

    prefix = "/"
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
        ".json": "application/json",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def translate_path(self, path: str) -> str:
        url_path = unquote(urlsplit(path).path)
        if not url_path.startswith(self.prefix):
            # Outside the site's path: nothing is served there (a 404, as on GitHub Pages).
            return str(Path(self.directory) / "__not_under_the_site_path__")
        return super().translate_path("/" + url_path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        # GitHub Pages answers a missing file with the site's own 404 page.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self):
        # Every test run sees the files just built.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that moves on closes connections mid-transfer: not a failure of the site.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path, prefix: str) -> Iterator[str]:
    """Serve `site_dir` at http://127.0.0.1:<free port><prefix>; yields that base URL."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
