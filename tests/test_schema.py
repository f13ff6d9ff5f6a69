"""The schema: idempotent creation, foreign keys, WAL, indexes, FTS, migrations."""
import sqlite3

import pytest
import sqlite_utils

from archive.db import Archive
from archive.schema import FTS, INDEXES, SCHEMA_VERSION, TABLES, ensure_schema


def dump(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def test_ensure_schema_twice_is_idempotent(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    first = dump(path)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA user_version = 0")  # force the slow path to run again
    ensure_schema(db)
    ensure_schema(db)
    db.close()
    Archive(path).close()
    assert dump(path) == first
    assert {name for kind, name, _ in first if kind == "table"} >= set(TABLES)


def test_version_recorded_and_newer_database_refused(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        archive.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        Archive(path)


def test_pragmas_wal_foreign_keys_recursive_triggers(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        pragma = lambda name: archive.db.execute(f"PRAGMA {name}").fetchone()[0]
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("recursive_triggers") == 1
        assert pragma("busy_timeout") >= 30000


def test_foreign_keys_are_enforced(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(sqlite3.IntegrityError):
            with archive.transaction():
                archive.db.execute(
                    "INSERT INTO comments (article_id, comment_key) VALUES (999, 'c-1')")
        assert archive.db["comments"].count == 0


def test_foreign_key_declarations(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        fks = {(fk.table, fk.column, fk.other_table) for t in TABLES
               for fk in archive.db[t].foreign_keys}
    assert ("comments", "parent_id", "comments") in fks
    assert ("comments", "article_id", "articles") in fks
    assert ("articles", "page_id", "pages") in fks
    assert ("crawl_urls", "job_id", "crawl_jobs") in fks
    assert ("pages", "site_id", "sites") in fks


def test_indexes_exist(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        have = {(t, tuple(ix.columns), bool(ix.unique)) for t in TABLES
                for ix in archive.db[t].indexes}
    for table, columns, unique in INDEXES:
        assert (table, tuple(columns), unique) in have


def test_fts_tables_and_triggers(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        for table, columns in FTS.items():
            assert archive.db[table].detect_fts() == f"{table}_fts"
            assert archive.db[f"{table}_fts"].columns_dict.keys() == set(columns)
            triggers = {t.name for t in archive.db[table].triggers}
            assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers


def test_url_state_rules_enforced_by_the_database(tmp_path):
    """Even raw SQL cannot record an unknown state or a skip without a reason."""
    with Archive(tmp_path / "a.db") as archive:
        for status, reason in [("skipped", None), ("failed", "  "), ("bogus", "x")]:
            with pytest.raises(sqlite3.IntegrityError):
                with archive.transaction():
                    archive.db.execute(
                        "INSERT INTO crawl_urls (url, status, reason) VALUES (?, ?, ?)",
                        ["https://e.com/", status, reason])
        assert archive.db["crawl_urls"].count == 0


def test_missing_columns_are_added_to_an_older_database(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    db = sqlite_utils.Database(path)
    db["comments"].transform(drop={"deleted_at"})
    db.execute("PRAGMA user_version = 0")
    db.close()
    with Archive(path) as archive:
        assert "deleted_at" in archive.db["comments"].columns_dict


def test_readonly_open_does_not_write(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    with Archive(path, readonly=True) as reader:
        assert reader.db["articles"].count == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.mark("https://e.com/", "todo")


def test_check_works_read_only(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    with Archive(path, readonly=True) as reader:
        assert reader.check() == []
