"""Tree helpers for the promotions step: text of a block, and how far a box grows.

A promotion is first located at its smallest block (the paragraph holding a
disclosure, the form holding an e-mail input); `absorb` then grows it over
wrappers that add little text (a heading, a button), and `label_unit` grows an
"Advertisement" label to the unit it labels. Neither ever grows into a
container of the article or the page (`is_root`) nor over article prose.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import ahocorasick  # C Aho-Corasick: one pass finds every anchor word (~2x a find per word)

from . import selectors as S


def _automaton():
    auto = ahocorasick.Automaton()
    for word in S.PROMO_TEXT_ANCHORS:
        auto.add_word(word, len(word))
    auto.make_automaton()
    return auto


_ANCHORS = _automaton()


def anchor_nodes(low: str, ends: list[int]) -> list[int]:
    """Sorted indexes of the text nodes in which an anchor word starts.

    `low` is the lower-cased page text, the concatenation of the text nodes
    whose cumulative lengths are `ends`.
    """
    return sorted({bisect_right(ends, end - n + 1) for end, n in _ANCHORS.iter(low)})


def text_of(el) -> str:
    """Visible text, whitespace collapsed, a space at every block boundary."""
    parts: list[str] = []
    _collect(el, parts)
    return " ".join("".join(parts).split())


def _collect(el, parts):
    if el.text and isinstance(el.tag, str):
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            block = child.tag in S.PROMO_BLOCK_TAGS or child.tag == "br"
            if block:
                parts.append(" ")
            _collect(child, parts)
            if block:
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)


def tlen(el, cap: int) -> int:
    """Length of the element's collapsed text; cap + 1 when clearly above `cap`."""
    raw = el.text_content()
    if len(raw) > 4 * cap + 400:
        return cap + 1
    return len(" ".join(raw.split()))


def is_root(el) -> bool:
    """A container of the article or the page: promotion boxes never grow into it."""
    if el.tag in S.PROMO_ROOT_TAGS or el.get("itemprop") == "articleBody":
        return True
    name = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(name.strip()) and S.PROMO_ROOT_CLASS_RE.search(name) is not None


def prose(el) -> bool:
    """Holds a paragraph of running text (article content, not a box)."""
    return any(len(p.text_content()) > 280 for p in el.iter("p"))


def in_recipe(el) -> bool:
    """Inside a recipe card (WP Recipe Maker, Tasty, Mediavine Create, ...)."""
    for a in el.iterancestors():
        cls = a.get("class")
        if cls and _recipe_class(cls):
            return True
    return False


@lru_cache(maxsize=8192)
def _recipe_class(cls: str) -> bool:
    """A recipe card's class attribute (cached: ancestors repeat their classes)."""
    return S.PROMO_RECIPE_RE.search(cls.lower()) is not None


def block_of(el):
    """The element itself or its nearest block-level ancestor."""
    cur = el
    while cur is not None and cur.tag not in S.PROMO_BLOCK_TAGS:
        cur = cur.getparent()
    return cur if cur is not None else el


def is_widget(el) -> bool:
    """A sidebar / footer widget (WordPress `widget`, `widget_text`, ...): a unit."""
    cls = el.get("class")
    return bool(cls) and any(c == "widget" or c.startswith(("widget_", "widget-"))
                             for c in cls.lower().split())


def absorb(el, extra: int, limit: int):
    """Grow `el` over parents that add at most `extra` characters of text.

    Never over a list, a table or a menu (their other items are not part of
    the promotion), never beyond a widget, never into the article container.
    """
    cur, n = el, tlen(el, limit)
    while not is_widget(cur):
        par = cur.getparent()
        if par is None or par.tag in _LISTS or is_root(par):
            return cur
        pn = tlen(par, limit)
        if pn > limit or pn - n > extra or prose(par) and not prose(cur):
            return cur
        if _text_links(par) - _text_links(cur) >= 3:
            return cur  # the parent is a menu / a row of other boxes
        if cur.tag != "h1" and next(par.iter("h1"), None) is not None:
            return cur  # the article's headline is never part of a promotion
        cur, n = par, pn
    return cur


def _text_links(el) -> int:
    """Number of links with text (image links do not make a menu)."""
    return sum(1 for a in el.iter("a") if a.text_content().strip())


def in_menu(el) -> bool:
    """Inside a navigation menu (`nav`, or a container whose class says menu)."""
    for a in el.iterancestors():
        if a.tag == "nav":
            return True
        if a.tag in ("body", "article", "main"):
            return False  # page-level classes ("menu-open") say nothing
        cls = a.get("class")
        if cls and "menu" in cls.lower():
            return True
    return False


_LISTS = frozenset({"ul", "ol", "nav", "menu", "table", "tbody", "thead", "tr", "dl"})


def label_unit(label, n: int):
    """The ad / sponsored unit a short label names: the first parent with content."""
    cur = label
    for _ in range(3):
        par = cur.getparent()
        if par is None or is_root(par):
            break
        pn = tlen(par, 1500)
        if pn > 1500 or prose(par):
            break
        cur = par
        if pn >= n + 15:
            return cur
    return label


def inline_link(a, block) -> bool:
    """An affiliate link inside running text (a sentence, an ingredient, a table)."""
    if block is None or in_recipe(a) or next(a.iterancestors("table"), None) is not None:
        return True
    n = tlen(block, 2000)
    links = sum(len(" ".join(x.text_content().split())) for x in block.iter("a"))
    if block.tag in ("div", "section", "aside", "ul", "ol", "nav", "form"):
        return n - links >= 40 and n - links >= 0.6 * n  # running text without <p>
    return n - links >= 12


def affiliate_unit(block, classify):
    """Smallest container of a link list that also names what it sells.

    MENU when the links sit in a menu (most links lead elsewhere than shops, or
    a `nav`): a menu entry is not a promotion box; None when no box is found.
    """
    cur = block
    for _ in range(4):
        if cur is None or is_root(cur):
            break
        n = tlen(cur, 1500)
        if n > 1500 or prose(cur):
            break
        links = [(a, " ".join(a.text_content().split())) for a in cur.iter("a")]
        if n - sum(len(t) for _, t in links) >= 10:
            texted = [a for a, t in links if t]
            shops = sum(1 for a in texted if _commercial(a, classify))
            return cur if len(texted) < 3 or shops * 2 >= len(texted) else MENU
        cur = cur.getparent()
    return MENU if in_menu(block) else None


MENU = object()  # affiliate_unit: the links sit in a menu


def _commercial(a, classify) -> bool:
    href = a.get("href") or ""
    return bool(S.PROMO_SHOP_URL_RE.search(href) or classify(href, a.get("rel")))


def link_text(a) -> str:
    """A link's text, or its image's alt / title for an image link."""
    text = " ".join(a.text_content().split())
    if not text:
        img = next(a.iter("img"), None)
        text = (img.get("alt") or img.get("title") or "") if img is not None else ""
        text = text or a.get("title") or a.get("aria-label") or ""
    return " ".join(text.split())


def first_link(el) -> str | None:
    for a in el.iter("a"):
        href = a.get("href")
        if href and not href.startswith(("#", "javascript:")):
            return href
    return None
