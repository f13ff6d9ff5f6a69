"""The `healtharchive` command: a click group; each command calls one module."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

DEFAULT_DB = "archive.db"


@click.group()
@click.version_option(package_name="health-blog-archive")
def cli():
    """Crawl health blogs, split articles into body / references / promotions /
    comment threads, archive them in SQLite and publish them with Datasette."""


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", default=None, help="The page's address, if known.")
@click.option("--explain", is_flag=True,
              help="Show which rule produced each part (a table on stderr, and an "
                   "\"explain\" list in the JSON).")
def split(file, url, explain):
    """Split one saved HTML page (FILE, or - for stdin; .gz is read too) and print JSON."""
    import gzip

    from . import split_page

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    page = split_page(data, url)
    click.echo(json.dumps(page.to_dict(explain=explain), indent=2, ensure_ascii=False))
    if explain:
        click.echo(_explain_table(page), err=True)


def _explain_table(page) -> str:
    """One line per rule that fired, then the part counts."""
    lines = [f"{e['part']:<11} {e['rule']:<24} {e.get('detail') or ''}" for e in page.explain]
    lines.append(f"=> {len(page.body.text)} body chars, {len(page.references)} references, "
                 f"{len(page.promotions)} promotions, {len(page.comments)} comments "
                 f"(state: {page.comments_state})")
    return "\n".join(lines)


def _db_option(f):
    return click.option("--db", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help="The archive database.")(f)


@cli.command()
@click.argument("start_url", required=False)
@_db_option
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting, as with `scrapy crawl -s`.")
@click.option("--job", "job_file", type=click.Path(exists=True, dir_okay=False),
              help="A job file (TOML) with start URLs, scope, delay and budget.")
@click.option("--refresh", is_flag=True, help="Re-fetch known articles, keep new versions.")
@click.option("--redis", "redis_url", default=None, metavar="redis://HOST:PORT/DB",
              help="Share the frontier through Redis: run this on any number of machines, "
                   "plus ONE `--writer` beside the database.")
@click.option("--writer", is_flag=True,
              help="With --redis: do not crawl; load the pages the crawler processes send "
                   "into the database, until the crawl is over.")
def crawl(start_url, db, settings, job_file, refresh, redis_url, writer):
    """Crawl one blog from START_URL into the archive (resumes an unfinished job)."""
    from .crawljob import run_crawl

    if not start_url and not job_file:
        raise click.UsageError("give a START_URL or --job FILE")
    if writer:
        if not redis_url or not start_url:
            raise click.UsageError("--writer needs START_URL and --redis URL")
        from .redis_writer import run_writer

        sys.exit(run_writer(start_url, db=db, redis_url=redis_url))
    code = run_crawl(start_url, db=db, settings=list(settings), job_file=job_file,
                     refresh=refresh, redis_url=redis_url)
    sys.exit(code)


@cli.command()
@_db_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for the split (default: one per core).")
def resplit(db, jobs):
    """Re-split every stored page from its WARC record, fetching nothing."""
    from .resplit import resplit_all

    stats = resplit_all(db, jobs=jobs)
    click.echo(json.dumps(stats))


@cli.command("import-warc")
@_db_option
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def import_warc(db, files):
    """Archive the HTML pages found in WARC files made by any tool."""
    from .resplit import import_warcs

    stats = import_warcs(db, list(files))
    click.echo(json.dumps(stats))


@cli.command()
@_db_option
def status(db):
    """Summarise crawl jobs and URL states."""
    from .status import render_status

    if not Path(db).exists():
        raise click.ClickException(f"no archive at {db}")
    click.echo(render_status(db))


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--public", is_flag=True,
              help="Serve an immutable snapshot with arbitrary SQL off and a short time limit.")
def serve(db, host, port, public):
    """Publish the archive with Datasette."""
    from .serve import serve as run_serve

    if not Path(db).exists():
        raise click.ClickException(f"no archive at {db}")
    run_serve(db, host=host, port=port, public=public)


@cli.command()
@_db_option
@click.argument("out", type=click.Path(dir_okay=False))
def publish(db, out):
    """Write an immutable snapshot of the archive to OUT (for `serve --public`)."""
    from .serve import publish as run_publish

    run_publish(db, out)
    click.echo(out)


@cli.command()
@click.option("--dir", "workdir", default="demo-data", show_default=True,
              type=click.Path(file_okay=False), help="Where the demo database and WARCs go.")
@click.option("--blog-port", default=8000, show_default=True, type=int)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Crawl only; do not start Datasette.")
def demo(workdir, blog_port, port, no_serve):
    """Serve the bundled demo blog on 127.0.0.1, crawl it, publish it with Datasette."""
    from .demo import run_demo

    sys.exit(run_demo(workdir, blog_port=blog_port, port=port, serve=not no_serve))
