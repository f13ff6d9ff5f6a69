"""`healtharchive status`: crawl jobs, URL states with their top reasons, archive totals.

Plain text tables (no terminal control codes), so the output reads the same
in a terminal, a log file or a test.
"""
from __future__ import annotations

import json

from .db import Archive
from .schema import URL_STATUSES

TOP_REASONS = 5
JOB_COLUMNS = ["id", "status", "exit", "started", "finished", "pages", "failed", "skipped",
               "start_url"]


def render_status(db_path) -> str:
    """A text summary of the archive at `db_path` (opened read-only)."""
    archive = Archive(db_path, readonly=True)
    try:
        if not archive.db["crawl_urls"].exists():
            return f"{db_path}: not a healtharchive database (no crawl_urls table)"
        sections = [_jobs(archive), _url_states(archive), _totals(archive)]
    finally:
        archive.close()
    return "\n\n".join(sections) + "\n"


def table(headers: list[str], rows: list[list]) -> str:
    """Left-aligned text columns, numbers right-aligned, with a rule under the header."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int) for row in rows) and bool(rows)
               for i in range(len(headers))]

    def line(values):
        out = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule] + [line(r) for r in cells])


def _jobs(archive: Archive) -> str:
    rows = []
    for job in archive.db.query("SELECT * FROM crawl_jobs ORDER BY id"):
        stats = _job_counts(archive, job)
        rows.append([job["id"], job["status"], job["exit_code"], job["started_at"],
                     job["finished_at"], stats["pages_stored"], stats["failed"],
                     stats["skipped"], job["start_url"]])
    if not rows:
        return "Crawl jobs: none"
    return "Crawl jobs\n" + table(JOB_COLUMNS, rows)


def _job_counts(archive: Archive, job: dict) -> dict:
    """Stored stats of a finished job; live counts for a running one."""
    if job["finished_at"] and job["stats"]:
        stats = json.loads(job["stats"])
        if {"pages_stored", "failed", "skipped"} <= stats.keys():
            return stats
    return archive.job_stats(job["id"])


def _url_states(archive: Archive) -> str:
    counts = dict(archive.db.execute(
        "SELECT status, count(*) FROM crawl_urls GROUP BY status").fetchall())
    total = sum(counts.values())
    rows = [[status, counts.get(status, 0)] for status in URL_STATUSES]
    rows.append(["total", total])
    out = ["URL states", table(["status", "urls"], rows)]
    for status in ("failed", "skipped"):
        reasons = archive.db.execute(
            "SELECT reason, count(*) AS n FROM crawl_urls WHERE status = ? "
            "GROUP BY reason ORDER BY n DESC, reason LIMIT ?", [status, TOP_REASONS]).fetchall()
        if reasons:
            out.append(f"\nTop {status} reasons")
            out.append(table(["reason", "urls"], [[r, n] for r, n in reasons]))
    return "\n".join(out)


def _totals(archive: Archive) -> str:
    rows = []
    for name, sql in [
        ("sites", "SELECT count(*) FROM sites"),
        ("pages", "SELECT count(*) FROM pages"),
        ("articles", "SELECT count(*) FROM articles"),
        ("comments", "SELECT count(*) FROM comments WHERE deleted_at IS NULL"),
        ("comments marked deleted", "SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL"),
        ("references", "SELECT count(*) FROM article_references"),
        ("promotions", "SELECT count(*) FROM promotions"),
    ]:
        rows.append([name, archive.db.execute(sql).fetchone()[0]])
    return "Archive\n" + table(["rows", "count"], rows)
