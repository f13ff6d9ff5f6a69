"""The article body: text and sanitised HTML of what is left.

Runs last, on the tree the comment, reference and promotion steps have
already cut. It picks the main-content container (WordPress and CMS content
classes, then `<article>`/`<main>`, then a Readability-style paragraph
scorer for older and non-WordPress pages), strips the boilerplate that lives
inside it (share bars, related posts, tags, print / jump buttons, nav) and
renders it as text (one block per line, headings kept) and as sanitised HTML.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from lxml import etree

from ..model import Body
from ..sanitize import sanitize_html
from . import selectors as S
from .score import best_by_paragraphs

_CONTENT_PREFILTER = etree.XPath(S.BODY_CONTENT_PREFILTER)
_CONTENT_PREFILTER_MORE = etree.XPath(S.BODY_CONTENT_PREFILTER_MORE)
_LEAD = etree.XPath(S.BODY_LEAD_XPATH)
_ROLE_MAIN = etree.XPath("//@role[. = 'main']/..")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_WORD_SPLIT = re.compile(r"[-_\s]+")
_SPACE_RUN = re.compile(r"\s{2,}")
_EMPTY_BLOCK = re.compile(r"<(p|div|span|h[1-6]|li|ul|ol|section|figure|strong|em|b|i)>\s*</\1>")
_MARK = "\ue000"  # block boundary marker (a private-use character) while rendering
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_TAGS_LABEL = re.compile(S.BODY_TAGS_LABEL_RE, re.I)


def extract_body(root, ctx):
    """Locate the content, clean it, and return `Body(text, html)`."""
    parts, rule = _locate(root, ctx.profile)
    if not parts:
        ctx.note("body", "none", "no content found")
        return Body()
    removed = [name for part in parts for name in _strip_boilerplate(part)]
    # HTML first: render_text marks block boundaries in the tree itself
    html = _tidy(sanitize_html("".join(
        etree.tostring(part, encoding="unicode", method="html", with_tail=False) for part in parts)))
    text = "\n".join(line for part in parts for line in render_text(part))
    where = ", ".join(_describe(part) for part in parts[:4]) + (" ..." if len(parts) > 4 else "")
    ctx.note("body", rule, f"{where}: {len(text)} chars in {len(parts)} block(s)")
    if removed:
        counts = Counter(removed)
        listed = ", ".join(f"{name} x{n}" if n > 1 else name for name, n in counts.most_common(8))
        more = f" and {len(counts) - 8} more kinds" if len(counts) > 8 else ""
        ctx.note("body", "boilerplate-removed", f"{len(removed)} blocks: {listed}{more}")
    return Body(text=text, html=html)


def _tidy(html: str) -> str:
    """Collapse runs of whitespace and drop empty blocks left by the cleaning
    (the stored HTML is read, not diffed; `<pre>` bodies are rare on blogs)."""
    for _ in range(3):
        html, n = _EMPTY_BLOCK.subn("", html)
        if not n:
            break
    if "<pre" not in html:
        html = _SPACE_RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", html)
    return html.strip()


def _describe(el) -> str:
    """A short CSS-like name: `div#main.entry-content`."""
    ident = el.get("id")
    classes = (el.get("class") or "").split()[:2]
    return el.tag + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in classes)


# --- locating the content ------------------------------------------------------

def _locate(root, profile=None):
    """Return (elements to keep, name of the rule that chose them)."""
    chosen = _profile_container(root, profile)
    if chosen is not None:
        return [chosen], "profile"
    for rule, locate in (("content-class", _content_container),
                         ("article/main", _section_container)):
        found = locate(root)
        if found is not None:
            return _leads(found) + _segments(found), rule
    parts = best_by_paragraphs(root)
    if parts:
        return parts, "paragraph-score"
    body = root.find("body")
    return ([body] if body is not None else []), "whole-body"


def _segments(found) -> list:
    """`found` and its siblings of the same tag and content class: news themes
    cut one article into several `div.article-body` blocks around ads."""
    classes = set((found.get("class") or "").lower().split()) & S.BODY_CONTENT_CLASSES
    parent = found.getparent()
    if not classes or parent is None:
        return [found]
    same = [el for el in parent if el is found or (
        el.tag == found.tag and classes & set((el.get("class") or "").lower().split())
        and _plain_chars(el) >= S.BODY_SEGMENT_MIN_CHARS)]
    return same if len(same) > 1 else [found]


def _profile_container(root, profile):
    """The element a site profile names as the body (None without one)."""
    if profile is None or not profile.body:
        return None
    found = root.cssselect(profile.body)
    return found[0] if found else None


def _content_container(root):
    """The best element whose class names a content container (or
    itemprop=articleBody); the rarer class names are only searched when the
    common ones found no sizeable container."""
    sizes: dict = {}  # element -> _plain_chars, shared by both rounds
    found = _content_candidates(_CONTENT_PREFILTER(root))
    best = _best_container(found, sizes)
    if best is None or sizes[best] < S.BODY_CONTENT_SURE_CHARS:
        more = _content_candidates(_CONTENT_PREFILTER_MORE(root))
        best = _best_container(found + [el for el in more if el not in found], sizes)
    return best


def _content_candidates(elements) -> list:
    found = []
    for el in elements:
        classes = set((el.get("class") or "").lower().split())
        if el.get("itemprop") == "articleBody" or classes & S.BODY_CONTENT_CLASSES:
            found.append(el)
        elif S.BODY_ARTICLE_CONTENT_CLASS in classes and _in_article(el):
            found.append(el)
    return found


def _in_article(el) -> bool:
    return any(anc.tag == "article" for anc in el.iterancestors())


def _section_container(root):
    """The best `<article>`, `<main>` or `[role=main]`."""
    body = root.find("body")
    scope = body if body is not None else root
    found = list(scope.iter(*S.BODY_SECTION_TAGS))
    return _best_container(found + [el for el in _ROLE_MAIN(scope) if el not in found])


def _leads(container) -> list:
    """Lead paragraphs printed before the container in the same article."""
    leads = []
    for el in _LEAD(container)[:4]:
        if el.tag not in ("p", "div", "header") or \
                not set((el.get("class") or "").split()) & S.BODY_LEAD_CLASSES:
            continue
        inside = container in el.iterancestors() or el in container.iterancestors()
        if not inside and _precedes(el, container) \
                and len(el.text_content().strip()) >= 40:
            leads.append(el)
    return leads


def _precedes(a, b) -> bool:
    """True when element `a` comes before `b` in document order (source
    lines when the parser kept them, else a walk up from `b`)."""
    if a.sourceline and b.sourceline and a.sourceline != b.sourceline:
        return a.sourceline < b.sourceline
    for el in b.itersiblings(preceding=True):
        if el is a or a in el.iterdescendants():
            return True
    parent = b.getparent()
    return parent is not None and parent is not a and _precedes(a, parent)


def _best_container(candidates, sizes=None):
    """The candidate with the most non-link text, or a descendant of it that
    holds nearly all of that text (the tightest box around the article).
    `sizes` memoises `_plain_chars` across calls."""
    sizes = {} if sizes is None else sizes
    for c in candidates:
        if c not in sizes:
            sizes[c] = _plain_chars(c)
    sized = [(c, sizes[c]) for c in candidates]
    sized = [(c, n) for c, n in sized if n >= S.BODY_MIN_CHARS]
    if not sized:
        return None
    best, best_n = max(sized, key=lambda cn: cn[1])
    inner = [(c, n) for c, n in sized
             if c is not best and n >= 0.85 * best_n and best in c.iterancestors()]
    if inner:
        best = max(inner, key=lambda cn: sum(1 for _ in cn[0].iterancestors()))[0]
    return best


def _plain_chars(el) -> int:
    """Length of the text outside links (link lists are not articles)."""
    total = len(" ".join(el.text_content().split()))
    links = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return total - links


# --- boilerplate inside the content ----------------------------------------------

_RANK = {None: 0, "label": 1, "weak": 2, "strong": 3}


def _boilerplate_kind(el) -> str | None:
    """"strong" (a nav, a button, a known plugin's class), "weak" (a class
    word such as share / related / tags, a header or footer), "label" (a
    short control such as "jump to recipe"), or None."""
    tag = el.tag
    if tag in S.BODY_DROP_TAGS:
        return "strong"
    kind = "weak" if tag in S.BODY_WEAK_DROP_TAGS else None
    if tag == "p" and el.text and _TAGS_LABEL.match(el.text) and len(el):
        return "weak"  # Kubrick-era themes print `<p>Tags: a, b</p>` inside the content
    cls = el.get("class")
    if cls:
        kind = _class_kind(kind, cls)
    ident = el.get("id")
    return _fold(kind, _token_kind(ident)) if ident else kind


def _fold(kind, found):
    """The stronger of two verdicts (a label never overrides a weak match)."""
    if _RANK[found] > _RANK[kind] and not (found == "label" and kind == "weak"):
        return found
    return kind


@lru_cache(maxsize=8192)
def _class_kind(kind, cls: str):
    """`kind` folded with the verdict of each class token, in order (cached per
    class string: a page repeats its class attributes)."""
    for name in cls.split():
        kind = _fold(kind, _token_kind(name))
    return kind


@lru_cache(maxsize=8192)
def _token_kind(name: str) -> str | None:
    """What one class / id token says (cached: pages repeat their tokens)."""
    name = _CAMEL.sub(r"\1-\2", name).lower()
    if name in S.BODY_BOILERPLATE_TOKENS or name.startswith(S.BODY_BOILERPLATE_PREFIXES):
        return "strong"
    words = set(_WORD_SPLIT.split(name))
    hits = words & S.BODY_BOILERPLATE_WORDS
    if hits and hits <= S.BODY_LABEL_WORDS:
        return "label"  # "jump-to-recipe": short controls only
    if hits and not words & S.BODY_KEEP_WORDS:
        return "weak"
    return None


def _strip_boilerplate(part) -> list[str]:
    """Remove boilerplate blocks under `part`, never one holding most of it;
    a weak match that holds real paragraphs is kept. Returns their names."""
    limit = max(500, 0.4 * len(part.text_content()))
    removed = []
    stack = list(part)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        kind = _boilerplate_kind(el)
        if kind and _should_drop(el, kind, limit):
            removed.append(_describe(el))
            _remove(el)
        else:
            stack.extend(el)
    return removed


def _should_drop(el, kind: str, limit: float) -> bool:
    """Never a block holding most of the content; a label only when short;
    a weak match only without real paragraphs (or a lead, for a header)."""
    size = len(el.text_content())
    if size >= limit:
        return False
    if kind == "strong":
        return True
    if kind == "label":
        return size <= S.BODY_LABEL_MAX_CHARS
    if el.tag in S.BODY_WEAK_DROP_TAGS and _has_lead(el):
        return False
    return not _has_prose(el)


def _has_prose(el) -> bool:
    """True when `el` holds real paragraphs: it is content whatever its name."""
    if el.tag in ("nav", "button", "form", "input", "select", "textarea", "label"):
        return False
    chars = 0
    for p in el.iter("p"):
        chars += len(p.text_content()) - sum(len(a.text_content()) for a in p.iter("a"))
        if chars >= S.BODY_KEEP_PARAGRAPH_CHARS:
            return True
    return False


def _has_lead(el) -> bool:
    """A header / footer with a real sentence in a paragraph (a lead) stays."""
    return any(len(" ".join(p.text_content().split())) >= S.BODY_LEAD_MIN_CHARS
               for p in el.iter("p"))


def _remove(el) -> None:
    """Remove `el`, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# --- rendering ------------------------------------------------------------------

def render_text(el) -> list[str]:
    """Visible text of `el`: block elements on their own lines, spaces collapsed
    (newlines in the source are spaces; `<pre>` keeps its lines).

    Marks block boundaries in the tree itself, then lets libxml2 serialise the
    text (several times faster than a Python walk): `el` is modified.
    """
    for block in el.iter(*S.BODY_BLOCK_TAGS):
        if block is not el:
            block.text = _MARK + (block.text or "")
            block.tail = _MARK + (block.tail or "")
    for cell in el.iter("td", "th"):
        cell.tail = " " + (cell.tail or "")
    for pre in el.iter("pre"):
        for node in pre.iter():
            if node.text:
                node.text = node.text.replace("\n", _MARK)
            if node.tail and node is not pre:
                node.tail = node.tail.replace("\n", _MARK)
    text = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
    text = _WS.sub(" ", text.replace("\n", " "))
    lines = (line.strip() for line in text.split(_MARK))
    return [line for line in lines if line]
