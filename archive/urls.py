"""URL canonicalisation and crawl scope: one canonical URL per page.

Used by the crawler (frontier keys, scope checks) and by the archive side
(`import-warc`, `resplit`), so it lives here, with no Scrapy import.

- `canonical_url(url)`: lower-case scheme and host, no default port, no
  `#fragment`, no tracking or reply parameters (`utm_*`, `fbclid`, `gclid`,
  `replytocom`, ...), remaining query kept in its order.
- `Scope(start_url)`: which URLs belong to the crawled site (http/https and a
  leading `www.` are the same site), rewriting in-site URLs onto the start URL's
  scheme and host so that each page has one key.
- `variant_reason(url)`: why a URL is a duplicate variant or a trap that the
  crawl must not fetch (feed/print/AMP/embed variants, search, login, ...),
  or None.
- comment pages: `comment_page_number(url)` and `article_of_comment_page(url)`.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "replytocom", "share", "like_comment", "nb", "amp",
})
TRACKING_PREFIXES = ("utm_", "_hs", "pk_", "mtm_")
DEFAULT_PORTS = {"http": "80", "https": "443"}
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"

_COMMENT_PAGE_PATH = re.compile(r"/comment-page-(\d+)/?$")
# Path endings that make a variant of another page (checked after the article part).
_VARIANT_SUFFIX = re.compile(r"/(feed|rss2?|atom|amp|print|embed|trackback)/?$", re.I)
_TRAP_PATH = re.compile(
    r"/(wp-admin|wp-login\.php|xmlrpc\.php|wp-json|wp-content|wp-includes|cart|checkout"
    r"|my-account|cdn-cgi)(/|$)", re.I)
_TRAP_QUERY = {"s": "search results", "attachment_id": "attachment page", "m": "calendar archive",
               "print": "print variant", "output": "print variant",
               "add-to-cart": "shop action", "orderby": "sorted duplicate",
               "preview": "preview", "doing_wp_cron": "cron", "feed": "feed variant"}
_SESSION_PARAMS = frozenset({"phpsessid", "sid", "sessionid", "jsessionid", "session_id"})
_REPEATED_SEGMENT_LIMIT = 3


def _drop_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES) or low in _SESSION_PARAMS


def canonical_url(url: str) -> str:
    """The frontier key of `url` (see module docstring). Never raises on odd input."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = None
    try:
        port = parts.port
    except ValueError:
        pass
    netloc = host
    if port is not None and str(port) != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    path = re.sub(r";jsessionid=[^/?]*", "", parts.path, flags=re.I) or "/"
    path = quote(path, safe=_PATH_SAFE)  # spaces, non-ASCII: percent-escaped, as browsers send
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _drop_param(k)]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def site_key(host: str) -> str:
    """A host as a site: lower case, no leading `www.`."""
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


class Scope:
    """The site being crawled, from its start URL."""

    def __init__(self, start_url: str):
        parts = urlsplit(canonical_url(start_url))
        self.scheme = parts.scheme or "https"
        self.netloc = parts.netloc
        self.site = site_key(parts.hostname or "")
        self.port = parts.port

    def contains(self, url: str) -> bool:
        """True for http(s) URLs on the same site (scheme and `www.` ignored)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https"):
            return False
        if site_key(parts.hostname or "") != self.site:
            return False
        return port in (None, self.port) or str(port) == DEFAULT_PORTS.get(parts.scheme)

    def normalize(self, url: str) -> str | None:
        """The canonical in-site URL on the start URL's scheme and host, or None if offsite."""
        url = canonical_url(url)
        if not self.contains(url):
            return None
        parts = urlsplit(url)
        return urlunsplit((self.scheme, self.netloc, parts.path, parts.query, ""))


def variant_reason(url: str) -> str | None:
    """Why `url` must not be fetched (a duplicate variant or a trap), else None.

    The site-wide feed (`/feed/` at the root) is not a variant: it is a
    discovery source, so callers check `is_site_feed` first.
    """
    parts = urlsplit(url)
    path = parts.path
    if _TRAP_PATH.search(path):
        return "not content: " + _TRAP_PATH.search(path).group(1).lower()
    m = _VARIANT_SUFFIX.search(path)
    if m and not is_site_feed(url):
        return f"{m.group(1).lower()} variant"
    for key, _ in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() == "replytocom":
            return "reply link variant"
        if key.lower() in _TRAP_QUERY:
            return _TRAP_QUERY[key.lower()]
    segments = [s for s in path.split("/") if s]
    if segments and max(segments.count(s) for s in segments) >= _REPEATED_SEGMENT_LIMIT:
        return "repeated path segments"
    return None


def is_site_feed(url: str) -> bool:
    """The site's main feed (`/feed/`, `/rss/`, `/atom/`, `/feed/atom/` at the root)."""
    path = urlsplit(url).path.rstrip("/").lower()
    return path in ("/feed", "/rss", "/rss2", "/atom", "/feed/atom", "/feed/rss2", "/index.xml")


def comment_page_number(url: str) -> int | None:
    """N for a WordPress comment page (`.../comment-page-N/` or `?cpage=N`), else None."""
    parts = urlsplit(url)
    m = _COMMENT_PAGE_PATH.search(parts.path)
    if m:
        return int(m.group(1))
    for key, value in parse_qsl(parts.query):
        if key == "cpage" and value.isdigit():
            return int(value)
    return None


def article_of_comment_page(url: str) -> str:
    """The article URL a comment page belongs to (the URL itself if it is none)."""
    parts = urlsplit(url)
    path = _COMMENT_PAGE_PATH.sub("/", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k != "cpage"])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
