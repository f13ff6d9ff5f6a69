"""Find comment elements in one pass over the tree and arrange them as a tree.

A page marks one comment with several nested elements (WordPress html5:
`li#comment-5 > article#div-comment-5`; wpDiscuz: `div#wpd-comm-5_0 >
div#comment-5`): candidates with the same key, or an unkeyed candidate that
wraps exactly one other, are merged into one item (the outermost element).
A reply is a candidate nested inside another comment's element.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from . import selectors as S


@dataclass(eq=False)
class Item:
    el: object
    key: str | None = None
    wpd_parent: str | None = None
    aliases: list = field(default_factory=list)
    extra: list = field(default_factory=list)  # dd siblings of a dt-style comment
    anc: "Item | None" = None  # nearest enclosing candidate
    kids: list = field(default_factory=list)
    alias_of: "Item | None" = None
    wrapper: bool = False
    parent: "Item | None" = None
    depth: int = 0
    pingback: bool = False
    classes: set = field(default_factory=set)


@dataclass
class Scan:
    cands: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    forms: list = field(default_factory=list)
    disqus: bool = False
    hosted: str | None = None  # another script-loaded service (commento, isso, ...)
    facebook: bool = False
    closed: list = field(default_factory=list)


_ITEM_OR_PING = S.COMMENT_ITEM_CLASSES | S.PINGBACK_CLASSES
_CLOSED = frozenset({"nocomments", "comments-closed", "no-comments"})


def _candidate(el, tag, eid, toks, memo=None):
    """An Item if `el` looks like one comment (or one pingback), else None."""
    key = wpd_parent = None
    if eid:
        m = S.WPDISCUZ_ID_RE.match(eid)
        if m:
            key, wpd_parent = m.group(1), m.group(2)
        else:
            m = S.COMMENT_ID_RE.match(eid)
            if m:
                key = m.group(1)
    is_cand = key is not None and tag in S.COMMENT_ITEM_TAGS
    if not is_cand and toks:
        is_cand = (tag in S.COMMENT_ITEM_TAGS and not toks.isdisjoint(_ITEM_OR_PING)) or (
            tag == "dt" and any(t.startswith("comment") for t in toks))
    if not is_cand:
        itemtype = (el.get("itemtype") or "").strip()
        is_cand = itemtype.endswith("/Comment") or itemtype.endswith("/UserComments")
    if not is_cand:
        return None
    if key is None and not el.get("itemtype") and not _in_comment_area(el, memo):
        return None  # a bare class="comment" outside any comment area: a category, a label
    return Item(el=el, key=key, wpd_parent=wpd_parent if wpd_parent != "0" else None,
                classes=set(toks), pingback=not toks.isdisjoint(S.PINGBACK_CLASSES))


_SCAN = etree.XPath(S.COMMENT_SCAN_XPATH)
_NO_TOKENS = frozenset()


def _in_comment_area(el, memo=None) -> bool:
    """Some ancestor's id or class names comments (comments, comment-list, comment-thread).
    `memo` (element -> bool) spares the walk up for the siblings of one thread."""
    memo = {} if memo is None else memo
    for anc in el.iterancestors():
        hit = memo.get(anc)
        if hit is None:
            marks = f"{anc.get('id') or ''} {anc.get('class') or ''}".lower()
            hit = memo[anc] = "comment" in marks or "respon" in marks or "discussion" in marks
        if hit:
            return True
    return False


def scan(root) -> Scan:
    """Comment candidates, comment areas, forms and placeholders, in page order.

    One XPath pre-selects the few elements whose id/class/itemtype mention
    comments (plus forms) in C; only those are looked at in Python.
    """
    out, memo, tokens = Scan(), {}, {"": _NO_TOKENS}
    for el in _SCAN(root):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        eid = el.get("id")
        cls = el.get("class") or ""
        toks = tokens.get(cls)
        if toks is None:  # a thread repeats its class strings: split each once
            toks = tokens[cls] = frozenset(cls.split())
        # (_candidate is None for other tags unless microdata names a Comment)
        cand = _candidate(el, tag, eid, toks, memo) \
            if tag in S.COMMENT_ITEM_TAGS or el.get("itemtype") else None
        if cand is not None:
            out.cands.append(cand)
            continue
        if eid in S.DISQUS_IDS:
            out.disqus = True
        elif eid in S.HOSTED_IDS:
            out.hosted = S.HOSTED_IDS[eid]
            out.areas.append(el)
        if not toks.isdisjoint(S.FACEBOOK_CLASSES):
            out.facebook = True
        if tag == "form" and (eid == "commentform" or S.COMMENT_FORM_ACTION_RE.search(
                el.get("action") or "")):
            out.forms.append(el)
        elif eid in S.COMMENT_AREA_IDS or not toks.isdisjoint(S.COMMENT_AREA_CLASSES):
            out.areas.append(el)
        if toks and not toks.isdisjoint(_CLOSED):
            out.closed.append(el)
    for el in root.iter("fb:comments"):  # the 2012 XFBML tag (C-level tag match)
        out.facebook = True
        out.areas.append(el)
    return out


def _own_text_len(item: Item, cand_els) -> int:
    """Characters of text in the item outside every nested candidate."""
    total = 0
    stack = [item.el]
    while stack:
        e = stack.pop()
        if e.text:
            total += len(e.text.strip())
        for ch in e:
            if ch.tail:
                total += len(ch.tail.strip())
            if isinstance(ch.tag, str) and ch not in cand_els:
                stack.append(ch)
    return total


def _link_ancestors(cands):
    by_el = {c.el: c for c in cands}
    for c in cands:
        for a in c.el.iterancestors():
            hit = by_el.get(a)
            if hit is not None:
                c.anc = hit
                hit.kids.append(c)
                break
    return by_el


def _merge(cands, by_el):
    """Mark same-comment nesting (aliases) and thread wrappers.

    A kid with the parent's key is the same comment. An unkeyed kid of a
    keyed comment that is not inside a reply list is that comment's content
    (microdata `article` in `li#comment-5`, Astra's `section.comment`). An
    unkeyed candidate with no text of its own is one comment's outer shell
    (its body kid sits above the replies) or a thread wrapper.
    """
    for a in cands:
        if not a.kids:
            continue
        aliased = False
        for k in a.kids:
            if (k.key is not None and k.key == a.key) or (
                    a.key is not None and k.key is None and not _in_reply_list(k.el, a.el)):
                k.alias_of, aliased = a, True
        rest = [k for k in a.kids if k.alias_of is None]
        if aliased or a.key is not None or not rest or _own_text_len(a, by_el) >= 3:
            continue
        if len(rest) == 1 or _shallower(rest[0], rest[1:], a):
            rest[0].alias_of = a
        else:
            a.wrapper = True


def _in_reply_list(el, top) -> bool:
    """Between `el` and `top` lies a list or a children/replies container."""
    for anc in el.iterancestors():
        if anc is top:
            return False
        if anc.tag in ("ol", "ul", "dl"):
            return True
        cls = anc.get("class") or ""
        if "children" in cls or "repl" in cls:
            return True
    return False


def _levels(el, top) -> int:
    n = 0
    for anc in el.iterancestors():
        n += 1
        if anc is top:
            break
    return n


def _shallower(first, others, a) -> bool:
    """The first kid sits higher than the rest: it is the body, the rest are replies."""
    return _levels(first.el, a.el) < min(_levels(k.el, a.el) for k in others)


def _dt_extra(item: Item):
    """For `dt` comments the text lives in the following `dd` siblings."""
    out = []
    sib = item.el.getnext()
    while sib is not None and sib.tag == "dd":
        out.append(sib)
        sib = sib.getnext()
    return out


def build_items(scan_result: Scan) -> list[Item]:
    """Items (one per comment, pingbacks flagged), in page order, with parent and depth."""
    cands = scan_result.cands
    by_el = _link_ancestors(cands)
    _merge(cands, by_el)
    items = []
    by_key = {}
    for c in cands:
        if c.alias_of is not None:
            root_item = c.alias_of
            while root_item.alias_of is not None:
                root_item = root_item.alias_of
            root_item.aliases.append(c)
            root_item.classes |= c.classes
            root_item.pingback = root_item.pingback or c.pingback
            if root_item.key is None:
                root_item.key = c.key
            if root_item.wpd_parent is None:
                root_item.wpd_parent = c.wpd_parent
            continue
        if c.wrapper:
            continue
        items.append(c)
    for it in items:
        if it.el.tag == "dt":
            it.extra = _dt_extra(it)
        if it.key is not None:
            by_key.setdefault(it.key, it)
    by_dt = {it.el: it for it in items if it.el.tag == "dt"}
    for it in items:
        it.parent = (by_dt and _dd_parent(it, by_dt)) or _parent_of(it, by_key)
        it.depth = it.parent.depth + 1 if it.parent is not None else 0
    if items and all(it.parent is None and it.el.tag == "dt" for it in items):
        _parents_from_depth_classes(items)
    return items


def _dd_parent(it: Item, by_dt):
    """dl-style threads (Thesis): a reply's `dl.children` sits in the parent's `dd`,
    a sibling of the parent's `dt`, so the parent is the `dt` that owns that `dd`."""
    if it.el.tag != "dt":
        return None
    for anc in it.el.iterancestors():
        if anc.tag == "dd":
            prev = anc.getprevious()
            while prev is not None and prev.tag == "dd":
                prev = prev.getprevious()
            return by_dt.get(prev) if prev is not None else None
        if anc in by_dt or anc.tag in ("li", "article", "body"):
            return None
    return None


def _depth_class(it) -> int | None:
    for t in it.classes:
        if t.startswith("depth-") and t[6:].isdigit():
            return int(t[6:])
    return None


def _parents_from_depth_classes(items):
    """dl-style lists cannot nest: WordPress `depth-N` classes give the thread instead.

    (Only there: where a theme closes `</li>` before `ol.children`, the DOM,
    and the corpus ground truth built from it, keep the replies flat.)
    """
    last = {}
    for it in items:
        d = _depth_class(it)
        if d is None:
            return
        it.parent = last.get(d - 1) if d > 1 else None
        it.depth = it.parent.depth + 1 if it.parent is not None else 0
        last[d] = it


def _parent_of(it: Item, by_key):
    """wpDiscuz names the parent in the id; otherwise the nearest enclosing item."""
    if it.wpd_parent and it.wpd_parent in by_key and by_key[it.wpd_parent] is not it:
        return by_key[it.wpd_parent]
    a = it.anc
    while a is not None:
        if a.alias_of is not None:
            while a.alias_of is not None:
                a = a.alias_of
            return a
        if not a.wrapper:
            return a
        a = a.anc
    return None
