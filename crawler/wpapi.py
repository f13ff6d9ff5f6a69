"""The WordPress REST API: discover posts, check and complete comment threads.

Where a site advertises its API (`crawler.discovery.wp_api_root`), the spider
lists `/wp-json/wp/v2/posts?per_page=100&page=N` (every post's `link` becomes
an article URL) and, for each article, reads
`/wp-json/wp/v2/comments?post=ID&per_page=100&page=N` before storing it. The
HTML capture stays the record: comments the HTML shows are kept as split from
it; comments only the API knows (a theme that hides comment pages, a broken
pagination) are added with source 'api', their parents linked and their depth
derived from the parent chain (`complete_thread`). API URLs are frontier URLs
of kind `api`, marked done with the article they completed.
"""
from __future__ import annotations

import dataclasses

import lxml.html

from archive.model import Comment

from . import discovery as D
from .items import UrlStateItem

PER_PAGE = 100


def api_comment(obj: dict, authors: list[str]) -> Comment | None:
    """A `Comment` from a REST API comment object (None for pingbacks and oddities)."""
    if obj.get("type", "comment") not in ("comment", "") or obj.get("id") is None:
        return None
    rendered = (obj.get("content") or {}).get("rendered") or ""
    text = lxml.html.fromstring(f"<div>{rendered}</div>").text_content().strip() if rendered.strip() else ""
    parent = obj.get("parent") or 0
    date = obj.get("date_gmt") or obj.get("date")
    if date and len(date) == 19:
        date += "+00:00"
    name = obj.get("author_name") or None
    return Comment(id=f"comment-{obj['id']}", parent_id=f"comment-{parent}" if parent else None,
                   depth=0, position=0, author=name, text=text,
                   author_url=obj.get("author_url") or None, published=date,
                   is_site_author=bool(name and name in (authors or [])))


def complete_thread(html: list[Comment], api: list[Comment]) -> tuple[list[Comment], set[str]]:
    """(thread, keys added): the HTML thread, plus API-only comments in thread order.

    An API-only reply goes right after its parent's last descendant, an
    API-only top-level comment at the end; they are placed oldest first, so a
    parent is always placed before its replies. Positions are renumbered.
    """
    thread = list(html)
    known = {c.id for c in thread}
    added: set[str] = set()
    for c in sorted(api, key=lambda c: (c.published or "", _number(c.id))):
        if c.id in known:
            continue
        index, depth = _insertion_point(thread, c.parent_id)
        thread.insert(index, dataclasses.replace(c, depth=depth))
        known.add(c.id)
        added.add(c.id)
    return [dataclasses.replace(c, position=i) for i, c in enumerate(thread, 1)], added


def _number(key: str) -> int:
    digits = "".join(ch for ch in key if ch.isdigit())
    return int(digits) if digits else 0


def _insertion_point(thread: list[Comment], parent: str | None) -> tuple[int, int]:
    at = next((i for i, c in enumerate(thread) if parent and c.id == parent), None)
    if at is None:
        return len(thread), 0
    depth = thread[at].depth + 1
    end = at + 1
    while end < len(thread) and thread[end].depth >= depth:
        end += 1
    return end, depth


class WpApiMixin:
    """Spider methods for the REST API (needs `archive`, `job_id`, `make`, `follow`)."""

    api_root: str | None = None

    def api_enabled(self) -> bool:
        return self.crawler.settings.getbool("WP_API", True)

    def api_seed(self, response) -> list:
        """The first posts-list request, the first time a page reveals the API."""
        if self.api_root is not None or not self.api_enabled():
            return []
        root = D.wp_api_root(response)
        if root is None or not self.scope.contains(root):
            return []
        self.api_root = root
        return self._api_follow(response, [D.api_route(root, "wp/v2/posts", per_page=PER_PAGE, page=1)])

    def _api_follow(self, response, urls) -> list:
        """Requests for new API URLs (not through `follow`: its trap rules skip /wp-json/)."""
        depth = response.meta.get("depth", 0) + 1
        requests = []
        with self.archive.transaction():
            for url in urls:
                if url in self.seen:
                    continue
                self.seen.add(url)
                if self.archive.discover(url, kind="api", job_id=self.job_id, referer=response.url,
                                         depth=depth):
                    requests.append(self.make(url, "api", depth=depth))
        return requests

    def parse_api_posts(self, response):
        url = response.meta["frontier_url"]
        posts = D.parse_api_list(response.body)
        if posts is None:
            yield UrlStateItem(url, "skipped", "not a REST API post list", response.status, "api")
            return
        links = [p["link"] for p in posts if isinstance(p.get("link"), str)]
        yield from self.follow(response, links, "article")
        if url.endswith("&page=1"):
            root = url.split("wp/v2/posts", 1)[0]
            more = [D.api_route(root, "wp/v2/posts", per_page=PER_PAGE, page=n)
                    for n in range(2, D.api_total_pages(response) + 1)]
            yield from self._api_follow(response, more)
        yield UrlStateItem(url, "done", None, response.status, "api")

    # ------------------------------------------------------------ comments
    def api_comment_requests(self, article, thread, response) -> list:
        """Ask the API for the comments of this article (page 1; more pages follow)."""
        root = self.api_root  # found by `api_seed` (in scope, WP_API on), which saw this page
        post_id = D.wp_post_id(response) if root else None
        if post_id is None or (thread.page.comments_state or "").startswith("hosted_elsewhere"):
            return []
        thread.api = []
        thread.api_root, thread.post_id = root, post_id
        return self._api_page_requests(article, thread, [1], response)

    def _api_page_requests(self, article, thread, numbers, response) -> list:
        requests = []
        with self.archive.transaction():
            for n in numbers:
                url = D.api_route(thread.api_root, "wp/v2/comments", post=thread.post_id,
                                  per_page=PER_PAGE, page=n)
                if url in thread.pending or url in thread.api_urls:
                    continue
                thread.pending.add(url)
                thread.api_urls.add(url)
                self.archive.discover(url, kind="api", job_id=self.job_id, referer=article,
                                      depth=response.meta.get("depth", 0))
                request = self.make(url, "api", depth=response.meta.get("depth", 0),
                                    article=article, api_page=n)
                requests.append(request.replace(callback=self.parse_api_comments,
                                                dont_filter=True, priority=30))
        return requests

    def parse_api_comments(self, response):
        article, url = response.meta["article"], response.meta["frontier_url"]
        thread = self.threads.get(article)
        objs = D.parse_api_list(response.body)
        if thread is None or objs is None:
            if objs is None:
                yield UrlStateItem(url, "failed", "not a REST API comment list", response.status, "api")
            yield from self.comment_page_failed(article, url)
            return
        thread.api.extend(c for c in (api_comment(o, thread.page.authors) for o in objs) if c)
        thread.pending.discard(url)
        thread.merged_urls.append(url)
        if response.meta.get("api_page") == 1:
            pages = range(2, D.api_total_pages(response) + 1)
            yield from self._api_page_requests(article, thread, pages, response)
        if not thread.pending:
            yield self._finish(article)
