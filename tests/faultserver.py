"""A misbehaving HTTP server for crawl tests, on 127.0.0.1 (port 0).

Raw sockets, because the faults live below what `http.server` lets a handler
do: a connection closed before any response, a body trickled byte by byte,
Content-Length longer or shorter than the body, broken chunked encoding,
compression bombs. Every response closes its connection, so a broken one
cannot poison the next. `FAULTS` maps each path to a one-line description
(printed in the fault table); `robots` chooses how /robots.txt misbehaves:
"404" (allow all), "500" (always), "timeout" (never answers), "flaky" (500
twice, then a robots.txt that disallows /good/), or the robots.txt text itself.
"""
from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
import zlib
from email.utils import formatdate

import brotli

try:  # Python 3.14 has it in the standard library; Scrapy pulls in the backport
    from compression import zstd
except ImportError:  # pragma: no cover
    from backports import zstd

ARTICLE = """<!DOCTYPE html><html lang="fr"><head><meta charset="{charset}"><title>{title}</title>
<script type="application/ld+json">{{"@type": "BlogPosting", "headline": "{title}"}}</script>
<meta property="og:type" content="article"></head><body class="single single-post"><main>
<article class="post"><h1 class="entry-title">{title}</h1><div class="entry-content">
<p>{text}</p></div></article></main></body></html>"""
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = "text/html; charset=utf-8"
BOMB = b"<html><body>" + b"0" * 3_000_000 + b"</body></html>"  # 3 MB of zeros, ~3 KB packed

FAULTS = {
    "/no-response/": "connection closed before any response",
    "/silent/": "connection open, nothing sent (timeout)",
    "/trickle/": "body trickled 1 byte / 0.2 s past DOWNLOAD_TIMEOUT",
    "/truncated/": "connection dropped mid-body",
    "/cl-longer/": "Content-Length longer than the body",
    "/cl-shorter/": "Content-Length shorter than the body",
    "/chunked-bad/": "chunked: invalid chunk size line",
    "/chunked-cut/": "chunked: closed before the last chunk",
    "/busy/": "429 Retry-After: 1, every time",
    "/busy-once/": "429 Retry-After: 1, then 200",
    "/unavailable-once/": "503 Retry-After: HTTP-date (+1 s), then 200",
    "/unavailable-long/": "503 Retry-After: 3600 (over the cap)",
    "/error/": "500 every time",
    "/loop-self/": "302 redirect to itself",
    "/loop-a/": "301 loop /loop-a/ <-> /loop-b/",
    "/chain/1/": "endless redirect chain (/chain/N/ -> N+1)",
    "/to-file/": "302 to file:///etc/passwd",
    "/to-ftp/": "302 to ftp://127.0.0.1/x",
    "/huge/": "body over the size limit (Content-Length)",
    "/huge-streamed/": "body over the size limit (no Content-Length)",
    "/gzip-bomb/": "gzip bomb (3 KB -> 3 MB)",
    "/deflate-bomb/": "deflate bomb",
    "/br-bomb/": "brotli bomb",
    "/zstd-bomb/": "zstd bomb",
    "/latin1/": "ISO-8859-1, declared in the header",
    "/no-charset/": "UTF-8, charset only in <meta>",
    "/wrong-charset/": "header says UTF-8, body is ISO-8859-1",
    "/2024/01/pdf-post/": "a PDF at an article URL",
    "/2024/01/no-type/": "binary body, no Content-Type",
    "/good/": "a good article (the crawl goes on)",
}


def article(title: str, text: str, charset: str = "utf-8", meta_charset: str | None = None) -> bytes:
    return ARTICLE.format(title=title, text=text + " Filler sentence." * 30,
                          charset=meta_charset or charset).encode(charset)


def head(status: int, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers] + ["Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def full(status: int, body: bytes = b"", ctype: str | None = HTML, extra=()) -> bytes:
    headers = ([("Content-Type", ctype)] if ctype else []) + list(extra)
    return head(status, headers + [("Content-Length", str(len(body)))]) + body


class _Server(socketserver.ThreadingTCPServer):
    """Raw sockets (the faults are below HTTP); a longer backlog for the crawler's burst,
    set here, not on ThreadingTCPServer for the whole process."""
    request_queue_size = 64
    daemon_threads = True


class FaultServer:
    """`FaultServer(robots="404").start()`; `.base`, `.log` (paths requested), `.times`."""

    def __init__(self, robots: str = "404"):
        self.robots = robots
        self.log: list[str] = []
        self.times: list[float] = []
        self.counts: dict[str, int] = {}
        self.server = None
        self.base = ""

    def start(self) -> "FaultServer":
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                try:
                    owner.handle(self.request)
                except OSError:  # the client gave up: expected for several faults
                    pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode("latin-1")
        self.log.append(path)
        self.times.append(time.monotonic())
        self.counts[path] = self.counts.get(path, 0) + 1
        self.respond(conn, path, self.counts[path])

    def respond(self, conn: socket.socket, path: str, n: int) -> None:  # noqa: C901
        """One branch per fault, on purpose: the table reads top to bottom."""
        send = conn.sendall
        if path == "/robots.txt":
            return self.robots_txt(conn)
        if path == "/":
            links = "".join(f'<a href="{p}">{p}</a> ' for p in FAULTS)
            return send(full(200, f"<html><body><main>{links}</main></body></html>".encode()))
        if path == "/no-response/":
            return conn.shutdown(socket.SHUT_RDWR)
        if path == "/silent/":
            return time.sleep(3)
        if path == "/trickle/":
            body = article("Trickle", "Slowly.")
            send(head(200, [("Content-Type", HTML), ("Content-Length", str(len(body)))]))
            for i in range(15):
                send(body[i:i + 1])
                time.sleep(0.2)
            return None
        if path == "/truncated/":
            body = article("Cut", "Cut short.")
            return send(head(200, [("Content-Type", HTML), ("Content-Length", str(len(body)))])
                        + body[:len(body) // 2])
        if path == "/cl-longer/":
            body = article("Longer", "Claims more than it sends.")
            return send(head(200, [("Content-Type", HTML),
                                   ("Content-Length", str(len(body) + 500))]) + body)
        if path == "/cl-shorter/":
            body = article("Shorter", "Claims less than it sends.")
            return send(head(200, [("Content-Type", HTML),
                                   ("Content-Length", str(len(body) // 2))]) + body)
        if path == "/chunked-bad/":
            body = article("Chunky", "Bad chunk.")
            return send(head(200, [("Content-Type", HTML), ("Transfer-Encoding", "chunked")])
                        + b"%x\r\n" % 100 + body[:100] + b"\r\nzz-not-hex\r\n" + body[100:])
        if path == "/chunked-cut/":
            body = article("Chunky", "No last chunk.")
            return send(head(200, [("Content-Type", HTML), ("Transfer-Encoding", "chunked")])
                        + b"%x\r\n" % 200 + body[:200] + b"\r\n")
        if path == "/busy/":
            return send(full(429, b"slow down", extra=[("Retry-After", "1")]))
        if path == "/busy-once/":
            if n == 1:
                return send(full(429, b"slow down", extra=[("Retry-After", "1")]))
            return send(full(200, article("Patience", "Worth the wait.")))
        if path == "/unavailable-once/":
            if n == 1:
                when = formatdate(time.time() + 2, usegmt=True)
                return send(full(503, b"maintenance", extra=[("Retry-After", when)]))
            return send(full(200, article("Back", "Back after maintenance.")))
        if path == "/unavailable-long/":
            return send(full(503, b"maintenance", extra=[("Retry-After", "3600")]))
        if path == "/error/":
            return send(full(500, b"oops"))
        if path == "/loop-self/":
            return send(full(302, extra=[("Location", "/loop-self/")]))
        if path in ("/loop-a/", "/loop-b/"):
            target = "/loop-b/" if path == "/loop-a/" else "/loop-a/"
            return send(full(301, extra=[("Location", target)]))
        if path.startswith("/chain/"):
            step = int(path.split("/")[2])
            return send(full(302, extra=[("Location", f"/chain/{step + 1}/")]))
        if path == "/to-file/":
            return send(full(302, extra=[("Location", "file:///etc/passwd")]))
        if path == "/to-ftp/":
            return send(full(302, extra=[("Location", "ftp://127.0.0.1/x")]))
        if path == "/huge/":
            return send(full(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>"))
        if path == "/huge-streamed/":
            send(head(200, [("Content-Type", HTML)]))
            for _ in range(40):
                send(b"y" * 10_000)
            return None
        if path.endswith("-bomb/"):
            return self.bomb(conn, path.strip("/").split("-")[0])
        if path == "/latin1/":
            return send(full(200, article("Caf\u00e9 cr\u00e8me", "Th\u00e9.", "iso-8859-1"),
                             "text/html; charset=iso-8859-1"))
        if path == "/no-charset/":
            return send(full(200, article("Na\u00efve", "R\u00e9sum\u00e9."), "text/html"))
        if path == "/wrong-charset/":
            return send(full(200, article("Cr\u00e8me br\u00fbl\u00e9e", "D\u00e9j\u00e0 vu.",
                                          "iso-8859-1"), HTML))
        if path == "/2024/01/pdf-post/":
            return send(full(200, PDF, "application/pdf"))
        if path == "/2024/01/no-type/":
            return send(full(200, bytes(range(256)) * 4, None))
        if path == "/good/":
            return send(full(200, article("Good", "A good article.")))
        return send(full(404, b"not found"))

    def robots_txt(self, conn: socket.socket) -> None:
        if self.robots == "timeout":
            time.sleep(3)
        elif self.robots == "500":
            conn.sendall(full(500, b"robots broke", "text/plain"))
        elif self.robots == "flaky":  # 500 twice (a request and its retry), then rules
            if self.counts["/robots.txt"] <= 2:
                conn.sendall(full(500, b"robots broke", "text/plain"))
            else:
                conn.sendall(full(200, b"User-agent: *\nDisallow: /good/\n", "text/plain"))
        elif self.robots == "404":
            conn.sendall(full(404, b"no robots here"))
        else:
            conn.sendall(full(200, self.robots.encode(), "text/plain"))

    @staticmethod
    def bomb(conn: socket.socket, kind: str) -> None:
        packed = {"gzip": lambda b: gzip.compress(b, 9), "deflate": lambda b: zlib.compress(b, 9),
                  "br": brotli.compress, "zstd": zstd.compress}[kind](BOMB)
        conn.sendall(full(200, packed, extra=[("Content-Encoding", kind)]))
