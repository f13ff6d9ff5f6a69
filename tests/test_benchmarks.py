"""Smoke tests: every benchmark runs at a tiny size and returns sane, structured numbers.

They keep `make bench` from rotting; they assert no timings.
"""
import math
import random

from archive.db import Archive
from benchmarks.archive_gen import cached_archive, thread_sizes
from benchmarks.common import count_rows, fts_triggers, percentile, table
from benchmarks.crawl import bench_crawl, rss_growth
from benchmarks.distributed import steady_rate
from benchmarks.load import bench_load
from benchmarks.reading import bench_reading


def test_percentile_is_nearest_rank():
    xs = list(range(1, 101))
    assert percentile(xs, 50) == 50
    assert percentile(xs, 95) == 95
    assert percentile([7.0], 95) == 7.0


def test_table_is_markdown():
    text = table(["a", "b"], [["x", 1.25]])
    assert text.splitlines() == ["| a | b |", "|---|---|", "| x | 1.2 |"]


def test_thread_sizes_sum_and_cap():
    sizes = thread_sizes(random.Random(3), 500, 5000, cap=100)
    assert sum(sizes) == 5000 and len(sizes) == 500
    assert max(sizes) <= 100 and min(sizes) >= 0


def test_rss_growth_reads_samples_at_page_counts():
    samples = [(0.1, 0, 0), (0.2, 5, 100), (0.3, 10, 150), (0.4, 20, 170), (0.5, 20, 0)]
    assert rss_growth(samples, 5, 20) == (100, 170)


def test_steady_rate_leaves_start_up_out():
    samples = [(0.1, 0), (0.5, 1), (1.5, 11), (2.5, 11)]
    assert steady_rate(samples) == 10.0  # 10 more articles between 0.5 s and 1.5 s
    assert math.isnan(steady_rate([(0.1, 0), (0.3, 0)]))  # nothing stored


def test_fts_triggers_and_count_rows(tmp_path):
    path = tmp_path / "a.db"
    assert count_rows(path, "pages") == 0  # absent file: 0, not an error
    with Archive(path) as arch:
        names = {name for name, sql in fts_triggers(arch.db) if sql.startswith("CREATE TRIGGER")}
    assert {"articles_ai", "comments_ai", "comments_ad", "article_references_ai"} <= names
    assert count_rows(path, "pages") == 0 and count_rows(path, "no_such_table") == 0


def test_load_benchmark_tiny():
    results = bench_load(pages=3, comments=20, references=3, promotions=2)
    assert len(results) == 4
    for r in results:
        assert r["rows"] == 3 * (3 + 20 + 3 + 2)
        assert r["seconds"] > 0 and all(t > 0 for t in r["per_page"])


def test_generated_archive_is_sound(tmp_path):
    path = cached_archive(50, 400, cache_dir=tmp_path, log=lambda *_: None)
    with Archive(path) as arch:
        assert arch.check() == []
        db = arch.db
        assert db["comments"].count == 400 and db["articles"].count == 50
        assert db.execute("SELECT sum(comment_count) FROM articles").fetchone()[0] == 400
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"comments_ai", "comments_ad", "comments_au", "articles_ai"} <= triggers
    built_at, logged = path.stat().st_mtime_ns, []
    assert cached_archive(50, 400, cache_dir=tmp_path, log=logged.append) == path
    assert logged == [] and path.stat().st_mtime_ns == built_at  # reused, not rebuilt


def test_reading_benchmark_tiny(tmp_path):
    result = bench_reading(articles=60, comments=600, requests=3, cache_dir=tmp_path,
                           log=lambda *_: None)
    labels = [row["label"] for row in result["rows"]]
    assert any(label.startswith("search") for label in labels)
    assert any(label.startswith("article page") for label in labels)
    assert any(label.startswith("comment thread") for label in labels)
    for row in result["rows"]:
        assert len(row["times"]) == 3 and all(t > 0 for t in row["times"])
        assert row["errors"] == [], row["label"]  # every request answered 200
    assert "comments_fts" in result["plans"]["search (very common word)"]


def test_crawl_benchmark_tiny(tmp_path):
    result = bench_crawl(articles=6, workdir=tmp_path)
    real, null = result["real"], result["null"]
    assert real["code"] == 0 and null["code"] == 0
    assert real["pages"] >= 6 and null["pages"] >= 6
    assert real["cpu"] > 0 and null["cpu"] > 0 and real["peak_kb"] > 0
    assert real["samples"] and result["split_ms"] > 0
