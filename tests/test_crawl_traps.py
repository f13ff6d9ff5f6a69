"""Scope and traps, end to end: a site full of duplicate variants and infinite spaces
(calendars, relative-link loops, session ids, an endless chain of pages) is crawled
to completion; one row per article, every stop recorded as a skip with its reason,
and no trap URL is ever fetched.

`pytest -s tests/test_crawl_traps.py` prints the trap table.
"""
from __future__ import annotations

import pytest

from archive.demo.server import serve_blog
from archive.demo.site import Response

from test_crawl import crawl, rows

pytestmark = pytest.mark.slow

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{canonical}">
<script type="application/ld+json">{{"@type": "BlogPosting", "headline": "{title}"}}</script>
<meta property="og:type" content="article"></head><body class="single single-post"><main>
<article class="post"><h1 class="entry-title">{title}</h1><div class="entry-content">
<p>{title}: {filler}</p>{links}</div></article></main></body></html>"""
LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body class="home blog"><main>{links}</main></body></html>"""

# link on the home page -> (status, reason) of its crawl_urls row; None: not a row of its own
HOME_LINKS = {
    "/2024/01/post-1/": ("done", None),
    "/2024/01/post-1/?utm_source=news&utm_medium=mail&fbclid=abc#comment-3": None,  # = post-1
    "/2024/01/post-1/?replytocom=5#respond": None,                                # = post-1
    "{www}/2024/01/post-2/": None,                  # http://www.<host>/ = the start host
    "{https}/2024/01/post-4/?gclid=1": None,        # https://<host>/ = http://<host>/
    "/2024/01/post-1/amp/": ("skipped", "amp variant"),
    "/2024/01/post-2/?amp=1": ("skipped", "amp variant"),
    "/amp/2024/01/post-5/": ("skipped", "amp variant"),  # post-5's only link: its base is crawled
    "/2024/01/post-3/print/": ("skipped", "print variant"),
    "/2024/01/post-3/?print=1": ("skipped", "print variant"),
    "/2024/01/post-4/feed/": ("skipped", "feed variant"),
    "/2024/01/post-4/": ("done", None),
    "/2024/01/02/": ("skipped", "day archive (calendar trap)"),
    "/?m=202401": ("skipped", "calendar archive"),
    "/calendar/?month=2024-02": ("skipped", "calendar trap (?month=)"),
    "/events/month/2031-07/": ("skipped", "calendar trap (dated calendar page)"),
    "/2999/01/": ("skipped", "calendar trap: date archive out of range (2999)"),
    "/a/": ("done", "not an article"),
    "/forum/?PHPSESSID=f00d": ("skipped", "session id in URL (PHPSESSID)"),
    "/forum/?sid=77": ("skipped", "session id in URL (sid)"),
    "/deep/1/": ("done", "not an article"),
    "/2024/01/canon-dup/": ("skipped", "duplicate of canonical {base}/2024/01/post-1/"),
    "/2024/01/canon-off/": ("done", None),
}
# URLs found further down -> (status, reason)
DEEPER = {
    "/a/a/": ("done", "not an article"),  # once in a row is allowed (/blog/blog/)
    "/a/a/a/": ("skipped", "repeated path segments"),
    "/a/a/b/": ("done", "not an article"),
    "/a/a/b/a/": ("skipped", "repeated path segments"),
    "/a/a/b/b/": ("skipped", "depth limit 3"),
    "/a/b/": ("done", "not an article"),
    "/a/b/a/": ("done", "not an article"),
    "/a/b/a/a/": ("skipped", "repeated path segments"),
    "/a/b/a/b/": ("skipped", "repeated path segments"),
    "/forum/": ("done", "not an article"),
    "/forum/thread/;jsessionid=0AB1": ("skipped", "session id in URL (jsessionid)"),
    "/forum/thread/": ("done", "not an article"),
    "/2024/01/post-2/": ("done", None),
    "/2024/01/post-3/": ("done", None),
    "/2024/01/post-5/": ("done", None),
    "/deep/3/": ("done", "not an article"),
    "/deep/4/": ("skipped", "depth limit 3"),
}
ARTICLES = {"/2024/01/post-1/", "/2024/01/post-2/", "/2024/01/post-3/", "/2024/01/post-4/",
            "/2024/01/post-5/", "/2024/01/canon-off/"}


class TrapSite:
    """Pages made on request; `log` is every path (with query) asked for."""

    def __init__(self):
        self.log: list[str] = []
        self.base = ""

    def page(self, path: str) -> tuple[int, bytes]:
        if path == "/":
            www = self.base.replace("://", "://www.")
            https = self.base.replace("http://", "https://")
            links = [h.replace("{www}", www).replace("{https}", https) for h in HOME_LINKS]
            return 200, self.listing("Home", links)
        if path.startswith("/2024/01/post-") or path.startswith("/2024/01/canon-"):
            return 200, self.article(path)
        if path.startswith("/a/"):  # relative links: a/ and b/ below wherever we are
            return 200, self.listing(path, ["a/", "b/"])
        if path.split("?")[0] in ("/forum/", "/forum/thread/"):
            return 200, self.listing("Forum", ["/forum/thread/;jsessionid=0AB1", "/forum/?sid=78"])
        if path.startswith("/deep/"):  # an endless chain: only a limit stops it
            n = int(path.split("/")[2])
            return 200, self.listing(f"Deep {n}", [f"/deep/{n + 1}/"])
        return 404, b"<html><body>not found</body></html>"

    def article(self, path: str) -> bytes:
        canonical = {"/2024/01/canon-dup/": self.base + "/2024/01/post-1/",
                     "/2024/01/canon-off/": "https://elsewhere.example/x/"}.get(path, self.base + path)
        title = path.strip("/").rsplit("/", 1)[-1]
        nxt = "/2024/01/post-3/" if path == "/2024/01/post-2/" else "/2024/01/post-2/"
        return ARTICLE.format(title=title, canonical=canonical, filler="Some text. " * 40,
                              links=f'<p><a href="{nxt}?utm_campaign=x">next</a></p>').encode()

    @staticmethod
    def listing(title: str, links: list[str]) -> bytes:
        items = "".join(f'<p><a href="{h}">{h}</a></p>' for h in links)
        return LISTING.format(title=title, links=items).encode()

    def respond(self, target: str, base: str, headers=None) -> Response:
        """One GET, answered as `archive.demo.server` asks its blog."""
        self.log.append(target)
        status, body = self.page(target)
        return Response(status, "text/html; charset=utf-8", body)

    def serve(self):
        server, self.base = serve_blog(blog=self)
        return server


@pytest.fixture(scope="module")
def trapped(tmp_path_factory):
    site = TrapSite()
    server = site.serve()
    db = tmp_path_factory.mktemp("traps") / "archive.db"
    result = crawl(site.base + "/", db, "-s", "DEPTH_LIMIT=3")
    yield site, db, result
    server.shutdown()


def url_states(db, base):
    return {u.replace(base, ""): (s, r) for u, s, r in
            rows(db, "SELECT url, status, reason FROM crawl_urls")}


def test_trap_table(trapped):
    site, db, result = trapped
    assert result.returncode == 0, result.stderr[-3000:]
    states = url_states(db, site.base)
    expected = {p: v for p, v in {**HOME_LINKS, **DEEPER}.items() if v is not None}
    print(f"\n{'URL':72} {'status':8} reason")
    for path, (status, reason) in sorted(expected.items()):
        got = states.get(path, ("missing", None))
        print(f"{path:72} {got[0]:8} {(got[1] or '-').replace(site.base, '')}")
    for path, (status, reason) in expected.items():
        want = (status, reason.format(base=site.base) if reason else None)
        assert states.get(path) == want, (path, states.get(path))


def test_one_row_per_article_and_no_trap_fetched(trapped):
    site, db, _ = trapped
    assert {u.replace(site.base, "") for (u,) in rows(db, "SELECT url FROM articles")} == ARTICLES
    skipped = {p for p, (s, r) in url_states(db, site.base).items()
               if s == "skipped" and not r.startswith(("duplicate of canonical", "not found"))}
    assert not skipped & set(site.log)  # decided from the URL alone, before any request
    assert not [p for p in site.log if "utm_" in p or "fbclid" in p or "replytocom" in p]
    assert not [p for p in site.log if p.count("/deep/") and int(p.split("/")[2]) > 4]
    fetched_twice = {p for p in site.log if site.log.count(p) > 1} - {"/robots.txt"}
    assert not fetched_twice


def test_canonical_only_within_the_site(trapped):
    site, db, _ = trapped
    assert rows(db, "SELECT canonical_url FROM articles WHERE url = ?",
                [site.base + "/2024/01/canon-off/"]) == [("https://elsewhere.example/x/",)]
    assert not [u for (u,) in rows(db, "SELECT url FROM crawl_urls") if "elsewhere" in u]


def test_every_url_ends_with_a_reason(trapped):
    _, db, _ = trapped
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('failed', 'skipped') "
                        "AND coalesce(reason, '') = ''")


def test_page_budget_per_host(tmp_path):
    """Without a depth limit the /deep/ chain never ends: the per-host page budget stops
    it, each URL past the budget recorded as a skip, and the job completes."""
    site = TrapSite()
    server = site.serve()
    try:
        db = tmp_path / "archive.db"
        result = crawl(site.base + "/", db, "-s", "HEALTHARCHIVE_MAX_PAGES_PER_HOST=5")
        assert result.returncode == 0, result.stderr[-3000:]
        host = site.base.split("://")[1]
        pages = [p for p in site.log if p not in ("/robots.txt", "/feed/") and "sitemap" not in p]
        assert len(pages) == 5, pages
        over = rows(db, "SELECT count(*) FROM crawl_urls WHERE status = 'skipped' AND reason = ?",
                    [f"page budget 5 reached for {host}"])[0][0]
        assert over >= 3  # the home page links to 8 pages, /deep/ and /a/ to more
        assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
        # the budget is the job's: running it again fetches no page beyond it
        again = crawl(site.base + "/", db, "-s", "HEALTHARCHIVE_MAX_PAGES_PER_HOST=5")
        assert again.returncode == 0, again.stderr[-3000:]
        assert [p for p in site.log if p not in ("/robots.txt", "/feed/") and "sitemap" not in p] \
            == pages
    finally:
        server.shutdown()


def test_page_budget_survives_a_resume(tmp_path):
    """A job stopped early (here by CLOSESPIDER_PAGECOUNT) and run again keeps to one
    budget over both runs."""
    site = TrapSite()
    server = site.serve()
    try:
        db = tmp_path / "archive.db"
        budget = ["-s", "HEALTHARCHIVE_MAX_PAGES_PER_HOST=8"]
        over = "SELECT count(*) FROM crawl_urls WHERE reason LIKE 'page budget 8 reached%'"
        first = crawl(site.base + "/", db, *budget, "-s", "CLOSESPIDER_PAGECOUNT=4")
        assert first.returncode == 4, first.stderr[-3000:]  # limit reached: pages left todo
        skipped_first = rows(db, over)[0][0]
        result = crawl(site.base + "/", db, *budget)
        assert result.returncode == 0, result.stderr[-3000:]
        fetched = rows(db, "SELECT count(*) FROM crawl_urls WHERE status IN ('done', 'failed')"
                           " AND kind NOT IN ('robots', 'sitemap', 'feed')")[0][0]
        assert fetched == 8
        # the links past the budget stay recorded skips, whichever run found them
        assert rows(db, over)[0][0] >= max(1, skipped_first)
        assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    finally:
        server.shutdown()
