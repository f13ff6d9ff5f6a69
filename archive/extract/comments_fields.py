"""The fields of one comment: author, author URL, date, own text, site-author flag.

Only the comment's OWN elements are read: nested replies (other items) are
skipped, and so are reply links, rating widgets, avatars and meta headers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import selectors as S
from .comments_dates import date_only, date_start, has_date, parse_attr, parse_text

_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2",
                    "h3", "h4", "h5", "h6", "tr", "table", "dd", "dt", "section", "article",
                    "header", "footer"})
_SKIP_TAGS = frozenset({"form", "textarea", "button", "img", "svg", "script", "style",
                        "select", "input", "noscript", "iframe", "object", "label"})
_SAYS = re.compile(r"\s*(says|said|wrote|sagt|schreibt|dit)\s*(:|\.\.\.|…)?\s*$", re.I)
_HEADER_SPLIT = re.compile(
    r"\s+[—–|-]\s+|\s+(?:on|says|said|wrote|at|@|um|am|le)(?:\W|$)|\s*(?:says|said|wrote):?\s*$|\n",
    re.I)
_SAYS_LINE = re.compile(r"^(says|said|wrote|sagt|schreibt|dit)\W*$", re.I)
_POSTED_BY = re.compile(r"^(?:posted|written|comment(?:ed)?|submitted)?\s*by\s*:?\s*", re.I)
_YEARISH = re.compile(r"\b(1[89]|20)\d\d\b|^\d")
_FUZZY_NOISE = re.compile(
    r"meta|head|reply|rating|avatar|auth|date|vote|like|share|edit-|actions?$|permalink", re.I)
_EMOJI = re.compile(r"smiley|emoji|emoticon", re.I)
_SPACES = re.compile(r"\s+")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def own_elements(item, stop):
    """The item's elements in page order, without other items' subtrees."""
    for top in (item.el, *item.extra):
        stack = [top]
        while stack:
            e = stack.pop()
            yield e
            if len(e):
                stack.extend([ch for ch in reversed(e) if isinstance(ch.tag, str) and ch not in stop])


_WANTED = frozenset(S.AUTHOR_CLASSES) | frozenset(S.TEXT_CLASSES) | frozenset(S.DATE_CLASSES)


@lru_cache(maxsize=4096)
def _class_roles(cls: str):
    """(role names in token order, '~meta' hits, names the site author) of one class
    attribute (cached: every comment of a page repeats the same classes)."""
    toks = cls.split()
    names, metas = [], 0
    for t in toks:
        if t in _WANTED:
            names.append(t)
        fuzzy = _fuzzy_role(t)
        if fuzzy:
            names.append(fuzzy)
            metas += fuzzy == "~meta"
    return tuple(names), metas, not S.SITE_AUTHOR_CLASSES.isdisjoint(toks)


def _roles(item, stop):
    """First element per role name (class token / itemprop), plus site-author hint."""
    found, site_author, metas = {}, False, []
    found["~metas"] = metas
    shells = {item.el, *(a.el for a in item.aliases if a.key is not None)}
    for e in own_elements(item, stop):
        cls = e.get("class")
        if cls and e not in shells:
            names, n_meta, author_hint = _class_roles(cls)
            for name in names:
                if name not in found:
                    found[name] = e
            if n_meta:
                metas.extend([e] * n_meta)
            site_author = site_author or author_hint
        prop = e.get("itemprop")
        if prop and ("@" + prop) not in found:
            found["@" + prop] = e
        tag = e.tag
        if tag == "time":
            if "@time" not in found and e.get("datetime"):
                found["@time"] = e
        elif tag == "cite":
            if "@cite" not in found:
                found["@cite"] = e
        elif tag == "a" and "@permalink" not in found and "#comment" in (e.get("href") or ""):
            found["@permalink"] = e
    return found, site_author


@lru_cache(maxsize=4096)
def _fuzzy_role(token):
    """Older themes' own class names: comauth, name, comdate, cm-meta, comment-head."""
    t = token.lower()
    if "auth" in t:
        return "~auth"
    if "name" in t:
        return "~name"
    if "date" in t or "time" in t:
        return "~date"
    if "meta" in t or "head" in t or "foot" in t or "byline" in t or "posted" in t:
        return "~meta"
    if "content" in t or "text" in t or "body" in t or "entry" in t or "message" in t:
        return "~text"
    return None


def header_name(text):
    """'Roxane Stay — Feb 15, 2024' / 'Heather on October 23rd' -> the name part."""
    text = _POSTED_BY.sub("", text.strip())
    cut = date_start(text)
    text = text[:cut] if cut else text
    first = _HEADER_SPLIT.split(text, maxsplit=1)[0].strip(" :,—–|-")
    if not first or len(first) > 60 or len(first.split()) > 6 or _YEARISH.search(first):
        return None
    return first


def render(el, stop, skip_extra=(), noise=True):
    """Visible text of `el` with block breaks, leaving out noise and other items."""
    parts = []

    def walk(e):
        tag = e.tag if isinstance(e.tag, str) else ""
        if tag in _BLOCK:
            parts.append("\n")
        if e.text and tag:
            parts.append(_SPACES.sub(" ", e.text))
        for ch in e:
            if ch.tag == "img" and _EMOJI.search(ch.get("class") or ""):
                parts.append(ch.get("alt") or "")
            elif isinstance(ch.tag, str) and not (
                    _is_noise(ch, stop, skip_extra) if noise else _is_skipped(ch, stop)):
                walk(ch)
            if ch.tail:
                parts.append(_SPACES.sub(" ", ch.tail))
        if tag in _BLOCK:
            parts.append("\n")

    walk(el)
    return _clean_lines("".join(parts))


def _is_skipped(e, stop):
    return e in stop or e.tag in _SKIP_TAGS


def _is_noise(e, stop, skip_extra):
    if e in stop or e.tag in _SKIP_TAGS or e in skip_extra:
        return True
    cls = e.get("class")
    return bool(cls) and _noise_class(cls)


@lru_cache(maxsize=4096)
def _noise_class(cls: str) -> bool:
    """A class attribute naming meta, reply, rating, avatar... (cached: themes repeat them)."""
    toks = cls.split()
    return not S.COMMENT_NOISE_CLASSES.isdisjoint(toks) or any(
        _FUZZY_NOISE.search(t) for t in toks)


def _clean_lines(text):
    # (_WS holds no newline: one pass over the text gives the same lines as one per line)
    lines = (ln.strip() for ln in _WS.sub(" ", text).split("\n"))
    return "\n".join(ln for ln in lines if ln and not (
        len(ln) < 120 and S.MODERATION_RE.search(ln)))


def _author_candidates(found):
    """Author elements in priority order: microdata, WordPress classes, fuzzy names, cite."""
    if "@author" in found:
        el = found["@author"]
        names = [e for e in el.iter() if e.get("itemprop") == "name"]
        yield names[0] if names else el
    for name in (*S.AUTHOR_CLASSES, "~auth", "~name", "@cite"):
        if name in found:
            yield found[name]


def _author(found, stop):
    """(name, url, element) of the first author element that holds a name."""
    for el in _author_candidates(found):
        says = [e for e in el.iter() if isinstance(e.tag, str)
                and "says" in (e.get("class") or "").split()]
        text = _SAYS.sub("", " ".join(render(el, stop, skip_extra=says).split())).strip()
        if not text or len(text) > 100:
            continue
        link = el if el.tag == "a" else next(el.iter("a"), None)
        url = link.get("href") if link is not None else None
        if url and (url.startswith("#") or url.startswith("javascript")):
            url = None
        return text, url, el
    return None, None, None


def _date(found, capture_time):
    for key in ("@time", "@datePublished", "@dateCreated"):
        el = found.get(key)
        if el is not None:
            iso = parse_attr(el.get("datetime") or el.get("content")) or parse_text(
                el.text_content(), capture_time)
            if iso:
                return iso
    for name in (*S.DATE_CLASSES, "~date", "@permalink"):
        el = found.get(name)
        if el is not None:
            iso = (parse_attr(el.get("datetime")) or parse_text(el.get("title"))
                   or parse_text(el.text_content(), capture_time))
            if iso:
                return iso
    return None


def _text(item, found, stop, author_el):
    el = _text_el(found)
    if el is not None:
        text = render(el, stop)
        if text:
            return text
    skip = (author_el,) if author_el is not None else ()
    texts = [render(top, stop, skip_extra=skip) for top in [item.el, *item.extra]]
    return "\n".join(t for t in texts if t)


def _header_lines(item, found, stop, text_el):
    """(line, may_name_author) header candidates: meta elements, then text before the body.

    Without a known text element the first lines may be the comment itself,
    so only a short first line with a date, or a date-only line, is used.
    """
    for el in found["~metas"][:4]:
        if el is not text_el:
            yield render(el, stop, noise=False), True
    if text_el is not None:
        yield render(item.el, stop, skip_extra=(text_el,)).split("\n")[0], True
    else:
        lines = render(item.el, stop).split("\n")
        if len(lines) > 1 and len(lines[0]) <= 80 and has_date(lines[0]):
            yield lines[0], True  # 'Name 3 May 2012' above the text
        for line in lines[:3]:
            if date_only(line):
                yield line, False


def _text_el(found):
    el = found.get("@text")
    for name in (*S.TEXT_CLASSES, "~text"):
        if el is None and name in found:
            el = found[name]
    return el


def _trim_header(text, author):
    """Drop leading lines that only repeat the author's name, say 'Says:' or print the date."""
    lines = text.split("\n")
    while len(lines) > 1 and (lines[0] == author or _SAYS_LINE.match(lines[0]) or (
            len(lines[0]) <= 40 and date_only(lines[0])) or (
            author and lines[0].startswith(author) and len(lines[0]) <= 80
            and has_date(lines[0]))):
        lines.pop(0)
    return "\n".join(lines)


def fields(item, stop, capture_time=None) -> dict:
    """author, author_url, published, text and the site-author flag of one item."""
    found, site_author = _roles(item, stop)
    author, url, author_el = _author(found, stop)
    published = _date(found, capture_time)
    if author is None or published is None:
        for header, names in _header_lines(item, found, stop, _text_el(found)):
            author = author or (header_name(header) if names else None)
            published = published or parse_text(header, capture_time)
            if author and published:
                break
    return {
        "author": author,
        "author_url": url,
        "published": published,
        "text": _trim_header(_text(item, found, stop, author_el), author),
        "site_author_hint": site_author
        or not S.SITE_AUTHOR_CLASSES.isdisjoint(item.classes),
    }
