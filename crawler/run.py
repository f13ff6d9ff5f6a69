"""`python -m crawler.run -a start_url=URL [-s NAME=VALUE ...] [spider]`.

The same crawl as `scrapy crawl blog -a start_url=URL -s ...`, but the process
exit code tells how it ended (documented in `archive.crawljob`): 0 completed,
1 failed, 2 usage error, 3 interrupted, 4 limit reached. `archive.crawljob`
runs this module in a subprocess.
"""
from __future__ import annotations

import argparse
import sys

from archive.crawljob import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, val = value.partition("=")
        if not sep or not name:
            raise ValueError(f"{flag} expects NAME=VALUE, got {value!r}")
        out[name] = val
    return out


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description=__doc__.split("\n")[0])
    parser.add_argument("spider", nargs="?", default="blog")
    parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-s", "--set", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        spargs = _pairs(args.spargs, "-a")
        overrides = _pairs(args.settings, "-s")
    except (ValueError, SystemExit) as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.spider == "blog" and not spargs.get("start_url"):
        print("usage error: -a start_url=URL is required", file=sys.stderr)
        return EXIT_USAGE

    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    if settings.get("REDIS_URL"):  # one of several processes sharing a Redis frontier
        from .redis_settings import distributed_settings
        try:
            settings.setdict(distributed_settings(settings, spargs.get("start_url", "")),
                             priority="cmdline")
        except ValueError as exc:
            print(f"usage error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    process = CrawlerProcess(settings)
    try:
        crawler = process.create_crawler(args.spider)
    except KeyError as exc:
        print(f"usage error: unknown spider {exc}", file=sys.stderr)
        return EXIT_USAGE
    process.crawl(crawler, **spargs)
    process.start()
    if getattr(process, "bootstrap_failed", False):
        return EXIT_FAILED
    code = crawler.stats.get_value("healtharchive/exit_code") if crawler.stats else None
    return EXIT_INTERRUPTED if code is None else int(code)


if __name__ == "__main__":
    sys.exit(main())
