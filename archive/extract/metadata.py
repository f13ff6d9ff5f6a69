"""Title, authors, dates, language, site name, canonical URL, is_article.

Runs first, on the untouched tree (JSON-LD scripts are still there), and
modifies nothing. Sources, most trusted first: JSON-LD (with `@graph` and
`@id` references), OpenGraph / `<meta>` tags, schema.org microdata, then the
markup blogs print (`h1.entry-title`, `a[rel=author]`, `time.entry-date`).
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from . import selectors as S
from .dates import in_local_time, to_iso
from .meta_jsonld import first as _first
from .meta_jsonld import read_jsonld
from .meta_select import CURRENT, Selector
from .meta_select import query as _xp  # page-wide XPaths: answered by the step's Selector
from .meta_title import find_title

_BYLINE = re.compile(S.META_BYLINE_RE)
_SPACES = re.compile(r"[ \t\xa0]+")
_BY = re.compile(r"^\s*(by|von|par|por|door|di)\s+", re.I)
_WS = re.compile(r"\s+")
# Author-box link labels ("View Archive →", "All posts"), never a name.
_LINK_LABEL = re.compile(r"[→»›]|\b(?:view|all posts|more posts|archive|read more)\b", re.I)
_BYLINE_START = re.compile(r"(?i)\s*(?:by|posted|written|published|von|par|por|door|av)\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")
# A printed byline often goes on with the date: "Jane Doe am 21. April 2020".
_NAME_END = re.compile(r"\s*(?:\d|[|·•,–—(]|\s-\s).*$|\s+(?:am|on|le|el|il|op|at)\s*$", re.I)


def _clean(text) -> str:
    return _WS.sub(" ", text or "").strip()


def extract_metadata(root, url, ctx=None):
    """Return the page's metadata dict (keys fixed by the split contract).

    With a `ctx`, notes which source gave each field (for `split --explain`).
    Page-wide queries go through one `meta_select.Selector` (indexes, memo).
    """
    token = CURRENT.set(Selector(root))
    try:
        return _extract(root, url, ctx)
    finally:
        CURRENT.reset(token)


def _extract(root, url, ctx):
    why: dict = {}
    ld = read_jsonld(root)
    metas = _meta_tags(root)
    site = _first(ld.get("site_name"), *(metas.get(k) for k in S.META_SITE_KEYS)) \
        or _printed_site_name(root)
    out = {
        "title": find_title(root, ld, metas, site, why),
        "authors": _authors(root, ld, metas, why),
        "published": _published(root, ld, metas, why) or _url_date(url, why),
        "modified": to_iso(_first(ld.get("modified"), *(metas.get(k) for k in S.META_MODIFIED_KEYS))),
        "language": _language(root, metas),
        "site_name": site,
        "canonical_url": _canonical(root, url, metas),
        "is_article": page_is_article(root, ld, metas),
    }
    if ctx is not None:
        for field, rule in why.items():
            ctx.note("metadata", rule, f"{field} = {out[field]!r}")
    return out


def page_is_article(root, ld=None, metas=None) -> bool:
    """The `is_article` field alone: JSON-LD, og:type, WordPress single-post markup
    (what `archive.extract.is_article` needs, without the rest of the step)."""
    ld = read_jsonld(root) if ld is None else ld
    metas = _meta_tags(root) if metas is None else metas
    og_type = (metas.get("og:type") or "").lower()
    return bool(ld.get("is_article") or og_type == "article" or _wp_single(root))


def _published(root, ld, metas, why) -> str | None:
    if ld.get("published") and to_iso(ld["published"]):
        why["published"] = "json-ld datePublished"
        return in_local_time(to_iso(ld["published"]),
                             (to_iso(metas.get(k)) for k in S.META_PUBLISHED_KEYS))
    for key in S.META_PUBLISHED_KEYS:
        value = to_iso(metas.get(key))
        if value:
            why["published"] = f"meta {key}"
            return value
    for rule, find in (("markup date", _markup_date), ("byline date", _byline_date),
                       ("date under the headline", _headline_line_date)):
        value = find(root)
        if value:
            why["published"] = rule
            return value
    return None


# --- meta tags, microdata, markup ------------------------------------------------

def _meta_tags(root) -> dict:
    """`<meta>` name/property/itemprop -> first non-empty content (keys lower-cased)."""
    out: dict = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name")
        content = meta.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), _clean(content))
    return out


def _authors(root, ld, metas, why) -> list[str]:
    if ld.get("authors"):
        why["authors"] = "json-ld author"
        return ld["authors"]
    for key in S.META_AUTHOR_KEYS:
        value = metas.get(key)
        if value and not value.startswith(("http", "@")):
            why["authors"] = f"meta {key}"
            return [_BY.sub("", value)]
    for path in (S.META_MICRODATA_AUTHOR_XPATH, *S.META_AUTHOR_XPATHS):
        found = _markup_names(root, path)
        if found:
            why["authors"] = f"markup {path}"
            return found
    found = _byline_names(root)
    if found:
        why["authors"] = "printed byline (posted by ...)"
    return found


def _byline_names(root) -> list[str]:
    """"Posted by Jane Doe in Recipes" in a post meta line."""
    for el in _xp(S.META_BYLINE_XPATH)(root)[:10]:
        if isinstance(el.tag, str) and not _in_comments(el):
            m = _BYLINE.search(_SPACES.sub(" ", el.text_content())[:300])
            if m:
                return [m.group(1)]
    for el in _xp(S.META_HEADLINE_BYLINE_XPATH)(root)[:4]:
        line = _SPACES.sub(" ", el.text_content()).strip()
        m = _BYLINE.search(line) if _BYLINE_START.match(line) or to_iso(line) else None
        if m and not _in_comments(el):
            return [m.group(1)]
    return []


def _headline_line_date(root) -> str | None:
    """A date printed in the short line(s) under the headline ("Posted on May 14, 2012")."""
    for el in _xp(S.META_HEADLINE_BYLINE_XPATH)(root)[:4]:
        if not _in_comments(el):
            value = to_iso(el.text_content())
            if value:
                return value
    return None


def _url_date(url, why) -> str | None:
    """The day in a dated permalink (/2012/05/14/slug/): the last resort."""
    m = _URL_DATE.search(urlsplit(url).path) if url else None
    if not m:
        return None
    why["published"] = "date in the URL path"
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}T00:00:00"


def _markup_names(root, path) -> list[str]:
    """Short printed names at `path`, "By " removed, outside comment areas."""
    names = []
    for el in _xp(path)(root)[:5]:
        if _in_comments(el):
            continue
        name = _NAME_END.sub("", _BY.sub("", _clean(el.get("content") or el.text_content())))
        name = _NAME_END.sub("", name)
        if 2 <= len(name) <= 60 and name not in names and not _LINK_LABEL.search(name):
            names.append(name)
    return names[:3]


def _in_comments(el) -> bool:
    """Inside (or itself) a comment, a sidebar or a widget: not the article's.

    <body>/<html> classes describe the page layout ("right-sidebar",
    Twenty Twenty's "showing-comments"), not the element: they are skipped.
    The walk also stops at the post's own container (`.hentry`, a schema.org
    BlogPosting/Article): Blogger wraps the whole post in `div.widget.Blog`.
    """
    for anc in (el, *el.iterancestors()):
        if anc.tag in ("body", "html"):
            break
        ident = f"{anc.get('id', '')} {anc.get('class', '')}".lower()
        if "comment" in ident or "sidebar" in ident or "widget" in ident:
            return True
        if " hentry " in f" {ident} " or (anc.get("itemtype") or "").endswith(_POST_TYPES):
            return False
    return False


_POST_TYPES = ("/BlogPosting", "/Article", "/NewsArticle")


def _markup_date(root) -> str | None:
    for meta in _xp("//@itemprop[. = 'datePublished']/..")(root):
        value = to_iso(meta.get("content") or meta.get("datetime") or meta.text_content())
        if value:
            return value
    for path in S.META_DATE_XPATHS:
        for hit in _xp(path)(root)[:3]:
            text = hit if isinstance(hit, str) else hit.get("datetime") or hit.text_content()
            owner = hit.getparent() if isinstance(hit, str) else hit  # @datetime -> its element
            if owner is not None and _in_comments(owner):
                continue
            value = to_iso(text)
            if value:
                return value
    return None


def _byline_date(root) -> str | None:
    """A date printed in the byline ("Von Jane Doe am 21. April 2020")."""
    for path in S.META_AUTHOR_XPATHS:
        for el in _xp(path)(root)[:2]:
            text = _clean(el.text_content())
            if len(text) < 120 and not _in_comments(el):
                value = to_iso(text)
                if value:
                    return value
    return None


def _language(root, metas) -> str | None:
    lang = root.get("lang") or root.get("xml:lang") or metas.get("og:locale") \
        or metas.get("content-language") or metas.get("dc.language")
    return lang.strip().replace("_", "-") if lang and lang.strip() else None


def _canonical(root, url, metas) -> str | None:
    for link in root.iter("link"):  # C-level tag walk: ~4x faster than //link[...]
        href = link.get("href")
        if href is not None and " canonical " in f" {link.get('rel')} ":
            return urljoin(url or "", href.strip())
    return metas.get("og:url") or url


def _printed_site_name(root) -> str | None:
    """The site title printed in the page header (`.site-title`, `#header h1`)."""
    for el in _xp(S.META_SITE_TITLE_XPATH)(root)[:1]:
        name = _clean(el.text_content())
        if 2 <= len(name) <= 80:
            return name
    return None


def _wp_single(root) -> bool:
    """WordPress single-post markup: `body.single-post`/`single`, or one `.hentry`
    article that is not a static page (`body.page`, `article.type-page`)."""
    body = root.find("body")
    classes = f" {body.get('class', '')} " if body is not None else ""
    if " single-post " in classes or " single " in classes:
        return True
    if any(f" {c} " in classes for c in ("home", "archive", "blog", "page", "search")):
        return False
    if _xp("//article[contains(concat(' ', @class, ' '), ' type-page ')]")(root):
        return False
    return len(_xp("//article[contains(@class, 'post')] | //@class[contains(., 'hentry')]/..")(root)) == 1


