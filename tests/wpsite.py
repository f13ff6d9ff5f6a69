"""A small WordPress-like blog for crawl tests, served on 127.0.0.1 (port 0).

`WPSite(n_articles=...)` builds every page in memory: robots.txt (with a
Disallow and a Sitemap line), a wp-sitemap index, post and taxonomy sitemaps,
an RSS feed, a paginated home page, a category page, articles with JSON-LD,
references, threaded comments with `?replytocom=` reply links, one article
whose comments span three comment pages (the article URL shows the newest),
and bad pages: a 404 in the sitemap, a PDF at an article URL, an empty page,
a page that is not an article, a disallowed article. `serve()` starts it in a
thread and records every request path in `site.log`.
"""
from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass, field

from archive.demo.server import serve_blog
from archive.demo.site import Response

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class C:
    """A comment: id, author, text, replies."""

    id: int
    author: str
    text: str
    replies: list["C"] = field(default_factory=list)
    site_author: bool = False


def comment_html(c: C, url: str, depth: int = 1) -> str:
    cls = "comment byuser bypostauthor" if c.site_author else "comment"
    kids = "".join(comment_html(r, url, depth + 1) for r in c.replies)
    children = f'<ol class="children">{kids}</ol>' if kids else ""
    return (
        f'<li id="comment-{c.id}" class="{cls} depth-{depth}">'
        f'<article id="div-comment-{c.id}" class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><b class="fn">{html.escape(c.author)}</b> '
        f'<span class="says">says:</span></div><div class="comment-metadata">'
        f'<a href="{url}#comment-{c.id}"><time datetime="2024-02-{c.id % 28 + 1:02d}T10:00:00+00:00">'
        f'February {c.id % 28 + 1}, 2024</time></a></div></footer>'
        f'<div class="comment-content"><p>{html.escape(c.text)}</p></div>'
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
        f'href="{url}?replytocom={c.id}#respond">Reply</a></div></article>{children}</li>')


def thread_rows(comments: list[C], depth: int = 0, parent=None) -> list[tuple]:
    """(comment key, parent key, depth) in page order."""
    rows = []
    for c in comments:
        rows.append((f"comment-{c.id}", parent, depth))
        rows += thread_rows(c.replies, depth + 1, f"comment-{c.id}")
    return rows


class WPSite:
    def __init__(self, n_articles: int = 6):
        self.base = ""  # set by serve()
        self.n = n_articles
        self.log: list[str] = []
        self.times: list[float] = []  # time.monotonic() of each request, as `log`
        self.faults: dict[str, list[int]] = {}  # path -> statuses to answer first, in turn
        self.last_modified: dict[str, str] = {}  # path -> Last-Modified (If-Modified-Since: 304)
        self.pages: dict[str, tuple[int, str, bytes]] = {}

    # ------------------------------------------------------------ content
    def article_path(self, i: int) -> str:
        return f"/2024/0{i % 9 + 1}/health-note-{i}/"

    def comments_for(self, i: int) -> list[C]:
        base = i * 100
        return [C(base + 1, "Anna", f"Thanks for note {i}, very useful.", [
                    C(base + 2, "Dr Site", f"Glad it helped, Anna ({i}).", [
                        C(base + 3, "Anna", f"One more question about note {i}.")],
                      site_author=True)]),
                C(base + 4, "Ben", f"I disagree with part of note {i}.")]

    def long_thread_pages(self) -> dict[int, list[C]]:
        """Comment pages 1..3 (oldest first) of the paginated article."""
        return {1: [C(901, "Old One", "First!", [C(902, "Dr Site", "Welcome.", site_author=True)])],
                2: [C(903, "Mid Two", "Middle comment.", [C(904, "Old One", "Reply in middle.", [
                        C(905, "Mid Two", "Deep reply.")])])],
                3: [C(906, "New Three", "Newest comment.")]}

    def page(self, title: str, body: str, *, article: bool, url: str, head: str = "") -> bytes:
        ld = json.dumps({"@context": "https://schema.org", "@type": "BlogPosting",
                         "headline": title, "datePublished": "2024-01-05T08:00:00+00:00",
                         "author": {"@type": "Person", "name": "Dr Site"}})
        meta = (f'<script type="application/ld+json">{ld}</script>'
                f'<meta property="og:type" content="article">') if article else \
            '<meta property="og:type" content="website">'
        cls = "single single-post" if article else "home blog"
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
                f'<link rel="canonical" href="{self.base}{url}">{meta}{head}'
                f'<link rel="alternate" type="application/rss+xml" href="{self.base}/feed/">'
                f'</head><body class="{cls}"><header><nav><a href="/">Home</a> '
                f'<a href="/category/health/">Health</a> <a href="/about/">About</a> '
                f'<a href="/?s=vitamin">Search</a></nav></header>'
                f'<main id="main" class="site-main">{body}</main>'
                f'<footer>Powered by WordPress</footer></body></html>').encode()

    def article(self, i: int, comments: list[C], nav: str = "", url: str | None = None) -> bytes:
        url = url or self.article_path(i)
        nxt = self.article_path(i % self.n + 1)
        body = (f'<article class="post type-post hentry"><h1 class="entry-title">Health note {i}</h1>'
                f'<div class="entry-content"><p>Vitamin D and sleep, part {i}. ' + "Text. " * 40 +
                f'</p><p>See <a href="{nxt}?utm_source=feed&fbclid=x">the next note</a>, its '
                f'<a href="{nxt}amp/">AMP page</a>, <a href="/private/secret-post/">a private post</a>'
                f' and <a href="https://pubmed.ncbi.nlm.nih.gov/123456/">PubMed 123456</a>.</p>'
                f'<h2>References</h2><ol><li>Smith J. Sleep and vitamin D. J Sleep Res. 2020;'
                f' doi:10.1000/sleep.{i}</li></ol></div></article>')
        items = "".join(comment_html(c, url) for c in comments)
        body += (f'<div id="comments" class="comments-area"><h2 class="comments-title">Comments</h2>'
                 f'<ol class="comment-list">{items}</ol>{nav}</div>')
        return self.page(f"Health note {i}", body, article=True, url=url)

    def comment_nav(self, url: str, older: int | None, newer: int | None) -> str:
        links = ""
        if older:
            links += f'<div class="nav-previous"><a href="{url}comment-page-{older}/#comments">Older Comments</a></div>'
        if newer:
            links += f'<div class="nav-next"><a href="{url}comment-page-{newer}/#comments">Newer Comments</a></div>'
        return f'<nav class="navigation comment-navigation"><div class="nav-links">{links}</div></nav>'

    def listing(self, title: str, ids: list[int], next_url: str | None) -> bytes:
        items = "".join(f'<article class="post"><h2><a href="{self.article_path(i)}">Note {i}</a>'
                        f'</h2></article>' for i in ids)
        nav = f'<div class="nav-links"><a class="next" rel="next" href="{next_url}">Older posts</a></div>' \
            if next_url else ""
        head = f'<link rel="next" href="{self.base}{next_url}">' if next_url else ""
        return self.page(title, items + nav, article=False, url="/", head=head)

    # --------------------------------------------------------------- build
    def build(self) -> None:
        html_t, xml_t = "text/html; charset=UTF-8", "application/xml; charset=UTF-8"
        p = self.pages
        p["/robots.txt"] = (200, "text/plain", (
            f"User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\nDisallow: /sitemap.xml\n\n"
            f"Sitemap: {self.base}/wp-sitemap.xml\n").encode())
        p["/wp-sitemap.xml"] = (200, xml_t, self.sitemap_index())
        posts = [self.article_path(i) for i in range(1, self.n + 1)] + [
            "/2024/01/long-thread/", "/2024/02/gone-post/", "/2024/02/report-post/",
            "/2024/02/empty-post/", "/private/secret-post/"]
        p["/wp-sitemap-posts-post-1.xml"] = (200, xml_t, self.urlset(posts))
        p["/wp-sitemap-taxonomies-category-1.xml"] = (200, xml_t, self.urlset(["/category/health/"]))
        p["/feed/"] = (200, "application/rss+xml; charset=UTF-8", self.rss([1, 2]))
        half = self.n // 2
        p["/"] = (200, html_t, self.listing("Home", list(range(1, half + 1)), "/page/2/"))
        p["/page/2/"] = (200, html_t, self.listing("Page 2", list(range(half + 1, self.n + 1)) + [99], None))
        p["/category/health/"] = (200, html_t, self.listing("Health", [1, 2], None))
        p["/about/"] = (200, html_t, self.page("About", "<h1>About us</h1><p>We write.</p>",
                                               article=False, url="/about/"))
        for i in list(range(1, self.n + 1)) + [99]:  # 99: only reachable through /page/2/
            p[self.article_path(i)] = (200, html_t, self.article(i, self.comments_for(i)))
        self.build_long_thread()
        p["/2024/02/report-post/"] = (200, "application/pdf", PDF)
        p["/2024/02/empty-post/"] = (200, html_t, b"")
        p["/private/secret-post/"] = (200, html_t, self.article(77, []))

    def build_long_thread(self) -> None:
        url = "/2024/01/long-thread/"
        pages = self.long_thread_pages()
        nav = {1: (None, 2), 2: (1, 3), 3: (2, None)}
        for n, comments in pages.items():
            body = self.article(50, comments, self.comment_nav(url, *nav[n]),
                                url=f"{url}comment-page-{n}/")
            self.pages[f"{url}comment-page-{n}/"] = (200, "text/html; charset=UTF-8", body)
        self.pages[url] = (200, "text/html; charset=UTF-8",
                           self.article(50, pages[3], self.comment_nav(url, 2, None), url=url))

    def sitemap_index(self) -> bytes:
        maps = "".join(f"<sitemap><loc>{self.base}{m}</loc></sitemap>" for m in
                       ("/wp-sitemap-posts-post-1.xml", "/wp-sitemap-taxonomies-category-1.xml"))
        return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>').encode()

    def urlset(self, paths: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{self.base}{u}</loc></url>" for u in paths)
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    def rss(self, ids: list[int]) -> bytes:
        items = "".join(f"<item><title>Note {i}</title><link>{self.base}{self.article_path(i)}</link></item>"
                        for i in ids)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f'<title>Blog</title>{items}</channel></rss>').encode()

    # --------------------------------------------------------------- serve
    def respond(self, target: str, base: str, headers=None) -> Response:
        """One GET, answered as `archive.demo.server` asks its blog: a queued fault first,
        else the page (304 for a matching If-Modified-Since); `log` and `times` record it."""
        self.log.append(target)
        self.times.append(time.monotonic())
        path = target.split("#", 1)[0]
        status, ctype, body = self.pages.get(path, (404, "text/html", b"<h1>Not found</h1>"))
        if self.faults.get(path):
            status, ctype, body = self.faults[path].pop(0), "text/html", b"<h1>Error</h1>"
        modified = self.last_modified.get(path)
        if modified and (headers or {}).get("If-Modified-Since") == modified:
            status, body = 304, b""
        return Response(status, ctype, body, {"Last-Modified": modified} if modified else {})

    def serve(self):
        """Serve on 127.0.0.1 (any free port) in a daemon thread; returns the server."""
        server, self.base = serve_blog(blog=self)
        self.build()
        return server
