"""The demo blog as a function: `Blog.respond(path, base_url) -> Response`.

`Blog` holds the site settings, categories and articles (by default the
bundled ones from `content.py`; a test may build a bigger blog from generated
`model.Article` objects and reuse every renderer). Routing follows WordPress
permalinks ("/%postname%/"): `/slug/`, `/slug/comment-page-N/`, `/page/N/`,
`/category/x/`, `/author/x/`, `/?p=ID` (301), `/?s=` search, `?replytocom=N`
(same page, noindex), missing trailing slash (301), and a themed 404.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from . import content, feeds, pages
from .article_html import render_article

SVG = {
    "avatar.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="42" height="42"><circle cx="21" cy="21" r="20" fill="#cbb"/></svg>',
    "ad-insoles.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><rect width="300" height="120" fill="#eed"/></svg>',
}
HTML = "text/html; charset=UTF-8"


@dataclass
class Response:
    status: int
    content_type: str | None = HTML
    body: bytes = b""
    headers: dict = field(default_factory=dict)


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

    def not_found(self, base: str) -> Response:
        return Response(404, HTML, pages.render_not_found(self, base).encode("utf-8"))

    def respond(self, target: str, base: str) -> Response:
        """Answer one GET for `target` (path + query) as seen by a server at `base`."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query)
        for handler in (self._root, self._files, self._listings, self._static_pages, self._article):
            response = handler(path, query, base)
            if response is not None:
                return response
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            probe = self.respond(path + "/", base)
            if probe.status == 200:
                return _redirect(base, path + "/")
        return self.not_found(base)

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
        return _ok(render_article(self, base, article, cpage, reply_to))

