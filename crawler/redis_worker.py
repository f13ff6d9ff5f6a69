"""A crawler process of a distributed crawl (`healtharchive crawl URL --redis R`),
configured by `crawler.redis_settings.distributed_settings`.

The spider keeps its code: its `archive` is a `RedisArchive`, which answers
`discover` ("is this URL new?") from a Redis hash shared by every process and
turns every write into a JSON message for the one writer
(`archive.redis_writer`); the writes of one `transaction()` travel as one
message. `RedisCrawlJob` keeps this process's `busy`/`idle`/`closed` record and
closes the spider only when the whole frontier is finished, not when this
process alone has nothing to do.
"""
from __future__ import annotations

import contextlib
import json
import logging
import time
from dataclasses import asdict
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from archive.capture import utc_now
from archive.db import _check_state
from archive.redis_writer import Keys, frontier_finished

from .extensions import CrawlJob

logger = logging.getLogger(__name__)


class Presence:
    """This process's record in the `workers` hash: state and heartbeat time."""

    def __init__(self, r, keys: Keys, worker: str, timeout: float):
        self.r, self.keys, self.worker, self.timeout = r, keys, worker, timeout
        self.state = None

    def set(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.beat()

    def beat(self) -> None:
        self.r.hset(self.keys.workers, self.worker,
                    json.dumps({"state": self.state, "at": time.time()}))

    def frontier_finished(self) -> bool:
        return frontier_finished(self.r, self.keys, timeout=self.timeout)


class RedisArchive:
    """Stands for `archive.db.Archive` in a crawler process: reads from Redis, writes
    as messages for the writer. Only the methods the crawler uses."""

    def __init__(self, r, keys: Keys, worker: str, path, *, timeout: float = 60.0):
        self.r, self.keys, self.worker, self.path = r, keys, worker, Path(path)
        self.presence = Presence(r, keys, worker, timeout)
        self._ops: list[dict] = []
        self._depth = 0
        self.final: set[str] = set()  # URLs this process gave a final state

    @classmethod
    def from_settings(cls, settings) -> "RedisArchive":
        from scrapy_redis.connection import get_redis_from_settings

        return cls(get_redis_from_settings(settings), Keys(settings.get("REDIS_KEY_PREFIX")),
                   settings.get("REDIS_WORKER_ID"), settings.get("ARCHIVE_DB"),
                   timeout=settings.getfloat("REDIS_WORKER_TIMEOUT", 60.0))

    @contextlib.contextmanager
    def transaction(self):
        """The writes inside travel as ONE message (one SQLite transaction at the writer).
        Sent even if the block raises: its discoveries are already in Redis's frontier."""
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1
            if self._depth == 0 and self._ops:
                ops, self._ops = self._ops, []
                self._send(ops)

    def _send(self, ops: list[dict]) -> None:
        self.r.rpush(self.keys.pages, json.dumps({"worker": self.worker, "ops": ops},
                                                 default=str))

    def _write(self, op: dict) -> None:
        if self._depth:
            self._ops.append(op)
        else:
            self._send([op])

    # ---------------------------------------------------------- Archive's API
    def discover(self, url, *, kind, job_id=None, referer=None, depth=0) -> bool:
        new = bool(self.r.hsetnx(self.keys.urls, url, "todo"))
        if new:
            self._write({"op": "discover", "url": url, "kind": kind, "referer": referer,
                         "depth": depth})
        return new

    def mark(self, url, status, reason=None, *, job_id=None, http_status=None, kind=None):
        _check_state(status, reason)
        self.r.hset(self.keys.urls, url, status)
        if status in ("done", "failed", "skipped"):
            self.final.add(url)
        self._write({"op": "mark", "url": url, "status": status, "reason": reason,
                     "http_status": http_status, "kind": kind})

    def url_state(self, url) -> dict | None:
        status = self.r.hget(self.keys.urls, url)
        return {"url": url, "status": status.decode()} if status is not None else None

    def store_page(self, capture, page, *, job_id=None, api_comments=None):
        self.final.add(capture.url)
        self._write({"op": "store_page", "capture": asdict(capture), "page": page.to_dict(),
                     "api_comments": sorted(api_comments) if api_comments is not None else None})
        return None

    def record_not_modified(self, url, *, job_id=None, fetched_at=None) -> None:
        self.final.add(url)  # stamped now: the writer may apply it much later
        self._write({"op": "record_not_modified", "url": url,
                     "fetched_at": fetched_at or utc_now()})

    def pending_urls(self, job_id=None) -> list[dict]:
        return []  # the frontier left by earlier runs is the (persistent) Redis queue

    def reset_in_progress(self) -> int:
        return 0

    def finish_job(self, job_id, status, exit_code, stats) -> None:
        self._write({"op": "worker_finished", "status": status, "exit_code": exit_code,
                     "stats": stats})

    def close(self) -> None:
        self.presence.set("closed")


class RedisCrawlJob(CrawlJob):
    """`CrawlJob` for a crawler process: the writer owns the `crawl_jobs` row; this
    process reports its statistics to it and stays up while the frontier lives."""

    POKE = 0.25  # seconds between looks at the shared queue while idle

    @classmethod
    def from_crawler(cls, crawler):
        ext = super().from_crawler(crawler)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        ext.heartbeat = None
        return ext

    def spider_opened(self, spider):
        self.job_id = spider.job_id = 0  # the writer's job: it records every write under it
        presence = spider.archive.presence
        presence.set("busy")
        self.heartbeat = task.LoopingCall(presence.beat)
        self.heartbeat.start(max(1.0, presence.timeout / 6), now=False)
        logger.info("crawler process %s on %s:* (writes go to the writer)", presence.worker,
                    presence.keys.prefix)

    def spider_idle(self, spider):
        presence = spider.archive.presence
        presence.set("idle")
        if presence.frontier_finished():
            return  # every process idle, nothing queued: close
        from twisted.internet import reactor  # installed by Scrapy by now

        reactor.callLater(self.POKE, self._poke)
        raise DontCloseSpider

    def _poke(self):
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy looks only every 5 s
        if slot is not None and not slot.closing:
            slot.nextcall.schedule()

    def _sweep_lost(self, spider) -> int:
        return 0  # the writer counts URLs left in_progress at the end

    def spider_closed(self, spider, reason):
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        super().spider_closed(spider, reason)
