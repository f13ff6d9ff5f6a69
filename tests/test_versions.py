"""Recrawl storage: captures (every fetch), article versions (only when the split
content changes), comments kept forever (first_seen/last_seen/deleted_at, source),
and the v1 -> v2 schema migration."""
import dataclasses

import pytest

from archive.db import Archive
from archive.model import Body, Comment
from archive.schema import SCHEMA_VERSION
from test_db import URL, capture, make_page

T1, T2, T3 = "2024-05-01T10:00:00+00:00", "2024-06-01T10:00:00+00:00", "2024-07-01T10:00:00+00:00"


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.db") as archive:
        yield archive


def versions(archive):
    return [(r["version"], r["captured_at"], r["body_text"]) for r in archive.db.query(
        "SELECT * FROM article_versions ORDER BY version")]


def captures(archive):
    return [(r["fetched_at"], r["http_status"], r["version"]) for r in archive.db.query(
        "SELECT * FROM captures ORDER BY fetched_at")]


def test_new_raw_bytes_same_parts_is_a_capture_not_a_version(archive):
    page = make_page()
    archive.store_page(capture(fetched_at=T1), page)
    nonce = dataclasses.replace(capture(fetched_at=T2), content_hash="cd" * 32)  # ad/nonce changed
    archive.store_page(nonce, make_page(promotions=[]))  # promotions rotate: not content
    assert captures(archive) == [(T1, 200, 1), (T2, 200, 1)]
    assert versions(archive) == [(1, T1, page.body.text)]
    assert archive.db["articles"].count == 1


def test_changed_text_is_a_new_version_and_the_old_one_is_kept(archive):
    old = make_page()
    archive.store_page(capture(fetched_at=T1), old)
    new = make_page(body=Body(text="Sunlight and food both matter.", html="<p>Sunlight and food both matter.</p>"))
    archive.store_page(capture(fetched_at=T2), new)
    archive.store_page(capture(fetched_at=T3), new)
    assert versions(archive) == [(1, T1, old.body.text), (2, T2, new.body.text)]
    assert captures(archive) == [(T1, 200, 1), (T2, 200, 2), (T3, 200, 2)]
    assert list(archive.db.query("SELECT body_text, first_seen, last_seen FROM articles")) == [
        {"body_text": new.body.text, "first_seen": T1, "last_seen": T3}]


def test_whitespace_only_change_is_not_a_version(archive):
    archive.store_page(capture(fetched_at=T1), make_page())
    text = make_page().body.text.replace(" ", "\n  ")
    archive.store_page(capture(fetched_at=T2), make_page(body=Body(text=text, html=text)))
    assert [v for v, _, _ in versions(archive)] == [1]


def test_changed_reference_is_a_new_version(archive):
    page = make_page()
    archive.store_page(capture(fetched_at=T1), page)
    refs = [dataclasses.replace(page.references[0], text="Smith J. Calcium absorption, corrected.")]
    archive.store_page(capture(fetched_at=T2), make_page(references=refs))
    assert [v for v, _, _ in versions(archive)] == [1, 2]


def test_restoring_the_same_capture_adds_nothing(archive):
    """resplit stores the latest capture again (same fetched_at): same rows."""
    archive.store_page(capture(fetched_at=T1), make_page())
    resplit = make_page(body=Body(text="Better extraction of the same page.", html="<p>x</p>"))
    archive.store_page(capture(fetched_at=T1), resplit)
    assert versions(archive) == [(1, T1, "Better extraction of the same page.")]
    assert captures(archive) == [(T1, 200, 1)]


def test_not_modified_is_a_capture_of_the_last_version(archive):
    archive.store_page(capture(fetched_at=T1), make_page())
    archive.record_not_modified(URL, fetched_at=T2, job_id=None)
    assert captures(archive) == [(T1, 200, 1), (T2, 304, 1)]
    assert len(versions(archive)) == 1


def test_every_comment_ever_seen_is_kept(archive):
    page = make_page()
    archive.store_page(capture(fetched_at=T1), page)
    later = page.comments[:3] + [Comment("comment-9", None, 0, 4, "Cleo", "New here.")]
    archive.store_page(capture(fetched_at=T2), make_page(comments=later))
    rows = {r["comment_key"]: (r["first_seen"], r["last_seen"], r["deleted_at"])
            for r in archive.db.query("SELECT * FROM comments")}
    assert rows == {"comment-1": (T1, T2, None), "comment-2": (T1, T2, None),
                    "comment-3": (T1, T2, None), "comment-4": (T1, T1, T2),
                    "comment-9": (T2, T2, None)}
    assert [v for v, _, _ in versions(archive)] == [1]  # comments are not article versions


def test_api_comments_survive_an_html_only_restore(archive):
    page = make_page()
    extra = Comment("comment-7", "comment-4", 1, 5, "Dee", "Only the API shows me.")
    archive.store_page(capture(fetched_at=T1), make_page(comments=page.comments + [extra]),
                       api_comments={"comment-7"})
    sources = lambda: dict(archive.db.execute("SELECT comment_key, source FROM comments").fetchall())
    assert sources()["comment-7"] == "api" and sources()["comment-1"] == "html"
    archive.store_page(capture(fetched_at=T1), page)  # resplit from the WARC: no API data
    assert archive.db.execute("SELECT deleted_at FROM comments WHERE comment_key = 'comment-7'"
                              ).fetchone() == (None,)
    archive.store_page(capture(fetched_at=T2), page, api_comments=set())  # API asked: it is gone
    assert archive.db.execute("SELECT deleted_at FROM comments WHERE comment_key = 'comment-7'"
                              ).fetchone() == (T2,)
    parent = archive.db.execute("SELECT p.comment_key FROM comments c JOIN comments p "
                                "ON p.id = c.parent_id WHERE c.comment_key = 'comment-7'").fetchone()
    assert parent == ("comment-4",)


def test_v1_database_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        archive.store_page(capture(fetched_at=T1), make_page())
        archive.store_page(capture(url=URL + "two/", fetched_at=T1),
                           make_page(url=URL + "two/", canonical_url=None))
        db = archive.db  # make it look like a schema v1 database
        db.execute("DROP TABLE article_versions")
        db.execute("DROP TABLE captures")
        db.execute("ALTER TABLE comments DROP COLUMN source")
        db.execute("PRAGMA user_version = 1")
    with Archive(path) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert archive.db.execute("SELECT count(*), count(DISTINCT article_id) FROM article_versions"
                                  ).fetchone() == (2, 2)
        assert archive.db.execute("SELECT count(*) FROM captures WHERE version = 1 "
                                  "AND parts_hash IS NOT NULL").fetchone() == (2,)
        assert {r[0] for r in archive.db.execute("SELECT source FROM comments")} == {"html"}
        assert archive.check() == []
        archive.store_page(capture(fetched_at=T2), make_page())  # unchanged: still one version
        assert archive.db.execute("SELECT count(*) FROM article_versions").fetchone() == (2,)
