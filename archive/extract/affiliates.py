"""Affiliate links: recognise a link by its network, name the merchant it pays for.

A link is affiliate when its host belongs to an affiliate network (Amazon with
a `tag=`, amzn.to, ShareASale, Impact, CJ, Rakuten, Awin, Skimlinks, ...),
when it carries an affiliate parameter (`aff=`, `rfsn=`, `irclickid=`, ...),
when it is cloaked behind the site's own `/go/` or `/recommends/` path, or when
the page marks it `rel="sponsored"`. Everything here is string work on one URL
(no tree access), cheap enough to run on every `<a href>` of a page: the host
is looked up by its domain suffixes in a dict, and the query is only parsed
when a quick regex says it may hold an affiliate parameter.
"""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from . import selectors as S


def host_of(href: str) -> str:
    """Lower-cased host of an absolute URL without 'www.' ('' when relative)."""
    if href.startswith("//"):
        rest = href[2:]
    else:
        scheme, sep, rest = href.partition("://")
        if not sep or "/" in scheme:
            return ""
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def site_label(host: str) -> str:
    """The brand part of a host: 'shop.example.co.uk' -> 'example'."""
    parts = [p for p in host.split(".") if p]
    if len(parts) >= 3 and parts[-2] in S.PROMO_SECOND_LEVEL and len(parts[-1]) == 2:
        parts = parts[:-1]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _suffix_lookup(host: str, table) -> str | None:
    """Value (or True) of the longest domain suffix of `host` found in `table`."""
    labels = host.split(".")
    for i in range(max(0, len(labels) - 4), len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in table:
            return table[suffix] if isinstance(table, dict) else suffix
    return None


def _query(href: str) -> dict:
    query = urlsplit(href).query
    parsed = parse_qs(query, keep_blank_values=True) if query else {}
    return {k.lower(): v for k, v in parsed.items()}


def _param_network(href: str, host: str) -> tuple[str | None, dict]:
    """('amazon' | 'param' | None, parsed query) for a URL's query string."""
    if "?" not in href or not S.PROMO_AFF_QUERY_RE.search(href):
        return None, {}
    query = _query(href)
    if S.PROMO_AMAZON_HOST_RE.search(host):
        return ("amazon" if "tag" in query or "ascsubtag" in query else None), query
    if S.PROMO_AFF_PARAMS.intersection(query):
        return "param", query
    ref = query.get("ref") or query.get("referral")
    if ref and host and any(ch.isdigit() for ch in ref[0]):
        return "param", query
    return None, query


_CLOAK_HINTS = ("/go/", "/recommend", "/refer/", "/aff", "/out/", "/shop-link/")


class LinkClassifier:
    """Classifies the links of one page; internal links take a fast path."""

    def __init__(self, page_host: str | None):
        self.page_host = page_host
        hosts = (page_host, "www." + page_host) if page_host else ()
        self.own = tuple(f"{s}{h}/" for h in hosts for s in ("http://", "https://", "//")) \
            + tuple(f"{s}{h}" for h in hosts for s in ("http://", "https://"))
        self.hosts: dict[str, str] = {}  # host -> _host_kind(host)

    def classify(self, href: str, rel: str | None):
        """('affiliate', network, merchant), ('newsletter', None, None) or None."""
        if not href.startswith(("http", "//")) or self.own and href.startswith(self.own):
            if any(h in href for h in _CLOAK_HINTS) or rel and "sponsored" in rel:
                hit = classify_link(href, rel, self.page_host)
                return ("affiliate",) + hit if hit else None
            return None
        host = host_of(href)
        kind = self.hosts.get(host)
        if kind is None:
            kind = self.hosts[host] = _host_kind(host)
        if kind == "newsletter":
            return "newsletter", None, None
        if kind or "?" in href or rel and "sponsored" in rel:
            hit = classify_link(href, rel, self.page_host)
            return ("affiliate",) + hit if hit else None
        return None


def _host_kind(host: str) -> str:
    """'network' / 'amazon' / 'newsletter' for a host in the catalogues, else ''."""
    if not host:
        return ""
    if _suffix_lookup(host, S.PROMO_NETWORK_DOMAINS) or S.PROMO_IMPACT_HOST_RE.search(host):
        return "network"
    if S.PROMO_AMAZON_HOST_RE.search(host):
        return "amazon"
    if _suffix_lookup(host, S.PROMO_NEWSLETTER_DOMAINS):
        return "newsletter"
    return ""


def classify_link(href: str, rel: str | None, page_host: str | None):
    """Return (network, merchant) for an affiliate link, or None.

    `page_host` is the page's own host: a `/go/...` path is only a cloaked
    affiliate link on the site itself (or as a relative link).
    """
    if not href or href[0] in "#mj" and href.startswith(("#", "mailto:", "javascript:")):
        return None
    host = host_of(href)
    network = _suffix_lookup(host, S.PROMO_NETWORK_DOMAINS) if host else None
    if network is None and host and S.PROMO_IMPACT_HOST_RE.search(host):
        network = "impact"
    query = {}
    if network is None:
        network, query = _param_network(href, host)
    if network is None and (not host or host == page_host):
        path = urlsplit(href).path if host else href.split("?", 1)[0]
        if S.PROMO_CLOAKED_PATH_RE.search(path):
            network = "cloaked"
    if network is None and rel and host and host != page_host \
            and "sponsored" in rel.lower().split():
        network = "rel-sponsored"
    if network is None:
        return None
    return network, merchant_of(href, host, network, query)


def _destination(query: dict) -> str | None:
    """The merchant URL a network redirect carries in its query, if any."""
    for key in S.PROMO_DEST_PARAMS:
        for value in query.get(key, ()):
            value = unquote(value)
            if value.startswith(("http://", "https://", "www.")):
                return value
    return None


def merchant_of(href: str, host: str, network: str, query: dict | None = None) -> str | None:
    """The merchant a link pays for: Amazon, the redirect's destination, the host."""
    if network == "amazon":
        return "amazon"
    if query is None or not query:
        query = _query(href) if "?" in href else {}
    dest = _destination(query)
    if dest:
        dest_host = host_of(dest if "//" in dest else "https://" + dest)
        if dest_host:
            return site_label(dest_host)
    if network == "cloaked":
        slug = [p for p in urlsplit(href).path.split("/") if p]
        return slug[-1].lower() if slug else None
    if host.startswith("goto."):
        return host.split(".")[1]
    if network == "impact":
        sub = host.split(".")[0]
        return sub if sub not in ("imp", "www") and host.count(".") >= 2 else None
    if network in S.PROMO_NETWORK_NAMES:
        return None
    return site_label(host) or None


def is_newsletter_service(href: str) -> bool:
    """True for a link to a newsletter service's sign-up page (Mailchimp, Flodesk, ...)."""
    host = host_of(href)
    return bool(host) and _suffix_lookup(host, S.PROMO_NEWSLETTER_DOMAINS) is not None


def page_host(url: str | None) -> str | None:
    """Host of the page's own URL (without www.)."""
    return host_of(url) or None if url else None
