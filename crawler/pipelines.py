"""Item pipelines: small, one job each. Both write through `archive.db.Archive`,
the spider's `archive` (opened from the `ARCHIVE_DB` setting)."""
from __future__ import annotations

import logging

from .items import PageItem, UrlStateItem

logger = logging.getLogger(__name__)


class _ArchivePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class StorePagePipeline(_ArchivePipeline):
    """Store an article page, its parts, its URL's `done` and the `done` of the
    comment pages merged into it, in ONE transaction."""

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        archive, job_id = self.spider.archive, self.spider.job_id
        url = item.capture.url
        try:
            with archive.transaction():
                api = set(item.api_comments) if item.api_comments is not None else None
                archive.store_page(item.capture, item.page, job_id=job_id, api_comments=api)
                archive.mark(url, "done", None, job_id=job_id, kind="article")
                for merged in item.merged_urls:  # REST API lists (pretty or ?rest_route=)
                    kind = "api" if "/wp/v2/comments" in merged else "comment_page"
                    archive.mark(merged, "done", f"comments merged into {url}", job_id=job_id,
                                 kind=kind)
        except Exception as exc:  # a bad page must not stop the crawl
            logger.exception("could not store %s", url)
            archive.mark(url, "failed", f"store error: {type(exc).__name__}: {exc}", job_id=job_id)
            self.crawler.stats.inc_value("healtharchive/store_errors")
            return item
        self.crawler.stats.inc_value("healtharchive/articles_stored")
        self.crawler.stats.inc_value("healtharchive/comments_stored", len(item.page.comments))
        return item


class UrlStatePipeline(_ArchivePipeline):
    """Record the outcome of a URL that was not stored as a page."""

    def process_item(self, item):
        if not isinstance(item, UrlStateItem):
            return item
        archive, job_id = self.spider.archive, self.spider.job_id
        with archive.transaction():  # a 304's capture and its URL state commit together
            archive.mark(item.url, item.status, item.reason, job_id=job_id,
                         http_status=item.http_status, kind=item.kind)
            if item.http_status == 304 and item.status == "done":  # a recrawl's "not modified"
                archive.record_not_modified(item.url, job_id=job_id)
        self.crawler.stats.inc_value(f"healtharchive/urls_{item.status}")
        return item
