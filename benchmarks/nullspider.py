"""A do-nothing Scrapy spider: the floor the crawl benchmark compares against.

It discovers pages the way the blog spider does (robots.txt -> sitemaps, then
the same `crawler.discovery.page_links` on every HTML page, canonicalised with
`archive.urls.Scope` and without the URL variants the blog spider skips), but
stores nothing: no split, no WARC, no database. Run as
`python -m benchmarks.nullspider URL [NAME=VALUE ...]`; it prints one JSON line
of counts at the end. Scrapy's project settings are NOT loaded.
"""
from __future__ import annotations

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from archive.urls import Scope, canonical_url, variant_reason
from crawler.discovery import page_links

BASE_SETTINGS = {
    "ROBOTSTXT_OBEY": True, "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING", "USER_AGENT": "healtharchive-bench-null/0.1",
}


class NullSpider(scrapy.Spider):
    name = "null"

    def __init__(self, start_url: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_url = canonical_url(start_url)
        self.scope = Scope(self.start_url)
        self.pages = 0
        self.seen: set[str] = set()  # like the blog spider: one Request per URL, ever

    async def start(self):
        root = f"{self.scope.scheme}://{self.scope.netloc}/"
        yield scrapy.Request(root + "robots.txt", callback=self.parse_robots)
        yield scrapy.Request(self.start_url, callback=self.parse_page)

    def parse_robots(self, response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        sitemap = Sitemap(response.body)
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_page
        for entry in sitemap:
            yield from self._follow(entry["loc"], callback)

    def parse_page(self, response):
        self.pages += 1
        if not isinstance(response, scrapy.http.HtmlResponse):
            return
        for url in page_links(response):
            yield from self._follow(url, self.parse_page)

    def _follow(self, raw, callback):
        url = self.scope.normalize(raw)
        if url is not None and url not in self.seen and not variant_reason(url):
            self.seen.add(url)
            yield scrapy.Request(url, callback=callback)


def main(argv: list[str]) -> int:
    start_url, overrides = argv[0], dict(a.split("=", 1) for a in argv[1:])
    process = CrawlerProcess({**BASE_SETTINGS, **overrides})
    crawler = process.create_crawler(NullSpider)
    process.crawl(crawler, start_url=start_url)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": crawler.spider.pages,
                      "responses": stats.get("response_received_count", 0),
                      "elapsed": stats.get("elapsed_time_seconds")}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
