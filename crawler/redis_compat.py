"""scrapy-redis's scheduler, adapted to this crawler (checked with scrapy-redis 0.9.1, Scrapy 2.19).

scrapy-redis works with Scrapy 2.19 as it is: its scheduler satisfies Scrapy's
`BaseScheduler` interface check, and it never touches the spider's start
requests (our spider's `async def start()` feeds the engine, which enqueues
into Redis); only its `stats.inc_value(..., spider=)` is deprecated, so the two
methods that count are rewritten here. Three things are ours:

- **Comment pages stay home.** An article waiting for its paginated comments
  lives in the memory of the process that fetched it (`crawler.threads`), so
  its comment-page requests (those with `meta["article"]`) go to a local
  queue, served first, instead of the shared one another process might pop.
- **Busy before pop.** The process's record says `busy` before it pops a
  shared request (see `archive.redis_writer` for why the order matters), and
  goes back to `idle` if the pop found nothing.
- **Nothing popped is dropped on a stop.** scrapy-redis pops destructively;
  requests this process popped and had not finished when it stopped early
  (SIGINT, a CLOSESPIDER limit) go back to the shared queue (and `todo`).
  An article waiting for its comment pages goes back whole.
"""
from __future__ import annotations

import heapq
import itertools

from scrapy_redis.scheduler import Scheduler


class RedisScheduler(Scheduler):
    """The shared Redis queue plus a local queue for this process's comment pages."""

    def open(self, spider):
        self.local: list = []
        self._order = itertools.count()
        self.archive = spider.archive
        self.presence = spider.archive.presence
        self.inflight: dict[str, object] = {}  # frontier URL -> request popped from Redis
        return super().open(spider)

    def close(self, reason):
        """Stopped early (Ctrl-C, a limit): give the requests this process popped and did
        not finish back to the shared queue, so the other processes or a restart do them."""
        if reason != "finished":
            self.requeue_unfinished()
        return super().close(reason)

    def requeue_unfinished(self) -> int:
        self._prune()
        with self.archive.transaction():
            for url, request in self.inflight.items():
                meta = {k: v for k, v in request.meta.items() if k != "warc"}
                self.queue.push(request.replace(meta=meta, dont_filter=True))
                self.archive.mark(url, "todo")
        if self.inflight:
            self.spider.logger.info("gave %d unfinished requests back to the shared queue",
                                    len(self.inflight))
        return len(self.inflight)

    def _prune(self) -> None:
        final = self.archive.final
        self.inflight = {u: r for u, r in self.inflight.items() if u not in final}

    def __len__(self):
        return len(self.local) + super().__len__()

    def enqueue_request(self, request):
        if request.meta.get("article"):
            heapq.heappush(self.local, (-request.priority, next(self._order), request))
            if self.stats:
                self.stats.inc_value("scheduler/enqueued/local")
            return True
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:  # (scrapy-redis passes `spider=`, deprecated in Scrapy 2.19)
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        if self.local:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/local")
            return heapq.heappop(self.local)[2]
        was_busy = self.presence.state == "busy"
        if not was_busy:
            self.presence.set("busy")
        request = self.queue.pop(self.idle_before_close)
        if request is None:
            if not was_busy:
                self.presence.set("idle")
        else:
            self.inflight[request.meta.get("frontier_url") or request.url] = request
            if len(self.inflight) > 1000:
                self._prune()
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self):
        return bool(self.local) or super().has_pending_requests()
