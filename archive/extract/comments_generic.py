"""Last resort for unknown comment markup: repeated sibling blocks in a comment area.

Used only when no known comment element was found but the page has a comment
area (`#comments`, `.comment-list`, ...): inside it, the parent with the most
block children of one tag, each with some text and no form field, mostly
signed (date stamp, avatar, author class, reply link), holds one comment per child. Blocks of the same tag nested inside a comment (reply
lists) become its replies. Alternating classes (even/odd/alt) are ignored.
"""
from __future__ import annotations

import re
from collections import Counter

from .comments_dates import has_date
from .comments_find import Item, _dt_extra

_BLOCK_TAGS = frozenset({"li", "div", "article", "section", "dt", "table", "dl"})
_MIN_TEXT = 20  # characters a block needs to count as a comment
_MAX_SCAN = 3000  # elements looked at per area
_SIGNS = re.compile(r"avatar|gravatar|replytocom|\breply\b|vcard|\bfn\b|author")


def _looks_like_comment(el) -> bool:
    """Some text, mostly not link text, no form field (a dt counts with its dd)."""
    parts = [el, *(_dt_extra(Item(el=el)) if el.tag == "dt" else [])]
    if any(p.find(".//input") is not None or p.find(".//textarea") is not None for p in parts):
        return False
    text = sum(len(" ".join(p.text_content().split())) for p in parts)
    if text < _MIN_TEXT:
        return False
    links = sum(len(" ".join(a.text_content().split())) for p in parts for a in p.iter("a"))
    return links < 0.8 * text


def _best_group(area):
    """(count, blocks) of the largest repeated sibling group inside `area`."""
    best = (0, [])
    for n, parent in enumerate(area.iter()):
        if n > _MAX_SCAN:
            break
        if not isinstance(parent.tag, str) or parent.tag == "form":
            continue
        kids = [k for k in parent if isinstance(k.tag, str) and k.tag in _BLOCK_TAGS]
        if len(kids) < 2:
            continue
        tag, count = Counter(k.tag for k in kids).most_common(1)[0]
        if count <= max(1, best[0]):
            continue
        blocks = [k for k in kids if k.tag == tag and _looks_like_comment(k)]
        if len(blocks) >= 2 and len(blocks) > best[0] and _mostly_signed(blocks):
            best = (len(blocks), blocks)
    return best


def _signed(block) -> bool:
    """A comment's signature: a date stamp, an avatar, an author class or a reply link."""
    if has_date(block.text_content()[:600]):
        return True
    for n, el in enumerate(block.iter()):
        if n > 80:
            break
        marks = f"{el.get('class') or ''} {el.get('src') or ''} {el.get('href') or ''}".lower()
        if _SIGNS.search(marks):
            return True
    return False


def _mostly_signed(blocks) -> bool:
    """At least half of the blocks look signed like comments."""
    return sum(1 for b in blocks if _signed(b)) * 2 >= len(blocks)


def _outermost(areas):
    out = []
    for a in areas:
        ancestors = set(a.iterancestors())
        if a.tag != "form" and not any(b in ancestors for b in areas):
            out.append(a)
    return out


def _item(el, parent=None):
    it = Item(el=el, classes=set((el.get("class") or "").split()), parent=parent,
              depth=parent.depth + 1 if parent is not None else 0)
    if el.tag == "dt":
        it.extra = _dt_extra(it)
    return it


_VARYING = re.compile(r"^(?:even|odd|alt|parent|first|last|thread-\w+|depth-\d+|byuser"
                      r"|bypostauthor|comment-author-.+)$")


def _signature(el) -> frozenset:
    """The block's class tokens without the alternating / per-comment ones."""
    return frozenset(t for t in (el.get("class") or "").split() if not _VARYING.match(t))


def _with_replies(top, items):
    """`top` and, depth first, the blocks nested in its reply lists: same-tag
    blocks in a list (`ol.children > li`), or blocks carrying the top block's
    classes in any wrapper (`div.cmt-children > div.cmt-item`)."""
    items.append(top)
    sig = _signature(top.el)
    for el in top.el.iterdescendants(top.el.tag):
        holder = el.getparent()  # a reply sits in a reply list, not directly in the comment
        if holder is top.el:
            continue
        if sig and sig <= set((el.get("class") or "").split()):
            nearest = next((a for a in el.iterancestors()
                            if a.tag == top.el.tag and sig <= _signature(a)), None)
        elif holder.tag in ("ol", "ul", "div"):
            nearest = next((a for a in el.iterancestors() if a.tag == top.el.tag), None)
        else:
            continue
        if nearest is top.el and _looks_like_comment(el):
            _with_replies(_item(el, top), items)


def repeated_blocks(areas) -> list[Item]:
    """Comment items from the best repeated block group over all comment areas."""
    best = (0, [])
    for area in _outermost(areas):
        group = _best_group(area)
        if group[0] > best[0]:
            best = group
    items = []
    for el in best[1]:
        _with_replies(_item(el), items)
    return items
