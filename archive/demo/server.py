"""A small threaded HTTP server for the demo blog, on 127.0.0.1 only.

`serve_blog()` binds (port 0 = any free port), starts serving in a daemon
thread and returns `(server, base_url)`. Request headers go to the blog
(conditional GETs get 304). `server.hits` lists every request
path (with query) in arrival order, so tests can prove what a crawler did and
did not fetch (robots-disallowed pages, `?replytocom=` links).
Stop it with `server.shutdown(); server.server_close()`.
"""
from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .site import Blog


class BlogHandler(BaseHTTPRequestHandler):
    """GET/HEAD answered by the server's `Blog`; anything else is 405."""
    server_version = "LimberLifeDemo/1.0"
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server naming)
        self._answer(send_body=True)

    def do_HEAD(self):  # noqa: N802
        self._answer(send_body=False)

    def do_POST(self):  # noqa: N802
        self.server.record("POST", self.path)
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, send_body: bool) -> None:
        self.server.record(self.command, self.path)
        response = self.server.blog.respond(self.path, self.server.base_url, dict(self.headers))
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 304:  # a 304 has no body (and no Content-Length of one)
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body and response.status != 304:
            self.wfile.write(response.body)

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        return


class BlogServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its blog, its base URL and its request log."""
    daemon_threads = True

    def __init__(self, address, blog: Blog):
        super().__init__(address, BlogHandler)
        self.blog = blog
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.hits: list[str] = []
        self._lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-response (a crawler killed by a test) is not an error."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.hits.append(path if method in ("GET", "HEAD") else f"{method} {path}")


def serve_blog(host: str = "127.0.0.1", port: int = 0, blog: Blog | None = None):
    """Start the demo blog in a background thread; return (server, base_url)."""
    server = BlogServer((host, port), blog or Blog())
    thread = threading.Thread(target=server.serve_forever, name="demo-blog", daemon=True)
    thread.start()
    return server, server.base_url
