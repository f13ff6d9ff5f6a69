"""Shared pieces of the reference rules: one entry's element, the in-text
markers, headings, and removing a located list (with its heading) from the tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from . import inline_refs
from . import selectors as S
from .citations import citation_score, clean_text, element_text

BACKLINKS = frozenset(S.REF_BACKLINK_TEXT)
LABELS = frozenset(S.REF_LINK_LABELS)
STRONG = frozenset(S.REF_HEADINGS_STRONG)
WEAK = frozenset(S.REF_HEADINGS_WEAK)
STEMS = re.compile("|".join(S.REF_HEADING_STEMS))  # matched on lower-cased text
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "dt",
                "th", "td", "header", "label", "em", "font", "summary", "button")


class Markers(dict):
    """fragment -> ids of the in-text markers pointing at it, plus what the rules
    share for one page: the source line of each fragment's first marker and the
    page's host (links to it are not external sources)."""

    def __init__(self, host: str):
        super().__init__()
        self.host = host
        self.first_line: dict[str, int] = {}


IDS = etree.XPath("//*[@id] | //a[@name]")
_TEXT_LEN = etree.XPath("string-length(normalize-space(.))")
RECIPE = etree.XPath(S.REF_RECIPE_CARD_XPATH)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
INLINE_TAGS = {"strong", "b", "span", "em", "i", "u", "font", "label"}
BLOCKS = {"li", "p", "div", "dd", "td", "blockquote", "section"}
_NUMERIC = re.compile(r"^[\[(]?\d{1,3}(?:[-–]\d{1,3})?[a-z]?[\])]?$")
_HEAD_NUM = re.compile(r"^(?:\d{1,2}\.?|[ivx]+\.)\s+")
_HEAD_TAIL = re.compile(r"\s*[(\[]\d+[)\]]$|\s*:$")
_HEAD_JOIN = re.compile(r"\s+(?:and|&|und|et|y|e)\s+")


@dataclass
class Entry:
    """One entry as read from the page: clean text, its links, its id."""
    text: str
    hrefs: list
    anchor: str | None = None
    hints: dict = field(default_factory=dict)  # title/journal from <b>/<i> markup


@dataclass
class Group:
    """The entries one rule found in one list (`line`: where, for page order)."""
    rule: str
    line: int
    entries: list = field(default_factory=list)


def norm_heading(text: str) -> str:
    """ "7. Sources & further reading (12):" -> "sources" (the word that matters)."""
    text = " ".join(text.split()).lower().strip(" :.-–—#*")
    text = _HEAD_TAIL.sub("", _HEAD_NUM.sub("", text))
    first = _HEAD_JOIN.split(text, 1)[0]
    return first if first in STRONG else text


def tlen(el) -> int:
    return int(_TEXT_LEN(el))


def attached(el, root) -> bool:
    for anc in el.iterancestors():
        if anc is root:
            return True
    return el is root


def scan_links(root, host) -> tuple[Markers, list]:
    """One pass over the links: fragment -> ids of the numbered in-text links
    ("[3]", <sup>) pointing at it, and the links to scholarly sites."""
    markers = Markers(host)
    scholarly = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href or len(href) < 2:
            continue
        if href[0] != "#":
            if href[0] in "h/" and (not host or host not in href) and (
                    inline_refs.is_scholarly(href) or inline_refs.cites(a.getparent())):
                scholarly.append(a)
            continue
        parent = a.getparent()
        text = " ".join(a.text_content().split())
        if not (_NUMERIC.match(text) or (parent is not None and parent.tag == "sup")):
            continue
        mid = a.get("id")
        if not mid and parent is not None and parent.tag in ("sup", "span"):
            mid = parent.get("id")
        prev = a.getprevious()
        if not mid and prev is not None and prev.tag == "a" and not prev.get("href"):
            mid = prev.get("name") or prev.get("id")
        markers.setdefault(href[1:], []).append(mid)
        markers.first_line.setdefault(href[1:], a.sourceline or 0)
    return markers, scholarly


def read_entry(el, markers) -> Entry:
    text, hrefs = element_text(el, BACKLINKS, LABELS)
    anchor = el.get("id")
    if anchor not in markers:
        for d in el.iter("a", "p", "span", "div", "cite"):
            value = d.get("id") or (d.get("name") if d.tag == "a" else None)
            if value and (value in markers or anchor is None):
                anchor = value
                if value in markers:
                    break
    return Entry(text, hrefs, anchor, _hints(el))


def _hints(el) -> dict:
    """Title in the entry's only <b>/<strong>, journal in its only <i>/<em>
    (BMC, PubMed-style lists); used where the text parser finds none."""
    hints = {}
    for key, tags in (("title", ("b", "strong")), ("journal", ("i", "em"))):
        found = [" ".join(x.text_content().split()).strip(" .,:") for x in el.iter(*tags)]
        found = [f for f in found if len(f) > 3]
        if len(found) == 1 and len(found[0]) < 300:
            hints[key] = found[0]
    return hints


def read_entries(items, markers) -> list[Entry]:
    return [e for e in (read_entry(li, markers) for li in items) if len(e.text) > 2]


def is_heading(el) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in HEADINGS:
        return True
    if tlen(el) > 45:
        return False
    word = norm_heading(el.text_content())
    return word in STRONG or word in WEAK


def prev_heading(target):
    """The heading right before a list (skipping empty elements), if it names one."""
    sib, steps = target.getprevious(), 0
    while sib is not None and steps < 4:
        if isinstance(sib.tag, str) and sib.tag not in ("link", "style", "meta", "br") and tlen(sib):
            word = norm_heading(sib.text_content()) if tlen(sib) < 60 else ""
            return sib if (word in STRONG or word in WEAK) else None
        sib, steps = sib.getprevious(), steps + 1
    return None


def remove(container):
    """Drop the list, the wrapper that holds only it, and its heading."""
    target = container
    while True:
        parent = target.getparent()
        if parent is None or parent.tag in ("body", "html", "article", "main"):
            break
        others = [c for c in parent if c is not target and isinstance(c.tag, str)]
        lens = [tlen(c) for c in others]
        if sum(lens) > 200 or not all(incidental(c, n) for c, n in zip(others, lens)):
            break
        target = parent
    heading = prev_heading(target)
    if heading is not None:
        heading.drop_tree()
    target.drop_tree()


def incidental(el, length) -> bool:
    """A sibling that may go with the list: a heading, a link-only line, a tiny label."""
    if length == 0 or el.tag in HEADINGS:
        return length <= 150
    if length > 100:
        return False
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return linked >= 0.6 * length or (el.tag != "p" and length <= 40)


def accept(entries, need, host) -> bool:
    """At least half the entries reach citation score `need` (see citations.py)."""
    good = sum(1 for e in entries if citation_score(e.text, e.hrefs, host) >= need)
    return bool(entries) and good >= max(1, 0.5 * len(entries))


def line(el) -> int:
    return el.sourceline or 0


def items(lst):
    """The entries of a list element: <li> children, or <dd> of a <dl>."""
    return lst.iterchildren("dd" if lst.tag == "dl" else "li")


def block_entries(el, markers) -> list[Entry]:
    """A list's items, a table's rows, a wrapper's lists' items or paragraphs
    (when it holds little else), or a paragraph's <br>-separated lines."""
    if el.tag in ("ol", "ul", "dl"):
        return read_entries(items(el), markers)
    if el.tag == "table":  # one row per entry; rows that cite nothing are labels
        rows = read_entries(el.xpath("./tr|./tbody/tr"), markers)
        return [e for e in rows if citation_score(e.text, e.hrefs, markers.host)]
    if el.tag not in ("p", "div", "section", "blockquote"):
        return []
    parts = (el.xpath("./ol|./ul|./dl|./div/ol|./div/ul") or el.xpath("./p")
             or el.xpath("./div[not(.//ol or .//ul or .//table or .//div or .//h2 or .//h3)]"))
    if parts:
        if tlen(el) > 1.2 * sum(tlen(part) for part in parts) + 80:
            return []
        if parts[0].tag in ("p", "div"):  # one entry per paragraph / per item div
            return [e for p in parts for e in split_br(p, markers)]
        return read_entries([li for lst in parts for li in items(lst)], markers)
    if el.xpath("./div|./table"):
        return []
    return split_br(el, markers)


def split_br(block, markers, after=None, skip_text=False) -> list[Entry]:
    """A paragraph as entries: one per <br>-separated line, after the child
    `after` (an inline heading) or without the block's own leading text
    (`skip_text`: "Sources: ..." where the heading word opens the paragraph)."""
    if after is None and not skip_text and not block.xpath("./br"):
        entry = read_entry(block, markers)
        return [entry] if len(entry.text) > 2 else []
    started = after is None
    lines, hrefs = [], []
    text = [block.text or ""] if started and not skip_text else []
    for child in block:
        if not started:
            started = child is after
            text = [child.tail or ""] if started else text
            continue
        if isinstance(child.tag, str) and child.tag == "br":
            lines.append((text, hrefs))
            text, hrefs = [child.tail or ""], []
            continue
        if isinstance(child.tag, str):
            t, h = element_text(child, BACKLINKS, LABELS)
            text.append(t)
            hrefs += h
        text.append(child.tail or "")
    lines.append((text, hrefs))
    out = [Entry(clean_text("".join(t)), h) for t, h in lines]
    return [e for e in out if len(e.text) > 2]
