"""Link discovery on small inline pages, and the crawler's cheaper split paths.

`crawler.discovery.page_links` replaced Scrapy's LinkExtractor (restricted to
the content areas) with one XPath over the lxml tree: these tests pin what it
must keep from LinkExtractor (base href, stripping, no fragments, no
javascript:/mailto:/tel:/data:, no files, no duplicates) and compare both on a
mixed page. The crawler's comment-page and listing-page shortcuts must give
what the full `split_page` gives.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from archive import split_page
from archive.demo.generate import generated_blog
from archive.extract.parse import parse_html
from archive.urls import Scope, canonical_url, comment_page_number
from crawler.discovery import page_links
from archive.extract import is_article, split_comments
from crawler.spiders.blog import _maybe_comment_page

BASE = "https://blog.example/2024/05/post/"
FIXTURES = Path(__file__).parent / "fixtures"


def links(body: str, url: str = BASE) -> list[str]:
    return page_links(HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8"))


def test_content_areas_only_when_they_have_links():
    html = """<html><body><header><a href="/about/">About</a></header>
      <main><a href="/a/">A</a> <p><a href="b/">B</a></p></main>
      <footer><a href="/privacy/">Privacy</a></footer></body></html>"""
    assert links(html) == ["https://blog.example/a/", BASE + "b/"]


def test_whole_page_when_no_area_has_links():
    html = """<html><body><div id="wrap"><a href="/x/">X</a></div>
      <article><p>no links here</p></article><a href="/y/">Y</a></body></html>"""
    assert links(html) == ["https://blog.example/x/", "https://blog.example/y/"]


def test_nested_areas_give_each_link_once_in_document_order():
    html = """<html><body><div id="content"><main><article>
      <div class="entry-content"><a href="/one/">1</a></div></article>
      <nav class="nav-links"><a href="/two/">2</a><a href="/one/">again</a></nav>
      </main></div><aside class="widget_recent_entries"><a href="/three/">3</a></aside>
      </body></html>"""
    assert links(html) == ["https://blog.example/one/", "https://blog.example/two/",
                           "https://blog.example/three/"]


def test_an_area_that_is_itself_a_link():
    html = '<html><body><a class="pagination next" href="/page/2/">next</a></body></html>'
    assert links(html) == ["https://blog.example/page/2/"]


def test_base_href_strip_fragments_schemes_extensions_duplicates():
    html = """<html><head><base href="https://cdn.blog.example/dir/"></head><body><main>
      <a href="  rel/\n">r</a>
      <a href="/post/#comments">p</a> <a href="/post/#respond">p again</a>
      <a href="#top">top</a>
      <a href="javascript:void(0)">js</a> <a href="mailto:me@blog.example">m</a>
      <a href="tel:+123">t</a> <a href="data:text/html,hi">d</a>
      <a href="/img/photo.JPG">img</a> <a href="/files/paper.pdf?dl=1">pdf</a>
      <a href="http://other.example/x/">offsite stays (scope decides)</a>
      <a>no href</a></main></body></html>"""
    assert links(html) == [
        "https://cdn.blog.example/dir/rel/",
        "https://cdn.blog.example/post/",
        "https://cdn.blog.example/dir/",
        "http://other.example/x/",
    ]


def test_rel_next_prev_are_added():
    html = """<html><head><link rel="next" href="/page/3/"><link rel="prev" href="/page/1/">
      </head><body><main><a href="/a/">A</a></main>
      <div class="paging"><a rel="next" href="/page/3/">older</a></div></body></html>"""
    assert links("<!doctype html>" + html, "https://blog.example/page/2/") == [
        "https://blog.example/a/", "https://blog.example/page/3/", "https://blog.example/page/1/"]


def test_non_ascii_and_spaces_are_percent_encoded():
    html = '<html><body><main><a href="/café au lait/">c</a></main></body></html>'
    assert links(html) == ["https://blog.example/caf%C3%A9%20au%20lait/"]


MIXED = """<html><head><base href="/blog/"></head><body>
  <header><a href="/header-only/">h</a></header>
  <div id="primary"><main class="site-main">
    <article class="post"><h2><a href="first-post/">First</a></h2>
      <div class="entry-content"><a href="https://blog.example/blog/second/#more">2</a>
      <a href="../img/x.png">img</a> <a href=" third/?utm_source=x ">3</a>
      <a href="mailto:a@b.c">mail</a> <a href="https://www.blog.example/Fourth">4</a>
      <a href="/sp ace/é/">5</a></div></article>
    <nav class="pagination"><a href="/blog/page/2/">2</a><a href="first-post/">1</a></nav>
  </main></div>
  <footer><a href="/footer-only/">f</a></footer></body></html>"""


def test_same_links_as_the_restricted_link_extractor_it_replaces():
    areas = ["//main", "//article", "//nav",
             "//*[@id='content' or @id='primary' or @id='main' or @id='posts']",
             "//*[contains(@class, 'site-main') or contains(@class, 'entry-content')"
             " or contains(@class, 'post-content') or contains(@class, 'nav-links')"
             " or contains(@class, 'pagination') or contains(@class, 'widget_recent_entries')]"]
    response = HtmlResponse(BASE, body=MIXED.encode("utf-8"), encoding="utf-8")
    old = LinkExtractor(restrict_xpaths=areas, tags=("a",), attrs=("href",)).extract_links(response)
    scope = Scope("https://blog.example/")
    expected = {scope.normalize(link.url) for link in old}
    got = page_links(HtmlResponse(BASE, body=MIXED.encode("utf-8"), encoding="utf-8"))
    assert {scope.normalize(u) for u in got} == expected
    assert "https://blog.example/header-only/" not in got and len(got) == len(set(got)) == 6


def test_scope_normalize_memo_gives_the_uncached_answer():
    scope = Scope("https://blog.example/")
    urls = ["https://WWW.blog.example/a/?utm_source=x#c", "http://blog.example/a/",
            "https://other.example/", "mailto:x@y.z", "https://blog.example/b/?q=1&fbclid=2"]
    first = [scope.normalize(u) for u in urls]
    fresh = Scope("https://blog.example/")
    assert first == [scope.normalize(u) for u in urls] == [fresh._normalize(u) for u in urls]
    assert first == ["https://blog.example/a/", "https://blog.example/a/", None, None,
                     "https://blog.example/b/?q=1"]


PRETEST_URLS = [
    "https://b.example/post/comment-page-2/", "https://b.example/post/?cpage=3",
    "https://b.example/post/?p=1&cpage=3", "https://b.example/post/", "https://b.example/cpage/",
    "https://b.example/post/comment-page-x/", "https://b.example/?cpage=",
    "https://b.example/?CPAGE=2",
    "https://b.example/post/?%63page=2", "https://b.example/post/comment-page-2/extra/"]


@pytest.mark.parametrize("url", PRETEST_URLS)
def test_comment_page_pretest_never_misses_one(url):
    canonical = canonical_url(url)
    if comment_page_number(canonical) is not None:
        assert _maybe_comment_page(canonical)


def test_comment_page_pretest_cases_hold_comment_pages():
    """The test above asserts only for comment pages: these cases must hold some."""
    found = [u for u in PRETEST_URLS if comment_page_number(canonical_url(u)) is not None]
    assert len(found) == 4, found


# ----------------------------------------------------- the crawler's split shortcuts
def _fixture_pages():
    for folder in sorted(FIXTURES.iterdir()):
        if (folder / "page.html").exists():
            expected = json.loads((folder / "expected.json").read_text("utf-8"))
            yield folder.name, (folder / "page.html").read_bytes(), expected.get("url") or BASE


def _demo_pages():
    blog = generated_blog(12, seed=3)
    base = "http://127.0.0.1:8"
    for article in blog.articles[:12]:
        for path in (f"/{article.slug}/", f"/{article.slug}/comment-page-2/"):
            response = blog.respond(path, base)
            if getattr(response, "status", 200) == 200:
                yield path, response.body, base + path
    for path in ("/", "/page/2/"):
        yield path, blog.respond(path, base).body, base + path


PAGES = list(_fixture_pages()) + list(_demo_pages())


@pytest.mark.parametrize("name,body,url", PAGES, ids=[p[0] for p in PAGES])
def test_comment_page_shortcut_gives_the_split_comments(name, body, url):
    when = datetime(2026, 1, 2, 3, 4, 5)
    full = split_page(body, url, root=parse_html(body), capture_time=when)
    assert split_comments(body, url, capture_time=when) == full.comments


@pytest.mark.parametrize("name,body,url", PAGES, ids=[p[0] for p in PAGES])
def test_listing_shortcut_gives_the_split_is_article(name, body, url):
    assert is_article(body, url) == split_page(body, url).is_article
    root = parse_html(body)  # the crawler hands over its tree, then splits that same tree
    before = etree.tostring(root)
    assert is_article(None, url, root=root) == split_page(body, url).is_article
    assert etree.tostring(root) == before


def test_demo_pages_cover_both_kinds():
    pages = [split_page(body, url) for _, body, url in _demo_pages()]
    kinds = {page.is_article for page in pages}
    comments = sum(len(page.comments) for page in pages)
    assert kinds == {True, False} and comments > 0
