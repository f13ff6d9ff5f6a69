"""Data classes for the demo blog, and the tiny notation its texts are written in.

The demo blog's articles are the ground truth of the end-to-end tests: every
field a crawl should recover (titles, dates, references, promotions, comment
trees with ids, parents, depths and comment-page numbers) is held here, so a
test compares the archive against these objects, never against hand-typed
numbers.

Notation used by `posts_*.py` (kept small so the texts stay readable):
- `C(author, text, *replies, url=None)` a reader's comment,
  `ME(text, *replies)` a reply by the site's author,
  `PB(title, url)` a pingback (listed with comments, but not a comment);
- in paragraph text, `[[ref:N]]` is a citation marker pointing at reference N,
  `[[aff:KEY|anchor text]]` an affiliate link (see `AFFILIATES`),
  `[[shop|anchor text]]` a link to the author's own shop.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class C:
    """A comment as written in the texts (before ids and dates are assigned)."""
    author: str
    text: str
    replies: tuple = ()
    url: str | None = None
    site_author: bool = False
    pingback: bool = False

    def __init__(self, author, text, *replies, url=None, site_author=False, pingback=False):
        object.__setattr__(self, "author", author)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "replies", tuple(replies))
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "site_author", site_author)
        object.__setattr__(self, "pingback", pingback)


def ME(text: str, *replies: C) -> C:
    """A reply written by the site's author (rendered with `bypostauthor`)."""
    return C("", text, *replies, site_author=True)


def PB(title: str, url: str) -> C:
    """A pingback from another blog: WordPress lists it, it is not a comment."""
    return C(title, "", url=url, pingback=True)


@dataclass
class Reference:
    """One entry of an article's reference list, as rendered and as expected."""
    position: int
    text: str                      # the plain text of the <li>
    authors: list[str]
    title: str
    journal: str | None
    year: int | None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    html: str = ""                 # the <li>'s inner HTML


@dataclass
class Promotion:
    """One promotion on an article page: a block box or an inline link/plug."""
    kind: str                      # product, coupon, affiliate, newsletter, lead_magnet, disclosure, ad
    text: str
    url: str | None = None
    code: str | None = None
    merchant: str | None = None
    inline: bool = False


@dataclass
class Comment:
    """One comment (or pingback) with everything a crawl should recover."""
    id: int                        # WordPress comment id (global to the site)
    key: str                       # "comment-<id>", the <li>'s id
    parent: int | None
    parent_key: str | None
    depth: int                     # 0 = top level
    position: int                  # 1-based, thread order across all comment pages
    page: int                      # comment page the thread is shown on (1 = the article URL)
    author: str
    author_url: str | None
    published: str                 # ISO 8601
    text: str
    is_site_author: bool = False
    is_pingback: bool = False


@dataclass
class Article:
    """One blog post: rendered by `site.py`, compared by the tests."""
    post_id: int
    slug: str
    title: str
    author: str
    category: str                  # category slug
    published: str
    modified: str
    excerpt: str
    blocks: list[tuple[str, str]]  # ("p"|"h2"|"plug"|"box", text or box kind)
    references: list[Reference]
    promotions: list[Promotion]
    comments: list[Comment]        # thread order; includes pingbacks (is_pingback)
    comments_state: str            # open, closed, hosted_elsewhere:disqus
    comment_pages: int = 1
    body_paragraphs: list[str] = field(default_factory=list)  # text of the "p" blocks as rendered
    # (citation markers read "[N]"; the product plug and promotion boxes are not included)

    @property
    def path(self) -> str:
        return f"/{self.slug}/"

    @property
    def real_comments(self) -> list[Comment]:
        """The comments a splitter should return (pingbacks excluded)."""
        return [c for c in self.comments if not c.is_pingback]

    def comments_on_page(self, page: int) -> list[Comment]:
        return [c for c in self.comments if c.page == page]


def R(authors: str, title: str, journal: str | None, year: int | None, volume: str = "",
      *, doi=None, pmid=None, pmcid=None, url=None) -> dict:
    """A reference as written in the texts; `content.py` turns it into a Reference."""
    return dict(authors=[a.strip() for a in authors.split(",") if a.strip()], title=title,
                journal=journal, year=year, volume=volume, doi=doi, pmid=pmid,
                pmcid=pmcid, url=url)
