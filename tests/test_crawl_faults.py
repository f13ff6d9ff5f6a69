"""A misbehaving server: every fault ends in the right URL state with a reason,
no truncated page is stored, and the crawl goes on to the good article."""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_crawl import crawl, rows

pytestmark = pytest.mark.slow

ARTICLE = """<!DOCTYPE html><html lang="fr"><head><meta charset="{charset}"><title>{title}</title>
<script type="application/ld+json">{{"@type": "BlogPosting", "headline": "{title}"}}</script>
<meta property="og:type" content="article"></head><body class="single single-post"><main>
<article class="post"><h1 class="entry-title">{title}</h1><div class="entry-content">
<p>{text}</p></div></article></main></body></html>"""
FAULTS = ["/truncated/", "/slow/", "/loop/", "/loop-a/", "/to-file/", "/huge/", "/bomb/",
          "/error/", "/busy/", "/latin1/", "/nocharset/", "/good/"]


def article(title: str, text: str, charset: str = "utf-8") -> bytes:
    return ARTICLE.format(title=title, text=text + " Filler sentence." * 30,
                          charset=charset).encode(charset)


class Faulty(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(n.lower() == "content-length" for n, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one branch per fault, on purpose
        p = self.path
        html = [("Content-Type", "text/html; charset=utf-8")]
        if p == "/":
            links = "".join(f'<a href="{f}">{f}</a> ' for f in FAULTS)
            self.send(200, f"<html><body><main>{links}</main></body></html>".encode(), html)
        elif p == "/truncated/":
            self.send(200, article("Cut", "Cut short.")[:300], html + [("Content-Length", "5000")])
            self.close_connection = True
        elif p == "/slow/":
            time.sleep(3)
            self.send(200, article("Slow", "Too late."), html)
        elif p == "/loop/":
            self.send(302, headers=[("Location", "/loop/")])
        elif p in ("/loop-a/", "/loop-b/"):
            self.send(301, headers=[("Location", "/loop-b/" if p == "/loop-a/" else "/loop-a/")])
        elif p == "/to-file/":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
        elif p == "/huge/":
            self.send(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>", html)
        elif p == "/bomb/":
            bomb = gzip.compress(b"<html><body>" + b"0" * 3_000_000)
            self.send(200, bomb, html + [("Content-Encoding", "gzip")])
        elif p == "/error/":
            self.send(500, b"oops", html)
        elif p == "/busy/":
            self.send(429, b"slow down", html + [("Retry-After", "1")])
        elif p == "/latin1/":
            self.send(200, article("Caf\u00e9 cr\u00e8me", "Th\u00e9 et caf\u00e9.", "iso-8859-1"),
                      [("Content-Type", "text/html; charset=iso-8859-1")])
        elif p == "/nocharset/":
            self.send(200, article("Na\u00efve", "R\u00e9sum\u00e9 without a header charset."),
                      [("Content-Type", "text/html")])
        elif p == "/good/":
            self.send(200, article("Good", "A good article."), html)
        else:
            self.send(404, b"not found", html)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Faulty)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # clients that give up: expected
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    db = tmp_path_factory.mktemp("faults") / "archive.db"
    result = crawl(base + "/", db, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=200000",
                   "-s", "RETRY_TIMES=1", "-s", "ROBOTSTXT_OBEY=1")
    yield base, db, result
    server.shutdown()


def state(db, url):
    got = rows(db, "SELECT status, reason FROM crawl_urls WHERE url = ?", [url])
    return got[0] if got else None


@pytest.mark.parametrize("path, status, reason_has", [
    ("/truncated/", "failed", "DataLoss"),
    ("/slow/", "failed", "TimeoutError"),
    ("/loop/", "failed", "redirect loop"),
    ("/loop-a/", "failed", "redirect loop"),
    ("/huge/", "failed", "max size"),
    ("/bomb/", "failed", "size limit"),
    ("/error/", "failed", "http 500"),
    ("/busy/", "failed", "http 429"),
])
def test_fault_ends_in_state_with_reason(faulty, path, status, reason_has):
    base, db, result = faulty
    assert result.returncode == 0, result.stderr[-3000:]
    got = state(db, base + path)
    assert got is not None and got[0] == status and reason_has.lower() in got[1].lower(), got
    assert not rows(db, "SELECT 1 FROM pages WHERE url = ?", [base + path])


def test_redirect_to_another_scheme_is_not_followed(faulty):
    base, db, _ = faulty
    assert state(db, base + "/to-file/") == (
        "failed", "http 302: redirect to file:///etc/passwd not followed")


def test_charsets_and_the_crawl_goes_on(faulty):
    base, db, _ = faulty
    titles = dict(rows(db, "SELECT url, title FROM articles"))
    assert titles == {base + "/good/": "Good", base + "/latin1/": "Caf\u00e9 cr\u00e8me",
                      base + "/nocharset/": "Na\u00efve"}
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")


def test_fault_table(faulty, capsys):
    """Print the outcome of every fault (the table quoted in the report)."""
    base, db, _ = faulty
    table = {p: state(db, base + p) for p in FAULTS}
    with capsys.disabled():
        print("\n" + "\n".join(f"{p:14} {s}: {r}" for p, (s, r) in table.items()))
    assert all(v is not None for v in table.values())


