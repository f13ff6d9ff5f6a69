"""The split contract: what `split_page` returns (see DESIGN.md)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

PROMOTION_KINDS = (
    "product", "coupon", "affiliate", "newsletter", "lead_magnet",
    "disclosure", "ad", "sponsored",
)


@dataclass
class Body:
    text: str = ""
    html: str = ""


@dataclass
class Reference:
    position: int
    text: str
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    authors: list[str] = field(default_factory=list)
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    anchor: str | None = None  # the entry's id on the page, for in-text markers
    markers: list[str] = field(default_factory=list)  # ids of in-text markers pointing here


@dataclass
class Promotion:
    kind: str
    text: str
    url: str | None = None
    code: str | None = None
    merchant: str | None = None
    inline: bool = False  # inside the article text (an affiliate link, a product plug)


@dataclass
class Comment:
    id: str
    parent_id: str | None
    depth: int
    position: int
    author: str | None
    text: str
    author_url: str | None = None
    published: str | None = None
    is_site_author: bool = False


@dataclass
class Page:
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    body: Body = field(default_factory=Body)
    references: list[Reference] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    comments_state: str | None = None  # "open", "closed", "hosted_elsewhere:disqus", ...
    is_article: bool = False
    explain: list[dict] = field(default_factory=list)  # which rule produced each part

    def to_dict(self, explain: bool = False) -> dict:
        data = asdict(self)
        if not explain:
            data.pop("explain")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Page":
        """The inverse of `to_dict()` (a page sent as JSON, e.g. through Redis)."""
        d = dict(data)
        d["body"] = Body(**d.get("body") or {})
        d["references"] = [Reference(**x) for x in d.get("references") or []]
        d["promotions"] = [Promotion(**x) for x in d.get("promotions") or []]
        d["comments"] = [Comment(**x) for x in d.get("comments") or []]
        return cls(**d)
