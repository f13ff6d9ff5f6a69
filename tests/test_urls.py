"""URL canonicalisation, crawl scope, duplicate variants and comment-page URLs."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.urls import (Scope, article_of_comment_page, canonical_url, comment_page_number,
                          is_site_feed, trap_reason, variant_of, variant_reason)


@pytest.mark.parametrize("raw, expected", [
    ("https://Blog.Example.COM:443/post/?utm_source=x&utm_medium=y#comment-4",
     "https://blog.example.com/post/"),
    ("http://example.com:80/a/?b=1&fbclid=abc&gclid=z&a=2", "http://example.com/a/?b=1&a=2"),
    ("https://example.com/post/?replytocom=12#respond", "https://example.com/post/"),
    ("https://example.com/post/?amp=1", "https://example.com/post/?amp=1"),  # a variant
    ("https://example.com/x;jsessionid=AB?PHPSESSID=9&q=1",  # variants, not rewritten
     "https://example.com/x;jsessionid=AB?PHPSESSID=9&q=1"),
    ("https://example.com", "https://example.com/"),
    ("http://127.0.0.1:8000/p/?page=2", "http://127.0.0.1:8000/p/?page=2"),
    ("https://e.com/caf\u00e9 au lait/", "https://e.com/caf%C3%A9%20au%20lait/"),
    ("https://e.com/caf%C3%A9/", "https://e.com/caf%C3%A9/"),
])
def test_canonical_url(raw, expected):
    assert canonical_url(raw) == expected


@given(st.text(max_size=60))
def test_canonical_url_never_raises_and_is_idempotent(text):
    once = canonical_url("https://example.com/" + text)
    assert canonical_url(once) == once


def test_scope_unifies_scheme_and_www():
    scope = Scope("https://example.com/blog/")
    assert scope.contains("http://www.example.com/post/")
    assert not scope.contains("https://example.org/post/")
    assert not scope.contains("https://evil-example.com/")
    assert not scope.contains("mailto:someone@example.com")
    assert scope.normalize("http://www.example.com/post/?utm_campaign=a#x") == \
        "https://example.com/post/"
    assert scope.normalize("https://cdn.other.net/x.js") is None


def test_scope_keeps_ports_apart():
    scope = Scope("http://127.0.0.1:8000/")
    assert scope.contains("http://127.0.0.1:8000/a/")
    assert not scope.contains("http://127.0.0.1:9000/a/")


@pytest.mark.parametrize("url, reason", [
    ("https://e.com/2020/01/post/feed/", "feed variant"),
    ("https://e.com/2020/01/post/amp/", "amp variant"),
    ("https://e.com/2020/01/post/print/", "print variant"),
    ("https://e.com/2020/01/post/embed/", "embed variant"),
    ("https://e.com/?s=vitamin", "search results"),
    ("https://e.com/wp-admin/options.php", "not content: wp-admin"),
    ("https://e.com/wp-login.php?action=lostpassword", "not content: wp-login.php"),
    ("https://e.com/?m=202001", "calendar archive"),
    ("https://e.com/a/b/a/b/a/b/", "repeated path segments"),
    ("https://e.com/2020/01/post/", None),
    ("https://e.com/feed/", None),
    ("https://e.com/page/3/", None),
    ("https://e.com/?p=123", None),  # a plain-permalink site's article
])
def test_variant_reason(url, reason):
    assert variant_reason(url) == reason


def test_site_feed():
    assert is_site_feed("https://e.com/feed/") and is_site_feed("https://e.com/feed/atom/")
    assert not is_site_feed("https://e.com/2020/post/feed/")


@pytest.mark.parametrize("url, number, article", [
    ("https://e.com/post/comment-page-3/", 3, "https://e.com/post/"),
    ("https://e.com/post/comment-page-12", 12, "https://e.com/post/"),
    ("https://e.com/?p=5&cpage=2", 2, "https://e.com/?p=5"),
    ("https://e.com/post/", None, "https://e.com/post/"),
])
def test_comment_pages(url, number, article):
    assert comment_page_number(url) == number
    assert article_of_comment_page(url) == article


@pytest.mark.parametrize("url, base, reason", [
    ("https://e.com/2020/01/post/amp/", "https://e.com/2020/01/post/", "amp variant"),
    ("https://e.com/2020/01/post/?amp=1", "https://e.com/2020/01/post/", "amp variant"),
    ("https://e.com/2020/01/post/?amp", "https://e.com/2020/01/post/", "amp variant"),
    ("https://e.com/amp/2020/01/post/", "https://e.com/2020/01/post/", "amp variant"),
    ("https://e.com/post/print/", "https://e.com/post/", "print variant"),
    ("https://e.com/post/?print=1", "https://e.com/post/", "print variant"),
    ("https://e.com/post/feed/", "https://e.com/post/", "feed variant"),
    ("https://e.com/post/feed/atom/", "https://e.com/post/", "atom variant"),
    ("https://e.com/?p=12&feed=rss2", "https://e.com/?p=12", "feed variant"),
    ("https://e.com/x;jsessionid=AB12?q=1", "https://e.com/x?q=1", "session id in URL (jsessionid)"),
    ("https://e.com/x/?PHPSESSID=9f&q=1", "https://e.com/x/?q=1", "session id in URL (PHPSESSID)"),
    ("https://e.com/forum/?sid=abc", "https://e.com/forum/", "session id in URL (sid)"),
    ("https://e.com/post/?PHPSESSID=1&amp=1", "https://e.com/post/", "session id in URL (PHPSESSID)"),
])
def test_variant_of(url, base, reason):
    assert variant_of(url) == (base, reason)
    assert variant_of(base) is None and variant_reason(url) == reason


@pytest.mark.parametrize("url", ["https://e.com/feed/", "https://e.com/2020/01/post/",
                                 "https://e.com/?p=5", "https://e.com/ample-sleep/",
                                 "https://e.com/printers/?page=2"])
def test_not_a_variant(url):
    assert variant_of(url) is None


@pytest.mark.parametrize("url, reason", [
    ("https://e.com/2024/01/02/", "day archive (calendar trap)"),
    ("https://e.com/2024/1/2/page/3/", "day archive (calendar trap)"),
    ("https://e.com/?m=202401", "calendar archive"),
    ("https://e.com/?m=20240102", "calendar archive"),
    ("https://e.com/calendar/?month=2024-05", "calendar trap (?month=)"),
    ("https://e.com/events/?tribe-bar-date=2031-01-01", "calendar trap (?tribe-bar-date=)"),
    ("https://e.com/?year=2024&monthnum=1&day=2", "calendar trap (?year=)"),
    ("https://e.com/events/month/2031-07/", "calendar trap (dated calendar page)"),
    ("https://e.com/calendar/2031/07/", "calendar trap (dated calendar page)"),
    ("https://e.com/2999/01/", "calendar trap: date archive out of range (2999)"),
    ("https://e.com/1066/", "calendar trap: date archive out of range (1066)"),
    ("https://e.com/a/b/a/b/", "repeated path segments"),
    ("https://e.com/blog/post/blog/post/x/", "repeated path segments"),
    ("https://e.com/tag/tag/tag/", "repeated path segments"),
    ("https://e.com/2024/01/2024/01/", "repeated path segments"),
    ("https://e.com/x/a/y/a/z/a/", "repeated path segments"),
    ("https://e.com/?s=vitamin", "search results"),
    ("https://e.com/wp-login.php", "not content: wp-login.php"),
])
def test_trap_reason(url, reason):
    assert trap_reason(url) == reason
    assert variant_reason(url) == reason


@pytest.mark.parametrize("url", [
    "https://e.com/2024/01/", "https://e.com/2024/", "https://e.com/2024/01/01/new-year-post/",
    "https://e.com/2010/10/10/ten-tips/", "https://e.com/category/health/page/2/",
    "https://e.com/events/yoga-class/", "https://e.com/a/b/c/a/", "https://e.com/page/2/",
    "https://e.com/2024/01/sleep-and-sleep-hygiene/", "https://e.com/blog/blog/",
    "https://e.com/events/2024/05/spring-walk-recap/", "https://e.com/2020/10/10/10/",
])
def test_not_a_trap(url):
    assert trap_reason(url) is None
