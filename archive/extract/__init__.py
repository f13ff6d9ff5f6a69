"""The splitter: one page in, body / references / promotions / comments out.

The page-wide pass runs on one lxml tree. Each step locates its part, turns it
into rows and removes it from the tree, so that what is left for the body step
holds none of the other three parts. Order matters: comments first (they hold
links and names that look like everything else), then references, then
promotions, then the body.
"""
from __future__ import annotations

from datetime import datetime

from .. import profiles
from ..model import Comment, Page
from . import body, clean, comments, metadata, promotions, references
from .context import Context
from .parse import parse_html


def split_page(html: bytes | str, url: str | None = None, *,
               capture_time: datetime | None = None, root=None,
               profile: profiles.Profile | None = None) -> Page:
    """Split one article page. Pure: the same input gives the same output.

    `root` lets a caller that already parsed the page (Scrapy does) pass its
    lxml tree; it is modified in place. `profile` overrides the site profile
    found by URL (see archive.profiles).
    """
    root, ctx = _prepare(html, url, capture_time, root, profile)
    if root is None:
        return Page(url=url)
    page_comments, comments_state = comments.extract_comments(root, ctx)
    page_references = references.extract_references(root, ctx)
    page_promotions = promotions.extract_promotions(root, ctx)
    page_body = body.extract_body(root, ctx)
    return Page(
        url=url,
        body=page_body,
        references=page_references,
        promotions=page_promotions,
        comments=page_comments,
        comments_state=comments_state,
        explain=ctx.explain,
        **ctx.meta,
    )


def split_comments(html: bytes | str, url: str | None = None, *,
                   capture_time: datetime | None = None, root=None,
                   profile: profiles.Profile | None = None) -> list[Comment]:
    """`split_page(...).comments` for about half the work, for a comment page
    (`/comment-page-N/`) whose other parts belong to its article: the steps up to
    the comments only (the later ones cannot change them)."""
    root, ctx = _prepare(html, url, capture_time, root, profile)
    return [] if root is None else comments.extract_comments(root, ctx)[0]


def is_article(html: bytes | str, url: str | None = None, *, root=None) -> bool:
    """`split_page(...).is_article` for a fraction of the work: the metadata step
    decides it alone, from JSON-LD, og:type and WordPress markup (not the title,
    author and date cascade). The tree is not modified."""
    if root is None:
        root = parse_html(html)
    return root is not None and metadata.page_is_article(root)


def _prepare(html, url, capture_time, root, profile) -> tuple[object, Context]:
    """The parsed tree (None if unparseable) and the context after the steps every
    split shares: metadata, clean, the profile's drops."""
    if root is None:
        root = parse_html(html)
    ctx = Context(url=url, capture_time=capture_time, profile=profile or profiles.for_url(url))
    if root is not None:
        ctx.meta = metadata.extract_metadata(root, url, ctx)
        clean.clean_tree(root, ctx)
        _apply_profile_drops(root, ctx)
    return root, ctx


def _apply_profile_drops(root, ctx: Context) -> None:
    """Remove what the site's profile says is never content."""
    if ctx.profile is None:
        return
    for selector in ctx.profile.drop:
        found = root.cssselect(selector)
        for el in found:
            el.drop_tree()
        ctx.note("profile", f"drop {selector}", f"{ctx.profile.slug}: {len(found)} removed")
