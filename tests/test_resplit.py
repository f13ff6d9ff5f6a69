"""Comment-page merging, `import_warcs` from another tool's WARC, `resplit_all`."""
from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess

import pytest

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.commentpages import comment_page_links, current_comment_page, merge_comment_pages
from archive.extract.parse import parse_html
from archive.model import Comment
from archive.resplit import import_warcs, resplit_all
from test_crawl import crawl
from wpsite import WPSite, thread_rows

BASE = "http://blog.test"


def c(cid, parent=None, depth=0, position=1):
    return Comment(id=cid, parent_id=parent, depth=depth, position=position, author="a", text=cid)


def test_comment_page_links_and_current_page():
    root = parse_html("""<html><body><div id="comments"><ol class="comment-list"></ol>
      <nav class="comment-navigation"><div class="nav-links">
      <div class="nav-previous"><a href="/post/comment-page-2/#comments">Older Comments</a></div>
      </div></nav></div><a href="/other/comment-page-4/">elsewhere</a></body></html>""")
    url = BASE + "/post/"
    assert comment_page_links(root, url) == {2: BASE + "/post/comment-page-2/"}
    assert current_comment_page(root, url) == 3  # the page before "older" page 2
    assert current_comment_page(root, BASE + "/post/comment-page-5/") == 5


def test_current_page_from_page_numbers():
    root = parse_html("""<html><body><div class="comments-pagination">
      <a class="prev page-numbers" href="/p/comment-page-1/">Prev</a>
      <a class="page-numbers" href="/p/comment-page-1/">1</a>
      <span aria-current="page" class="page-numbers current">2</span>
      <a class="page-numbers" href="/p/comment-page-3/">3</a></div></body></html>""")
    assert current_comment_page(root, BASE + "/p/") == 2
    assert set(comment_page_links(root, BASE + "/p/")) == {1, 3}


def test_merge_orders_pages_dedupes_and_renumbers():
    main = [c("comment-5"), c("comment-6", "comment-5", 1, 2)]           # page 3, shown first
    pages = {1: [c("comment-1"), c("comment-2", "comment-1", 1, 2)],
             2: [c("comment-3"), c("comment-4")],
             3: [c("comment-5"), c("comment-6", "comment-5", 1, 2)]}    # the same as main
    merged = merge_comment_pages(main, 3, pages)
    assert [(m.id, m.parent_id, m.depth, m.position) for m in merged] == [
        ("comment-1", None, 0, 1), ("comment-2", "comment-1", 1, 2), ("comment-3", None, 0, 3),
        ("comment-4", None, 0, 4), ("comment-5", None, 0, 5), ("comment-6", "comment-5", 1, 6)]
    # page number unknown: the article's comments go after the pages it links back to
    assert [m.id for m in merge_comment_pages(main, None, {1: pages[1], 2: pages[2]})][-2:] == \
        ["comment-5", "comment-6"]


def write_foreign_warc(path, site: WPSite, paths: list[str]) -> None:
    """A WARC as another tool writes it (plain warcio, `<uri>` like old wget)."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for p in paths:
            status, ctype, body = site.pages.get(p, (404, "text/html", b"nope"))
            headers = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(f"<{site.base}{p}>", "response", payload=io.BytesIO(body),
                                       http_headers=headers)
            w.write_record(rec)


def test_import_and_resplit_foreign_warc(tmp_path):
    site = WPSite(n_articles=3)
    site.base = BASE
    site.build()
    long = "/2024/01/long-thread/"
    paths = [site.article_path(1), site.article_path(2), "/about/", "/missing/", long,
             long + "comment-page-1/", long + "comment-page-2/", "/2024/02/report-post/"]
    warc = tmp_path / "other-tool.warc.gz"
    write_foreign_warc(warc, site, paths)
    db = tmp_path / "archive.db"
    stats = import_warcs(db, [warc])
    assert stats["articles"] == 3 and stats["not_article"] == 1 and stats["comment_pages"] == 2
    assert stats["not_html"] == 2  # the 404 and the PDF
    conn = sqlite3.connect(db)
    tree = conn.execute("SELECT comment_key, parent_key, depth FROM comments WHERE article_id ="
                        " (SELECT id FROM articles WHERE url = ?) ORDER BY position",
                        [BASE + long]).fetchall()
    pages = site.long_thread_pages()
    assert tree == [r for n in sorted(pages) for r in thread_rows(pages[n])]
    query = ("SELECT article_id, comment_key, parent_key, depth, position, text "
             "FROM comments ORDER BY article_id, position")
    before = conn.execute(query).fetchall()
    conn.execute("DELETE FROM comments")
    conn.commit()
    assert resplit_all(db) == {"pages": 3, "articles": 3, "missing_record": 0, "errors": 0}
    assert conn.execute(query).fetchall() == before


def test_wget_warc_and_crawl_warc_give_the_same_rows(tmp_path):
    """The same pages archived by `wget --warc-file` and by our crawler split to the same rows."""
    if not shutil.which("wget"):
        pytest.skip("wget is not installed")
    site = WPSite(n_articles=2)
    server = site.serve()
    try:
        crawled = tmp_path / "crawl" / "archive.db"
        assert crawl(site.base + "/", crawled).returncode == 0
        long = site.base + "/2024/01/long-thread/"
        urls = [site.base + site.article_path(1), long, long + "comment-page-1/",
                long + "comment-page-2/", site.base + "/about/"]
        warc = tmp_path / "wget"
        subprocess.run(["wget", "--quiet", "--no-config", f"--warc-file={warc}", "--no-warc-keep-log",
                        "-O", str(tmp_path / "body.tmp"), *urls], check=True, timeout=60)
        imported = tmp_path / "imported.db"
        stats = import_warcs(imported, [tmp_path / "wget.warc.gz"])
        assert stats["articles"] == 2 and stats["not_article"] == 1
    finally:
        server.shutdown()
    query = ("SELECT a.url, a.title, a.body_text, c.comment_key, c.parent_key, c.depth, c.position,"
             " c.text FROM articles a LEFT JOIN comments c ON c.article_id = a.id"
             " WHERE a.url IN (?, ?) ORDER BY a.url, c.position")
    args = [site.base + site.article_path(1), long]
    mine = sqlite3.connect(crawled).execute(query, args).fetchall()
    theirs = sqlite3.connect(imported).execute(query, args).fetchall()
    assert len(mine) == 4 + 6 and theirs == mine
