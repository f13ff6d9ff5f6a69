"""Drop what is never content: scripts, styles, embeds, hidden elements.

Runs after metadata (which reads JSON-LD) and before the comment, reference
and promotion steps, so it keeps their containers and every `form` (comment
forms and newsletter sign-ups are found by those steps).
"""
from __future__ import annotations

import re

from lxml import etree

from . import selectors as S

_HIDDEN_STYLE = re.compile(S.CLEAN_HIDDEN_STYLE_RE, re.I)
_HIDDEN = etree.XPath(S.CLEAN_HIDDEN_XPATH)
_DROP = frozenset(S.CLEAN_DROP_TAGS)


def clean_tree(root, ctx):
    """Remove non-content elements in place; note what was removed."""
    dropped, junk = _drop_tags_and_markup_comments(root)
    hidden = _drop_hidden(root)
    ctx.note("clean", "drop-tags", f"{dropped} script/style/embed elements")
    if hidden:
        ctx.note("clean", "drop-hidden", f"{hidden} hidden elements")
    if junk:
        ctx.note("clean", "drop-markup-comments", f"{junk} <!-- --> / PIs")


def _remove(el) -> None:
    """Remove `el` but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _drop_tags_and_markup_comments(root) -> tuple[int, int]:
    """One pass: script/style/embeds, `<!-- -->` comments and PIs."""
    found = list(root.iter(etree.Comment, etree.ProcessingInstruction, *S.CLEAN_DROP_TAGS))
    for el in found:
        _remove(el)
    tags = sum(1 for el in found if el.tag in _DROP)
    return tags, len(found) - tags


def _protected(el) -> bool:
    """Hidden parts that the comment step still needs (collapsed reply threads)."""
    ident = f"{el.get('id', '')} {el.get('class', '')}".lower()
    return any(token in ident for token in S.CLEAN_KEEP_HIDDEN)


def _hidden(el) -> bool:
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    return el.get("aria-hidden") == "true" and \
        len(el.text_content()) <= S.CLEAN_ARIA_HIDDEN_MAX_CHARS


def _drop_hidden(root) -> int:
    count = 0
    for el in _HIDDEN(root):
        if el.tag in ("html", "body") or el.getparent() is None or _protected(el):
            continue
        if _hidden(el):
            _remove(el)
            count += 1
    return count
