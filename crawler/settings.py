"""Scrapy settings of the healtharchive crawler.

The only module that reads environment variables for a crawl:
- `HEALTHARCHIVE_DB`: the archive database (setting `ARCHIVE_DB`, default
  `archive.db`); WARC files go to a `warc/` folder beside it;
- `HEALTHARCHIVE_USER_AGENT`: overrides the User-Agent (e.g. to add a contact).

Polite by default: robots.txt obeyed, one request at a time per host, a 1 s
delay adapted by AutoThrottle. Tests and the demo override with
`-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=0`.
"""
import os

BOT_NAME = "healtharchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- the archive --------------------------------------------------------------
ARCHIVE_DB = os.environ.get("HEALTHARCHIVE_DB", "archive.db")
WARC_DIR = "warc"                    # relative to the database's folder
WARC_MAX_SIZE = 1024 ** 3            # rotate WARC files at 1 GiB
WARC_PREFIX = "healtharchive"
SITEMAP_MAX_SIZE = 50 * 1024 ** 2    # a gzipped sitemap may not expand beyond 50 MiB
MAX_DEPTH = 0                        # link depth limit (0: none); a stop is a recorded skip
DEPTH_LIMIT = 0                      # the same, by Scrapy's name (either one works)
HEALTHARCHIVE_MAX_PAGES_PER_HOST = 0  # page budget per host (0: none); a stop is a recorded skip
HEALTHARCHIVE_PROFILE = ""           # a per-site profile (archive/profiles/<slug>.py) to split with
REFRESH = False                      # re-fetch known articles (healtharchive crawl --refresh)
REFRESH_LASTMOD = True               # --refresh: skip articles whose sitemap lastmod is unchanged
WP_API = True                        # use the WordPress REST API (when the site shows one) to
                                     # find posts and complete comment threads

# --- identity and politeness --------------------------------------------------
USER_AGENT = os.environ.get(
    "HEALTHARCHIVE_USER_AGENT",
    "healtharchive/0.1 (+https://github.com/healtharchive/health-blog-archive; research archive)",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 ** 2
DOWNLOAD_WARNSIZE = 8 * 1024 ** 2
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_AFTER_MAX_DELAY = 120.0        # a longer Retry-After fails the URL (with the delay) at once
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False     # no listening port
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0

# --- components ------------------------------------------------------------------
ROBOTSTXT_RETRY_AFTER = 60.0          # robots.txt 5xx / network error: wait, fetch again
ROBOTSTXT_RETRY_TIMES = 3             # ... then ignore the host's requests, with a reason
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.StrictRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,  # + Retry-After on 429/503
    "crawler.middlewares.MetaCharsetMiddleware": 580,  # after decompression (590)
    # closest to the network: sees every exchange (redirects, retries, robots.txt)
    # with the body as it came from the server, before decompression.
    "crawler.middlewares.WarcRecorderMiddleware": 950,
}
# Depth is the spider's (DEPTH_LIMIT, a recorded skip): Scrapy's would drop silently.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.depth.DepthMiddleware": None}
ITEM_PIPELINES = {
    "crawler.pipelines.StorePagePipeline": 300,
    "crawler.pipelines.UrlStatePipeline": 400,
}
EXTENSIONS = {
    "crawler.extensions.CrawlJob": 100,
    "crawler.extensions.ProgressLog": 200,
}
PROGRESS_INTERVAL = 15.0             # seconds between progress log lines
PROGRESS_LIVE = "auto"               # a live progress line when stderr is a terminal

FEED_EXPORT_ENCODING = "utf-8"

# --- distributed crawls (healtharchive crawl URL --redis redis://HOST:PORT/DB) --------
# With REDIS_URL set, `crawler.run` applies `crawler.redis_settings.distributed_settings`:
# scrapy-redis scheduler + duplicate filter, keys `healtharchive:<site>:*`, and no
# SQLite in this process (pages go through Redis to `healtharchive crawl --writer`).
REDIS_URL = None
REDIS_KEY_PREFIX = ""                # default: archive.redis_writer.key_prefix(start URL)
REDIS_WORKER_ID = ""                 # default: <hostname>-<pid>; also names the WARC files
REDIS_WORKER_TIMEOUT = 60.0          # a process silent this long counts as dead
