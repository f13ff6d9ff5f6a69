"""The demo blog as a function: `Blog.respond(path, base_url) -> Response`.

`Blog` holds the site settings, categories and articles (by default the
bundled ones from `content.py`; a test may build a bigger blog from generated
`model.Article` objects and reuse every renderer). Routing follows WordPress
permalinks ("/%postname%/"): `/slug/`, `/slug/comment-page-N/`, `/page/N/`,
`/category/x/`, `/author/x/`, `/?p=ID` (301), `/?s=` search, `?replytocom=N`
(same page, noindex), missing trailing slash (301), and a themed 404.

Like a WordPress site behind a caching plugin, article pages carry `ETag`
(a hash of the page before the per-request footer) and `Last-Modified` (the
post's modified date or its newest comment) and answer conditional GETs with
304; `Link` headers advertise the REST API (`restapi.py`, on unless
`site["rest_api"]` is False). Site options used by the crawl tests:
`dynamic_footer` appends a per-request "generated in ... nonce" comment (the
raw bytes change on every fetch, the content does not); `hidden_comment_nav`
(slugs) drops the comment-page navigation of those posts, as a broken theme
does, so only the REST API shows their other comment pages; `conditional`
False sends no ETag/Last-Modified (no 304s), as many uncached sites. `Blog.update()`
edits a post in place (for recrawl tests).
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

from . import content, feeds, pages, restapi
from .article_html import render_article

SVG = {
    "avatar.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="42" height="42"><circle cx="21" cy="21" r="20" fill="#cbb"/></svg>',
    "ad-insoles.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><rect width="300" height="120" fill="#eed"/></svg>',
}
HTML = "text/html; charset=UTF-8"
_COMMENT_NAV = re.compile(r'<nav class="navigation comment-navigation".*?</nav>', re.S)


@dataclass
class Response:
    status: int
    content_type: str | None = HTML
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    article: object = None       # the post an article page shows (for its headers)


def _ok(text: str, ctype: str = HTML) -> Response:
    return Response(200, ctype, text.encode("utf-8"))


def _redirect(base: str, path: str) -> Response:
    return Response(301, None, b"", {"Location": base.rstrip("/") + path})


@dataclass
class Blog:
    site: dict = field(default_factory=lambda: dict(content.SITE))
    categories: dict = field(default_factory=lambda: dict(content.CATEGORIES))
    articles: list = field(default_factory=lambda: list(content.ARTICLES))

    def __post_init__(self):
        self.by_slug = {a.slug: a for a in self.articles}
        self.position = {a.slug: i for i, a in enumerate(self.articles)}
        self._requests = itertools.count(1)

    def update(self, slug: str, **changes) -> None:
        """Replace fields of one post (text, modified date, comments...), as an edit would."""
        i = self.position[slug]
        self.articles[i] = dataclasses.replace(self.articles[i], **changes)
        self.by_slug[slug] = self.articles[i]

    def not_found(self, base: str) -> Response:
        return Response(404, HTML, pages.render_not_found(self, base).encode("utf-8"))

    def respond(self, target: str, base: str, headers=None) -> Response:
        """Answer one GET for `target` (path + query) as seen by a server at `base`;
        `headers` (request headers) may hold If-None-Match / If-Modified-Since."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query)
        for handler in (self._api, self._root, self._files, self._listings, self._static_pages,
                        self._article):
            response = handler(path, query, base)
            if response is not None:
                return self._finish(response, path, base, headers or {})
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            probe = self.respond(path + "/", base)
            if probe.status == 200:
                return _redirect(base, path + "/")
        return self.not_found(base)

    def _api(self, path, query, base):
        if self.site.get("rest_api", True) is False:
            return None
        answered = restapi.answer(self, path, query, base)
        if answered is None:
            return None
        status, body, headers = answered
        return Response(status, restapi.JSON, restapi.encode(body),
                        {**headers, "Link": restapi.link_header(base)})

    def _finish(self, response: Response, path: str, base: str, request_headers) -> Response:
        """Headers of a WordPress article page; 304 for a matching conditional GET;
        the per-request footer. Other responses pass through."""
        article = response.article
        if article is None or response.status != 200:
            return response
        if article.slug in self.site.get("hidden_comment_nav", ()):
            response.body = _COMMENT_NAV.sub("", response.body.decode("utf-8")).encode("utf-8")
        etag = '"' + hashlib.sha1(response.body).hexdigest()[:20] + '"'
        changed = max([article.modified] + [c.published for c in article.real_comments])
        response.headers.update({"ETag": etag, "Last-Modified": _http_date(changed)})
        if self.site.get("rest_api", True) is not False:
            response.headers["Link"] = restapi.link_header(base, article.post_id)
        if self.site.get("conditional", True) is False:  # a site without validators
            del response.headers["ETag"], response.headers["Last-Modified"]
        elif _not_modified(request_headers, etag, changed):
            return Response(304, None, b"", response.headers)
        if self.site.get("dynamic_footer"):
            n = next(self._requests)
            response.body += f"<!-- Dynamic page generated in 0.{n % 997:03d} seconds. nonce {n:08x} -->\n".encode()
        return response

    def _root(self, path, query, base):
        if path != "/":
            return None
        if "p" in query:
            wanted = query["p"][0]
            for a in self.articles:
                if str(a.post_id) == wanted:
                    return _redirect(base, a.path)
            return self.not_found(base)
        if "s" in query:
            term = query["s"][0].lower()
            found = [a for a in self.articles if term in a.title.lower()]
            html = pages.render_listing(self, base, found, "/", 1, heading=f"Search Results for: {query['s'][0]}",
                                        body_class="search search-results", robots="noindex, follow")
            return _ok(html or "")
        return self._listing(base, self.articles, "/", 1, None, "home blog")

    def _files(self, path, query, base):
        if path == "/robots.txt":
            return _ok(feeds.robots_txt(self, base), "text/plain; charset=utf-8")
        if path == "/wp-sitemap.xml":
            return _ok(feeds.sitemap_index(self, base), "application/xml; charset=UTF-8")
        if path.startswith("/wp-sitemap-") and path.endswith(".xml"):
            xml = feeds.sub_sitemap(self, base, path[1:])
            return _ok(xml, "application/xml; charset=UTF-8") if xml else self.not_found(base)
        if path == "/feed/":
            return _ok(feeds.rss_feed(self, base), "application/rss+xml; charset=UTF-8")
        if path.startswith("/wp-content/uploads/"):
            svg = SVG.get(path.rsplit("/", 1)[-1])
            return _ok(svg, "image/svg+xml") if svg else self.not_found(base)
        return None

    def _listing(self, base, articles, prefix, n, heading, body_class):
        html = pages.render_listing(self, base, articles, prefix, n, heading=heading, body_class=body_class)
        return _ok(html) if html else self.not_found(base)

    def _listings(self, path, query, base):
        m = re.fullmatch(r"(/(?:category/([\w-]+)/|author/([\w-]+)/)?)(?:page/(\d+)/)?", path)
        if not m or path == "/":
            return None
        prefix, cat, author, n = m.group(1), m.group(2), m.group(3), int(m.group(4) or 1)
        if m.group(4) and n == 1:
            return _redirect(base, prefix)
        if cat:
            if cat not in self.categories:
                return self.not_found(base)
            arts = [a for a in self.articles if a.category == cat]
            return self._listing(base, arts, prefix, n, f"Category: {self.categories[cat]}",
                                 f"archive category category-{cat}")
        if author:
            if author != self.site["author_slug"]:
                return self.not_found(base)
            return self._listing(base, self.articles, prefix, n, f"Author: {self.site['author']}",
                                 f"archive author author-{author}")
        return self._listing(base, self.articles, "/", n, None, "home blog")

    def _static_pages(self, path, query, base):
        renderers = {"/about/": pages.render_about, "/members/": pages.render_members,
                     content.SHOP_PATH: pages.render_shop}
        render = renderers.get(path)
        return _ok(render(self, base)) if render else None

    def _article(self, path, query, base):
        m = re.fullmatch(r"/([\w-]+)/(?:comment-page-(\d+)/)?", path)
        article = self.by_slug.get(m.group(1)) if m else None
        if article is None:
            return None
        cpage = int(m.group(2) or 1)
        if m.group(2) and cpage == 1:
            return _redirect(base, article.path)
        if cpage > article.comment_pages:
            return self.not_found(base)
        reply_to = None
        if "replytocom" in query:
            wanted = query["replytocom"][0]
            reply_to = next((c for c in article.real_comments if str(c.id) == wanted), None)
        response = _ok(render_article(self, base, article, cpage, reply_to))
        response.article = article
        return response


def _http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso), usegmt=True)


def _not_modified(headers, etag: str, changed: str) -> bool:
    """RFC 9110: If-None-Match wins; else If-Modified-Since not older than the change."""
    get = lambda name: next((v for k, v in headers.items() if k.lower() == name), None)
    if get("if-none-match") is not None:
        return etag in [t.strip().removeprefix("W/") for t in get("if-none-match").split(",")]
    since = get("if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(since) >= datetime.fromisoformat(changed).replace(microsecond=0)
    except (TypeError, ValueError):
        return False

