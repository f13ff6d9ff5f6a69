"""`healtharchive crawl --refresh`: fetch stored articles again, only when they may have changed.

1. The seeds (start URL, robots.txt, sitemaps, feed) are fetched again, so new
   articles are found as in a first crawl.
2. Sitemap `lastmod`: a stored article whose sitemap entry says it was not
   modified after its last capture is not fetched; its URL is marked done with
   the reason "unchanged since the last capture (sitemap lastmod ...)". A date
   without a time only counts when it is before the capture's day. (WordPress's
   lastmod is the post's modified date: a new comment does not change it. Set
   `REFRESH_LASTMOD=False` to ask every article, conditionally, instead.)
3. Every other stored article is requested once the discovery sources are done
   (at the first `spider_idle`), conditionally: `If-None-Match` from the ETag
   and `If-Modified-Since` from the Last-Modified of its last capture's WARC
   record. A 304 is recorded as a capture of the last version
   (`Archive.record_not_modified`); a 200 is split and stored: a new capture,
   and a new article version only when the split content changed
   (`archive.store`); comments no longer shown are marked deleted, never dropped.
"""
from __future__ import annotations

from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from archive.warc import read_response

from .items import UrlStateItem

UNCHANGED = "unchanged since the last capture (sitemap lastmod {})"


def validators(base, row) -> dict:
    """Conditional-GET headers from the WARC record of a page's last capture."""
    headers = {}
    try:
        old = read_response(base / row["warc_file"], row["warc_offset"])
    except (OSError, ValueError, TypeError):
        return headers
    if old.header("ETag"):
        headers["If-None-Match"] = old.header("ETag")
    if old.header("Last-Modified"):
        headers["If-Modified-Since"] = old.header("Last-Modified")
    return headers


def _when(value: str | None) -> tuple[datetime | None, bool]:
    """(aware datetime, has a time of day) of an ISO 8601 / W3C datetime string."""
    if not value:
        return None, False
    text = value.strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when, "T" in text


def unchanged_since(lastmod: str | None, fetched_at: str | None) -> bool:
    """True when a sitemap `lastmod` says the page did not change after `fetched_at`."""
    changed, precise = _when(lastmod)
    captured, _ = _when(fetched_at)
    if changed is None or captured is None:
        return False
    if precise:
        return changed <= captured
    return changed.date() < captured.date()


class Refresher:
    """Per-crawl refresh state: the stored pages, and whether the idle pass ran."""

    def __init__(self, spider):
        self.spider = spider
        self.base = spider.archive.path.resolve().parent
        self.use_lastmod = spider.crawler.settings.getbool("REFRESH_LASTMOD", True)
        self.rows = {r["url"]: r for r in spider.archive.db.query(
            "SELECT url, fetched_at, warc_file, warc_offset FROM pages")}
        self.asked: set[str] = set()  # stored pages requested or judged (links to them
        self.idle_done = False        # elsewhere only put them in spider.seen)
        spider.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def request(self, url: str):
        """A conditional request for a stored page."""
        self.asked.add(url)
        self.spider.seen.add(url)
        request = self.spider.make(url, "article", handle_httpstatus_list=[304])
        request.headers.update(validators(self.base, self.rows[url]))
        return request

    def sitemap_entries(self, entries):
        """Split a urlset's (loc, lastmod) entries: yields a skip outcome or a conditional
        request for each stored article, and returns the entries still to follow."""
        spider, rest, out = self.spider, [], []
        for loc, lastmod in entries:
            url = spider.scope.normalize(loc)
            if url is None or url not in self.rows:
                rest.append((loc, lastmod))
                continue
            if url in self.asked:
                continue
            if self.use_lastmod and unchanged_since(lastmod, self.rows[url]["fetched_at"]):
                self.asked.add(url)
                spider.crawler.stats.inc_value("healtharchive/refresh_unchanged_lastmod")
                out.append(UrlStateItem(url, "done", UNCHANGED.format(lastmod), None, "article"))
            else:
                out.append(self.request(url))
        return out, rest

    def spider_idle(self, spider):
        """Discovery is over: ask every stored page not asked yet, conditionally (once)."""
        if self.idle_done:
            return
        self.idle_done = True
        urls = [u for u in self.rows if u not in self.asked and spider.scope.contains(u)]
        for url in urls:
            spider.crawler.engine.crawl(self.request(url))
        if urls:
            raise DontCloseSpider


def start_refresh(spider) -> Refresher:
    """Start of a refresh crawl: the spider's `Refresher` (stored pages are asked for
    from sitemaps, or when the crawl goes idle; not all at once at the start)."""
    spider.refresher = Refresher(spider)
    return spider.refresher
