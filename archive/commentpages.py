"""Paginated comments: find an article's comment pages and merge them into one thread.

WordPress splits a long discussion into `.../comment-page-N/` (or `?cpage=N`)
pages, by top-level thread, so a reply always sits on its parent's page.
Page 1 holds the oldest threads whatever page the article URL shows (with
"newest first" the article URL shows the last page). The crawler fetches every
comment page before it stores the article; `resplit` finds the same pages in
the WARC files. Both call `merge_comment_pages`, so both give the same rows.

`comment_page_links` and `current_comment_page` read the page's lxml tree and
must run BEFORE `split_page`, which removes the comment area from the tree.
"""
from __future__ import annotations

import dataclasses
import re
from urllib.parse import urljoin, urlsplit

from .model import Comment
from .urls import article_of_comment_page, canonical_url, comment_page_number

_LINKS = ("//a[@href][contains(@href, 'comment-page-') or contains(@href, 'cpage=')]"
          " | //link[@href][contains(@href, 'comment-page-') or contains(@href, 'cpage=')]")
_CURRENT = ("//*[contains(@class, 'comment')]//*[contains(concat(' ', normalize-space(@class), ' '),"
            " ' current ') or @aria-current='page']")
_OLDER = re.compile(r"\b(older|previous|prev|earlier)\b", re.I)
_NEWER = re.compile(r"\b(newer|next|later)\b", re.I)


def _same_article(url: str, page_url: str) -> bool:
    """Same article path and query (scheme and host may differ: http/https, www)."""
    a, b = urlsplit(article_of_comment_page(url)), urlsplit(article_of_comment_page(page_url))
    return (a.path, a.query) == (b.path, b.query)


def comment_page_links(root, page_url: str) -> dict[int, str]:
    """{N: canonical URL} of the comment pages this page links to (itself excluded)."""
    base = canonical_url(page_url)
    found: dict[int, str] = {}
    for el in root.xpath(_LINKS):
        url = canonical_url(urljoin(page_url, el.get("href").strip()))
        number = comment_page_number(url)
        if number is None or url == base or not _same_article(url, base):
            continue
        found.setdefault(number, url)
    return found


def _direction(el) -> int:
    """-1 for an "older/previous" link, +1 for "newer/next", 0 if unknown."""
    probe = " ".join(filter(None, [el.get("rel"), el.get("class"),
                                   el.getparent().get("class") if el.getparent() is not None else None,
                                   el.text_content()]))
    if _OLDER.search(probe):
        return -1
    if _NEWER.search(probe):
        return 1
    return 0


def current_comment_page(root, page_url: str) -> int | None:
    """The comment page number this page shows, or None when the page does not say."""
    number = comment_page_number(page_url)
    if number is not None:
        return number
    for el in root.xpath(_CURRENT):
        text = el.text_content().strip()
        if text.isdigit():
            return int(text)
    for el in root.xpath(_LINKS):
        url = canonical_url(urljoin(page_url, el.get("href").strip()))
        linked = comment_page_number(url)
        if linked is None or not _same_article(url, page_url):
            continue
        step = _direction(el)
        if step:
            return linked - step
    return None


def merge_comment_pages(main: list[Comment], main_number: int | None,
                        pages: dict[int, list[Comment]]) -> list[Comment]:
    """One thread from the article's own comments and its other comment pages.

    Pages are taken in number order (oldest first); a comment seen twice (the
    article URL shows one of the numbered pages) is kept once; positions are
    renumbered 1..n; ids, parents and depths are kept.
    """
    if not pages:
        return list(main)
    if main_number is None:
        main_number = _guess_main_number(main, pages)
    ordered = dict(pages)
    ordered[main_number] = list(main) + list(pages.get(main_number, []))
    merged, seen = [], set()
    for number in sorted(ordered):
        for comment in ordered[number]:
            key = comment.id or f"{number}:{comment.position}"
            if key in seen:
                continue
            seen.add(key)
            merged.append(dataclasses.replace(comment, position=len(merged) + 1))
    return merged


def _guess_main_number(main: list[Comment], pages: dict[int, list[Comment]]) -> int:
    """Where the article's own comments go when the page does not say."""
    ids = {c.id for c in main}
    for number, comments in pages.items():
        if ids and ids == {c.id for c in comments}:
            return number
    low = min(pages)
    return low - 1 if low > 1 else max(pages) + 1
