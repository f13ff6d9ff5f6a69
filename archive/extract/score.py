"""Readability-style fallback: find the article by scoring paragraphs.

Used by the body step when no content container is marked up (older blogs,
hand-made sites, news CMSs). Every paragraph-like block scores by its length
and commas; the score flows to its parent (and half to its grandparent);
link-heavy and negatively named containers lose. The best container wins,
with the siblings that look like part of the same article.
"""
from __future__ import annotations

import re

from . import selectors as S

_POSITIVE = re.compile(S.BODY_POSITIVE_RE, re.I)
_NEGATIVE = re.compile(S.BODY_NEGATIVE_RE, re.I)
_PARAGRAPH_TAGS = ("p", "pre", "td", "blockquote", "div")
_BLOCK_CHILDREN = frozenset({"p", "div", "table", "ul", "ol", "pre", "blockquote",
                             "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"})


def best_by_paragraphs(root) -> list:
    """The best-scoring container and its article-like siblings (may be [])."""
    scores: dict = {}
    for el in root.iter(*_PARAGRAPH_TAGS):
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el):
            continue
        text = el.text_content()
        size = len(text.strip())
        if size < 25:
            continue
        points = 1 + text.count(",") + min(size // 100, 3)
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + points
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + points / 2
    if not scores:
        return []
    final = {el: (s + _class_weight(el)) * (1 - link_density(el)) for el, s in scores.items()}
    best = _common_ancestor(max(final, key=final.get), final)
    if best.tag in ("html", "body"):
        return [best]
    return _with_siblings(best, final)


def _common_ancestor(best, final):
    """When several near-best candidates sit under one ancestor (an article
    cut into sections), that ancestor is the article (as Readability does)."""
    top = sorted(final, key=final.get, reverse=True)[1:6]
    rivals = [el for el in top if final[el] >= 0.6 * final[best]]
    if len(rivals) < 2:
        return best
    for anc in best.iterancestors():
        if anc.tag in ("body", "html"):
            break
        inside = sum(1 for el in rivals if anc in el.iterancestors())
        if inside >= 2:
            return anc
    return best


def _class_weight(el) -> float:
    weight = 0.0
    for name in (el.get("class"), el.get("id")):
        if name:
            weight += 25 if _POSITIVE.search(name) else 0
            weight -= 25 if _NEGATIVE.search(name) else 0
    return weight


def link_density(el) -> float:
    """Share of the element's text that sits in links."""
    total = len(el.text_content())
    if not total:
        return 0.0
    return sum(len(a.text_content()) for a in el.iter("a")) / total


def _with_siblings(best, final) -> list:
    """`best` plus the siblings that score well or read like paragraphs."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, final.get(best, 0.0) * 0.2)
    parts = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best or final.get(sib, 0) >= threshold or _reads_like_paragraph(sib):
            parts.append(sib)
    return parts


def _reads_like_paragraph(el) -> bool:
    if el.tag != "p":
        return False
    text = " ".join(el.text_content().split())
    density = link_density(el)
    return (len(text) > 80 and density < 0.25) or (0 < len(text) <= 80 and density == 0
                                                   and text.endswith("."))
