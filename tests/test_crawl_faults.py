"""A misbehaving server (tests/faultserver.py): every fault ends in the right URL state
with a reason, no truncated page is stored, and the crawl goes on to the good pages.

`pytest -s tests/test_crawl_faults.py` prints the fault table (URL, fault, status,
reason) as the crawl left it.
"""
from __future__ import annotations

import re

import pytest

from crawler.middlewares import retry_after_seconds
from crawler.outcomes import error_outcome, truncation_reason
from faultserver import FAULTS, FaultServer
from test_crawl import crawl, rows

SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=200000", "-s", "RETRY_TIMES=1",
            "-s", "REDIRECT_MAX_TIMES=5", "-s", "RETRY_AFTER_MAX_DELAY=30",
            "-s", "ROBOTSTXT_RETRY_AFTER=0.3", "-s", "ROBOTSTXT_RETRY_TIMES=2"]
TRUNCATED = "truncated body (ended before its Content-Length or last chunk): ResponseDataLossError"
TOO_BIG = "body over the size limit: "
BOMB = TOO_BIG + (r"Ignored response .* exceeded DOWNLOAD_MAXSIZE \(200000 B\)"
                  r" during decompression\.")
TIMEOUT = r"timeout: DownloadTimeoutError: Getting .* took longer than 1.0 seconds\."
# path -> (status, reason as a regular expression matched in full; None: no reason)
EXPECTED = {
    "/no-response/": ("failed", re.escape(
        "no response (connection closed by the server): DownloadFailedError")),
    "/silent/": ("failed", TIMEOUT),
    "/trickle/": ("failed", TIMEOUT),
    "/truncated/": ("failed", re.escape(TRUNCATED)),
    "/cl-longer/": ("failed", re.escape(TRUNCATED)),
    "/cl-shorter/": ("failed", r"truncated body: HTML not closed \(no </html> in \d+ bytes\)"),
    "/chunked-bad/": ("failed", re.escape(TRUNCATED)),
    "/chunked-cut/": ("failed", re.escape(TRUNCATED)),
    "/busy/": ("failed", re.escape("http 429 (retry-after 1)")),
    "/busy-once/": ("done", None),
    "/unavailable-once/": ("done", None),
    "/unavailable-long/": ("failed", re.escape(
        "http 503 (retry-after 3600, over the 30 s cap: not retried)")),
    "/error/": ("failed", "http 500"),
    "/loop-self/": ("failed", re.escape("redirect loop (back to /loop-self/)")),
    "/loop-a/": ("failed", re.escape("redirect loop (back to /loop-a/)")),
    "/chain/1/": ("failed", re.escape("too many redirects (max redirections reached)")),
    "/to-file/": ("failed", re.escape("http 302: redirect to file:///etc/passwd not followed")),
    "/to-ftp/": ("failed", re.escape("http 302: redirect to ftp://127.0.0.1/x not followed")),
    "/huge/": ("failed", TOO_BIG + r"DownloadCancelledError: Expected to receive \d+ bytes which is "
                                   r"larger than download max size \(200000\).*"),
    "/huge-streamed/": ("failed", re.escape(
        TOO_BIG + "DownloadCancelledError: over DOWNLOAD_MAXSIZE (200000 B)")),
    "/gzip-bomb/": ("failed", BOMB),
    "/deflate-bomb/": ("failed", BOMB),
    "/br-bomb/": ("failed", BOMB),
    "/zstd-bomb/": ("failed", BOMB),
    "/latin1/": ("done", None),
    "/no-charset/": ("done", None),
    "/wrong-charset/": ("done", None),
    "/2024/01/pdf-post/": ("skipped", re.escape("not html: application/pdf")),
    "/2024/01/no-type/": ("skipped", re.escape("not html: unknown type")),
    "/good/": ("done", None),
}
STORED_TITLES = {"/good/": "Good", "/latin1/": "Caf\u00e9 cr\u00e8me", "/no-charset/": "Na\u00efve",
                 "/wrong-charset/": "Cr\u00e8me br\u00fbl\u00e9e", "/busy-once/": "Patience",
                 "/unavailable-once/": "Back"}


def state(db, url):
    got = rows(db, "SELECT status, reason FROM crawl_urls WHERE url = ?", [url])
    return got[0] if got else None


def print_table(title, base, table):
    print(f"\n{title}\n{'URL':24} {'fault':50} {'status':8} reason")
    for path, fault, (status, reason) in table:
        print(f"{path:24} {fault:50} {status:8} {(reason or '-').replace(base, '')}")


# --------------------------------------------------------------- the main crawl
@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    server = FaultServer(robots="404").start()
    db = tmp_path_factory.mktemp("faults") / "archive.db"
    result = crawl(server.base + "/", db, *SETTINGS)
    yield server, db, result
    server.stop()


@pytest.mark.slow
def test_fault_table(faulty):
    """Every fault of the issue, in its final state with its reason (printed with -s)."""
    server, db, result = faulty
    assert result.returncode == 0, result.stderr[-3000:]
    table = [(p, FAULTS[p], state(db, server.base + p) or ("missing", None)) for p in FAULTS]
    print_table("fault table (robots.txt: 404)", server.base, table)
    for path, _, (status, reason) in table:
        want_status, want_reason = EXPECTED[path]
        assert status == want_status, (path, status, reason)
        if want_reason is None:
            assert reason is None, (path, reason)
        else:
            assert re.fullmatch(want_reason, reason.replace(server.base, "")), (path, reason)


@pytest.mark.slow
def test_failed_pages_are_never_stored(faulty):
    server, db, _ = faulty
    stored = {u.replace(server.base, "") for (u,) in rows(db, "SELECT url FROM pages")}
    assert stored == set(STORED_TITLES)
    titles = {u.replace(server.base, ""): t
              for u, t in rows(db, "SELECT url, title FROM articles")}
    # charsets: from the header, from the <meta>, and the <meta> over a wrong header
    assert titles == STORED_TITLES


@pytest.mark.slow
def test_the_crawl_goes_on_and_ends_every_url(faulty):
    server, db, _ = faulty
    assert rows(db, "SELECT status, exit_code FROM crawl_jobs") == [("completed", 0)]
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('failed', 'skipped') "
                        "AND coalesce(reason, '') = ''")
    # robots.txt 404 means allow all: every fault was asked for
    assert state(db, server.base + "/robots.txt") == ("skipped", "not found (http 404)")
    assert set(FAULTS) <= set(server.log)


@pytest.mark.slow
def test_retry_after_is_honoured(faulty):
    server, _, _ = faulty

    def times(path):
        return [t for p, t in zip(server.log, server.times) if p == path]

    once = times("/busy-once/")
    assert len(once) == 2 and once[1] - once[0] >= 0.95  # Retry-After: 1
    dated = times("/unavailable-once/")
    assert len(dated) == 2 and dated[1] - dated[0] >= 0.95  # an HTTP-date 1-2 s ahead
    assert len(times("/busy/")) == 2  # RETRY_TIMES=1: one retry, then failed
    assert len(times("/unavailable-long/")) == 1  # over the cap: not waited for


# ----------------------------------------------------------------- robots.txt
ROBOTS_CASES = {
    "500": ("robots.txt answers 500, always", "failed",
            r"robots\.txt unavailable \(http 500\) after 2 attempts"),
    "timeout": ("robots.txt never answers", "failed",
                r"robots\.txt unavailable \(DownloadTimeoutError\) after 2 attempts"),
    "flaky": ("robots.txt 500 twice, then Disallow: /good/", None, None),
}


@pytest.fixture(scope="module")
def robots_crawls(tmp_path_factory):
    out = {}
    for mode in ROBOTS_CASES:
        server = FaultServer(robots=mode).start()
        db = tmp_path_factory.mktemp(f"robots-{mode}") / "archive.db"
        result = crawl(server.base + "/", db, *SETTINGS, "-s", "RETRY_TIMES=1")
        out[mode] = (server, db, result)
        server.stop()
    return out


@pytest.mark.slow
def test_robots_txt_unavailable(robots_crawls):
    """RFC 9309: 5xx or no answer means disallow everything for now; robots.txt is asked
    again after ROBOTSTXT_RETRY_AFTER; after ROBOTSTXT_RETRY_TIMES every URL fails with
    the reason, and nothing but robots.txt was fetched."""
    table = []
    for mode in ("500", "timeout"):
        fault, status, reason = ROBOTS_CASES[mode]
        server, db, result = robots_crawls[mode]
        assert set(server.log) == {"/robots.txt"}
        states = set(rows(db, "SELECT status, reason FROM crawl_urls"))
        assert len(states) == 1, states
        got_status, got_reason = states.pop()
        assert got_status == status and re.fullmatch(reason, got_reason), got_reason
        assert result.returncode == 1  # nothing could be fetched: the job failed
        table.append(("/ (and every seed)", fault, (got_status, got_reason)))
    server, db, result = robots_crawls["flaky"]
    assert result.returncode == 0, result.stderr[-3000:]
    robots_first = server.log[:server.log.index("/")]
    assert robots_first.count("/robots.txt") >= 3  # 500, 500 (retry), then 200
    assert "/good/" not in server.log
    table.append(("/good/", ROBOTS_CASES["flaky"][0], state(db, server.base + "/good/")))
    assert table[-1][2] == ("skipped", "robots.txt disallows")
    print_table("robots.txt faults", server.base, table)


# ------------------------------------------------------------------ unit tests
@pytest.mark.parametrize("value, seconds", [
    (b"120", 120.0), ("0", 0.0), (b" 7 ", 7.0), (None, None), (b"", None), (b"soon", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),  # 60 s after `now` below
    ("Wed, 21 Oct 2015 07:26:00 GMT", 0.0),   # in the past: no wait
])
def test_retry_after_seconds(value, seconds):
    now = 1445412420.0  # Wed, 21 Oct 2015 07:27:00 GMT
    assert retry_after_seconds(value, now=now) == seconds


def test_truncation_reason():
    assert truncation_reason(b"<!DOCTYPE html><html lang=en><body><p>cut he") is not None
    assert truncation_reason(b"<html>\n<body>ok</body></HTML >\n<!-- cache -->") is None
    assert truncation_reason(b"<p>a fragment, not a document</p>") is None


def test_error_outcomes_say_what_happened():
    from scrapy.exceptions import (DownloadCancelledError, DownloadTimeoutError,
                                   ResponseDataLossError)

    assert error_outcome(ResponseDataLossError())[1].startswith("truncated body")
    assert error_outcome(DownloadTimeoutError("took longer"))[1] == \
        "timeout: DownloadTimeoutError: took longer"
    assert error_outcome(DownloadCancelledError(), 1000)[1] == \
        "body over the size limit: DownloadCancelledError: over DOWNLOAD_MAXSIZE (1000 B)"
    assert error_outcome(ValueError("odd"))[1] == "ValueError: odd"
