"""Reference lists and citations.

Finds the page's reference lists, turns each entry into a `Reference` and
removes the lists (with their headings) from the tree. Rules, in order:

1. ``family``: known markup (Wikipedia ``ol.references``/``.refbegin``, WordPress
   footnotes block, Springer/BMC ``c-article-references``, ``doc-endnotes``...);
2. ``heading``: a "References" / "Sources" / "Quellen"... heading followed by a
   list or paragraphs of citation-like entries, or a "Sources:" paragraph
   ("Notes" needs real citations: recipe cards have Notes too);
3. ``markers``: numbered in-text links ("[3]") whose targets are citation-like
   blocks gathered in one container;
4. ``generic-ol``: an ordered list whose items are mostly clear citations;
5. ``inline``: with no list, links in the text to PubMed/PMC/DOI/journal sites
   become one reference per distinct source (the links stay in the body).

Candidates come from a few tag-filtered passes (`root.iter("a")`, lists,
heading-like tags) and small XPath queries; shared pieces live in ref_tree.py,
one entry's text and fields in citations.py, rule 5 in inline_refs.py.
"""
from __future__ import annotations

import re

from ..model import Reference
from . import inline_refs
from . import selectors as S
from .citations import CLEAR_CITE, JOURNAL_CITE, citation_score, make_reference, page_host
from .ref_tree import (BLOCKS, HEADING_TAGS, IDS, INLINE_TAGS, RECIPE, STEMS, STRONG, WEAK,
                       Group, accept, attached, block_entries, is_heading, items, line,
                       norm_heading, prev_heading, read_entries, read_entry, remove,
                       scan_links, split_br, tlen)

_ITEM_TOKENS = frozenset(S.REF_ITEM_CLASS_TOKENS)
_LIST_TOKENS = frozenset(S.REF_LIST_CLASS_TOKENS)
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_LIST_WORDS = frozenset(S.REF_LIST_CLASS_WORDS)


def extract_references(root, ctx) -> list[Reference]:
    """All reference entries of the page, in page order; lists leave the tree."""
    markers, scholarly = scan_links(root, page_host(ctx.url))
    lists = list(root.iter("ol", "ul", "dl"))
    groups: list[Group] = []
    _family_lists(root, ctx, groups, markers, lists)
    pending = _heading_lists(root, ctx, groups, markers)
    _marker_targets(root, ctx, groups, markers, pending)
    _generic_ols(root, ctx, groups, markers, lists)
    groups.sort(key=lambda g: g.line)
    refs = _build(groups, markers, ctx.url)
    if not refs:
        refs = inline_refs.extract_inline(
            root, ctx, [a for a in scholarly if attached(a, root)])
    return refs


# --- rule 1: known markup families ---------------------------------------------

def _classes(el) -> set:
    return set((el.get("class") or "").lower().split())


def _family(lst, memo: dict) -> int:
    """2 = a list whose markup names it a reference list or footnotes (its own,
    its first item's, or 3 ancestors' class / role / id); 1 = a class or id
    word such as "article-sources" (entries must then look like citations)."""
    first = next(lst.iterchildren("li"), None)
    if first is not None and (_classes(first) & _ITEM_TOKENS or first.get("data-test") == "citation"):
        return 2
    el = lst
    for _ in range(4):
        if el is None or el.tag in ("body", "html"):
            return 0
        kind = memo.get(el)
        if kind is None:
            kind = memo[el] = _named(el)
        if kind:
            return kind
        el = el.getparent()
    return 0


def _named(el) -> int:
    """2 / 1 / 0 for one element's own class, role and id (see `_family`)."""
    cls = (el.get("class") or "").lower()
    if el.get("role") in S.REF_LIST_ROLES or (cls and (
            set(cls.split()) & _LIST_TOKENS or any(p in cls for p in S.REF_LIST_CLASS_PARTS))):
        return 2
    words = f"{cls} {el.get('id') or ''}".lower()
    return 1 if words.strip() and set(_WORD_SPLIT.split(words)) & _LIST_WORDS else 0


def _family_lists(root, ctx, groups, markers, lists):
    memo: dict = {}
    for lst in lists:
        kind = _family(lst, memo)
        if not kind or not attached(lst, root):
            continue
        entries = read_entries(items(lst), markers)
        if not entries or (kind == 1 and not accept(entries, 1, markers.host)):
            continue
        groups.append(Group("family", line(lst), entries))
        ctx.note("references", "family", f"{lst.tag}.{lst.get('class')}: {len(entries)} entries")
        remove(lst)


# --- rule 2: headings ----------------------------------------------------------

def _heading_lists(root, ctx, groups, markers) -> list:
    """Lists after a reference heading; returns strong headings left without one."""
    pending = []
    candidates = [el for el in root.iter(*HEADING_TAGS)  # (.text builds a new str each time)
                  if (text := el.text) and len(text) < 60 and STEMS.search(text.lower())]
    for el in candidates:
        word = norm_heading(el.text)
        if (word not in STRONG and word not in WEAK) or not attached(el, root):
            continue
        while (el.getparent() is not None and el.getparent().tag not in ("body", "html")
               and tlen(el.getparent()) < 60
               and norm_heading(el.getparent().text_content()) == word):
            el = el.getparent()
        if RECIPE(el) or _in_link_or_nav(el):
            continue
        need = 1 if word in STRONG else 3
        entries, nodes = _following(el, markers, need, word)
        if accept(entries, need, markers.host):
            groups.append(Group("heading", line(el), entries))
            ctx.note("references", "heading", f"{word!r}: {len(entries)} entries")
            for node in nodes:
                node.drop_tree()
            if el.getparent() is not None and el not in nodes:
                el.drop_tree()
        elif word in STRONG and not entries and el.tag not in INLINE_TAGS:
            pending.append(el)
    return pending


def _in_link_or_nav(el) -> bool:
    """A table-of-contents entry or menu item, not a heading."""
    if el.tag == "a" or next(el.iterancestors("a", "nav"), None) is not None:
        return True
    return bool(el.xpath("./a[normalize-space()=normalize-space(..)]"))


def _following(heading, markers, need, word):
    """Entries after a heading: its inline paragraph ("Sources: a; b"), or the
    lists / paragraphs that follow it up to the next heading."""
    if heading.tag in ("p", "div") and tlen(heading) > len(word) + 2:
        if not _paragraph(heading):
            return [], []  # a wrapper whose text merely starts with the word
        return split_br(heading, markers, skip_text=True), [heading]
    parent = heading.getparent()
    if heading.tag in INLINE_TAGS and parent is not None and _paragraph(parent):
        entries = split_br(parent, markers, after=heading)
        if entries:
            return entries, [parent]
    for _ in range(3):  # a heading wrapped in its own div: look after the wrapper
        if _has_next(heading) or heading.getparent() is None:
            break
        heading = heading.getparent()
    return _siblings(heading, markers, need)


def _paragraph(el) -> bool:
    """A p/div of text lines, not a wrapper of blocks (never taken whole)."""
    return (el.tag in ("p", "div") and tlen(el) < 3000
            and not el.xpath("./p|./div|./ul|./ol|./table|./section"))


def _has_next(el) -> bool:
    sib = el.getnext()
    while sib is not None:
        if isinstance(sib.tag, str) and tlen(sib):
            return True
        sib = sib.getnext()
    return False


def _siblings(heading, markers, need):
    """Lists / paragraphs after the heading, each citation-like, to the next heading."""
    entries, nodes = [], []
    sib = heading.getnext()
    while sib is not None and len(nodes) < 80:
        nxt = sib.getnext()
        if not isinstance(sib.tag, str) or not tlen(sib):
            sib = nxt
            continue
        if is_heading(sib):
            break
        found = block_entries(sib, markers)
        if not found or not accept(found, need, markers.host):
            break
        entries += found
        nodes.append(sib)
        sib = nxt
    return entries, nodes


# --- rule 3: numbered in-text markers and their targets -------------------------

def _marker_targets(root, ctx, groups, markers, pending):
    """Blocks that numbered in-text links point forward to, gathered in one
    container (the largest cluster of same-tag, same-depth blocks)."""
    taken = {e.anchor for g in groups for e in g.entries}
    if sum(1 for frag in markers if frag not in taken) < 3:
        return
    idmap: dict = {}
    for el in IDS(root):
        idmap.setdefault(el.get("id") or el.get("name"), el)
    clusters: dict = {}
    for frag in markers:
        target = idmap.get(frag) if frag not in taken else None
        if target is None or (target.sourceline or 0) < markers.first_line.get(frag, 0):
            continue  # a backlink ("return to text") points back into the body
        block = _block(target)
        if block is not None:
            clusters.setdefault((block.tag, _depth(block)), {}).setdefault(block, frag)
    if not clusters:
        return
    (tag, depth), anchors = max(clusters.items(), key=lambda kv: len(kv[1]))
    lca = _common_ancestor(list(anchors)) if len(anchors) >= 3 else None
    if lca is None:
        return
    blocks = _entry_blocks(lca, tag, depth, anchors)
    entries = []
    for el in blocks:  # every entry of the list, also those no marker cites
        entry = read_entry(el, markers)
        entry.anchor = anchors.get(el, entry.anchor)
        if citation_score(entry.text, entry.hrefs, markers.host) >= 1:
            entries.append((el, entry))
    size = sum(len(e.text) for _, e in entries)
    whole = blocks[0].getparent() is not lca and _only_entries(lca, blocks, size)
    if not accept([e for _, e in entries], 1, markers.host) or not (whole or blocks[0].getparent() is lca):
        return
    groups.append(Group("markers", line(blocks[0]), [e for _, e in entries]))
    ctx.note("references", "markers", f"{len(entries)} numbered targets in <{lca.tag}>")
    for heading in pending:
        if heading.getparent() is not None and line(heading) <= line(blocks[0]):
            heading.drop_tree()
    if whole:
        remove(lca)
        return
    heading = prev_heading(blocks[0])  # footnote paragraphs at the end of the text
    for el in [heading] + [el for el, _ in entries]:
        if el is not None and el.getparent() is not None:
            el.drop_tree()


def _only_entries(lca, blocks, size) -> bool:
    """The container holds the entries and little else (no paragraph of text)."""
    if tlen(lca) > 1.6 * size + 300:
        return False
    inside = set(blocks)
    return not any(tlen(p) > 100 and p not in inside and not any(
        a in inside for a in p.iterancestors()) for p in lca.iter("p"))


def _entry_blocks(lca, tag, depth, anchors) -> list:
    """The entry blocks: all same-tag, same-depth blocks in the container, or,
    when they are children of the container itself (footnote paragraphs at the
    end of the text), the run of siblings from the first cited one on."""
    if next(iter(anchors)).getparent() is not lca:
        return [el for el in lca.iter(tag) if _depth(el) == depth and tlen(el) >= 20]
    children = [c for c in lca if isinstance(c.tag, str)]
    cited = [i for i, c in enumerate(children) if c in anchors]
    run = children[min(cited):max(cited) + 1]
    for c in children[max(cited) + 1:]:
        if c.tag != tag or not tlen(c):
            break
        run.append(c)
    return [c for c in run if c.tag == tag and tlen(c) >= 20]


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def _block(target):
    """The entry block around a marker's target (an empty <a name> inside a cell)."""
    el = target
    while el is not None and el.tag not in ("body", "html"):
        if el.tag in BLOCKS and tlen(el) >= 20:
            return el
        el = el.getparent()
    return None


def _common_ancestor(blocks):
    chain = list(blocks[0].iterancestors())
    common = set(chain)
    for b in blocks[1:]:
        common &= set(b.iterancestors())
    for anc in chain:
        if anc in common:
            return None if anc.tag in ("body", "html") else anc
    return None


# --- rule 4: ordered lists of clear citations ---------------------------------

def _clear_hits(ol) -> int:
    """Cheap upper bound of the items that are clear citations (one regex pass)."""
    text = ol.text_content()
    hits = len(CLEAR_CITE.findall(text)) + len(JOURNAL_CITE.findall(text))
    return hits + sum(1 for a in ol.iter("a") if "doi" in (a.get("href") or ""))


def _generic_ols(root, ctx, groups, markers, lists):
    for ol in lists:
        if ol.tag != "ol" or not attached(ol, root):
            continue
        n = sum(1 for _ in ol.iterchildren("li"))
        if n < 3 or _clear_hits(ol) < 0.6 * n or RECIPE(ol):
            continue
        entries = read_entries(ol.iterchildren("li"), markers)
        strong = sum(1 for e in entries if citation_score(e.text, e.hrefs, markers.host) >= 3)
        if entries and strong >= 0.6 * len(entries):
            groups.append(Group("generic-ol", line(ol), entries))
            ctx.note("references", "generic-ol", f"{len(entries)} citation-like items")
            remove(ol)


# --- output --------------------------------------------------------------------

def _build(groups, markers, page_url) -> list[Reference]:
    """Number the entries of all groups 1..n in page order."""
    refs = []
    for group in groups:
        for e in group.entries:
            refs.append(make_reference(len(refs) + 1, e.text, e.hrefs, page_url, e.anchor,
                                       markers.get(e.anchor or "", ()), e.hints))
    return refs
