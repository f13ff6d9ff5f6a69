"""`archive.crawljob`: job files, the crawl command line, exit codes (no Scrapy here)."""
from __future__ import annotations

import sys

from archive.crawljob import (EXIT_COMPLETED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LIMIT,
                              EXIT_USAGE, crawl_command, exit_code_for, read_job_file, run_crawl)


def test_job_file(tmp_path):
    job = tmp_path / "blog.toml"
    job.write_text('start_url = "https://blog.example/"\ndelay = 2.5\nbudget = 500\n'
                   'allowed_paths = ["/2020/", "/2021/"]\n[settings]\nRETRY_TIMES = 5\n')
    assert read_job_file(job) == {
        "start_urls": ["https://blog.example/"],
        "settings": {"DOWNLOAD_DELAY": 2.5, "CLOSESPIDER_PAGECOUNT": 500,
                     "ALLOWED_PATHS": "/2020/,/2021/", "RETRY_TIMES": 5}}


def test_crawl_command(tmp_path):
    cmd = crawl_command("https://b.example/", db=tmp_path / "a.db", settings=["X=1"], refresh=True)
    assert cmd[:3] == [sys.executable, "-m", "crawler.run"]
    assert cmd[3:] == ["-a", "start_url=https://b.example/", "-s", f"ARCHIVE_DB={tmp_path / 'a.db'}",
                       "-s", "REFRESH=1", "-s", "X=1"]


def test_exit_codes():
    assert exit_code_for("finished", requests=10, done=3) == EXIT_COMPLETED
    assert exit_code_for("finished", requests=0, done=0) == EXIT_COMPLETED  # nothing left to do
    assert exit_code_for("finished", requests=5, done=0) == EXIT_FAILED
    assert exit_code_for("shutdown") == EXIT_INTERRUPTED
    assert exit_code_for("closespider_pagecount") == EXIT_LIMIT
    assert exit_code_for("closespider_errorcount") == EXIT_FAILED


def test_usage_errors(tmp_path, capsys):
    assert run_crawl(None, db=tmp_path / "a.db") == EXIT_USAGE
    assert run_crawl("https://b.example/", db=tmp_path / "a.db", settings=["NOEQUALS"]) == EXIT_USAGE
    bad = tmp_path / "bad.toml"
    bad.write_text("start_url = [unclosed")
    assert run_crawl(None, db=tmp_path / "a.db", job_file=bad) == EXIT_USAGE


def test_job_file_budget_depth_and_profile(tmp_path):
    job = tmp_path / "blog.toml"
    job.write_text('start_url = "https://blog.example/"\nmax_pages_per_host = 300\ndepth = 4\n'
                   'profile = "example_site"\n')
    assert read_job_file(job)["settings"] == {
        "HEALTHARCHIVE_MAX_PAGES_PER_HOST": 300, "MAX_DEPTH": 4,
        "HEALTHARCHIVE_PROFILE": "example_site"}


def test_unknown_profile_is_a_usage_error(tmp_path, capsys):
    job = tmp_path / "blog.toml"
    job.write_text('start_url = "https://blog.example/"\nprofile = "no_such_site"\n')
    assert run_crawl(None, db=tmp_path / "a.db", job_file=job) == EXIT_USAGE
    assert "no profile 'no_such_site'" in capsys.readouterr().err
    assert not (tmp_path / "a.db").exists()  # nothing was started
