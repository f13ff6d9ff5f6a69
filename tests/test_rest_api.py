"""The WordPress REST API: the demo's API, the spider's API discovery, and threads
that the HTML hides completed from `/wp-json/wp/v2/comments` (source 'api')."""
from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from archive.demo.generate import generated_blog
from archive.demo.server import serve_blog
from archive.model import Comment
from crawler import discovery as D
from crawler.wpapi import api_comment, complete_thread
from test_crawl import crawl, rows

ROOT = "https://blog.example/wp-json/"


def response(body="<html><head></head><body></body></html>", headers=None, url="https://blog.example/a/"):
    return HtmlResponse(url, body=body.encode(), headers=headers or {}, encoding="utf-8")


# ------------------------------------------------------------------ discovery
def test_api_root_from_link_header_or_head_link():
    header = {"Link": f'<{ROOT}>; rel="https://api.w.org/"'}
    assert D.wp_api_root(response(headers=header)) == ROOT
    html = f'<html><head><link rel="https://api.w.org/" href="{ROOT}"></head><body></body></html>'
    assert D.wp_api_root(response(html)) == ROOT
    assert D.wp_api_root(response()) is None


def test_post_id_from_alternate_shortlink_or_body_class():
    alt = {"Link": f'<{ROOT}>; rel="https://api.w.org/", <{ROOT}wp/v2/posts/417>; rel="alternate"; '
                   'type="application/json"'}
    assert D.wp_post_id(response(headers=alt)) == 417
    short = '<html><head><link rel="shortlink" href="https://blog.example/?p=88"></head><body></body></html>'
    assert D.wp_post_id(response(short)) == 88
    body = '<html><body class="post-template-default single postid-512 single-format-standard"></body></html>'
    assert D.wp_post_id(response(body)) == 512
    assert D.wp_post_id(response()) is None


def test_api_routes_pretty_and_plain_permalinks():
    assert D.api_route(ROOT, "wp/v2/comments", post=5, per_page=100, page=2) == \
        "https://blog.example/wp-json/wp/v2/comments?post=5&per_page=100&page=2"
    plain = "https://blog.example/?rest_route=/"
    assert D.api_route(plain, "wp/v2/posts", page=1) == "https://blog.example/?rest_route=/wp/v2/posts&page=1"


# ------------------------------------------------------------ thread completion
def c(key, parent, depth, when="2024-01-01T00:00:00+00:00"):
    return Comment(key, parent, depth, 0, "x", "t", published=when)


def test_api_comment_from_rest_object():
    obj = {"id": 31, "post": 7, "parent": 30, "author": 0, "author_name": "Ann", "author_url": "",
           "date_gmt": "2024-02-03T04:05:06", "content": {"rendered": "<p>Hello &amp; <em>thanks</em></p>\n"},
           "type": "comment"}
    got = api_comment(obj, ["Site Owner"])
    assert (got.id, got.parent_id, got.text, got.published, got.author_url, got.is_site_author) == \
        ("comment-31", "comment-30", "Hello & thanks", "2024-02-03T04:05:06+00:00", None, False)
    assert api_comment({**obj, "author_name": "Site Owner"}, ["Site Owner"]).is_site_author
    assert api_comment({**obj, "type": "pingback"}, []) is None


def test_complete_thread_places_replies_under_their_parents():
    html = [c("comment-1", None, 0), c("comment-2", "comment-1", 1), c("comment-3", None, 0)]
    api = [c("comment-1", None, 0), c("comment-2", "comment-1", 1), c("comment-3", None, 0),
           c("comment-4", "comment-2", 0, "2024-01-02T00:00:00+00:00"),
           c("comment-5", None, 0, "2024-01-03T00:00:00+00:00"),
           c("comment-6", "comment-5", 0, "2024-01-04T00:00:00+00:00")]
    thread, added = complete_thread(html, api)
    assert [(x.id, x.depth, x.position) for x in thread] == [
        ("comment-1", 0, 1), ("comment-2", 1, 2), ("comment-4", 2, 3), ("comment-3", 0, 4),
        ("comment-5", 0, 5), ("comment-6", 1, 6)]
    assert added == {"comment-4", "comment-5", "comment-6"}


# ------------------------------------------------------------- end to end
@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    blog = generated_blog(30, seed=7)
    server, base = serve_blog(blog=blog)
    db = tmp_path_factory.mktemp("api") / "archive.db"
    result = crawl(base + "/", db)
    yield blog, server, base, db, result
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_demo_api_pages_and_filters(crawled):
    blog, server, base, _, _ = crawled
    a = max(blog.articles, key=lambda a: len(a.real_comments))
    r = blog.respond(f"/wp-json/wp/v2/comments?post={a.post_id}&per_page=5&page=1", base)
    assert r.status == 200 and int(r.headers["X-WP-Total"]) == len(a.real_comments)
    assert int(r.headers["X-WP-TotalPages"]) == -(-len(a.real_comments) // 5)
    tops = json.loads(blog.respond(f"/wp-json/wp/v2/comments?post={a.post_id}&parent=0&per_page=100",
                                   base).body)
    assert {x["id"] for x in tops} == {x.id for x in a.real_comments if x.parent is None}
    assert blog.respond("/wp-json/wp/v2/posts?per_page=100&page=9", base).status == 400


@pytest.mark.slow
def test_hidden_comment_pages_are_completed_from_the_api(crawled):
    blog, server, base, db, result = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    hidden = blog.by_slug[blog.site["hidden_comment_nav"][0]]
    assert hidden.comment_pages > 1
    assert not any(p.startswith(hidden.path + "comment-page-") for p in server.hits)  # HTML hides them
    got = rows(db, "SELECT comment_key, parent_key, depth, source FROM comments WHERE article_id = "
                   "(SELECT id FROM articles WHERE url = ?) ORDER BY position", [base + hidden.path])
    assert [g[:3] for g in got] == [(x.key, x.parent_key, x.depth) for x in hidden.real_comments]
    assert [g[3] for g in got] == ["html" if x.page == 1 else "api" for x in hidden.real_comments]
    parents_ok = rows(db, "SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
                          "WHERE c.parent_key IS NOT NULL AND (p.comment_key IS NOT c.parent_key)")
    assert parents_ok == [(0,)]


@pytest.mark.slow
def test_other_threads_agree_with_the_api(crawled):
    blog, _, base, db, _ = crawled
    assert rows(db, "SELECT count(*) FROM comments WHERE source = 'api' AND article_id != "
                    "(SELECT id FROM articles WHERE url = ?)",
                [base + blog.by_slug[blog.site["hidden_comment_nav"][0]].path]) == [(0,)]
    assert rows(db, "SELECT count(*) FROM comments") == [(sum(len(a.real_comments) for a in blog.articles),)]
    stats = json.loads(rows(db, "SELECT stats FROM crawl_jobs")[0][0])
    assert stats["healtharchive/html_comments_not_in_api"] == 0


@pytest.mark.slow
def test_api_urls_are_frontier_urls_done(crawled):
    blog, server, base, db, _ = crawled
    states = rows(db, "SELECT status, count(*) FROM crawl_urls WHERE kind = 'api' GROUP BY status")
    with_comments = sum(1 for a in blog.articles if not a.comments_state.startswith("hosted"))
    assert states == [("done", with_comments + 1)]  # one comment list per article + the post list
    assert "/wp-json/wp/v2/posts?per_page=100&page=1" in server.hits
    assert rows(db, "SELECT count(*) FROM crawl_urls WHERE status IN ('todo', 'in_progress')") == [(0,)]
