"""Distributed crawls: the ONE process that writes SQLite (`healtharchive crawl URL --redis R --writer`).

With `--redis`, several crawler processes (on one machine or many) share one
frontier in Redis: scrapy-redis's scheduler and duplicate filter, plus our
`discover` set. They never open the database. What they would have written
(`discover`, `mark`, `store_page`, in the groups of `Archive.transaction()`)
they push as JSON messages to one Redis list; this writer pops them and
applies each message in one SQLite transaction (a savepoint inside a batch),
so a page, its parts and its URL's `done` still commit together. SQLite keeps
its single writer. No Scrapy here.

Crash safety: a message moves atomically (LMOVE) from the list to a `writing`
list and is dropped from it only after the batch commits; a writer killed in
between applies it again on restart (every write is idempotent).

When is the crawl over? Each crawler process keeps a record in the `workers`
hash: `busy` (set BEFORE it pops a request), `idle` (set when its engine is
idle), `closed`, with a heartbeat time; a record not refreshed within
`worker_timeout` seconds is `dead`. Read the request queue first, then the
records: if the queue was empty and every process was idle afterwards, nothing
can be in flight (a request popped after the queue was read was popped by a
process that was already `busy`). Crawler processes close on that. The writer
stops when every process it has seen is `closed` (or dead) and no message is
left: exit 0 if the frontier is finished; 3 if requests are still queued
(every process was interrupted: start them again to resume) or URLs were left
`todo`/`in_progress` (a process died with requests in flight; scrapy-redis
pops destructively, so `healtharchive crawl URL` without `--redis` finishes
them from the database). Start the writer first: until it has seen a crawler
process, it waits.
"""
from __future__ import annotations

import json
import logging
import signal
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from .capture import Capture
from .crawljob import EXIT_COMPLETED, EXIT_INTERRUPTED, JOB_STATUS
from .db import Archive
from .model import Page
from .urls import canonical_url, site_key

logger = logging.getLogger(__name__)


def key_prefix(start_url: str) -> str:
    """The Redis key prefix of a site's crawl: `healtharchive:<site>[:port]`."""
    parts = urlsplit(canonical_url(start_url))
    port = f":{parts.port}" if parts.port else ""
    return f"healtharchive:{site_key(parts.hostname or '')}{port}"


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl (shared by the crawler processes and the writer)."""

    prefix: str

    requests = property(lambda self: f"{self.prefix}:requests")      # scrapy-redis queue (zset)
    dupefilter = property(lambda self: f"{self.prefix}:dupefilter")  # scrapy-redis fingerprints
    urls = property(lambda self: f"{self.prefix}:urls")              # url -> last status (hash)
    pages = property(lambda self: f"{self.prefix}:pages")            # messages for the writer
    writing = property(lambda self: f"{self.prefix}:pages:writing")  # being applied
    workers = property(lambda self: f"{self.prefix}:workers")        # worker -> state (hash)


# ----------------------------------------------------------------- state checks
def worker_states(r, keys: Keys, *, timeout: float, now: float | None = None) -> dict[str, str]:
    """worker id -> busy / idle / closed / dead (a stale busy or idle record)."""
    now = time.time() if now is None else now
    states = {}
    for worker, raw in r.hgetall(keys.workers).items():
        record = json.loads(raw)
        state = record["state"]
        if state != "closed" and now - record["at"] > timeout:
            state = "dead"
        states[worker.decode() if isinstance(worker, bytes) else worker] = state
    return states


def frontier_finished(r, keys: Keys, *, timeout: float) -> bool:
    """True when no request is queued and every crawler process is settled (idle,
    closed or dead). The queue is read BEFORE the states (see the module docstring)."""
    if r.zcard(keys.requests):
        return False
    states = worker_states(r, keys, timeout=timeout)
    return bool(states) and all(s in ("idle", "closed", "dead") for s in states.values())


# ----------------------------------------------------------------------- writer
class RedisWriter:
    """Pop the crawler processes' messages and apply them to the archive."""

    def __init__(self, archive: Archive, r, keys: Keys, start_url: str, *,
                 worker_timeout: float = 60.0, batch: int = 50, linger: float = 0.2):
        self.archive, self.r, self.keys, self.start_url = archive, r, keys, start_url
        self.worker_timeout, self.batch = worker_timeout, batch
        # after a short batch, wait this long so that the next one is fuller: one commit
        # (and one FTS5 segment) per batch instead of one per page
        self.linger = linger
        self.job_id = None
        self.stopping = False
        self.written = 0
        self.failed = 0
        self.workers: dict[str, dict] = {}

    def run(self, settings: dict | None = None) -> int:
        self._forget_closed_workers()
        self.job_id = self.archive.start_job(self.start_url, {"mode": "redis-writer",
                                                              **(settings or {})})
        logger.info("writer: job %s, keys %s:*", self.job_id, self.keys.prefix)
        self._apply_batch(self.r.lrange(self.keys.writing, 0, -1))  # left by a killed writer
        last_log = time.monotonic()
        while not self.stopping:
            applied = self._drain()
            if not applied and self._finished():  # nothing came in and all are done
                self._drain()
                break
            if 0 < applied < self.batch:
                time.sleep(self.linger)
            if time.monotonic() - last_log > 15:
                last_log = time.monotonic()
                logger.info("writer: %d messages applied, %d queued requests, workers %s",
                            self.written, self.r.zcard(self.keys.requests),
                            worker_states(self.r, self.keys, timeout=self.worker_timeout))
        return self._finish()

    def _forget_closed_workers(self) -> None:
        """Records of crawler processes that closed in an earlier run must not count."""
        for worker, state in worker_states(self.r, self.keys, timeout=self.worker_timeout).items():
            if state in ("closed", "dead"):
                self.r.hdel(self.keys.workers, worker)

    def _finished(self) -> bool:
        """Every crawler process seen has closed (or died) and its messages are applied.
        Requests may remain queued if they were all interrupted: then the job is too."""
        states = worker_states(self.r, self.keys, timeout=self.worker_timeout)
        return (bool(states) and all(s in ("closed", "dead") for s in states.values())
                and not self.r.llen(self.keys.pages))

    def _drain(self) -> int:
        """Move up to `batch` messages to `writing`, apply them in one transaction."""
        first = self.r.blmove(self.keys.pages, self.keys.writing, 0.5, "LEFT", "RIGHT")
        if first is None:
            return 0
        messages = [first]
        while len(messages) < self.batch:
            more = self.r.lmove(self.keys.pages, self.keys.writing, "LEFT", "RIGHT")
            if more is None:
                break
            messages.append(more)
        self._apply_batch(messages)
        return len(messages)

    def _apply_batch(self, messages) -> None:
        if messages:
            with self.archive.transaction():
                for raw in messages:
                    self._apply_message(json.loads(raw))
        self.r.delete(self.keys.writing)

    def _apply_message(self, message: dict) -> None:
        """One message = one savepoint: all its writes or none (then its pages fail)."""
        try:
            with self.archive.transaction():
                for op in message["ops"]:
                    self.apply(op, message.get("worker"))
            self.written += 1
        except Exception as exc:
            logger.exception("writer: could not apply a message from %s", message.get("worker"))
            self.failed += 1
            for op in message["ops"]:
                if op["op"] == "store_page":
                    self.archive.mark(op["capture"]["url"], "failed",
                                      f"store error: {type(exc).__name__}: {exc}"[:500],
                                      job_id=self.job_id)

    def apply(self, op: dict, worker: str | None) -> None:
        a, job = self.archive, self.job_id
        kind = op["op"]
        if kind == "discover":
            a.discover(op["url"], kind=op["kind"], job_id=job, referer=op.get("referer"),
                       depth=op.get("depth") or 0)
        elif kind == "mark":
            a.mark(op["url"], op["status"], op.get("reason"), job_id=job,
                   http_status=op.get("http_status"), kind=op.get("kind"))
        elif kind == "store_page":
            api = op.get("api_comments")
            a.store_page(Capture(**op["capture"]), Page.from_dict(op["page"]), job_id=job,
                         api_comments=None if api is None else set(api))
        elif kind == "record_not_modified":
            a.record_not_modified(op["url"], job_id=job, fetched_at=op.get("fetched_at"))
        elif kind == "worker_finished":
            self.workers[worker or "?"] = {k: op.get(k) for k in ("status", "exit_code", "stats")}
        else:
            raise ValueError(f"unknown operation {kind!r}")

    def _finish(self) -> int:
        left = self.archive.db.execute(
            "SELECT count(*) FROM crawl_urls WHERE status IN ('todo', 'in_progress')").fetchone()[0]
        queued = self.r.zcard(self.keys.requests)
        code = EXIT_INTERRUPTED if self.stopping or left or queued else EXIT_COMPLETED
        if (left or queued) and not self.stopping:
            logger.warning("writer: %d requests still queued in Redis, %d URLs todo/in_progress "
                           "in the database: crawl again to finish them", queued, left)
        status = JOB_STATUS[code]
        stats = {"mode": "redis", "messages_applied": self.written, "messages_failed": self.failed,
                 "urls_left": left, "requests_queued": queued, "workers": self.workers,
                 "finish_reason": "shutdown" if self.stopping else "finished"}
        self.archive.finish_job(self.job_id, status, code, stats)
        logger.info("writer: job %s %s (%d messages, %d crawler processes)", self.job_id,
                    status, self.written, len(self.workers))
        return code

    def stop(self, signum=None, frame=None) -> None:
        """First SIGINT/SIGTERM: stop after the current batch; a second one: at once."""
        self.stopping = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_writer(start_url: str, *, db, redis_url: str, worker_timeout: float = 60.0) -> int:
    """Run the writer of the distributed crawl of `start_url` until it is over."""
    import redis

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    r = redis.Redis.from_url(redis_url)
    r.ping()
    parts = urlsplit(redis_url)
    where = f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"  # no password
    with Archive(db) as archive:
        writer = RedisWriter(archive, r, Keys(key_prefix(start_url)), canonical_url(start_url),
                             worker_timeout=worker_timeout)
        signal.signal(signal.SIGINT, writer.stop)
        signal.signal(signal.SIGTERM, writer.stop)
        return writer.run({"redis": where})
