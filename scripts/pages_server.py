"""Serve a built site on 127.0.0.1 the way GitHub Pages serves a project site.

Used by the browser tests and by scripts/audit_site.py; also runnable by hand:

    python scripts/pages_server.py site/          # http://127.0.0.1:8000/age-of-research/

What it copies from GitHub Pages, because readers meet it there:

- the site lives under a path prefix (``/REPO/``), not at the root;
- a folder asked for without its trailing slash is redirected to it;
- any path that does not exist answers ``404`` with the site's own ``404.html``;
- text is sent gzip-compressed to clients that accept it (Pages does), so
  byte counts and Lighthouse's load simulation see what a reader downloads.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import os
import threading
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

DEFAULT_PREFIX = "/age-of-research/"

# Types GitHub Pages compresses; images and fonts are already compressed.
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class PagesRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under ``prefix``; everything else is the site's 404 page."""

    protocol_version = "HTTP/1.1"

    # The base class's own arguments (request, client address, server) pass through untouched.
    def __init__(self, *args: Any, directory: str, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path: str) -> str:
        bare_path = path.split("?", 1)[0].split("#", 1)[0]
        if bare_path == self.prefix.rstrip("/"):
            # "/REPO" without its slash: the folder itself, so the base class redirects.
            return self.directory
        if not bare_path.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside-the-site")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Send headers for the file asked for, compressed when the client accepts it."""
        local_path = Path(self.translate_path(self.path))
        if local_path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the trailing-slash redirect
        if local_path.is_dir():
            local_path = local_path / "index.html"
        if not local_path.is_file():
            self.send_error(404)
            return None
        content_type = self.guess_type(str(local_path))
        body = local_path.read_bytes()
        self.send_body_headers(200, content_type, body)
        return io.BytesIO(self._encoded_body)

    def send_body_headers(self, status: int, content_type: str, body: bytes) -> None:
        compress = content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        # mtime=0: the same file always compresses to the same bytes.
        self._encoded_body = gzip.compress(body, mtime=0) if compress else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(self._encoded_body)))
        self.end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        self.send_body_headers(404, "text/html; charset=utf-8", not_found_page.read_bytes())
        if self.command != "HEAD":
            self.wfile.write(self._encoded_body)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        content_type = super().guess_type(path)
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        return content_type

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: test and audit output is about the site, not the requests."""


class PagesServer:
    """A threaded server for ``site_dir`` under ``prefix`` on 127.0.0.1.

    The port is bound at construction (0 picks a free one), before the site
    needs to exist: a site whose ``site_url`` names the port can be built after.
    """

    def __init__(self, site_dir: Path, *, prefix: str = DEFAULT_PREFIX, port: int = 0) -> None:
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"prefix must start and end with '/': {prefix!r}")
        self.site_dir = Path(site_dir)
        self.prefix = prefix
        handler = partial(PagesRequestHandler, directory=str(self.site_dir), prefix=prefix)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The site's address, ending in a slash: where its home page is."""
        return self.origin + self.prefix

    def start(self) -> PagesServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name=f"pages-server-{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> PagesServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. site/")
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="path the site lives under")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = PagesServer(args.site_dir, prefix=args.prefix, port=args.port)
    print(f"Serving {args.site_dir} at {server.url} (Ctrl-C stops)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
