"""`healtharchive crawl --refresh` against a generated WordPress-like blog on 127.0.0.1.

One archive goes through a first crawl and three refreshes while the blog
changes: an edited post gets a second version, a post whose comments changed
keeps every comment ever seen (the removed one marked deleted), an unchanged
post is not even fetched (sitemap lastmod), conditional GETs get 304s, and new
raw bytes (a per-request nonce) without new content make captures, not versions.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from archive.demo.generate import generated_blog
from archive.demo.model import Comment
from archive.demo.server import serve_blog
from test_crawl import crawl, rows

pytestmark = pytest.mark.slow
EDIT = "Update: a larger trial has since been published, and this post now covers it."


def later() -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=2)).isoformat(timespec="seconds")


def edit_text(blog, a) -> None:
    blocks = [("p", EDIT)] + list(a.blocks)
    blog.update(a.slug, blocks=blocks, modified=later())


def edit_comments(blog, a) -> tuple[str, str]:
    """Remove one reply-less comment, add a reply to the first thread; (removed, added) keys."""
    parents = {c.parent for c in a.comments}
    gone = next(c for c in reversed(a.real_comments) if c.id not in parents)
    top = a.real_comments[0]
    new = Comment(id=90000, key="comment-90000", parent=top.id, parent_key=top.key, depth=1,
                  position=0, page=top.page, author="Nadia Reyes", author_url=None,
                  published=later(), text="Coming back to say the exercises helped me a lot.")
    kept = [c for c in a.comments if c.id != gone.id]
    end = kept.index(top) + 1
    while end < len(kept) and kept[end].depth > 0:
        end += 1
    kept.insert(end, new)
    blog.update(a.slug, comments=kept, modified=later())
    return gone.key, new.key


def article_rows(db, url, sql):
    return rows(db, sql + " WHERE article_id = (SELECT id FROM articles WHERE url = ?)", [url])


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    blog = generated_blog(12, seed=5, hidden_nav=0)
    server, base = serve_blog(blog=blog)
    db = tmp_path_factory.mktemp("refresh") / "archive.db"
    first = crawl(base + "/", db)
    assert first.returncode == 0, first.stderr[-3000:]
    edited, untouched = blog.articles[2], blog.articles[8]
    commented = next(a for a in blog.articles[3:8] if len(a.real_comments) >= 3)
    edit_text(blog, edited)
    removed, added = edit_comments(blog, commented)
    start = len(server.hits)
    second = crawl(base + "/", db, "--refresh")
    hits = server.hits[start:]
    yield dict(blog=blog, server=server, base=base, db=db, result=second, hits=hits,
               edited=edited, commented=blog.by_slug[commented.slug], untouched=untouched,
               removed=removed, added=added)
    server.shutdown()
    server.server_close()


def test_refresh_completes(refreshed):
    r = refreshed["result"]
    assert r.returncode == 0, r.stderr[-3000:]
    assert rows(refreshed["db"], "SELECT status FROM crawl_jobs ORDER BY id") == [("completed",)] * 2


def test_edited_article_gets_a_second_version(refreshed):
    db, url = refreshed["db"], refreshed["base"] + refreshed["edited"].path
    versions = article_rows(db, url, "SELECT version, body_text FROM article_versions")
    assert [v for v, _ in versions] == [1, 2]
    assert EDIT not in versions[0][1] and EDIT in versions[1][1]
    assert EDIT in rows(db, "SELECT body_text FROM articles WHERE url = ?", [url])[0][0]
    others = rows(db, "SELECT count(*) FROM article_versions WHERE article_id != "
                      "(SELECT id FROM articles WHERE url = ?) AND version > 1", [url])
    assert others == [(0,)]


def test_unchanged_article_is_not_fetched_thanks_to_lastmod(refreshed):
    db, a = refreshed["db"], refreshed["untouched"]
    assert a.path not in refreshed["hits"]
    reason = rows(db, "SELECT status, reason FROM crawl_urls WHERE url = ?",
                  [refreshed["base"] + a.path])[0]
    assert reason[0] == "done" and reason[1].startswith("unchanged since the last capture")
    assert rows(db, "SELECT count(*) FROM captures WHERE url = ?", [refreshed["base"] + a.path]) == [(1,)]


def test_every_comment_ever_seen_is_kept(refreshed):
    db, a = refreshed["db"], refreshed["commented"]
    url = refreshed["base"] + a.path
    assert refreshed["edited"].path in refreshed["hits"] and a.path in refreshed["hits"]
    live = rows(db, "SELECT comment_key, parent_key, depth FROM comments WHERE deleted_at IS NULL "
                    "AND article_id = (SELECT id FROM articles WHERE url = ?) ORDER BY position", [url])
    assert live == [(c.key, c.parent_key, c.depth) for c in a.real_comments]
    state = dict((k, (first, last, deleted)) for k, first, last, deleted in article_rows(
        db, url, "SELECT comment_key, first_seen, last_seen, deleted_at FROM comments"))
    refresh_capture = rows(db, "SELECT max(fetched_at) FROM captures WHERE url = ?", [url])[0][0]
    first_capture = rows(db, "SELECT min(fetched_at) FROM captures WHERE url = ?", [url])[0][0]
    assert state[refreshed["removed"]] == (first_capture, first_capture, refresh_capture)
    assert state[refreshed["added"]] == (refresh_capture, refresh_capture, None)
    assert len(state) == len(a.real_comments) + 1
    assert [v for (v,) in article_rows(db, url, "SELECT version FROM article_versions")] == [1]


def test_conditional_gets_are_answered_304(refreshed):
    """REFRESH_LASTMOD=False: every article is asked with its validators; none changed."""
    db, blog = refreshed["db"], refreshed["blog"]
    before = rows(db, "SELECT count(*) FROM article_versions")
    result = crawl(refreshed["base"] + "/", db, "--refresh", "-s", "REFRESH_LASTMOD=False")
    assert result.returncode == 0, result.stderr[-3000:]
    job = rows(db, "SELECT max(id) FROM crawl_jobs")[0][0]
    not_modified = rows(db, "SELECT count(*) FROM captures WHERE http_status = 304 AND job_id = ?", [job])
    assert not_modified == [(len(blog.articles),)]
    assert rows(db, "SELECT count(*) FROM article_versions") == before


def test_new_raw_bytes_without_new_content_are_captures_not_versions(refreshed):
    """A site without validators: every article comes back 200 with a new nonce."""
    db, blog = refreshed["db"], refreshed["blog"]
    blog.site["conditional"] = False
    before = rows(db, "SELECT count(*) FROM article_versions")
    result = crawl(refreshed["base"] + "/", db, "--refresh", "-s", "REFRESH_LASTMOD=False")
    assert result.returncode == 0, result.stderr[-3000:]
    job = rows(db, "SELECT max(id) FROM crawl_jobs")[0][0]
    fresh = rows(db, "SELECT url, content_hash, parts_hash FROM captures WHERE job_id = ? "
                     "AND http_status = 200", [job])
    assert len(fresh) == len(blog.articles)
    for url, raw, parts in fresh:
        prev = rows(db, "SELECT content_hash, parts_hash FROM captures WHERE url = ? AND "
                        "http_status = 200 AND job_id < ? ORDER BY fetched_at DESC LIMIT 1", [url, job])[0]
        assert raw != prev[0] and parts == prev[1], url
    assert rows(db, "SELECT count(*) FROM article_versions") == before
