"""Comment-page merging, `import_warcs` from another tool's WARC, `resplit_all`."""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.commentpages import comment_page_links, current_comment_page, merge_comment_pages
from archive.extract.parse import parse_html
from archive.model import Comment
import archive.resplit
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
    assert resplit_all(db) == {"pages": 3, "articles": 3, "missing_record": 0, "errors": 0,
                               "failures": []}
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


# ------------------------------------------------------------ resplit on every core
ROOT = Path(__file__).resolve().parent.parent
TABLES = {  # every stored column but the clock-stamped ones
    "pages": "id, url, final_url, canonical_url, site_id, job_id, fetched_at, http_status,"
             " content_type, content_hash, warc_file, warc_offset, warc_length",
    "articles": "id, page_id, url, canonical_url, site_id, title, authors, published, modified,"
                " language, site_name, body_text, body_html, comments_state, comment_count,"
                " reference_count, promotion_count, first_seen, last_seen",
    "comments": "id, article_id, comment_key, parent_id, parent_key, depth, position, author,"
                " author_url, published, text, is_site_author",
    "article_references": "id, article_id, position, text, url, doi, pmid, pmcid, authors, title,"
                          " journal, year",
    "promotions": "id, article_id, position, kind, text, url, code, merchant, inline",
    "sites": "id, host, name",
    "crawl_urls": "url, status, reason, http_status",
}


def dump(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT {cols} FROM {t} ORDER BY 1, 2").fetchall()
                for t, cols in TABLES.items()}
    finally:
        conn.close()


def forget_parts(db) -> None:
    """Drop what only the WARC records can give back (new comment ids follow store order)."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM comments")
        conn.execute("DELETE FROM article_references")
        conn.execute("DELETE FROM promotions")
        conn.execute("UPDATE articles SET body_text = '', body_html = '', title = NULL")
    conn.close()


@pytest.fixture
def imported(tmp_path):
    """An archive of six articles (one with a paginated thread) imported from a WARC."""
    site = WPSite(n_articles=5)
    site.base = BASE
    site.build()
    long = "/2024/01/long-thread/"
    paths = [site.article_path(i) for i in range(1, 6)] + [
        long, long + "comment-page-1/", long + "comment-page-2/", "/about/"]
    write_foreign_warc(tmp_path / "site.warc.gz", site, paths)
    db = tmp_path / "archive.db"
    stats = import_warcs(db, [tmp_path / "site.warc.gz"])
    assert stats["articles"] == 6 and stats["errors"] == 0
    return db


def test_one_and_two_jobs_give_the_same_rows(imported, tmp_path):
    original = dump(imported)
    assert len(original["comments"]) > 10 and original["article_references"]
    results = {}
    for jobs in (1, 2):
        copy = tmp_path / f"jobs{jobs}.db"  # same folder: the WARC paths stay valid
        shutil.copy(imported, copy)
        forget_parts(copy)
        out = subprocess.run([sys.executable, "-m", "archive", "resplit", "--db", str(copy),
                              "--jobs", str(jobs)], capture_output=True, text=True, timeout=120,
                             cwd=ROOT)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"pages": 6, "articles": 6, "missing_record": 0,
                                          "errors": 0, "failures": []}
        results[jobs] = dump(copy)
    assert results[2] == results[1]
    parts = ("comments", "article_references", "promotions")
    restored = {t: rows for t, rows in results[1].items() if t not in parts}
    assert restored == {t: rows for t, rows in original.items() if t in restored}
    texts = sorted(r[2:] for r in results[1]["comments"])  # new ids, same comments
    assert texts == sorted(r[2:] for r in original["comments"])


def test_bad_records_are_reported_and_the_run_goes_on(imported, tmp_path, monkeypatch):
    """A record cut short (with and without a stored length) and a page the splitter
    raises on are reported per page with a reason; every other page is re-split."""
    conn = sqlite3.connect(imported)
    rows = conn.execute("SELECT url, warc_file, warc_offset, warc_length FROM pages"
                        " ORDER BY warc_offset DESC").fetchall()
    last_url, warc, offset, length = rows[0]  # a copy of the file that ends in this record
    data = (tmp_path / warc).read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[:offset + length // 2])
    no_length = rows[1][0]  # another page pointed at the cut record, its length unknown
    crashing = rows[2][0]
    with conn:
        conn.execute("UPDATE pages SET warc_file = 'cut.warc.gz' WHERE url = ?", [last_url])
        conn.execute("UPDATE pages SET warc_file = 'cut.warc.gz', warc_offset = ?,"
                     " warc_length = NULL WHERE url = ?", [offset, no_length])
    conn.close()
    forget_parts(imported)
    before = dump(imported)
    real_split = archive.resplit.split_page

    def split_page(html, url=None, **kw):  # the splitter failing on one page
        if url == crashing:
            raise RuntimeError("splitter bug")
        return real_split(html, url, **kw)

    monkeypatch.setattr(archive.resplit, "split_page", split_page)  # workers are forked
    stats = resplit_all(imported, jobs=2)
    reasons = {f["url"]: f["reason"] for f in stats["failures"]}
    assert set(reasons) == {last_url, no_length, crashing}
    assert reasons[last_url].startswith("ValueError: truncated WARC record")
    assert "content hash differs" in reasons[no_length]
    assert reasons[crashing] == "split failed: RuntimeError: splitter bug"
    assert (stats["pages"], stats["missing_record"], stats["errors"]) == (6, 2, 1)
    after = dump(imported)
    failed_pages = [r for r in after["pages"] if r[1] in reasons]
    assert failed_pages == [r for r in before["pages"] if r[1] in reasons]  # left as they were
    failed_ids = {r[0] for r in failed_pages}
    titled = {r[1]: r[5] is not None for r in after["articles"]}  # page_id -> title back
    assert titled == {r[0]: r[0] not in failed_ids for r in after["pages"]}
    assert stats["articles"] == 3


def test_a_page_that_kills_its_worker_fails_alone(imported, monkeypatch):
    conn = sqlite3.connect(imported)
    urls = [r[0] for r in conn.execute("SELECT url FROM pages ORDER BY id")]
    conn.close()
    dying = urls[3]
    real_split = archive.resplit.split_page

    def split_page(html, url=None, **kw):
        if url == dying:
            os._exit(3)  # a crash the worker cannot report (segfault, OOM kill)
        return real_split(html, url, **kw)

    monkeypatch.setattr(archive.resplit, "split_page", split_page)
    stats = resplit_all(imported, jobs=2)
    assert [f["url"] for f in stats["failures"]] == [dying]  # not its neighbours
    assert stats["failures"][0]["reason"].startswith("worker died splitting this page")
    assert (stats["pages"], stats["articles"], stats["errors"]) == (6, 5, 1)


def test_resplit_benchmark_tiny(tmp_path):
    """`make bench`'s resplit table keeps working (asserts no timings)."""
    from benchmarks.resplit import CORPUS, bench_resplit

    if not CORPUS.exists():
        pytest.skip(f"no corpus at {CORPUS}")
    one, two = bench_resplit(5, [1, 2], tmp_path)
    assert (one["jobs"], two["jobs"]) == (1, 2)
    for r in (one, two):
        assert r["pages"] == 5 and r["failures"] == 0 and r["seconds"] > 0 and r["cpu"] > 0
    assert one["articles"] == two["articles"] > 0
