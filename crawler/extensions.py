"""Extensions: crawl-job bookkeeping and progress lines.

`CrawlJob` makes the database the source of truth for a job: at spider open
it puts URLs a killed crawler left `in_progress` back to `todo` and starts a
`crawl_jobs` row; each request that reaches the downloader marks its URL
`in_progress` (counting an attempt); at close it records the job's status,
exit code (see `archive.crawljob`) and statistics, and sets the stat
`healtharchive/exit_code` that `crawler.run` exits with.

`ProgressLog` shows articles stored, responses, URLs failed/skipped, requests
queued, rate, elapsed time and an estimate: a live line on a terminal, a log
line every `PROGRESS_INTERVAL` seconds otherwise.
"""
from __future__ import annotations

import logging
import sys
import time
from datetime import datetime

from scrapy import signals
from twisted.internet import task

from archive.crawljob import EXIT_INTERRUPTED, JOB_STATUS, exit_code_for

logger = logging.getLogger(__name__)

JOB_SETTINGS_RECORDED = ("USER_AGENT", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
                         "CONCURRENT_REQUESTS_PER_DOMAIN", "ROBOTSTXT_OBEY", "MAX_DEPTH",
                         "CLOSESPIDER_PAGECOUNT", "CLOSESPIDER_ITEMCOUNT", "CLOSESPIDER_TIMEOUT",
                         "REFRESH", "ALLOWED_PATHS", "DEPTH_LIMIT",
                         "HEALTHARCHIVE_MAX_PAGES_PER_HOST", "HEALTHARCHIVE_PROFILE")


class CrawlJob:
    """One `crawl_jobs` row per run; URL attempts; the exit code."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.job_id = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.request_reached_downloader,
                                signal=signals.request_reached_downloader)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def spider_opened(self, spider):
        archive = spider.archive
        requeued = archive.reset_in_progress()
        self._close_abandoned_jobs(archive)
        recorded = {name: self.crawler.settings.get(name) for name in JOB_SETTINGS_RECORDED}
        self.job_id = spider.job_id = archive.start_job(spider.start_url, recorded)
        logger.info("crawl job %s started for %s (database %s; %d URLs back from in_progress)",
                    self.job_id, spider.start_url, archive.path, requeued)

    @staticmethod
    def _close_abandoned_jobs(archive) -> None:
        """Jobs still `running` belong to a crawler that was killed (one crawler per
        database, as `reset_in_progress` assumes): record them as interrupted."""
        for (job_id,) in archive.db.execute(
                "SELECT id FROM crawl_jobs WHERE status = 'running'").fetchall():
            archive.finish_job(job_id, "interrupted", EXIT_INTERRUPTED,
                               {"finish_reason": "killed (found running at the next start)"})

    def request_reached_downloader(self, request, spider):
        url = request.meta.get("frontier_url")
        if url and self.job_id is not None:
            spider.archive.mark(url, "in_progress", job_id=self.job_id)

    def request_dropped(self, request, spider):
        """The scheduler refused a request as a duplicate: a redirect back to a URL already
        fetched (a loop, or to itself) or two URLs Scrapy fingerprints alike. Recorded,
        unless the URL already has its outcome."""
        url = request.meta.get("frontier_url")
        state = spider.archive.url_state(url) if url else None
        if not state or state["status"] not in ("todo", "in_progress"):
            return
        if request.meta.get("redirect_times"):
            status, reason = "failed", f"redirect loop (back to {request.url})"
        else:
            status, reason = "skipped", "duplicate of a request already made"
        spider.archive.mark(url, status, reason, job_id=self.job_id)
        self.crawler.stats.inc_value(f"healtharchive/urls_{status}")

    def _sweep_lost(self, spider) -> int:
        """At a normal finish nothing may stay in_progress: whatever did is a request
        that ended without an outcome (a bug or a Scrapy path we do not see)."""
        lost = spider.archive.db.execute(
            "SELECT url FROM crawl_urls WHERE status = 'in_progress' AND job_id = ?",
            [self.job_id]).fetchall()
        for (url,) in lost:
            spider.archive.mark(url, "failed", "no outcome recorded (request lost)", job_id=self.job_id)
        return len(lost)

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        if reason == "finished" and self.job_id is not None:
            stats.set_value("healtharchive/lost_requests", self._sweep_lost(spider))
        elif self.job_id is not None:  # stopped early: downloads cut short wait for the resume
            stats.set_value("healtharchive/requeued", spider.archive.reset_in_progress())
        done = (stats.get_value("healtharchive/urls_done", 0)
                + stats.get_value("healtharchive/articles_stored", 0))
        code = exit_code_for(reason, requests=stats.get_value("downloader/request_count", 0),
                             done=done)
        stats.set_value("healtharchive/exit_code", code)
        if self.job_id is None:
            return
        plain = {k: (v.isoformat() if isinstance(v, datetime) else v)
                 for k, v in stats.get_stats().items()}
        plain["finish_reason"] = reason
        spider.archive.finish_job(self.job_id, JOB_STATUS[code], code, plain)
        logger.info("crawl job %s %s (exit code %d)", self.job_id, JOB_STATUS[code], code)
        spider.archive.close()


class ProgressLog:
    """Progress: a live line on a terminal (rich), plain periodic log lines otherwise.

    `PROGRESS_LIVE`: "auto" (live when stderr is a terminal), "1" or "0". While
    the live line shows, the console log handler only prints warnings and errors.
    """

    def __init__(self, crawler, interval: float, live: bool):
        self.crawler = crawler
        self.interval = interval
        self.live_enabled = live
        self.started = time.monotonic()
        self.loop = None
        self.live = None

    @classmethod
    def from_crawler(cls, crawler):
        setting = str(crawler.settings.get("PROGRESS_LIVE", "auto")).lower()
        live = sys.stderr.isatty() if setting == "auto" else setting in ("1", "true", "yes")
        ext = cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL", 15.0), live)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started = time.monotonic()
        if self.live_enabled:
            self._start_live()
        elif self.interval > 0:
            self.loop = task.LoopingCall(self.log)
            self.loop.start(self.interval, now=False)

    def _start_live(self) -> None:
        from rich.console import Console
        from rich.live import Live

        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.level < logging.WARNING:
                handler.setLevel(logging.WARNING)
        self.live = Live(self.line(), console=Console(stderr=True), refresh_per_second=2)
        self.live.start()
        self.loop = task.LoopingCall(lambda: self.live.update(self.line()))
        self.loop.start(0.5, now=False)

    def line(self) -> str:
        stats = self.crawler.stats
        elapsed = time.monotonic() - self.started
        done = stats.get_value("healtharchive/articles_stored", 0)
        responses = stats.get_value("response_received_count", 0)
        try:
            queued = len(self.crawler.engine._slot.scheduler)
        except (AttributeError, TypeError):
            queued = 0
        per_s = responses / elapsed if elapsed else 0.0
        eta = f"~{queued / per_s:.0f} s left" if per_s and queued else "-"
        return (f"articles {done} | responses {responses}"
                f" | failed {stats.get_value('healtharchive/urls_failed', 0)}"
                f" | skipped {stats.get_value('healtharchive/urls_skipped', 0)}"
                f" | queued {queued} | {done / elapsed * 60 if elapsed else 0:.1f} articles/min"
                f" | {elapsed:.0f} s elapsed | {eta}")

    def log(self):
        logger.info("progress: %s", self.line())

    def spider_closed(self, spider):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.update(self.line())
            self.live.stop()
        logger.info("progress (final): %s", self.line())
