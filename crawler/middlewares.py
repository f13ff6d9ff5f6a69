"""Downloader middlewares: only what Scrapy lacks.

`StrictRobotsTxtMiddleware` replaces Scrapy's RobotsTxtMiddleware where it
differs from RFC 9309: a robots.txt that fails with a 5xx status or a network
error means "disallow everything for now" (Scrapy allows everything), so
requests wait `ROBOTSTXT_RETRY_AFTER` seconds and robots.txt is fetched again,
up to `ROBOTSTXT_RETRY_TIMES` times, after which they are ignored with a
reason; a 4xx means "no restrictions" (the error page is not parsed as rules);
and `Crawl-delay` is honoured as a floor on the host's download delay.

`WarcRecorderMiddleware` writes every HTTP exchange (pages, sitemaps,
robots.txt, redirects, error pages) to gzipped WARC files beside the database
and puts the response record's location in `request.meta["warc"]`, so the
page row can point at it. It sits next to the downloader (priority 950), so it
sees the body as the server sent it, before HttpCompressionMiddleware decodes
it, and it sees each hop of a redirect chain.

`RetryAfterMiddleware` is Scrapy's RetryMiddleware plus `Retry-After` (RFC
9110 10.2.3), which Scrapy ignores: a 429/503 that names a delay pauses the
host for that long and is then retried (up to `RETRY_TIMES`); a delay over
`RETRY_AFTER_MAX_DELAY` is not waited for: the URL fails at once, with the
delay in its reason, rather than holding the crawl for hours.

`MetaCharsetMiddleware` fixes pages whose Content-Type header says UTF-8 (a
server default) while the bytes are in the charset their `<meta>` declares:
Scrapy trusts the header and the text fills with U+FFFD. The archived bytes
are untouched; only the decoding changes.
"""
from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from pathlib import Path

from scrapy import signals
from twisted.internet.defer import Deferred
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.http import TextResponse
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from archive.warc import WarcWriter


def _pairs(headers) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, multi-valued) as (name, value) text pairs."""
    out = []
    for name, values in headers.items():
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcRecorderMiddleware:
    """Write request/response records for every response that reaches the engine."""

    def __init__(self, writer: WarcWriter, stats):
        self.writer = writer
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        base = Path(s.get("ARCHIVE_DB")).resolve().parent
        writer = WarcWriter(base / s.get("WARC_DIR", "warc"), base=base,
                            prefix=s.get("WARC_PREFIX", "healtharchive"),
                            max_size=s.getint("WARC_MAX_SIZE"),
                            info={"http-header-user-agent": s.get("USER_AGENT"),
                                  "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore"})
        mw = cls(writer, crawler.stats)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_response(self, request, response):
        ip = getattr(response, "ip_address", None)
        loc = self.writer.write_exchange(
            response.url, method=request.method, request_headers=_pairs(request.headers),
            status=response.status, response_headers=_pairs(response.headers),
            body=response.body, protocol=getattr(response, "protocol", None),
            ip=str(ip) if ip else None)
        request.meta["warc"] = loc
        self.stats.inc_value("healtharchive/warc_records")
        return response

    def spider_closed(self, spider):
        self.writer.close()


class _Unavailable:
    """Stands for the parser of a robots.txt that could not be fetched: disallow all."""

    def __init__(self, reason: str, attempts: int, until: float):
        self.reason, self.attempts, self.until = reason, attempts, until

    def allowed(self, url, user_agent) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RFC 9309 failure handling and Crawl-delay on top of Scrapy's robots.txt support."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.retry_after = crawler.settings.getfloat("ROBOTSTXT_RETRY_AFTER", 60.0)
        self.retry_times = crawler.settings.getint("ROBOTSTXT_RETRY_TIMES", 3)
        self._failures: dict[str, int] = {}

    async def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return
        while True:
            rp = await self.robot_parser(request)
            if not isinstance(rp, _Unavailable):
                self._crawl_delay(rp, request)
                self.process_request_2(rp, request)
                return
            if rp.attempts >= self.retry_times:
                raise IgnoreRequest(f"robots.txt unavailable ({rp.reason}) after {rp.attempts} attempts")
            await sleep(max(0.0, rp.until - time.monotonic()))

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        parser = self._parsers.get(netloc)
        if isinstance(parser, _Unavailable) and parser.attempts < self.retry_times \
                and time.monotonic() >= parser.until:
            del self._parsers[netloc]  # time to fetch robots.txt again
        result = await super().robot_parser(request)
        # Scrapy hands the parser's Deferred to every request that arrives while robots.txt
        # is being fetched; the first waiter's callback consumes the result and the others
        # get None, i.e. "no robots.txt: allow all". Read the settled parser instead.
        current = self._parsers.get(netloc)
        return result if isinstance(current, Deferred) else current

    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500:
            self._unavailable(netloc, f"http {response.status}")
            return
        if response.status >= 400:  # RFC 9309 2.3.1.3: unavailable means allowed
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unavailable(netloc, type(exc).__name__)

    def _unavailable(self, netloc: str, reason: str) -> None:
        attempts = self._failures[netloc] = self._failures.get(netloc, 0) + 1
        self._stats.inc_value("robotstxt/unavailable")
        parser = _Unavailable(reason, attempts, time.monotonic() + self.retry_after)
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        pending.callback(parser)

    def _crawl_delay(self, rp, request) -> None:
        """Crawl-delay as a floor on the slot's delay (AutoThrottle may lower it again;
        this runs for every request, so the floor holds)."""
        crawl_delay = getattr(rp, "crawl_delay", None)  # Protego's parser has it
        if crawl_delay is None:
            return
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        delay = crawl_delay(agent)
        if delay:
            downloader = self.crawler.engine.downloader
            _, slot = downloader._get_slot(request)
            slot.delay = max(slot.delay, float(delay))


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header value (delta-seconds or an HTTP-date);
    None if absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that honours Retry-After on 429 and 503 (see module docstring)."""

    RETRY_AFTER_CODES = (429, 503)

    def __init__(self, settings):
        super().__init__(settings)
        self.max_delay = settings.getfloat("RETRY_AFTER_MAX_DELAY", 120.0)
        self._paused: dict[str, float] = {}  # netloc -> time.monotonic() to resume at

    async def process_request(self, request, spider=None):
        """Hold requests to a host that asked us to come back later."""
        wait = self._paused.get(urlparse_cached(request).netloc, 0.0) - time.monotonic()
        if wait > 0:
            await sleep(wait)

    def process_response(self, request, response, spider=None):
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        if (delay is None or response.status not in self.RETRY_AFTER_CODES
                or request.meta.get("dont_retry")):
            return super().process_response(request, response)
        if delay > self.max_delay:
            request.meta["retry_after_refused"] = self.max_delay
            self.crawler.stats.inc_value("retry/retry_after_over_cap")
            return response
        # the reason names a stats key: the status alone (as RetryMiddleware), not the delay
        retry = self._retry(request, f"{response_status_message(response.status)} (Retry-After)")
        if retry is None:
            return response
        netloc = urlparse_cached(request).netloc
        self._paused[netloc] = max(self._paused.get(netloc, 0.0), time.monotonic() + delay)
        self.crawler.stats.inc_value("retry/retry_after_waits")
        return retry


class MetaCharsetMiddleware:
    """Decode with the `<meta>` charset when a header's UTF-8 is plainly wrong."""

    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse):
            return response
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        if http_content_type_encoding(ctype) != "utf-8":
            return response
        meta = html_body_declared_encoding(response.body)
        if not meta or meta == "utf-8" or not _mostly_not_utf8(response.body):
            return response
        try:
            response.body.decode(meta)
        except (LookupError, UnicodeDecodeError):
            return response
        return response.replace(encoding=meta)


def _mostly_not_utf8(body: bytes) -> bool:
    """More invalid sequences than non-ASCII characters decoded: not UTF-8 with a few
    stray bytes (those stay UTF-8, as `archive.extract.parse` keeps them)."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return bad > good

