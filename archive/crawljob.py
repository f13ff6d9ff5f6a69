"""Run a crawl job: Scrapy in a subprocess, so that `archive` never imports Scrapy.

`run_crawl(start_url, db=..., settings=[...])` runs
`python -m crawler.run -a start_url=URL -s ARCHIVE_DB=PATH -s NAME=VALUE ...`
(`crawler.run` is `scrapy crawl blog` plus an exit code that tells how the
crawl ended) with `SCRAPY_SETTINGS_MODULE=crawler.settings`, and returns the
subprocess's exit code. Running the same command again on the same database
resumes the job: URLs left `todo`/`in_progress` are queued again.

Exit codes (of `healtharchive crawl` and of `python -m crawler.run`):

    0  completed      the frontier is exhausted
    1  failed         the crawl could not run (bad database, an error in the
                      crawler) or no URL at all could be used (site unreachable)
    2  usage error    bad arguments or settings
    3  interrupted    stopped by SIGINT/SIGTERM (or killed); run again to resume
    4  limit reached  a CLOSESPIDER_* limit (page count, item count, time) stopped
                      it; run again to continue

The job's row in `crawl_jobs` gets the matching status (`JOB_STATUS`).
Signals: the crawler process shares our terminal's process group, so Ctrl-C
reaches it directly (once: finish in-flight pages; twice: stop now); this
process ignores SIGINT while waiting and forwards SIGTERM.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

EXIT_COMPLETED, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_LIMIT = 0, 1, 2, 3, 4
JOB_STATUS = {EXIT_COMPLETED: "completed", EXIT_FAILED: "failed", EXIT_USAGE: "failed",
              EXIT_INTERRUPTED: "interrupted", EXIT_LIMIT: "limit_reached"}

# job-file keys (TOML) -> Scrapy settings
JOB_SETTINGS = {"delay": "DOWNLOAD_DELAY", "budget": "CLOSESPIDER_PAGECOUNT",
                "max_items": "CLOSESPIDER_ITEMCOUNT", "depth": "MAX_DEPTH",
                "timeout": "CLOSESPIDER_TIMEOUT", "user_agent": "USER_AGENT",
                "max_pages_per_host": "HEALTHARCHIVE_MAX_PAGES_PER_HOST",
                "profile": "HEALTHARCHIVE_PROFILE"}


def exit_code_for(reason: str | None, *, requests: int = 0, done: int = 0) -> int:
    """The exit code for a Scrapy close reason. A crawl that sent requests and could
    not use a single response (site unreachable, every URL failed) failed."""
    if reason == "finished":
        return EXIT_FAILED if requests and not done else EXIT_COMPLETED
    if reason in ("shutdown", "cancelled", None):
        return EXIT_INTERRUPTED
    if reason.startswith("closespider_") and reason != "closespider_errorcount":
        return EXIT_LIMIT
    return EXIT_FAILED


def read_job_file(path) -> dict:
    """A job file: `start_url` (or `start_urls`), `allowed_paths`, `delay`, `budget`,
    `max_pages_per_host`, `depth`, `timeout`, `profile`, and a `[settings]` table of
    raw Scrapy settings."""
    with open(path, "rb") as fh:
        job = tomllib.load(fh)
    settings = {name: job[key] for key, name in JOB_SETTINGS.items() if key in job}
    settings.update(job.get("settings", {}))
    if job.get("allowed_paths"):
        settings["ALLOWED_PATHS"] = ",".join(job["allowed_paths"])
    urls = job.get("start_urls") or ([job["start_url"]] if job.get("start_url") else [])
    return {"start_urls": urls, "settings": settings}


def _check_profile(settings: list[str]) -> str | None:
    """Why the HEALTHARCHIVE_PROFILE among NAME=VALUE `settings` cannot be used, if so."""
    from . import profiles

    name = dict(item.split("=", 1) for item in settings).get("HEALTHARCHIVE_PROFILE")
    if not name:
        return None
    try:
        profiles.load(name)
    except ModuleNotFoundError:
        return f"no profile {name!r} (archive/profiles/{name}.py)"
    return None


def crawl_command(start_url: str, *, db, settings: list[str] = (), refresh: bool = False,
                  redis_url: str | None = None) -> list[str]:
    """The subprocess command line for one crawl."""
    cmd = [sys.executable, "-m", "crawler.run", "-a", f"start_url={start_url}",
           "-s", f"ARCHIVE_DB={os.fspath(db)}"]
    if refresh:
        cmd += ["-s", "REFRESH=1"]
    if redis_url:
        cmd += ["-s", f"REDIS_URL={redis_url}"]
    for item in settings:
        cmd += ["-s", item]
    return cmd


def run_crawl(start_url: str | None, *, db, settings: list[str] | None = None,
              job_file=None, refresh: bool = False, redis_url: str | None = None) -> int:
    """Crawl one blog into `db` in a subprocess; return the exit code (see module doc)."""
    settings = list(settings or [])
    bad = [s for s in settings if "=" not in s]
    if bad:
        print(f"error: settings must be NAME=VALUE, got {bad}", file=sys.stderr)
        return EXIT_USAGE
    urls = [start_url] if start_url else []
    if job_file:
        try:
            job = read_job_file(job_file)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            print(f"error: cannot read job file {job_file}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        urls = urls or job["start_urls"]
        settings = [f"{k}={v}" for k, v in job["settings"].items()] + settings
    if not urls:
        print("error: no start URL", file=sys.stderr)
        return EXIT_USAGE
    problem = _check_profile(settings)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    Path(db).resolve().parent.mkdir(parents=True, exist_ok=True)
    code = EXIT_COMPLETED
    for url in urls:
        code = _run(crawl_command(url, db=db, settings=settings, refresh=refresh,
                                  redis_url=redis_url))
        if code not in (EXIT_COMPLETED,):
            break
    return code


def _run(cmd: list[str]) -> int:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.Popen(cmd, env=env)
    if threading.current_thread() is not threading.main_thread():
        code = proc.wait()  # signal handlers can only be set in the main thread
    else:
        old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        old_term = signal.signal(signal.SIGTERM, lambda signum, frame: proc.send_signal(signum))
        try:
            code = proc.wait()
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)
    return EXIT_INTERRUPTED if code < 0 else code
