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
`REFRESH` stored pages are asked for again: skipped when the sitemap lastmod
says unchanged, else conditionally (`crawler.refresh`). Where a site exposes
the WordPress REST API, it lists posts and checks/completes every comment
thread (`crawler.wpapi`).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from archive import profiles, split_page
from archive.extract import is_article
from archive.capture import Capture, utc_now
from archive.commentpages import comment_page_links, current_comment_page
from archive.db import Archive
from archive.urls import (Scope, article_of_comment_page, canonical_url, comment_page_number,
                          trap_reason, variant_of)

from .. import discovery as D
from ..items import UrlStateItem
from ..outcomes import error_outcome, guarded, http_outcome, ignored_outcome, truncation_reason
from ..refresh import start_refresh
from ..threads import ThreadMixin, resume_target


def _maybe_comment_page(url: str) -> bool:
    """False for most links at the cost of two substring tests: a canonical URL that is
    a comment page has one of these (see `archive.urls.comment_page_number`)."""
    return "/comment-page-" in url or "cpage=" in url


# request kinds that are not pages: not counted against HEALTHARCHIVE_MAX_PAGES_PER_HOST
NOT_PAGES = ("robots", "sitemap", "feed", "comment_page", "api")

PRIORITY = {"comment_page": 30, "robots": 20, "sitemap": 20, "feed": 15, "article": 5,
            "other": 0, "listing": 0}


class BlogSpider(ThreadMixin, scrapy.Spider):
    name = "blog"
    # Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for the output of
    # EVERY response; our pipelines are synchronous, so 8 do the same work for
    # ~1 ms less CPU a response. (`-s CONCURRENT_ITEMS=N` still overrides it.)
    custom_settings = {"CONCURRENT_ITEMS": 8}

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
        if s.get("REDIS_URL"):  # distributed: no SQLite here, writes go to the writer
            from ..redis_worker import RedisArchive
            spider.archive = RedisArchive.from_settings(s)
        else:
            spider.archive = Archive(s.get("ARCHIVE_DB"))
        spider.refresh = s.getbool("REFRESH")
        # ours, recorded as skips, never silent: DEPTH_LIMIT (or MAX_DEPTH), page budget per host
        spider.depth_limit = s.getint("DEPTH_LIMIT") or s.getint("MAX_DEPTH")
        spider.page_budget = s.getint("HEALTHARCHIVE_MAX_PAGES_PER_HOST")
        spider.pages_queued = 0  # page requests of the job (earlier runs' counted at start)
        spider.sitemap_max = s.getint("SITEMAP_MAX_SIZE")
        spider.allowed_paths = [p for p in s.get("ALLOWED_PATHS", "").split(",") if p]
        # a named per-site profile (job file `profile`); otherwise the one matching the host
        spider.profile = profiles.load(s["HEALTHARCHIVE_PROFILE"]) \
            if s.get("HEALTHARCHIVE_PROFILE") else None
        return spider

    # ------------------------------------------------------------------ start
    async def start(self):
        """Seeds (start URL, robots.txt, sitemaps, feed), then the frontier left by an
        earlier run of the job (resume)."""
        if self.refresh:
            start_refresh(self)
        if self.page_budget:
            self.pages_queued = self._pages_fetched_before()
        seeds = [(self.start_url, "listing")] + [(self.root_url + p, k) for p, k in D.SEED_PATHS]
        requests = []
        with self.archive.transaction():
            for url, kind in seeds:
                if self.archive.discover(url, kind=kind, job_id=self.job_id) or self.refresh:
                    self.seen.add(url)
                    requests.append(self.make(url, kind, depth=0))
            pending = [r for r in self.archive.pending_urls() if self.scope.contains(r["url"])]
        # comment pages and API comments: their article. All `seen` now, before any
        # callback (Scrapy reads this generator lazily): a page parsed meanwhile that
        # links to one leaves it to this loop, which requests every one of them.
        resume = {}
        for row in pending:
            url, kind = resume_target(row)
            if url not in self.seen:
                resume.setdefault(url, (kind, row))
        self.seen.update(resume)
        for request in requests:
            yield request
        for url, (kind, row) in resume.items():
            yield self.make(url, kind, depth=row["depth"] or 0, referer=row["referer"])

    def make(self, url, kind, *, depth=0, referer=None, **meta):
        callback = {"robots": self.parse_robots, "sitemap": self.parse_sitemap,
                    "feed": self.parse_feed, "api": self.parse_api_posts}.get(kind, self.parse_page)
        headers = {"Referer": referer} if referer else None
        if kind not in NOT_PAGES:
            self.pages_queued += 1
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers,
                              priority=PRIORITY.get(kind, 0), dont_filter=self.refresh,
                              meta={"frontier_url": url, "kind": kind, "depth": depth, **meta})

    def follow(self, response, urls, kind=None) -> list:
        """Requests for the new in-site URLs among `urls`; variants and traps are
        recorded as skipped (once), offsite links only counted. Entries of robots.txt,
        sitemaps and feeds are seeds: they do not add a level of depth."""
        source = response.meta.get("kind") in ("robots", "sitemap", "feed")
        depth = response.meta.get("depth", 0) + (0 if source else 1)
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
        if _maybe_comment_page(url) and comment_page_number(url) is not None:
            url = article_of_comment_page(url)  # comment pages come with their article
        if url in self.seen:
            return None
        self.seen.add(url)
        kind = kind or D.guess_kind(url)
        variant = variant_of(url)
        reason = variant[1] if variant else trap_reason(url) or self._scope_reason(url, depth)
        is_new = self.archive.discover(url, kind=kind, job_id=self.job_id, referer=referer,
                                       depth=depth)
        if reason:
            if is_new:
                self.archive.mark(url, "skipped", reason, job_id=self.job_id)
            # the page a variant stands for (AMP, print, session id) is followed instead
            return self._follow_one(variant[0], kind, depth, referer) if variant else None
        if not is_new and not (self.refresh and kind in ("sitemap", "feed")):  # a refresh
            return None                                          # reads these anew
        over = self._over_budget(url, kind)
        if over:
            self.archive.mark(url, "skipped", over, job_id=self.job_id)
            return None
        return self.make(url, kind, depth=depth, referer=referer)

    def _pages_fetched_before(self) -> int:
        """Pages of the site that earlier runs of the job fetched: the budget is the job's,
        not each run's (a killed and resumed crawl does not get a fresh budget)."""
        db = getattr(self.archive, "db", None)
        if db is None:  # distributed mode: counted per run
            return 0
        return db.execute(
            "SELECT count(*) FROM crawl_urls WHERE substr(url, 1, length(?)) = ?"
            " AND status IN ('done', 'failed')"
            f" AND coalesce(kind, '') NOT IN ({', '.join('?' * len(NOT_PAGES))})",
            (self.root_url, self.root_url, *NOT_PAGES)).fetchone()[0]

    def _over_budget(self, url, kind) -> str | None:
        """`HEALTHARCHIVE_MAX_PAGES_PER_HOST`: pages (not robots.txt, sitemaps, feeds,
        comment pages, REST API lists) requested by the job; beyond it, a recorded skip.
        One count: `Scope.normalize` puts every in-site URL on the start URL's host."""
        if not self.page_budget or kind in NOT_PAGES:
            return None
        if self.pages_queued >= self.page_budget:
            return f"page budget {self.page_budget} reached for {self.scope.netloc}"
        return None

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
        if self.refresh and entry_kind == "article":  # stored ones: lastmod, conditional GET
            known, entries = self.refresher.sitemap_entries(entries)
            yield from known
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
        cut = truncation_reason(response.body)
        if cut:
            return UrlStateItem(url, "failed", cut, response.status, kind)
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
        capture = self.capture(response, url)
        page = comment_links = current = None
        if kind != "listing" or is_article(None, url, root=root):  # a listing page is rarely an article
            comment_links = comment_page_links(root, response.url)  # before the split edits
            current = current_comment_page(root, response.url)     # the tree
            page = split_page(response.body, url, root=root, profile=self.profile,
                              capture_time=datetime.fromisoformat(capture.fetched_at))
        yield from self.follow(response, links)
        yield from self.api_seed(response)  # the WordPress REST API, once it shows itself
        if page is None or not page.is_article:
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
        variant = variant_of(final) if final else None
        if final is None or final == url or (variant and variant[0] == url):
            return url, None  # (a redirect to its own AMP or session-id variant: the same page)
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
            status, reason = error_outcome(failure.value,
                                           self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        yield UrlStateItem(url, status, reason, http_status, kind)
        if request.meta.get("article"):
            yield from self.comment_page_failed(request.meta["article"], url)

