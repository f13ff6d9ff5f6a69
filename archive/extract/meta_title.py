"""The article's own title: a printed headline, else the declared title
without its site-name suffix ("… - Elavegan", "… | Site")."""
from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urlsplit

from . import selectors as S
from .meta_select import query as _xp  # page-wide queries: answered by metadata's Selector


_WORD = re.compile(r"\w")


def _clean(text) -> str:
    return " ".join((text or "").split())


def find_title(root, ld, metas, site, why) -> str | None:
    """The article's own title: a printed headline the declared title agrees
    with, else the declared title without its site-name suffix."""
    declared = [t for t in (ld.get("title"), *(metas.get(k) for k in S.META_TITLE_KEYS),
                            _clean(root.findtext(".//title"))) if t and _WORD.search(t)]
    folded = [_fold(d) for d in declared]
    for heading in _headlines(root):
        key = _fold(heading)
        if any(key in d or d.rstrip(". ") in key for d in folded):
            why["title"] = "headline matching the declared title"
            return heading
    if not declared:
        return None
    title = _strip_site(declared[0], site, root)
    if site and _fold(title) == _fold(site):
        for el in _xp(S.META_ENTRY_TITLE_XPATH)(root)[:1]:
            why["title"] = "entry-title heading (declared title is the site name)"
            return _heading_text(el)
    why["title"] = "declared title without site suffix"
    return title


def _has_class(el, *parts) -> bool:
    cls = el.get("class")
    return bool(cls) and any(p in cls for p in parts)


# The usual headline XPaths as lazy C-level tag walks: the same elements in the
# same order, but the walk stops at the third hit instead of scanning the page.
_TAG_QUERIES = {
    "//h1[contains(@class, 'entry-title') or contains(@class, 'post-title')]":
        lambda root: (h for h in root.iter("h1") if _has_class(h, "entry-title", "post-title")),
    "//article//h1":
        lambda root: (h for h in root.iter("h1") if next(h.iterancestors("article"), None) is not None),
    "//h1": lambda root: root.iter("h1"),
    "//*[self::h2 or self::h3][contains(@class, 'title') or contains(@class, 'headline')]":
        lambda root: (h for h in root.iter("h2", "h3") if _has_class(h, "title", "headline")),
    "//h2": lambda root: root.iter("h2"),
}


def _first(root, path, n=3) -> list:
    """The first `n` elements `path` selects (a tag walk for the usual paths)."""
    query = _TAG_QUERIES.get(path)
    return list(islice(query(root), n)) if query else _xp(path)(root)[:n]


def _headlines(root):
    seen = 0
    for path in S.META_HEADLINE_XPATHS:
        for el in _first(root, path):
            if _is_site_heading(el):
                continue
            text = _heading_text(el)
            if 3 <= len(text) <= 300:
                seen += 1
                yield text
        if seen > 6:
            return


def _is_site_heading(el) -> bool:
    """A header `h1` that names the site (a logo, a link to the home page)."""
    if _xp(S.META_SITE_HEADING_TEST)(el):
        return True
    links = el.findall(".//a")
    return len(links) == 1 and urlsplit(links[0].get("href") or "x").path in ("", "/")


def _heading_text(el) -> str:
    """Headline text without kickers and screen-reader-only labels."""
    parts = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and not _skipped(node, el):
            parts.append(node.text)
        if node is not el and node.tail and not _skipped(node.getparent(), el):
            parts.append(node.tail)
    return _clean(" ".join(parts))


def _skipped(node, top) -> bool:
    """True when `node` or an ancestor below `top` is a kicker / hidden label."""
    while node is not None:
        cls = (node.get("class") or "").lower()
        if any(s in cls for s in S.META_HEADLINE_SKIP_CLASSES):
            return True
        if node is top:
            return False
        node = node.getparent()
    return False


def _fold(text: str) -> str:
    """Lower-case, with every dash a hyphen: for comparing titles."""
    return re.sub(r"\s*[–—-]\s*", " - ", text.lower())


def _strip_site(title: str, site: str | None, root) -> str:
    """Drop a "… | Site" / "Site - …" part that names the site: the site's
    name, or a short last part after a longer title ("Oat Bars - Ela Cooks";
    not "Vitamin D | Benefits and Risks")."""
    names = {n.lower() for n in (site,) if n}
    for sep in S.META_TITLE_SEPARATORS:
        if sep not in title:
            continue
        parts = [p.strip() for p in title.split(sep)]
        head, last = sep.join(parts[:-1]), parts[-1]
        if last.lower() in names or (
                len(last.split()) <= 3 and len(head.split()) > len(last.split())):
            return head
        if parts[0].lower() in names:
            return sep.join(parts[1:])
    return title
