"""Where article URLs come from: robots.txt, sitemaps, feeds, listing pages.

Small pure functions over response bodies and lxml trees, used by the blog
spider. Link extraction is restricted to the page's content areas (and its
navigation and pagination), where a full-page LinkExtractor costs several ms.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

# The well-known places a blog lists its articles, relative to the site root.
SEED_PATHS = (("robots.txt", "robots"), ("wp-sitemap.xml", "sitemap"),
              ("sitemap_index.xml", "sitemap"), ("sitemap.xml", "sitemap"), ("feed/", "feed"))

CONTENT_AREAS = (
    "//main", "//article", "//nav",
    "//*[@id='content' or @id='primary' or @id='main' or @id='posts']",
    "//*[contains(@class, 'site-main') or contains(@class, 'entry-content')"
    " or contains(@class, 'post-content') or contains(@class, 'nav-links')"
    " or contains(@class, 'pagination') or contains(@class, 'widget_recent_entries')]",
)
_restricted = LinkExtractor(restrict_xpaths=CONTENT_AREAS, tags=("a",), attrs=("href",))
_anywhere = LinkExtractor(tags=("a",), attrs=("href",))
_PAGINATION = "//link[@rel='next' or @rel='prev']/@href | //a[@rel='next' or @rel='prev']/@href"
_FEED_LINKS = ("//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href")

_LISTING = re.compile(r"(/page/\d+/?$|/(category|tag|author|topics?|archives?|blog)(/|$)"
                      r"|^/\d{4}(/\d{2}){0,2}/?$|^/?$)", re.I)
_ATOM = "{http://www.w3.org/2005/Atom}"


class NotASitemap(ValueError):
    """The body is not a sitemap (an HTML soft-404, say)."""


def page_links(response) -> list[str]:
    """In-site candidate links of an HTML page: content areas (or the whole page when it
    has none), plus rel=next/prev pagination. Run before `split_page` edits the tree."""
    links = _restricted.extract_links(response) or _anywhere.extract_links(response)
    urls = [link.url for link in links]
    urls += [response.urljoin(h.strip()) for h in response.selector.root.xpath(_PAGINATION)]
    return urls


def feed_links(response) -> list[str]:
    """The feeds a page advertises in its <head>."""
    return [response.urljoin(h.strip()) for h in response.selector.root.xpath(_FEED_LINKS)]


def guess_kind(url: str) -> str:
    """`listing` for pagination, taxonomy, author and date archives and the home page;
    `other` for everything else (an article, most likely; the page will tell)."""
    return "listing" if _LISTING.search(urlsplit(url).path) else "other"


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    return [urljoin(base_url, u) for u in sitemap_urls_from_robots(body, base_url=base_url)]


def parse_sitemap(body: bytes, *, max_size: int) -> tuple[str, list[tuple[str, str | None]]]:
    """("sitemapindex" | "urlset", [(loc, lastmod)]) of a (possibly gzipped) sitemap."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_size=max_size)
    body = body.strip()
    if not body.startswith(b"<"):
        raise NotASitemap("not XML")
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise NotASitemap(str(exc)) from exc
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise NotASitemap(f"root element <{sitemap.type}>")
    entries = [(e["loc"], e.get("lastmod")) for e in sitemap if e.get("loc")]
    return sitemap.type, entries


def sitemap_entry_kind(sitemap_url: str) -> str:
    """What a urlset's URLs are: WordPress and Yoast name taxonomy and user sitemaps."""
    name = urlsplit(sitemap_url).path.rsplit("/", 1)[-1].lower()
    if re.search(r"(taxonom|categor|tag|user|author)", name):
        return "listing"
    return "article"


def parse_feed(body: bytes) -> list[str] | None:
    """Entry links of an RSS or Atom feed; None if the body is not a feed."""
    try:
        root = etree.fromstring(body.strip(), etree.XMLParser(recover=True, resolve_entities=False,
                                                              no_network=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    tag = etree.QName(root).localname.lower()
    if tag == "rss" or tag == "rdf":
        return [t.strip() for t in root.xpath("//*[local-name()='item']/*[local-name()='link']/text()")
                if t.strip()]
    if tag == "feed":
        return [h.strip() for h in root.xpath(
            "//a:entry/a:link[not(@rel) or @rel='alternate']/@href", namespaces={"a": _ATOM[1:-1]})]
    return None


# --- the WordPress REST API ------------------------------------------------------
# Found through the `Link: <...wp-json/>; rel="https://api.w.org/"` header every
# WordPress page sends, or the same <link> in the <head>; a post's own route
# through its `alternate` application/json link, its shortlink `?p=ID` or the
# `postid-ID` body class.
API_REL = "https://api.w.org/"
_LINK_HEADER = re.compile(r'<([^>]+)>\s*;([^,<]*(?:"[^"]*"[^,<]*)*)')
_POST_ROUTE = re.compile(r"/wp/v2/posts/(\d+)\b")
_POST_ID = re.compile(r"(?:[?&]p=|\bpostid-)(\d+)\b")


def _header_links(response) -> list[tuple[str, str]]:
    """(url, params) of every RFC 8288 Link header entry."""
    found = []
    for value in response.headers.getlist("Link"):
        for url, params in _LINK_HEADER.findall(value.decode("latin-1")):
            found.append((response.urljoin(url.strip()), params))
    return found


def _head(response, xpath: str) -> list[str]:
    root = getattr(getattr(response, "selector", None), "root", None)
    try:
        return [v.strip() for v in root.xpath(xpath)] if root is not None else []
    except (AttributeError, ValueError):
        return []


def wp_api_root(response) -> str | None:
    """The site's REST API root (".../wp-json/") if the page advertises one."""
    for url, params in _header_links(response):
        if API_REL in params:
            return url
    hrefs = _head(response, f"//link[@rel='{API_REL}']/@href")
    return response.urljoin(hrefs[0]) if hrefs else None


def wp_post_id(response) -> int | None:
    """The WordPress post id of a single-post page, if the page tells."""
    candidates = [url for url, params in _header_links(response)
                  if "alternate" in params and "json" in params]
    candidates += _head(response, "//link[@rel='alternate'][contains(@type, 'json')]/@href")
    for url in candidates:
        m = _POST_ROUTE.search(url)
        if m:
            return int(m.group(1))
    candidates = [url for url, params in _header_links(response) if "shortlink" in params]
    candidates += _head(response, "//link[@rel='shortlink']/@href | //body/@class")
    for text in candidates:
        m = _POST_ID.search(text)
        if m:
            return int(m.group(1))
    return None


def api_route(root: str, route: str, **query) -> str:
    """A REST API URL: `root` + "wp/v2/..." + query (pretty or `?rest_route=` roots)."""
    params = "&".join(f"{k}={v}" for k, v in query.items())
    if "rest_route=" in root:
        return f"{root.rstrip('/')}/{route}" + (f"&{params}" if params else "")
    return f"{root.rstrip('/')}/{route}" + (f"?{params}" if params else "")


def parse_api_list(body: bytes) -> list[dict] | None:
    """The objects of a REST API collection response, or None if it is not one."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        return None
    return data


def api_total_pages(response) -> int:
    """`X-WP-TotalPages` (1 when absent or unreadable)."""
    try:
        return max(1, int(response.headers.get("X-WP-TotalPages", b"1")))
    except ValueError:
        return 1
