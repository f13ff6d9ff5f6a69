"""Archive: store_page (one transaction, idempotent), FTS, the URL frontier, jobs."""
import copy
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from archive.capture import Capture
from archive.db import Archive
from archive.model import Body, Comment, Page, Promotion, Reference

URL = "https://www.example-health.org/vitamin-d/"
PART_TABLES = ("pages", "articles", "article_references", "promotions", "comments")


def make_page(**overrides) -> Page:
    page = Page(
        url=URL, canonical_url="https://example-health.org/vitamin-d/",
        title="Vitamin D and your bones", authors=["Ann Author"], language="en",
        published="2024-01-02T00:00:00+00:00", site_name="Example Health",
        body=Body(text="Sunlight helps the skin make cholecalciferol.",
                  html="<p>Sunlight helps the skin make cholecalciferol.</p>"),
        references=[
            Reference(1, "Smith J. Calcium absorption. J Bone 2010.", doi="10.1000/bone.1",
                      authors=["Smith J"], title="Calcium absorption", year=2010),
            Reference(2, "Jones K. Osteoporosis trial. PMID 123456", pmid="123456"),
        ],
        promotions=[Promotion("coupon", "Save 10% on supplements", code="BONES10"),
                    Promotion("affiliate", "this lamp", url="https://shop.example/lamp",
                              inline=True)],
        comments=[
            Comment("comment-1", None, 0, 1, "Wendi", "Does magnesium matter too?"),
            Comment("comment-2", "comment-1", 1, 2, "Ann Author", "Yes, it does.",
                    is_site_author=True),
            Comment("comment-3", "comment-2", 2, 3, "Wendi", "Thanks for the answer!"),
            Comment("comment-4", None, 0, 4, "Bob", "Great post about sunshine."),
        ],
        comments_state="open", is_article=True)
    for key, value in overrides.items():
        setattr(page, key, value)
    return page


def capture(url=URL, fetched_at="2024-05-01T10:00:00+00:00", **kw) -> Capture:
    return Capture(url=url, final_url=url, fetched_at=fetched_at, http_status=200,
                   content_type="text/html", content_hash="ab" * 32,
                   warc_file="warc/crawl-00001.warc.gz", warc_offset=1234, warc_length=567, **kw)


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.db") as archive:
        yield archive


def counts(archive) -> dict:
    return {t: archive.db[t].count for t in PART_TABLES + ("crawl_urls", "sites")}


def ids(archive) -> dict:
    return {t: [r["id"] for r in archive.db.query(f"SELECT id FROM {t} ORDER BY id")]
            for t in PART_TABLES}


def search(archive, table, query) -> list[int]:
    return [r[0] for r in archive.db.execute(
        f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid", [query])]


def fts_ok(archive) -> None:
    assert archive.check() == []


def test_store_page_writes_every_part(archive):
    job = archive.start_job(URL, {})
    article_id = archive.store_page(capture(), make_page(), job_id=job)
    article = archive.db["articles"].get(article_id)
    assert article["url"] == "https://example-health.org/vitamin-d/"
    assert json.loads(article["authors"]) == ["Ann Author"]
    assert (article["comment_count"], article["reference_count"],
            article["promotion_count"]) == (4, 2, 2)
    page = archive.db["pages"].get(article["page_id"])
    assert (page["url"], page["warc_offset"], page["job_id"]) == (URL, 1234, job)
    assert archive.db["sites"].get(article["site_id"])["host"] == "example-health.org"
    refs = list(archive.db.query("SELECT position, doi, pmid FROM article_references "
                                 "WHERE article_id = ? ORDER BY position", [article_id]))
    assert refs == [{"position": 1, "doi": "10.1000/bone.1", "pmid": None},
                    {"position": 2, "doi": None, "pmid": "123456"}]
    promos = list(archive.db.query("SELECT kind, code, inline FROM promotions ORDER BY position"))
    assert promos == [{"kind": "coupon", "code": "BONES10", "inline": 0},
                      {"kind": "affiliate", "code": None, "inline": 1}]
    assert archive.url_state(URL)["status"] == "done"


def test_comment_tree_parent_ids_and_depths(archive):
    article_id = archive.store_page(capture(), make_page())
    rows = {r["comment_key"]: r for r in archive.db.query(
        "SELECT * FROM comments WHERE article_id = ?", [article_id])}
    assert rows["comment-1"]["parent_id"] is None
    assert rows["comment-2"]["parent_id"] == rows["comment-1"]["id"]
    assert rows["comment-3"]["parent_id"] == rows["comment-2"]["id"]
    assert [rows[k]["depth"] for k in sorted(rows)] == [0, 1, 2, 0]
    assert rows["comment-2"]["is_site_author"] == 1


def test_reply_before_its_parent_and_dangling_parent(archive):
    comments = [Comment("c-2", "c-1", 1, 1, "B", "reply listed first"),
                Comment("c-1", None, 0, 2, "A", "parent listed second"),
                Comment("c-3", "c-99", 1, 3, "C", "parent not on the page")]
    article_id = archive.store_page(capture(), make_page(comments=comments))
    rows = {r["comment_key"]: r for r in archive.db.query(
        "SELECT * FROM comments WHERE article_id = ?", [article_id])}
    assert rows["c-2"]["parent_id"] == rows["c-1"]["id"]
    assert (rows["c-3"]["parent_id"], rows["c-3"]["parent_key"]) == (None, "c-99")


def test_restore_is_idempotent(archive):
    first = archive.store_page(capture(), make_page())
    before, before_ids = counts(archive), ids(archive)
    second = archive.store_page(capture(fetched_at="2024-06-01T10:00:00+00:00"), make_page())
    assert second == first
    assert counts(archive) == before
    assert ids(archive) == before_ids
    article = archive.db["articles"].get(first)
    assert (article["first_seen"], article["last_seen"]) == (
        "2024-05-01T10:00:00+00:00", "2024-06-01T10:00:00+00:00")
    fts_ok(archive)


def test_restore_with_changes_updates_in_place(archive):
    article_id = archive.store_page(capture(), make_page())
    old_ids = {r["comment_key"]: r["id"] for r in archive.db.query("SELECT * FROM comments")}
    page = make_page(title="Vitamin D revisited")
    page.references = page.references[:1]
    page.promotions[0].code = "BONES20"
    page.comments = page.comments[:2] + [Comment("comment-5", "comment-1", 1, 3, "Zed",
                                                 "A brand new zinc question")]
    assert archive.store_page(capture(fetched_at="2024-06-01T00:00:00+00:00"), page) == article_id
    assert archive.db["article_references"].count == 1
    assert archive.db["promotions"].get(old_promo_id(archive))["code"] == "BONES20"
    rows = {r["comment_key"]: r for r in archive.db.query("SELECT * FROM comments")}
    assert rows["comment-1"]["id"] == old_ids["comment-1"]
    assert rows["comment-5"]["parent_id"] == old_ids["comment-1"]
    assert rows["comment-3"]["deleted_at"] == "2024-06-01T00:00:00+00:00"
    assert rows["comment-1"]["deleted_at"] is None
    assert archive.db["articles"].get(article_id)["comment_count"] == 3
    fts_ok(archive)


def old_promo_id(archive) -> int:
    return archive.db.execute("SELECT id FROM promotions WHERE position = 1").fetchone()[0]


def test_deleted_comment_that_reappears_is_unmarked(archive):
    archive.store_page(capture(), make_page())
    archive.store_page(capture(fetched_at="2024-06-01T00:00:00+00:00"),
                       make_page(comments=make_page().comments[:1]))
    assert archive.db.execute(
        "SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL").fetchone()[0] == 3
    archive.store_page(capture(fetched_at="2024-07-01T00:00:00+00:00"), make_page())
    assert archive.db.execute(
        "SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL").fetchone()[0] == 0


def test_resplitting_an_older_capture_marks_nothing_deleted(archive):
    archive.store_page(capture(fetched_at="2024-06-01T00:00:00+00:00"), make_page())
    archive.store_page(capture(fetched_at="2024-01-01T00:00:00+00:00"),
                       make_page(comments=[]))
    assert archive.db.execute(
        "SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL").fetchone()[0] == 0


def test_sql_failure_mid_page_rolls_back_everything(archive):
    archive.discover(URL, kind="article", job_id=None)
    archive.mark(URL, "in_progress")
    archive.db.execute(  # a real failure on the last comment, after every other part
        "CREATE TRIGGER boom BEFORE INSERT ON comments WHEN NEW.text = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END")
    page = make_page()
    page.comments.append(Comment("comment-9", "comment-1", 1, 9, "X", "boom"))
    with pytest.raises(sqlite3.IntegrityError, match="boom"):
        archive.store_page(capture(), page)
    assert {t: archive.db[t].count for t in PART_TABLES} == dict.fromkeys(PART_TABLES, 0)
    assert archive.url_state(URL)["status"] == "in_progress"
    assert not archive.db.conn.in_transaction


def test_python_failure_mid_page_keeps_the_previous_version(archive):
    archive.store_page(capture(), make_page())
    before = counts(archive)
    page = make_page(title="A new title that must not be committed")
    page.comments[-1].text = object()  # cannot be bound: fails after earlier parts were written
    with pytest.raises((sqlite3.InterfaceError, sqlite3.ProgrammingError)):
        archive.store_page(capture(fetched_at="2024-06-01T00:00:00+00:00"), page)
    assert counts(archive) == before
    assert archive.db["articles"].get(1)["title"] == "Vitamin D and your bones"
    assert search(archive, "articles", "committed") == []
    fts_ok(archive)


def test_fts_search_after_insert_update_and_delete(archive):
    article_id = archive.store_page(capture(), make_page())
    assert search(archive, "articles", "cholecalciferol") == [article_id]
    assert search(archive, "articles", "bone") == [article_id]  # porter: bones -> bone
    assert len(search(archive, "comments", "magnesium")) == 1
    assert len(search(archive, "article_references", "osteoporosis")) == 1
    page = make_page(body=Body(text="Ergocalciferol comes from mushrooms.", html=""))
    page.references = page.references[:1]
    page.comments[0].text = "What about potassium?"
    archive.store_page(capture(), page)
    assert search(archive, "articles", "cholecalciferol") == []
    assert search(archive, "articles", "mushrooms") == [article_id]
    assert search(archive, "comments", "magnesium") == []
    assert len(search(archive, "comments", "potassium")) == 1
    assert search(archive, "article_references", "osteoporosis") == []
    fts_ok(archive)


def test_article_url_is_the_canonical_only_within_the_site(archive):
    other = "https://www.other.org/vitamin-d/"
    a = archive.store_page(capture(), make_page())
    b = archive.store_page(capture(url=URL + "amp/"), make_page(url=URL + "amp/"))
    c = archive.store_page(capture(url="https://www.example-health.org/copy/"),
                           make_page(canonical_url=other))
    assert a == b  # an AMP variant with the same canonical is the same article
    d = archive.store_page(capture(url=URL + "other/"),
                           make_page(canonical_url="https://www.example-health.org/"))
    assert archive.db["articles"].get(d)["url"] == URL + "other/"  # not merged into "/"
    assert archive.db["articles"].get(c)["url"] == "https://www.example-health.org/copy/"
    assert archive.db["pages"].count == 4


def test_non_article_without_body_stores_page_only(archive):
    page = Page(url=URL + "page/2/", is_article=False)
    assert archive.store_page(capture(url=URL + "page/2/"), page) is None
    assert (archive.db["pages"].count, archive.db["articles"].count) == (1, 0)
    assert archive.url_state(URL + "page/2/")["status"] == "done"


def test_discover_only_adds_unseen_urls(archive):
    job = archive.start_job(URL, {})
    assert archive.discover(URL, kind="article", job_id=job, referer="https://e.org/", depth=2)
    archive.mark(URL, "done")
    assert not archive.discover(URL, kind="listing", job_id=job)
    row = archive.url_state(URL)
    assert (row["status"], row["kind"], row["depth"], row["referer"]) == (
        "done", "article", 2, "https://e.org/")


def test_mark_counts_attempts_and_keeps_reasons(archive):
    archive.discover(URL, kind="article", job_id=None)
    archive.mark(URL, "in_progress")
    archive.mark(URL, "todo", "retry: HTTP 503", http_status=503)
    archive.mark(URL, "in_progress")
    archive.mark(URL, "failed", "HTTP 503 after 2 attempts")
    row = archive.url_state(URL)
    assert (row["attempts"], row["status"], row["http_status"]) == (2, "failed", 503)
    assert row["reason"] == "HTTP 503 after 2 attempts"
    archive.mark("https://www.example-health.org/robots.txt", "skipped", "robots.txt 404",
                 kind="robots")
    assert archive.url_state("https://www.example-health.org/robots.txt")["kind"] == "robots"


@pytest.mark.parametrize("status,reason", [("failed", None), ("skipped", ""),
                                           ("skipped", "   "), ("gone", "x")])
def test_mark_refuses_silent_failures_and_unknown_states(archive, status, reason):
    archive.discover(URL, kind="article", job_id=None)
    with pytest.raises(ValueError):
        archive.mark(URL, status, reason)
    assert archive.url_state(URL)["status"] == "todo"


def test_pending_and_reset_in_progress(archive):
    j1, j2 = archive.start_job(URL, {}), archive.start_job(URL, {})
    for i, depth in enumerate([2, 0, 1]):
        archive.discover(f"{URL}{i}", kind="article", job_id=j1, depth=depth)
    archive.discover(f"{URL}x", kind="listing", job_id=j2, depth=0)
    archive.mark(f"{URL}1", "in_progress")
    archive.mark(f"{URL}2", "in_progress")
    assert [r["url"] for r in archive.pending_urls(j1)] == [f"{URL}0"]
    assert archive.reset_in_progress() == 2
    assert archive.reset_in_progress() == 0
    assert [r["url"] for r in archive.pending_urls(j1)] == [f"{URL}1", f"{URL}2", f"{URL}0"]
    assert len(archive.pending_urls()) == 4


def test_jobs_and_stats(archive):
    job = archive.start_job(URL, {"DOWNLOAD_DELAY": 1})
    archive.store_page(capture(), make_page(), job_id=job)
    archive.mark(URL + "404", "failed", "HTTP 404", job_id=job, http_status=404)
    archive.mark(URL + "pdf", "skipped", "not HTML: application/pdf", job_id=job)
    archive.discover(URL + "later", kind="article", job_id=job)
    archive.finish_job(job, "interrupted", 3, {"elapsed_s": 12.5})
    row = archive.db["crawl_jobs"].get(job)
    stats = json.loads(row["stats"])
    assert (row["status"], row["exit_code"]) == ("interrupted", 3)
    assert json.loads(row["settings"]) == {"DOWNLOAD_DELAY": 1}
    assert stats["elapsed_s"] == 12.5
    assert (stats["pages_stored"], stats["failed"], stats["skipped"], stats["urls_todo"]) == (
        1, 1, 1, 1)
    with pytest.raises(ValueError):
        archive.finish_job(job, "done", 0, {})


def test_iter_pages_gives_warc_pointers(archive):
    archive.store_page(capture(), make_page())
    pages = list(archive.iter_pages())
    assert [(p["url"], p["warc_file"], p["warc_offset"], p["warc_length"]) for p in pages] == [
        (URL, "warc/crawl-00001.warc.gz", 1234, 567)]


def test_reader_sees_only_committed_pages(tmp_path):
    path = tmp_path / "archive.db"
    with Archive(path) as writer, Archive(path, readonly=True) as reader:
        with writer.transaction():
            writer.store_page(capture(), copy.deepcopy(make_page()))
            assert reader.db["articles"].count == 0  # WAL: the reader is not blocked
        assert reader.db["articles"].count == 1


def test_discover_many_in_one_transaction(archive):
    archive.discover(URL + "a", kind="article", job_id=None)
    new = archive.discover_many([URL + "a", URL + "b", URL + "b", URL + "c"], kind="article",
                                job_id=None, referer=URL, depth=1)
    assert new == [URL + "b", URL + "c"]
    assert archive.db["crawl_urls"].count == 3
    assert archive.page_row(URL) is None
    archive.store_page(capture(), make_page())
    assert archive.page_row(URL)["content_hash"] == "ab" * 32


def test_second_writer_waits_for_the_first(tmp_path):
    """busy_timeout + BEGIN IMMEDIATE: a concurrent writer waits instead of failing."""
    import threading

    path = tmp_path / "archive.db"
    with Archive(path) as first, Archive(path) as second:
        holding, release = threading.Event(), threading.Event()

        def hold_lock():
            with first.transaction():
                first.discover(URL + "first", kind="article", job_id=None)
                holding.set()
                release.wait(5)

        thread = threading.Thread(target=hold_lock)
        thread.start()
        holding.wait(5)
        threading.Timer(0.3, release.set).start()
        second.discover(URL + "second", kind="article", job_id=None)  # blocks until release
        thread.join()
        assert {r["url"] for r in second.db.query("SELECT url FROM crawl_urls")} == {
            URL + "first", URL + "second"}


def test_views_summarise_jobs_and_articles(archive):
    job = archive.start_job(URL, {})
    archive.store_page(capture(), make_page(), job_id=job)
    archive.mark(URL + "x", "skipped", "robots.txt disallow", job_id=job)
    archive.store_page(capture(fetched_at="2024-06-01T00:00:00+00:00"),
                       make_page(comments=make_page().comments[:3]), job_id=job)
    jobs = list(archive.db.query("SELECT * FROM crawl_job_stats"))
    assert [(j["pages_stored"], j["urls_done"], j["urls_skipped"]) for j in jobs] == [(1, 1, 1)]
    stats = list(archive.db.query("SELECT * FROM article_stats"))
    assert [(s["comment_count"], s["deleted_comments"], s["max_comment_depth"],
             s["host"]) for s in stats] == [(3, 1, 2, "example-health.org")]


def test_comments_without_ids_and_duplicate_ids(archive):
    comments = [Comment("", None, 0, 1, "A", "no id on the page"),
                Comment(None, None, 0, 2, "B", "no id either"),
                Comment("c-7", None, 0, 3, "C", "first copy"),
                Comment("c-7", None, 0, 4, "C", "second copy, same id")]
    article_id = archive.store_page(capture(), make_page(comments=comments))
    rows = list(archive.db.query("SELECT comment_key, text FROM comments ORDER BY id"))
    assert [r["comment_key"] for r in rows] == ["position-1", "position-2", "c-7"]
    assert rows[-1]["text"] == "second copy, same id"
    assert archive.db["articles"].get(article_id)["comment_count"] == 3


def test_capture_round_trips_through_pages_row(archive):
    original = capture()
    archive.store_page(original, make_page())
    row = next(archive.iter_pages())
    assert Capture.from_row(row) == original


def test_iter_pages_while_restoring_each_page(archive):
    for i in range(1203):
        archive.db.execute("INSERT INTO pages (url) VALUES (?)", [f"{URL}{i}"])
    archive.db.conn.commit()
    seen = []
    for row in archive.iter_pages():
        seen.append(row["url"])
        if row["id"] % 100 == 0:
            archive.store_page(capture(url=row["url"]), make_page(canonical_url=row["url"]))
    assert len(seen) == len(set(seen)) == 1203


def test_check_reports_a_sound_archive_and_a_stale_index(archive):
    archive.store_page(capture(), make_page())
    assert archive.check() == []
    with archive.transaction():  # corrupt the index behind the triggers' back
        archive.db.execute("DROP TRIGGER comments_ad")
        archive.db.execute("DELETE FROM comments WHERE id = 4")
    assert [p for p in archive.check() if p.startswith("comments_fts")]
    archive.rebuild_fts()
    assert archive.check() == []


def test_parent_cycle_is_stored_without_looping(archive):
    comments = [Comment("a", "b", 1, 1, "A", "x"), Comment("b", "a", 1, 2, "B", "y")]
    archive.store_page(capture(), make_page(comments=comments))
    assert archive.db["comments"].count == 2


@st.composite
def forests(draw):
    """Comment forests listed in any order, some replies pointing at missing comments."""
    n = draw(st.integers(1, 12))
    parents = [draw(st.one_of(st.none(), st.integers(0, max(i - 1, 0)), st.just(99)))
               if i else None for i in range(n)]
    order = draw(st.permutations(range(n)))
    return [Comment(f"c{i}", None if parents[i] is None else f"c{parents[i]}", 0, pos, "A",
                    f"t{i}") for pos, i in enumerate(order, start=1)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comments=forests())
def test_parent_ids_match_parent_keys_in_any_order(tmp_path_factory, comments):
    with Archive(tmp_path_factory.mktemp("h") / "a.db") as archive:
        for _ in range(2):  # and again: re-store keeps the same answer
            archive.store_page(capture(), make_page(comments=comments))
            rows = {r["comment_key"]: r for r in archive.db.query("SELECT * FROM comments")}
            for c in comments:
                parent = rows.get(c.parent_id)
                assert rows[c.id]["parent_id"] == (parent["id"] if parent else None)
        assert archive.check() == []
