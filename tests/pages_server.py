"""Serve a built site the way GitHub Pages serves a project site, for tests and the bench.

What readers meet on https://OWNER.github.io/REPO/ and a plain `http.server` does not do:
- the site lives under a sub-path (`/REPO/`); nothing outside it belongs to the site;
- text types are sent gzip-compressed to a browser that accepts it;
- a folder without its trailing slash is redirected to it (301);
- a missing path gets the site's own `404.html` with status 404.

    with PagesServer(site, "/repo/") as server:
        server.url  # "http://127.0.0.1:PORT/repo/"
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What GitHub Pages compresses (text types); images other than SVG are sent as they are.
COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/xml",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/x-ipynb+json",
}
TYPES = {
    ".js": "application/javascript",
    ".ipynb": "application/x-ipynb+json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".map": "application/json",
    ".woff2": "font/woff2",
}


def content_type(path: Path) -> str:
    found = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    found = found or "application/octet-stream"
    return f"{found}; charset=utf-8" if found.startswith("text/") else found


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a browser meets a real host
    site: Path
    prefix: str

    def log_message(self, format, *args):  # quiet: failures show in the browser
        pass

    def do_HEAD(self):
        self._respond(body=False)

    def do_GET(self):
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.prefix:
            return self._redirect(self.prefix)
        if not path.startswith(self.prefix):
            return self._not_found(body)
        relative = path[len(self.prefix) :]
        target = (self.site / relative).resolve()
        if self.site != target and self.site not in target.parents:
            return self._not_found(body)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(body)
        self._send(200, target, body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, body: bool) -> None:
        page = self.site / "404.html"
        if page.is_file():
            return self._send(404, page, body)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, file: Path, body: bool) -> None:
        kind = content_type(file)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = kind.split(";")[0] in COMPRESSIBLE
        if compress and accepts_gzip:
            data = _gzipped(file, file.stat().st_mtime_ns)
        else:
            data = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if compress:
            self.send_header("Vary", "Accept-Encoding")
            if accepts_gzip:
                self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser may drop a connection mid-file; failures show in the browser


class PagesServer:
    """`site` served on 127.0.0.1 under `prefix`, in a background thread.

    The port is bound on creation, so `url` is known before the site is built
    (a build can then take it as its site_url); files are read per request.
    """

    def __init__(self, site: Path, prefix: str = "/repo/", port: int = 0):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"prefix must start and end with '/': {prefix!r}")
        handler = type("Handler", (_Handler,), {"site": Path(site).resolve(), "prefix": prefix})
        self._server = _Server(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{prefix}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PagesServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
