"""Comment threads spread over comment pages: fetch them all, then store once.

An article whose comments are paginated waits in `spider.threads` while its
comment pages are fetched (highest priority, so few articles wait at once);
each comment page may link to more. When none is pending, the comments are
merged into one thread (`archive.commentpages.merge_comment_pages`) and the
article is stored together with the `done` of its comment pages. A comment page
that fails is recorded as failed and the article is stored with the rest.
If the crawler dies meanwhile, nothing was stored: the article is fetched
again on resume (`resume_target`).

Where the site has a WordPress REST API, the article's comments are also read
from it (`crawler.wpapi`) and the thread is checked and completed with them
before the article is stored.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from archive.commentpages import comment_page_links, merge_comment_pages
from archive.extract import split_comments
from archive.model import Comment
from archive.urls import article_of_comment_page, comment_page_number

from .items import PageItem, UrlStateItem
from .wpapi import WpApiMixin, complete_thread


@dataclass
class Thread:
    capture: object
    page: object
    current: int | None
    pages: dict[int, list[Comment]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)
    merged_urls: list[str] = field(default_factory=list)
    api: list[Comment] | None = None      # comments from the REST API (None: not asked)
    api_urls: set[str] = field(default_factory=set)
    api_root: str | None = None
    post_id: int | None = None
    api_failed: bool = False


def resume_target(row: dict) -> tuple[str, str]:
    """(URL, kind) to request for a `todo` frontier row on resume: a comment page or
    an API comment list is fetched again with its article (it completes that)."""
    url, kind = row["url"], row["kind"]
    if kind == "comment_page":
        return article_of_comment_page(url), "article"
    if kind == "api" and "/wp/v2/comments" in url and row.get("referer"):
        return row["referer"], "article"
    return url, kind


class ThreadMixin(WpApiMixin):
    """Spider methods for paginated comments (needs `archive`, `job_id`, `threads`, `make`)."""

    def start_thread(self, url, capture, page, current, links, response):
        """Store the article now, or after fetching the comment pages it links to
        (and its REST API comments, where the site has the API)."""
        thread = Thread(capture, page, current, numbers={current} if current else set())
        self.threads[url] = thread
        yield from self._request_comment_pages(url, thread, links, response)
        yield from self.api_comment_requests(url, thread, response)
        if not thread.pending:
            yield self._finish(url)

    def _request_comment_pages(self, article, thread, links, response):
        depth = response.meta.get("depth", 0)
        with self.archive.transaction():
            for number, page_url in sorted(links.items()):
                page_url = self.scope.normalize(page_url) or page_url
                if number in thread.numbers or page_url in thread.pending:
                    continue
                thread.numbers.add(number)
                thread.pending.add(page_url)
                self.archive.discover(page_url, kind="comment_page", job_id=self.job_id,
                                      referer=article, depth=depth)
                request = self.make(page_url, "comment_page", depth=depth, referer=response.url,
                                    article=article)
                yield request.replace(callback=self.parse_comment_page, dont_filter=True)

    def parse_comment_page(self, response):
        try:
            yield from self._parse_comment_page(response)
        except Exception as exc:  # as `guarded`: record, store the article with the rest
            url = response.meta["frontier_url"]
            self.logger.exception("error while processing comment page %s", url)
            yield UrlStateItem(url, "failed", f"processing error: {type(exc).__name__}: {exc}"[:500],
                               response.status, "comment_page")
            yield from self.comment_page_failed(response.meta["article"], url)

    def _parse_comment_page(self, response):
        article, url = response.meta["article"], response.meta["frontier_url"]
        thread = self.threads.get(article)
        bad = self.unusable(response, url, "comment_page")
        if thread is None or bad is not None:
            if bad is not None:
                yield bad
            yield from self.comment_page_failed(article, url)
            return
        root = response.selector.root
        links = comment_page_links(root, response.url)
        when = datetime.fromisoformat(thread.capture.fetched_at)  # as `resplit` does
        comments = split_comments(None, url, root=root, capture_time=when, profile=self.profile)
        thread.pages[comment_page_number(url)] = comments
        thread.pending.discard(url)
        thread.merged_urls.append(url)
        yield from self._request_comment_pages(article, thread, links, response)
        if not thread.pending:
            yield self._finish(article)

    def comment_page_failed(self, article, url):
        """A comment page could not be used: store the article with the other pages."""
        thread = self.threads.get(article)
        if thread is None:
            return
        thread.pending.discard(url)
        thread.api_failed |= url in thread.api_urls
        if not thread.pending:
            yield self._finish(article)

    def _finish(self, article) -> PageItem:
        thread = self.threads.pop(article)
        comments = merge_comment_pages(thread.page.comments, thread.current, thread.pages)
        added = None
        # check and complete the thread with the API's comments (only with its whole answer)
        if thread.api is not None and not thread.api_failed:
            missing = {c.id for c in comments} - {c.id for c in thread.api}
            comments, added = complete_thread(comments, thread.api)
            stats = self.crawler.stats
            stats.inc_value("healtharchive/api_comments_added", len(added))
            stats.inc_value("healtharchive/html_comments_not_in_api", len(missing))
        page = dataclasses.replace(thread.page, comments=comments)
        pages = [u for u in thread.merged_urls if u not in thread.api_urls]
        if pages:
            self.crawler.stats.inc_value("healtharchive/comment_pages_merged", len(pages))
        return PageItem(thread.capture, page, merged_urls=list(thread.merged_urls),
                        api_comments=sorted(added) if added is not None else None)

