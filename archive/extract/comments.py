"""Comment threads as trees.

`extract_comments(root, ctx)` finds the page's comments (WordPress walkers,
Genesis, block themes, wpDiscuz, schema.org microdata, Blogger, dl-style and
other 2012-era markup, see selectors.py), turns them into `Comment` rows with
parent ids, depths and page positions, leaves out pingbacks/trackbacks, and
removes the whole comment area from the tree so the body step never sees it.

Steps: `comments_find` (one XPath pre-selection, then nesting -> tree),
`comments_generic` (repeated signed blocks in a comment area, only when no
known markup matched), `comments_fields` (author, date, own text per
comment; dates via `comments_dates`), `comments_area` (removal and the
thread's state).
"""
from __future__ import annotations

import re
from datetime import datetime

from ..model import Comment
from . import selectors as S
from .comments_area import remove_thread, thread_state
from .comments_dates import DAYFIRST, dotted_dayfirst
from .comments_fields import fields
from .comments_find import build_items, scan
from .comments_generic import repeated_blocks

_NAME = re.compile(r"[\W_]+", re.U)


def _norm_name(name: str | None) -> str:
    return _NAME.sub(" ", (name or "").lower()).strip()


def _kept_parent(it, kept):
    """Nearest ancestor item that became a comment (pingbacks/empties are skipped)."""
    p = it.parent
    while p is not None and p not in kept:
        p = p.parent
    return p


def _unique_id(it, position, used):
    base = f"comment-{it.key}" if it.key else f"c{position}"
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    used.add(cid)
    return cid


def _capture_time(value):
    """The capture time as a datetime (callers may hand over ISO text from the archive)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value


def _rows(items, ctx):
    """Comment rows in page order; pingbacks and empty shells are dropped."""
    stop = {it.el for it in items} | {e for it in items for e in it.extra}  # + dt comments' dd
    capture_time = _capture_time(ctx.capture_time)
    site_authors = {_norm_name(a) for a in (ctx.meta or {}).get("authors") or []} - {""}
    kept, rows, used, pings = {}, [], set(), 0
    for it in items:
        f = fields(it, stop, capture_time)
        if it.pingback or S.PINGBACK_TEXT_RE.match(f["text"] or ""):
            pings += 1
            continue
        if not f["text"]:
            continue
        parent = _kept_parent(it, kept)
        depth = kept[parent].depth + 1 if parent is not None else 0
        row = Comment(
            id=_unique_id(it, len(rows) + 1, used),
            parent_id=kept[parent].id if parent is not None else None,
            depth=depth, position=len(rows) + 1, author=f["author"], text=f["text"],
            author_url=f["author_url"], published=f["published"],
            is_site_author=bool(f["site_author_hint"] or (
                site_authors and _norm_name(f["author"]) in site_authors)))
        kept[it] = row
        rows.append(row)
    return rows, pings


def extract_comments(root, ctx):
    """Return (comments, comments_state) and remove the comment area from `root`."""
    sc = scan(root)
    items = build_items(sc)
    if not items and sc.areas:
        items = repeated_blocks(sc.areas)
        if items:
            ctx.note("comments", "generic-repeated-blocks", f"{len(items)} blocks")
    order = DAYFIRST.set(dotted_dayfirst((it.el.text_content()[:300] for it in items[:20]),
                                         (ctx.meta or {}).get("language")))
    try:
        rows, pings = _rows(items, ctx)
    finally:
        DAYFIRST.reset(order)
    state = thread_state(len(rows), sc)
    if rows or pings:
        ctx.note("comments", "thread",
                 f"{len(rows)} comments, {pings} pingbacks/trackbacks skipped, "
                 f"max depth {max((r.depth for r in rows), default=0)}")
    if state:
        ctx.note("comments", "state", state)
    remove_thread(root, items, sc, ctx)
    return rows, state
