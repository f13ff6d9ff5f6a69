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
"""
from __future__ import annotations

import time
from pathlib import Path

from scrapy import signals
from twisted.internet.defer import Deferred
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

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
