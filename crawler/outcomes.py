"""How a response or a failure ends for its URL: (status, reason) rules, and `guarded`,
which turns an exception in a callback into a recorded failure.

Reasons are meant for archivists reading `crawl_urls`: they say what went wrong
in words first ("truncated body", "no response", "body over the size limit"),
then the exception or status that said so.
"""
from __future__ import annotations

import functools
import logging
import re

from .items import UrlStateItem

PROBED = ("robots", "sitemap", "feed")  # guessed URLs: a 404 there is a skip, not a failure
logger = logging.getLogger(__name__)


def guarded(callback):
    """A callback that raises records its URL as failed (with the exception) instead of
    leaving it `in_progress`; the crawl goes on."""
    @functools.wraps(callback)
    def wrapper(self, response, *args, **kwargs):
        try:
            yield from callback(self, response, *args, **kwargs)
        except Exception as exc:
            url = response.meta.get("frontier_url", response.url)
            logger.exception("error while processing %s", url)
            self.crawler.stats.inc_value("healtharchive/processing_errors")
            yield UrlStateItem(url, "failed", f"processing error: {type(exc).__name__}: {exc}"[:500],
                               response.status, response.meta.get("kind"))
            if response.meta.get("article"):
                yield from self.comment_page_failed(response.meta["article"], url)
    return wrapper


def http_outcome(response, kind) -> tuple[str, str]:
    """(status, reason) for an HTTP error response."""
    code = response.status
    if kind in PROBED and code in (404, 410):
        return "skipped", f"not found (http {code})"
    if 300 <= code < 400:
        target = response.headers.get("Location", b"").decode("latin-1")
        return "failed", f"http {code}: redirect to {target or 'nowhere'} not followed"
    retry_after = response.headers.get("Retry-After", b"").decode("latin-1").strip()
    if retry_after:
        cap = _meta(response).get("retry_after_refused")
        over = f", over the {cap:g} s cap: not retried" if cap is not None else ""
        return "failed", f"http {code} (retry-after {retry_after}{over})"[:500]
    return "failed", f"http {code}"


def _meta(response) -> dict:
    try:
        return response.meta
    except AttributeError:  # a response without its request
        return {}


def ignored_outcome(message: str) -> tuple[str, str]:
    """(status, reason) for a request a middleware refused or dropped."""
    if message.startswith("robots.txt unavailable"):
        return "failed", message
    if "robots.txt" in message:
        return "skipped", "robots.txt disallows"
    if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
        return "failed", f"body over the size limit: {message}"[:500]
    if "offsite" in message.lower():
        return "skipped", f"redirect off the site: {message}"[:500]
    if "max redirections" in message:
        return "failed", f"too many redirects ({message})"
    return "skipped", message[:500]


# exception class name -> what it means for the URL
_ERROR_WORDS = {
    "ResponseDataLossError": "truncated body (ended before its Content-Length or last chunk)",
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "DownloadCancelledError": "body over the size limit",
    "ConnectionRefusedError": "no response (connection refused)",
    "DownloadConnectionRefusedError": "no response (connection refused)",
    "ResponseNeverReceived": "no response",
    "CannotResolveHostError": "no response (host not found)",
}
_CONNECTION_CLOSED = re.compile(r"(ConnectionDone|ConnectionLost|ResponseNeverReceived"
                                r"|Connection was closed)", re.I)


def error_outcome(exc: BaseException, max_size: int | None = None) -> tuple[str, str]:
    """(status, reason) for a download that raised instead of giving a response."""
    name, text = type(exc).__name__, str(exc).strip()
    if name == "DownloadFailedError" and _CONNECTION_CLOSED.search(text):
        return "failed", f"no response (connection closed by the server): {name}"
    words = _ERROR_WORDS.get(name)
    if words is None:
        return "failed", f"{name}: {text}".strip(": ")[:500]
    if name == "DownloadCancelledError" and not text and max_size:
        text = f"over DOWNLOAD_MAXSIZE ({max_size} B)"
    return "failed", f"{words}: {name}{': ' + text if text else ''}"[:500]


_HTML_START = re.compile(rb"<html[\s>]", re.I)
_HTML_END = re.compile(rb"</html\s*>", re.I)


def truncation_reason(body: bytes) -> str | None:
    """Why an HTML document looks cut short, else None. A Content-Length shorter than
    what the server sent cuts a page without any transport error: Scrapy stops at the
    declared length. A document that opens `<html>` and never closes it is not stored."""
    if _HTML_START.search(body, 0, 4096) and not _HTML_END.search(body):
        return f"truncated body: HTML not closed (no </html> in {len(body)} bytes)"
    return None
