"""The bundled demo blog, served on 127.0.0.1 and fetched with urllib.

These tests check the site itself against its ground truth (`content.ARTICLES`):
robots, sitemaps, feed, listing pagination, comment pages, comment markup,
404s. Splitter quality is not judged here (only that every page splits).
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest

from archive import Page, split_page
from archive.demo import _fresh_workdir
from archive.demo.content import ARTICLES, COUPON_CODE, SITE
from archive.demo.server import serve_blog
from archive.demo.site import Blog

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) without following redirects."""
    try:
        with OPENER.open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def blog():
    server, base = serve_blog("127.0.0.1", 0)
    yield server, base
    server.shutdown()
    server.server_close()


def html_of(url: str):
    status, _, body = fetch(url)
    assert status == 200, url
    return lxml.html.fromstring(body)


def comment_page_urls(base, article):
    return [base + article.path] + [f"{base}{article.path}comment-page-{n}/"
                                    for n in range(2, article.comment_pages + 1)]


def test_ground_truth_covers_what_the_issue_asks():
    kinds = {p.kind for a in ARTICLES for p in a.promotions}
    assert len(ARTICLES) >= 12
    assert {"coupon", "affiliate", "product", "newsletter", "lead_magnet", "disclosure", "ad"} <= kinds
    assert max(c.depth for a in ARTICLES for c in a.comments) >= 2          # 3 levels
    assert any(c.is_site_author and c.depth >= 1 for a in ARTICLES for c in a.comments)
    assert any(c.is_pingback for a in ARTICLES for c in a.comments)
    assert any(a.comment_pages > 1 for a in ARTICLES)
    assert all(r.doi or r.pmid or r.url for a in ARTICLES for r in a.references)
    ids = [c.id for a in ARTICLES for c in a.comments]
    assert len(ids) == len(set(ids))


def test_robots_names_the_sitemap_and_disallows_a_linked_page(blog):
    _, base = blog
    status, headers, body = fetch(base + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {base}/wp-sitemap.xml" in body.decode()
    robots = RobotFileParser()
    robots.parse(body.decode().splitlines())
    assert not robots.can_fetch("healtharchive", base + "/members/")
    assert robots.can_fetch("healtharchive", base + ARTICLES[0].path)
    links = html_of(base + "/").xpath("//a/@href")
    assert base + "/members/" in links
    assert fetch(base + "/members/")[0] == 200


def test_sitemap_index_lists_every_article(blog):
    _, base = blog
    index = ET.fromstring(fetch(base + "/wp-sitemap.xml")[2])
    locs = []
    for sub in index.iter(SM + "loc"):
        status, _, body = fetch(sub.text)
        assert status == 200, sub.text
        locs += [loc.text for loc in ET.fromstring(body).iter(SM + "loc")]
    assert {base + a.path for a in ARTICLES} <= set(locs)
    for url in locs:
        assert fetch(url)[0] == 200, url


def test_sitemaps_split_like_wordpress_when_large():
    small = Blog(site={**SITE, "sitemap_max": 5})
    index = ET.fromstring(small.respond("/wp-sitemap.xml", "http://x").body)
    posts = [loc.text for loc in index.iter(SM + "loc") if "posts-post" in loc.text]
    assert len(posts) == -(-len(ARTICLES) // 5)
    assert small.respond(f"/wp-sitemap-posts-post-{len(posts) + 1}.xml", "http://x").status == 404


def test_feed_lists_the_newest_posts(blog):
    _, base = blog
    status, headers, body = fetch(base + "/feed/")
    assert status == 200 and "rss+xml" in headers["Content-Type"]
    links = [item.findtext("link") for item in ET.fromstring(body).iter("item")]
    newest = [base + a.path for a in reversed(ARTICLES)][:SITE["feed_items"]]
    assert links == newest


def test_home_pagination_reaches_every_article(blog):
    _, base = blog
    url, seen, pages = base + "/", [], 0
    while url:
        doc = html_of(url)
        pages += 1
        seen += doc.xpath("//main//h2[contains(@class,'entry-title')]/a/@href")
        nxt = doc.xpath("//a[contains(@class,'next') and contains(@class,'page-numbers')]/@href")
        url = nxt[0] if nxt else None
    assert seen == [base + a.path for a in reversed(ARTICLES)]
    assert pages == -(-len(ARTICLES) // SITE["posts_per_page"]) > 1
    assert fetch(f"{base}/page/{pages + 1}/")[0] == 404
    assert fetch(base + "/page/1/")[0] == 301


def test_category_pages_list_their_articles(blog):
    _, base = blog
    for slug in {a.category for a in ARTICLES}:
        doc = html_of(f"{base}/category/{slug}/")
        listed = doc.xpath("//main//h2[contains(@class,'entry-title')]/a/@href")
        expected = [base + a.path for a in reversed(ARTICLES) if a.category == slug]
        assert listed == expected[:SITE["posts_per_page"]]


def _comment_rows(doc):
    """(key, parent key, depth, classes) of every li in the page's comment lists."""
    rows = []
    for li in doc.xpath("//ol[contains(@class,'comment-list')]//li[starts-with(@id,'comment-')]"):
        parent = li.xpath("ancestor::li[starts-with(@id,'comment-')][1]/@id")
        depth = len(li.xpath("ancestor::ol[contains(@class,'children')]"))
        rows.append((li.get("id"), parent[0] if parent else None, depth, li.get("class").split()))
    return rows


def test_comment_pages_hold_exactly_their_threads(blog):
    _, base = blog
    paginated = [a for a in ARTICLES if a.comment_pages > 1]
    assert paginated
    for article in paginated:
        urls = comment_page_urls(base, article)
        for n, url in enumerate(urls, 1):
            doc = html_of(url)
            keys = [r[0] for r in _comment_rows(doc)]
            assert keys == [c.key for c in article.comments_on_page(n)], url
            assert len(doc.xpath("//ol[contains(@class,'comment-list')]")) == 1
            nav = doc.xpath("//nav[contains(@class,'comment-navigation')]//a")
            texts = {a.text_content(): a.get("href") for a in nav}
            if n > 1:
                assert texts["Older Comments"].split("#")[0] == (urls[n - 2])
            if n < len(urls):
                assert texts["Newer Comments"].split("#")[0] == urls[n]
            assert doc.xpath("//link[@rel='canonical']/@href") == [url]
        assert fetch(f"{base}{article.path}comment-page-{article.comment_pages + 1}/")[0] == 404


def test_comment_markup_matches_the_ground_truth(blog):
    _, base = blog
    for article in ARTICLES:
        rows = [r for url in comment_page_urls(base, article) for r in _comment_rows(html_of(url))]
        assert [(k, p, d) for k, p, d, _ in rows] == [(c.key, c.parent_key, c.depth) for c in article.comments]
        for (_, _, _, classes), c in zip(rows, article.comments):
            assert ("bypostauthor" in classes) == c.is_site_author
            assert ("pingback" in classes) == c.is_pingback


def test_comment_fields_and_reply_links(blog):
    _, base = blog
    article = max(ARTICLES, key=lambda a: len(a.real_comments))
    doc = html_of(base + article.path)
    for c in article.comments_on_page(1):
        li = doc.get_element_by_id(c.key)
        body = li.xpath("./article[contains(@class,'comment-body')]")[0]
        assert body.xpath(".//*[contains(@class,'comment-author')]//*[contains(@class,'fn')]")[0].text_content() == c.author
        assert body.xpath(".//time/@datetime") == [c.published]
        assert body.xpath(".//*[contains(@class,'comment-content')]")[0].text_content().strip() == c.text
        reply = body.xpath(".//a[contains(@class,'comment-reply-link')]/@href")[0]
        assert reply == f"{base}{article.path}?replytocom={c.id}#respond"
    assert doc.xpath("//*[@id='respond']//form")
    status, _, page = fetch(f"{base}{article.path}?replytocom={article.comments[0].id}")
    assert status == 200 and b'content="noindex, follow"' in page


def test_article_metadata_and_parts_are_in_the_markup(blog):
    _, base = blog
    for article in ARTICLES:
        url = base + article.path
        doc = html_of(url)
        assert doc.xpath("//article[contains(@class,'post')]//h1[contains(@class,'entry-title')]")[0].text_content() == article.title
        assert doc.xpath("//link[@rel='canonical']/@href") == [url]
        assert doc.xpath("//meta[@property='og:type']/@content") == ["article"]
        graph = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)["@graph"]
        post = next(n for n in graph if n["@type"] == "BlogPosting")
        assert (post["author"]["name"], post["datePublished"]) == (article.author, article.published)
        refs = doc.xpath("//h2[normalize-space()='References']/following-sibling::ol[1]/li")
        assert [r.text_content() for r in refs] == [r.text for r in article.references]
        content = doc.xpath("//*[contains(@class,'entry-content')]")[0].text_content()
        assert all(p in content for p in article.body_paragraphs)
        if any(p.kind == "coupon" for p in article.promotions):
            assert COUPON_CODE in content


def test_pages_that_are_not_articles(blog):
    _, base = blog
    doc = html_of(base + "/about/")
    assert doc.xpath("//meta[@property='og:type']/@content") == ["website"]
    assert b"BlogPosting" not in fetch(base + "/about/")[2]


def test_unknown_paths_are_404(blog):
    _, base = blog
    for path in ("/no-such-post/", "/category/nope/", "/page/99/", "/wp-sitemap-posts-post-9.xml",
                 "/author/someone-else/", "/wp-content/uploads/missing.png", "/?p=99999"):
        status, headers, body = fetch(base + path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html") and b"error404" in body


def test_redirects_like_wordpress(blog):
    _, base = blog
    article = ARTICLES[3]
    assert fetch(f"{base}/?p={article.post_id}")[1]["Location"] == base + article.path
    assert fetch(base + article.path.rstrip("/"))[1]["Location"] == base + article.path
    assert fetch(f"{base}{article.path}comment-page-1/")[1]["Location"] == base + article.path


def test_links_are_absolute_and_requests_are_logged(blog):
    server, base = blog
    doc = html_of(base + ARTICLES[1].path)
    for href in doc.xpath("//a/@href | //link/@href | //img/@src | //form/@action"):
        assert href.startswith(("http://", "https://", "#")), href
    assert server.hits[-1] == ARTICLES[1].path


def test_every_demo_page_splits_without_error(blog):
    _, base = blog
    for article in ARTICLES:
        for url in comment_page_urls(base, article):
            assert isinstance(split_page(fetch(url)[2], url), Page)
    for path in ("/", "/about/", "/no-such-post/"):
        assert isinstance(split_page(fetch(base + path)[2], base + path), Page)


def test_fresh_workdir_removes_only_the_old_archive(tmp_path):
    (tmp_path / "warc").mkdir()
    old = [tmp_path / "archive.db", tmp_path / "archive.db-wal", tmp_path / "warc" / "a.warc.gz"]
    for path in old:
        path.write_text("old")
    (tmp_path / "notes.txt").write_text("keep")
    db = _fresh_workdir(tmp_path)
    assert db == tmp_path / "archive.db"
    assert not any(p.exists() for p in old)
    assert (tmp_path / "notes.txt").read_text() == "keep"


def test_generated_blog_is_deterministic_and_served():
    from archive.demo.generate import generated_blog

    big = generated_blog(60, seed=3, sitemap_max=25)
    again = generated_blog(60, seed=3, sitemap_max=25)
    assert [(a.slug, [c.key for c in a.comments]) for a in big.articles] == \
        [(a.slug, [c.key for c in a.comments]) for a in again.articles]
    assert len({a.slug for a in big.articles}) == 60
    server, base = serve_blog(blog=big)
    try:
        index = ET.fromstring(fetch(base + "/wp-sitemap.xml")[2])
        assert sum("posts-post" in loc.text for loc in index.iter(SM + "loc")) == 3
        article = max(big.articles, key=lambda a: a.comment_pages)
        assert article.comment_pages > 1
        rows = [r for url in comment_page_urls(base, article) for r in _comment_rows(html_of(url))]
        assert [(k, p, d) for k, p, d, _ in rows] == [(c.key, c.parent_key, c.depth) for c in article.comments]
    finally:
        server.shutdown()
        server.server_close()
