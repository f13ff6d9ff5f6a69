"""Settings of a crawler process of a distributed crawl (no Twisted import here:
`crawler.run` calls this before Scrapy installs its reactor).

`distributed_settings()` turns the single-process crawler into one of several
processes sharing a frontier in Redis: scrapy-redis's scheduler (our
`crawler.redis_compat.RedisScheduler`) and duplicate filter, keys prefixed per
site (`archive.redis_writer.key_prefix`), `SCHEDULER_PERSIST` so a stopped
process leaves the queue to the others, `RedisCrawlJob` instead of `CrawlJob`,
and a WARC file prefix naming the process.
"""
from __future__ import annotations

import os
import socket

from archive.redis_writer import Keys, key_prefix


def distributed_settings(settings, start_url: str) -> dict:
    """Settings overrides for a crawler process of a distributed crawl."""
    if settings.getbool("REFRESH"):
        raise ValueError("--refresh reads the database: run it without --redis")
    worker = settings.get("REDIS_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"
    prefix = settings.get("REDIS_KEY_PREFIX") or key_prefix(start_url)
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["crawler.extensions.CrawlJob"] = None
    extensions["crawler.redis_worker.RedisCrawlJob"] = 100
    return {
        "REDIS_WORKER_ID": worker,
        "REDIS_KEY_PREFIX": prefix,
        "SCHEDULER": "crawler.redis_compat.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": Keys(prefix).requests,
        "SCHEDULER_DUPEFILTER_KEY": Keys(prefix).dupefilter,
        "SCHEDULER_PERSIST": True,
        "WARC_PREFIX": f"{settings.get('WARC_PREFIX', 'healtharchive')}-{worker}",
        "EXTENSIONS": extensions,
    }
