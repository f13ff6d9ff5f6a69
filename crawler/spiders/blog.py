"""The generic blog spider: `scrapy crawl blog -a start_url=URL`.

Discovery: robots.txt `Sitemap:` lines, `/wp-sitemap.xml`, `/sitemap_index.xml`,
`/sitemap.xml`, the site feed, listing pagination and in-site links of content
areas. Every URL goes through the database frontier (`Archive.discover`) once,
canonicalised (`archive.urls`); duplicate variants and traps are recorded as
skipped with a reason and never fetched. Articles are recognised by the
splitter (`Page.is_article`: JSON-LD, og:type, WordPress single-post markup).

An article's paginated comments (`/comment-page-N/`) are fetched before the
article is stored and merged into one thread (`archive.commentpages`). Every
outcome ends in `crawl_urls` with a status and, for failures and skips, a
reason (`crawler.outcomes`); the crawl goes on past broken pages. With
`REFRESH` every stored page is asked for again, conditionally (`crawler.refresh`).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from archive import split_page
from archive.capture import Capture, utc_now
from archive.commentpages import comment_page_links, current_comment_page
from archive.db import Archive
from archive.urls import (Scope, article_of_comment_page, canonical_url, comment_page_number,
                          variant_reason)

from .. import discovery as D
from ..items import UrlStateItem
from ..outcomes import guarded, http_outcome, ignored_outcome
from ..refresh import refresh_requests
from ..threads import ThreadMixin

PRIORITY = {"comment_page": 30, "robots": 20, "sitemap": 20, "feed": 15, "article": 5,
            "other": 0, "listing": 0}


class BlogSpider(ThreadMixin, scrapy.Spider):
    name = "blog"

    def __init__(self, start_url: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("the blog spider needs -a start_url=URL")
        self.start_url = canonical_url(start_url)
        self.scope = Scope(self.start_url)
        self.root_url = f"{self.scope.scheme}://{self.scope.netloc}/"
        host = self.scope.site
        self.allowed_domains = [host, f"www.{host}"]
        self.seen: set[str] = set()
        self.threads = {}
        self.job_id = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        Path(s.get("ARCHIVE_DB")).resolve().parent.mkdir(parents=True, exist_ok=True)
        spider.archive = Archive(s.get("ARCHIVE_DB"))
        spider.refresh = s.getbool("REFRESH")
        spider.depth_limit = s.getint("MAX_DEPTH")  # ours: recorded as a skip, never silent
        spider.sitemap_max = s.getint("SITEMAP_MAX_SIZE")
        spider.allowed_paths = [p for p in s.get("ALLOWED_PATHS", "").split(",") if p]
        return spider

    # ------------------------------------------------------------------ start
    async def start(self):
        """Seeds (start URL, robots.txt, sitemaps, feed), then the frontier left by an
        earlier run of the job (resume)."""
        seeds = [(self.start_url, "listing")] + [(self.root_url + p, k) for p, k in D.SEED_PATHS]
        requests = []
        with self.archive.transaction():
            for url, kind in seeds:
                if self.archive.discover(url, kind=kind, job_id=self.job_id) or self.refresh:
                    self.seen.add(url)
                    requests.append(self.make(url, kind, depth=0))
            pending = [r for r in self.archive.pending_urls() if self.scope.contains(r["url"])]
        for request in requests:
            yield request
        for row in pending:
            url, kind = row["url"], row["kind"]
            if kind == "comment_page":  # fetched again with its article
                url, kind = article_of_comment_page(url), "article"
            if url not in self.seen:
                self.seen.add(url)
                yield self.make(url, kind, depth=row["depth"] or 0, referer=row["referer"])
        if self.refresh:
            for request in refresh_requests(self):
                yield request

    def make(self, url, kind, *, depth=0, referer=None, **meta):
        callback = {"robots": self.parse_robots, "sitemap": self.parse_sitemap,
                    "feed": self.parse_feed}.get(kind, self.parse_page)
        headers = {"Referer": referer} if referer else None
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers,
                              priority=PRIORITY.get(kind, 0), dont_filter=self.refresh,
                              meta={"frontier_url": url, "kind": kind, "depth": depth, **meta})

    def follow(self, response, urls, kind=None) -> list:
        """Requests for the new in-site URLs among `urls`; variants and traps are
        recorded as skipped (once), offsite links only counted."""
        depth = response.meta.get("depth", 0) + 1
        new = []
        with self.archive.transaction():
            for raw in urls:
                request = self._follow_one(raw, kind, depth, response.url)
                if request is not None:
                    new.append(request)
        return new

    def _follow_one(self, raw, kind, depth, referer):
        url = self.scope.normalize(raw)
        if url is None:
            self.crawler.stats.inc_value("healtharchive/offsite_links")
            return None
        if comment_page_number(url) is not None:
            url = article_of_comment_page(url)  # comment pages come with their article
        if url in self.seen:
            return None
        self.seen.add(url)
        kind = kind or D.guess_kind(url)
        reason = variant_reason(url) or self._scope_reason(url, depth)
        is_new = self.archive.discover(url, kind=kind, job_id=self.job_id, referer=referer,
                                       depth=depth)
        if reason:
            if is_new:
                self.archive.mark(url, "skipped", reason, job_id=self.job_id)
            return None
        return self.make(url, kind, depth=depth, referer=referer) if is_new else None

    def _scope_reason(self, url, depth) -> str | None:
        if self.depth_limit and depth > self.depth_limit:
            return f"depth limit {self.depth_limit}"
        if self.allowed_paths:
            path = url.split("://", 1)[-1].split("/", 1)[-1]
            if not any(("/" + path).startswith(p) for p in self.allowed_paths):
                return "outside allowed paths"
        return None

    # ------------------------------------------------------- discovery sources
    @guarded
    def parse_robots(self, response):
        url = response.meta["frontier_url"]
        yield from self.follow(response, D.robots_sitemaps(response.body, response.url), "sitemap")
        yield UrlStateItem(url, "done", None, response.status, "robots")

    @guarded
    def parse_sitemap(self, response):
        url = response.meta["frontier_url"]
        try:
            kind, entries = D.parse_sitemap(response.body, max_size=self.sitemap_max)
        except D.NotASitemap as exc:
            yield UrlStateItem(url, "skipped", f"not a sitemap: {exc}", response.status, "sitemap")
            return
        except Exception as exc:  # gzip bombs, truncated archives
            yield UrlStateItem(url, "failed", f"bad sitemap: {type(exc).__name__}: {exc}",
                               response.status, "sitemap")
            return
        entry_kind = "sitemap" if kind == "sitemapindex" else D.sitemap_entry_kind(url)
        yield from self.follow(response, [loc for loc, _ in entries], entry_kind)
        yield UrlStateItem(url, "done", None, response.status, "sitemap")

    @guarded
    def parse_feed(self, response):
        url = response.meta["frontier_url"]
        links = D.parse_feed(response.body)
        if links is None:  # an HTML page at /feed/: treat it as a page
            yield from self.parse_page(response)
            return
        yield from self.follow(response, links, "article")
        yield UrlStateItem(url, "done", None, response.status, "feed")

    # ------------------------------------------------------------------ pages
    def unusable(self, response, url, kind) -> UrlStateItem | None:
        """The outcome for a response that cannot be split (not HTML, empty), else None."""
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip()
        html = "html" in ctype if ctype else isinstance(response, HtmlResponse)
        if not html or not isinstance(response, TextResponse):
            return UrlStateItem(url, "skipped", f"not html: {ctype or 'unknown type'}",
                                response.status, kind)
        if not response.body.strip():
            return UrlStateItem(url, "failed", "empty body", response.status, kind)
        return None

    def capture(self, response, url: str) -> Capture:
        loc = response.meta.get("warc")
        ctype = response.headers.get("Content-Type", b"").decode("latin-1") or None
        return Capture.from_body(url, response.body, final_url=response.url,
                                 http_status=response.status, content_type=ctype,
                                 fetched_at=utc_now(), warc_file=loc.file if loc else None,
                                 warc_offset=loc.offset if loc else None,
                                 warc_length=loc.length if loc else None)

    @guarded
    def parse_page(self, response):
        url, kind = response.meta["frontier_url"], response.meta["kind"]
        if response.status == 304:
            yield UrlStateItem(url, "done", "not modified since the last capture", 304, kind)
            return
        bad = self.unusable(response, url, kind)
        if bad is not None:
            yield bad
            return
        url, redirect = self._after_redirect(response, url, kind)
        if redirect is not None:
            yield redirect
            if url is None:
                return
        root = response.selector.root
        links = D.page_links(response)
        if response.meta.get("depth", 0) == 0:
            links += D.feed_links(response)
        comment_links = comment_page_links(root, response.url)
        current = current_comment_page(root, response.url)
        capture = self.capture(response, url)
        page = split_page(response.body, url, root=root,
                          capture_time=datetime.fromisoformat(capture.fetched_at))
        yield from self.follow(response, links)
        if not page.is_article:
            yield UrlStateItem(url, "done", "not an article", response.status,
                               kind if kind != "article" else "other")
            return
        duplicate = self._canonical_duplicate(response, url, page)
        if duplicate:
            yield from duplicate
            return
        yield from self.start_thread(url, capture, page, current, comment_links, response)

    def _after_redirect(self, response, url, kind):
        """(URL to store the response under or None, outcome of the requested URL or None)."""
        final = self.scope.normalize(response.url)
        if final is None or final == url:
            return url, None
        if final in self.seen or not self.archive.discover(final, kind=kind, job_id=self.job_id,
                                                           referer=url):
            return None, UrlStateItem(url, "skipped", f"redirects to known {final}",
                                      response.status, kind)
        self.seen.add(final)
        return final, UrlStateItem(url, "skipped", f"redirects to {final}", response.status, kind)

    def _canonical_duplicate(self, response, url, page) -> list:
        """If the page names another in-site URL as canonical, fetch that one instead."""
        canon = self.scope.normalize(page.canonical_url) if page.canonical_url else None
        if not canon or canon == url or comment_page_number(canon) is not None:
            return []
        if self.archive.discover(canon, kind="article", job_id=self.job_id, referer=url):
            self.seen.add(canon)
            return [UrlStateItem(url, "skipped", f"duplicate of canonical {canon}",
                                 response.status, "article"),
                    self.make(canon, "article", depth=response.meta.get("depth", 0),
                              referer=url)]
        state = self.archive.url_state(canon) or {}
        if state.get("status") in ("todo", "in_progress", "done"):
            return [UrlStateItem(url, "skipped", f"duplicate of canonical {canon}",
                                 response.status, "article")]
        return []

    # ----------------------------------------------------------------- errors
    def on_error(self, failure):
        request = failure.request
        url = request.meta.get("frontier_url", request.url)
        kind = request.meta.get("kind")
        http_status = None
        if failure.check(HttpError):
            response = failure.value.response
            http_status = response.status
            status, reason = http_outcome(response, kind)
        elif failure.check(IgnoreRequest):
            status, reason = ignored_outcome(str(failure.value) or "ignored")
        else:
            exc = failure.value
            status, reason = "failed", f"{type(exc).__name__}: {exc}".strip(": ")[:500]
        yield UrlStateItem(url, status, reason, http_status, kind)
        if request.meta.get("article"):
            yield from self.comment_page_failed(request.meta["article"], url)

