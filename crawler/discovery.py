"""Where article URLs come from: robots.txt, sitemaps, feeds, listing pages.

Small pure functions over response bodies and lxml trees, used by the blog
spider. Page links are read from the page's content areas (and its navigation
and pagination) with ONE compiled XPath over the lxml tree the splitter also
uses. Scrapy's LinkExtractor with `restrict_xpaths` walked every matched area
separately (nested areas over and over): median 19 ms a page on the real pages
of ../shared/corpus and 8 ms on the generated demo blog's, against 5 ms and
0.5 ms now (same links once canonicalised; tests/test_discovery.py).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.gz import gunzip
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from w3lib.url import safe_url_string

# The well-known places a blog lists its articles, relative to the site root.
SEED_PATHS = (("robots.txt", "robots"), ("wp-sitemap.xml", "sitemap"),
              ("sitemap_index.xml", "sitemap"), ("sitemap.xml", "sitemap"), ("feed/", "feed"))

# Where a page's links to other posts are: main content, articles, navigation,
# pagination, the recent-posts widget (as `//*[...]` with one predicate, but a
# union of cheap tests is twice as fast on a large page).
CONTENT_AREAS = (
    "//main | //article | //nav"
    " | //*[@id][@id='content' or @id='primary' or @id='main' or @id='posts']"
    " | //*[@class][contains(@class, 'site-main') or contains(@class, 'entry-content')"
    " or contains(@class, 'post-content') or contains(@class, 'nav-links')"
    " or contains(@class, 'pagination') or contains(@class, 'widget_recent_entries')]"
)
# a node-set: a link inside nested areas comes once, in document order
_AREA_HREFS = etree.XPath(f"({CONTENT_AREAS})/descendant-or-self::a/@href")
_ALL_HREFS = etree.XPath("//a/@href")
_REL_HREFS = etree.XPath("//link[@rel='next' or @rel='prev']/@href"
                         " | //a[@rel='next' or @rel='prev']/@href")
_HTML5_SPACE = " \t\n\r\x0c"  # what browsers (and LinkExtractor) strip from an href
_FOLLOWED_SCHEMES = ("http", "https", "file", "ftp")  # as LinkExtractor: others dropped
# a character `safe_url_string` would escape (the rare case: it costs ~10 us a link)
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")
_IGNORED_ENDINGS = tuple("." + e for e in IGNORED_EXTENSIONS)  # images, archives, office...
_FEED_LINKS = ("//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href")

_LISTING = re.compile(r"(/page/\d+/?$|/(category|tag|author|topics?|archives?|blog)(/|$)"
                      r"|^/\d{4}(/\d{2}){0,2}/?$|^/?$)", re.I)
_ATOM = "{http://www.w3.org/2005/Atom}"


class NotASitemap(ValueError):
    """The body is not a sitemap (an HTML soft-404, say)."""


def page_links(response) -> list[str]:
    """In-site candidate links of an HTML page: the `<a href>`s of its content areas
    (of the whole page when those give none), then rel=next/prev pagination.

    Each href is stripped, resolved against the page's `<base href>` (else its
    URL), made URL-safe, freed of its #fragment; javascript:, mailto:, tel:,
    data: and the like, and links to files (IGNORED_EXTENSIONS: images,
    archives, documents) are dropped; duplicates too, first one kept. Run before
    `split_page` edits the tree."""
    root = response.selector.root
    base = get_base_url(response)
    encoding = response.encoding
    urls = _resolve(_AREA_HREFS(root), base, encoding) or _resolve(_ALL_HREFS(root), base,
                                                                    encoding)
    urls.update((u, None) for u in _resolve(_REL_HREFS(root), base, encoding, check_ext=False))
    return list(urls)


def _resolve(hrefs, base: str, encoding: str, *, check_ext: bool = True) -> dict[str, None]:
    """Absolute followable URLs of `hrefs`, in order, without duplicates (dict keys)."""
    out: dict[str, None] = {}
    scheme = base.split(":", 1)[0]
    for href in hrefs:
        href = href.strip(_HTML5_SPACE)
        if _ABSOLUTE.match(href):  # most links of a blog: the same on every page
            url = _absolute(scheme, href, encoding, check_ext)
        else:
            url = _followable(base, href, encoding, check_ext)
        if url is not None:
            out[url] = None
    return out


# `http(s)://host...`: urljoin's result depends on the base only through its scheme
_ABSOLUTE = re.compile(r"https?://[^/?#\\]", re.I)


@lru_cache(maxsize=4096)  # menus and sidebars repeat page after page
def _absolute(base_scheme: str, href: str, encoding: str, check_ext: bool) -> str | None:
    return _followable(base_scheme + "://h/", href, encoding, check_ext)


def _followable(base: str, href: str, encoding: str, check_ext: bool) -> str | None:
    """`href` resolved against `base` as LinkExtractor did, without its #fragment;
    None for a link not to follow (see `page_links`)."""
    try:
        url = urljoin(base, href)
        if _UNSAFE.search(url):  # spaces, non-ASCII, stray %: percent-encoded, as sent
            url = safe_url_string(url, encoding=encoding)
    except ValueError:  # bogus links ("http://[", bad ports)
        return None
    url = url.split("#", 1)[0]
    if url.split(":", 1)[0].lower() not in _FOLLOWED_SCHEMES or "://" not in url:
        return None
    if check_ext and urlsplit(url).path.lower().endswith(_IGNORED_ENDINGS):
        return None
    return url


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
    links = _header_links(response)
    candidates = [url for url, params in links if "alternate" in params and "json" in params]
    candidates += _head(response, "//link[@rel='alternate'][contains(@type, 'json')]/@href")
    for url in candidates:
        m = _POST_ROUTE.search(url)
        if m:
            return int(m.group(1))
    candidates = [url for url, params in links if "shortlink" in params]
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
