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
from ..model import Page
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
    if root is None:
        root = parse_html(html)
    ctx = Context(url=url, capture_time=capture_time, profile=profile or profiles.for_url(url))
    if root is None:
        return Page(url=url)
    ctx.meta = metadata.extract_metadata(root, url, ctx)
    clean.clean_tree(root, ctx)
    _apply_profile_drops(root, ctx)
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


def _apply_profile_drops(root, ctx: Context) -> None:
    """Remove what the site's profile says is never content."""
    if ctx.profile is None:
        return
    for selector in ctx.profile.drop:
        found = root.cssselect(selector)
        for el in found:
            el.drop_tree()
        ctx.note("profile", f"drop {selector}", f"{ctx.profile.slug}: {len(found)} removed")
