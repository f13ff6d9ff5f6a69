"""URL canonicalisation and crawl scope: one canonical URL per page.

Used by the crawler (frontier keys, scope checks) and by the archive side
(`import-warc`, `resplit`), so it lives here, with no Scrapy import.

- `canonical_url(url)`: lower-case scheme and host, no default port, no
  `#fragment`, no tracking or reply parameters (`utm_*`, `fbclid`, `gclid`,
  `replytocom`, ...), remaining query kept in its order.
- `Scope(start_url)`: which URLs belong to the crawled site (http/https and a
  leading `www.` are the same site), rewriting in-site URLs onto the start URL's
  scheme and host so that each page has one key.
- `variant_of(url)`: (base URL, reason) when the URL is a variant of another
  page: AMP (`/amp/`, `?amp=1`), print (`/print/`, `?print=1`), feed and
  embed endings under an article, session ids (`;jsessionid=`, `?sid=`,
  `PHPSESSID`). The crawler records the variant as skipped and follows the base.
- `trap_reason(url)`: why a URL is a crawler trap or not content: day archives,
  `?m=YYYYMM`, calendar pages (`?month=`, `/calendar/2024-05/`), date archives
  out of any plausible range, repeated path segments (`/a/b/a/b/`), search,
  login and admin pages, shop actions.
- `variant_reason(url)`: the reason of either, or None: the URL is fetched.
- comment pages: `comment_page_number(url)` and `article_of_comment_page(url)`.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "replytocom", "share", "like_comment", "nb",
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
               "add-to-cart": "shop action", "orderby": "sorted duplicate",
               "preview": "preview", "doing_wp_cron": "cron"}
# query keys that make a variant of the page without them
_VARIANT_QUERY = {"amp": "amp variant", "print": "print variant", "output": "print variant",
                  "feed": "feed variant"}
_SESSION_PARAMS = frozenset({"phpsessid", "sid", "sessionid", "jsessionid", "session_id",
                             "sessid", "cfid", "cftoken", "zenid", "oscsid"})
_JSESSIONID = re.compile(r";jsessionid=[^/?]*", re.I)
_CALENDAR_PARAMS = frozenset({"month", "year", "monthnum", "day", "week", "date", "cal",
                              "calendar", "tribe-bar-date", "eventdisplay", "ical",
                              "outlook-ical"})
_DAY_ARCHIVE = re.compile(r"^/\d{4}/\d{1,2}/\d{1,2}(/page/\d+)?/?$")
_DATE_ARCHIVE = re.compile(r"^/(\d{4})(/\d{1,2}){0,2}(/page/\d+)?/?$")
_CALENDAR_PATH = re.compile(r"/(calendar|events?|event-calendar|agenda)/(.+/)?"
                            r"(\d{4}-\d{1,2}(-\d{1,2})?|\d{4}/\d{1,2}(/\d{1,2})?)/?$", re.I)
_FIRST_YEAR = 1990  # no blog archive is older
_REPEATED_SEGMENT_LIMIT = 3
_MEMO_SIZE = 10_000  # URLs remembered by `Scope.normalize` (cleared when full)


def _drop_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


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
    # spaces, non-ASCII: percent-escaped, as browsers send them
    path = quote(parts.path or "/", safe=_PATH_SAFE)
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
        self._memo: dict[str, str | None] = {}

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
        """The canonical in-site URL on the start URL's scheme and host, or None if offsite.
        Memoised: a blog links the same pages (menus, sidebars) from every page."""
        try:
            return self._memo[url]
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = self._memo[url] = self._normalize(url)
        return found

    def _normalize(self, url: str) -> str | None:
        url = canonical_url(url)
        if not self.contains(url):
            return None
        parts = urlsplit(url)
        return urlunsplit((self.scheme, self.netloc, parts.path, parts.query, ""))


def variant_reason(url: str) -> str | None:
    """Why `url` must not be fetched (a duplicate variant or a trap), else None.

    The site-wide feed (`/feed/` at the root) is not a variant: it is a
    discovery source (see `is_site_feed`).
    """
    variant = variant_of(url)
    return variant[1] if variant else trap_reason(url)


def variant_of(url: str) -> tuple[str, str] | None:
    """(the page `url` is a variant of, why), or None. See the module docstring.
    The base has every variant marker removed (`/post/feed/atom/` -> `/post/`)."""
    first = _variant_step(url)
    if first is None:
        return None
    base = first[0]
    for _ in range(5):
        step = _variant_step(base)
        if step is None:
            break
        base = step[0]
    return base, first[1]


def _variant_step(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if _JSESSIONID.search(parts.path):
        return _rebuild(parts, _JSESSIONID.sub("", parts.path), parts.query), \
            "session id in URL (jsessionid)"
    query = parse_qsl(parts.query, keep_blank_values=True)
    for key, _ in query:
        low = key.lower()
        reason = ("session id in URL (%s)" % key) if low in _SESSION_PARAMS else \
            _VARIANT_QUERY.get(low)
        if reason:
            kept = urlencode([(k, v) for k, v in query if k.lower() != low])
            return _rebuild(parts, parts.path, kept), reason
    m = _VARIANT_SUFFIX.search(parts.path)
    if m and not is_site_feed(url):
        return _rebuild(parts, parts.path[:m.start()] + "/", parts.query), \
            f"{m.group(1).lower()} variant"
    if parts.path.lower().startswith("/amp/") and len(parts.path) > 5:
        return _rebuild(parts, parts.path[4:], parts.query), "amp variant"
    return None


def _rebuild(parts, path: str, query: str) -> str:
    return urlunsplit((parts.scheme, parts.netloc, path or "/", query, ""))


def trap_reason(url: str) -> str | None:
    """Why `url` is a crawler trap or not content, else None."""
    parts = urlsplit(url)
    path = parts.path
    m = _TRAP_PATH.search(path)
    if m:
        return "not content: " + m.group(1).lower()
    for key, _ in parse_qsl(parts.query, keep_blank_values=True):
        low = key.lower()
        if low == "replytocom":
            return "reply link variant"
        if low in _TRAP_QUERY:
            return _TRAP_QUERY[low]
        if low in _CALENDAR_PARAMS:
            return f"calendar trap (?{low}=)"
    return _date_trap(path) or _repeated_segments(path)


def _date_trap(path: str) -> str | None:
    if _DAY_ARCHIVE.match(path):
        return "day archive (calendar trap)"
    m = _DATE_ARCHIVE.match(path)
    if m and not _FIRST_YEAR <= int(m.group(1)) <= datetime.now(timezone.utc).year + 1:
        return f"calendar trap: date archive out of range ({m.group(1)})"
    if _CALENDAR_PATH.search(path):
        return "calendar trap (dated calendar page)"
    return None


def _repeated_segments(path: str) -> str | None:
    """`/a/b/a/b/` (a run of segments twice in a row) or a word segment 3 times
    (`/x/y/x/z/x/`): relative links resolved against the wrong base. One segment
    twice in a row is allowed: `/2024/01/01/`, `/blog/blog/` (a posts page)."""
    seg = [s.lower() for s in path.split("/") if s]
    for i in range(len(seg)):
        for k in range(2, (len(seg) - i) // 2 + 1):
            if seg[i:i + k] == seg[i + k:i + 2 * k]:
                return "repeated path segments"
    words = [s for s in seg if not s.isdigit()]
    if words and max(words.count(s) for s in words) >= _REPEATED_SEGMENT_LIMIT:
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
